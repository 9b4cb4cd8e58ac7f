#include "ingest/json_fields.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json_text.h"
#include "common/time_spec.h"

namespace dora {
namespace {
constexpr absl::string_view kFieldPayload = "type.dora.dev/field";
}  // namespace

absl::Status FieldError(absl::string_view path, absl::string_view what) {
  absl::Status s = absl::InvalidArgumentError(absl::StrCat("field '", path, "' ", what));
  s.SetPayload(kFieldPayload, absl::Cord(path));
  return s;
}

std::string ErrorField(const absl::Status& status) {
  auto p = status.GetPayload(kFieldPayload);
  return p ? std::string(*p) : "";
}

absl::Status WithFieldPrefix(const absl::Status& status, absl::string_view prefix) {
  std::string field = ErrorField(status);
  if (field.empty()) return status;
  absl::string_view msg = status.message();
  std::string head = absl::StrCat("field '", field, "' ");
  absl::string_view what = absl::StartsWith(msg, head) ? msg.substr(head.size()) : msg;
  return FieldError(absl::StrCat(prefix, ".", field), what);
}

absl::StatusOr<nlohmann::json> ParseJsonObject(absl::string_view body) {
  std::string problem;
  nlohmann::json j = ParseJsonText(body, &problem);
  if (j.is_discarded()) return absl::InvalidArgumentError(absl::StrCat("body is not valid JSON: ", problem));
  if (!j.is_object()) return absl::InvalidArgumentError("body must be a JSON object");
  return j;
}

const nlohmann::json* Find(const nlohmann::json& root, absl::string_view path) {
  const nlohmann::json* node = &root;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(part));
    if (it == node->end() || it->is_null()) return nullptr;
    node = &*it;
  }
  return node;
}

absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& root, absl::string_view path) {
  const nlohmann::json* n = Find(root, path);
  if (n == nullptr) return std::optional<std::string>();
  if (!n->is_string()) return FieldError(path, "must be a string");
  return std::optional<std::string>(n->get<std::string>());
}

absl::StatusOr<std::string> RequiredString(const nlohmann::json& root, absl::string_view path) {
  auto v = OptionalString(root, path);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return FieldError(path, "is missing");
  if (absl::StripAsciiWhitespace(**v).empty()) return FieldError(path, "must not be empty");
  return **v;
}

absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& root, absl::string_view path) {
  const nlohmann::json* n = Find(root, path);
  if (n == nullptr) return std::optional<bool>();
  if (!n->is_boolean()) return FieldError(path, "must be true or false (a JSON boolean)");
  return std::optional<bool>(n->get<bool>());
}

namespace {

absl::StatusOr<absl::Time> ParseAnyEventTime(const std::string& t) {
  absl::Time out;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, t, &out, &err)) return out;
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S %z", t, &out, &err)) return out;
  absl::string_view utc = t;
  if (absl::ConsumeSuffix(&utc, " UTC") &&
      absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(utc), absl::UTCTimeZone(), &out, &err)) {
    return out;
  }
  return absl::InvalidArgumentError("");
}

}  // namespace

absl::StatusOr<absl::Time> ParseEventTime(absl::string_view text) {
  std::string t(absl::StripAsciiWhitespace(text));
  absl::StatusOr<absl::Time> out = ParseAnyEventTime(t);
  if (!out.ok() || *out == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a valid time (expected RFC 3339, e.g. 2026-06-08T09:00:00Z)"));
  }
  if (*out < absl::UnixEpoch()) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is before 1970, not a delivery event's time"));
  }
  return out;
}

absl::Status CheckEventTime(absl::Time t, absl::string_view path, absl::Time received_at) {
  if (t < absl::UnixEpoch()) return FieldError(path, "is before 1970, not a delivery event's time");
  if (t > received_at + absl::Hours(24)) {
    return FieldError(path, absl::StrCat("is ", FormatRfc3339Utc(t), ", more than a day after the event arrived (",
                                         FormatRfc3339Utc(received_at), "); check the sender's clock"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> RequiredEventTime(const nlohmann::json& root, absl::string_view path,
                                             absl::Time received_at) {
  absl::StatusOr<absl::Time> t = RequiredTime(root, path);
  if (!t.ok()) return t.status();
  absl::Status plausible = CheckEventTime(*t, path, received_at);
  if (!plausible.ok()) return plausible;
  return t;
}

absl::StatusOr<std::optional<absl::Time>> OptionalTime(const nlohmann::json& root, absl::string_view path) {
  const nlohmann::json* n = Find(root, path);
  if (n == nullptr || (n->is_string() && n->get<std::string>().empty())) return std::optional<absl::Time>();
  if (!n->is_string()) return FieldError(path, "must be an RFC 3339 time string");
  auto t = ParseEventTime(n->get<std::string>());
  if (!t.ok()) return FieldError(path, t.status().message());
  return std::optional<absl::Time>(*t);
}

absl::StatusOr<absl::Time> RequiredTime(const nlohmann::json& root, absl::string_view path) {
  auto t = OptionalTime(root, path);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return FieldError(path, "is missing");
  return **t;
}

}  // namespace dora
