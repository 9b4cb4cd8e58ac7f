#include "store/pg_errors.h"

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace dora {

absl::Status StatusFromPgException(const std::exception& e, absl::string_view doing) {
  std::string what(absl::StripAsciiWhitespace(e.what()));
  auto msg = [&](absl::string_view extra = "") {
    return absl::StrCat("database error: ", doing, ": ", what, extra);
  };
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    if (absl::StrContains(what, "password authentication failed") ||
        absl::StrContains(what, "no password supplied")) {
      return absl::UnauthenticatedError(msg());
    }
    return absl::UnavailableError(msg());
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    std::string state = sql->sqlstate();
    // Some libpqxx paths (a failed PREPARE) lose the SQLSTATE: recognise the
    // server's fixed wording for the classes that matter.
    if (state.empty()) {
      if (absl::StrContains(what, "permission denied")) state = "42501";
      else if (absl::StrContains(what, "relation \"") && absl::StrContains(what, "does not exist")) state = "42P01";
      else if (absl::StrContains(what, "column \"") && absl::StrContains(what, "does not exist")) state = "42703";
    }
    if (state == "57014") return absl::DeadlineExceededError(msg(" (statement timeout)"));
    if (absl::StartsWith(state, "28")) return absl::UnauthenticatedError(msg());
    if (state == "42501") return absl::PermissionDeniedError(msg());
    if (state == "42P01" || state == "42703") return absl::FailedPreconditionError(msg(" (run `dora migrate`)"));
    if (state == "23505") return absl::AlreadyExistsError(msg());
    if (absl::StartsWith(state, "22") || absl::StartsWith(state, "23")) return absl::InvalidArgumentError(msg());
    if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
      return absl::UnavailableError(msg());
    }
    return absl::InternalError(msg(absl::StrCat(" (SQLSTATE ", state, ")")));
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) return absl::UnavailableError(msg());
  return absl::InternalError(msg());
}

}  // namespace dora
