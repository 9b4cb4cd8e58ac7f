#include "store/pg_errors.h"

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/phase_error.h"

namespace dora {

absl::Status StatusFromPgException(const std::exception& e, absl::string_view doing) {
  std::string what(absl::StripAsciiWhitespace(e.what()));
  auto fail = [&](absl::StatusCode code, absl::string_view extra = "") {
    return PhaseError(Phase::kDatabase, code, absl::StrCat(doing, ": ", what, extra));
  };
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    if (absl::StrContains(what, "password authentication failed") || absl::StrContains(what, "no password supplied")) {
      return fail(absl::StatusCode::kUnauthenticated);
    }
    return fail(absl::StatusCode::kUnavailable);
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    std::string state = sql->sqlstate();
    // Some libpqxx paths (a failed PREPARE) lose the SQLSTATE: recognise the
    // server's fixed wording for the classes that matter.
    if (state.empty()) {
      if (absl::StrContains(what, "permission denied"))
        state = "42501";
      else if (absl::StrContains(what, "relation \"") && absl::StrContains(what, "does not exist"))
        state = "42P01";
      else if (absl::StrContains(what, "column \"") && absl::StrContains(what, "does not exist"))
        state = "42703";
    }
    if (state == "57014") return fail(absl::StatusCode::kDeadlineExceeded, " (statement timeout)");
    if (absl::StartsWith(state, "28")) return fail(absl::StatusCode::kUnauthenticated);
    if (state == "42501") return fail(absl::StatusCode::kPermissionDenied);
    if (state == "42P01" || state == "42703")
      return fail(absl::StatusCode::kFailedPrecondition, " (run `dora migrate`)");
    if (state == "23505") return fail(absl::StatusCode::kAlreadyExists);
    if (absl::StartsWith(state, "22") || absl::StartsWith(state, "23")) return fail(absl::StatusCode::kInvalidArgument);
    if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
      return fail(absl::StatusCode::kUnavailable);
    }
    return fail(absl::StatusCode::kInternal, absl::StrCat(" (SQLSTATE ", state, ")"));
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) return fail(absl::StatusCode::kUnavailable);
  return fail(absl::StatusCode::kInternal);
}

}  // namespace dora
