#include "ingest/storable.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"
#include "ingest/json_fields.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

absl::Status CheckText(absl::string_view column, absl::string_view value, size_t max) {
  if (value.size() > max) {
    return FieldError(column, absl::StrCat("is ", value.size(), " bytes long; at most ", max, " are stored"));
  }
  if (value.find('\0') != absl::string_view::npos) return FieldError(column, "contains a NUL character");
  if (!IsValidUtf8(value)) return FieldError(column, "is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status CheckOptionalText(absl::string_view column, const std::optional<std::string>& value, size_t max) {
  return value.has_value() ? CheckText(column, absl::string_view(*value), max) : absl::OkStatus();
}

absl::Status CheckTime(absl::string_view column, absl::Time t) {
  static const absl::Time kFirst = absl::UnixEpoch();
  static const absl::Time kLast = absl::FromCivil(absl::CivilSecond(10000, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  if (t < kFirst || t >= kLast) return FieldError(column, "must be between 1970 and 9999");
  return absl::OkStatus();
}

absl::Status CheckPayload(const std::string& payload) {
  if (!IsValidUtf8(payload)) return FieldError("payload", "is not valid UTF-8");
  std::string problem;
  auto inspect = [&problem](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (!problem.empty()) return false;
    if (depth > kMaxPayloadDepth) {
      problem = absl::StrCat("nests deeper than ", kMaxPayloadDepth, " levels");
    } else if ((event == nlohmann::json::parse_event_t::key || event == nlohmann::json::parse_event_t::value) &&
               parsed.is_string() && parsed.get_ref<const std::string&>().find('\0') != std::string::npos) {
      problem = "contains a NUL character (\\u0000), which PostgreSQL cannot store";
    } else if (event == nlohmann::json::parse_event_t::value && parsed.is_number_float() &&
               !std::isfinite(parsed.get<double>())) {
      problem = "contains a number out of range";
    }
    return problem.empty();
  };
  nlohmann::json parsed = nlohmann::json::parse(payload, inspect, /*allow_exceptions=*/false);
  if (!problem.empty()) return FieldError("payload", problem);
  if (parsed.is_discarded()) return FieldError("payload", "is not a JSON document");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckEventUrl(absl::string_view field, absl::string_view url) {
  if (url.size() > kMaxUrlBytes) {
    return FieldError(field, absl::StrCat("is ", url.size(), " bytes long; at most ", kMaxUrlBytes, " are stored"));
  }
  if (!IsValidUtf8(url)) return FieldError(field, "is not valid UTF-8");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return FieldError(field, "contains a space or control character; percent-encode it");
    }
  }
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "http://") && !absl::ConsumePrefix(&rest, "https://")) {
    const bool upper = absl::StartsWithIgnoreCase(url, "http://") || absl::StartsWithIgnoreCase(url, "https://");
    if (!upper) return FieldError(field, "must be an absolute http:// or https:// URL");
    rest = url.substr(url.find("//") + 2);
  }
  const size_t host_end = rest.find_first_of("/?#");
  if (rest.substr(0, host_end).empty()) return FieldError(field, "has no host");
  return absl::OkStatus();
}

void TruncateToStoredPrecision(DeliveryEvent* e) {
  auto truncate = [](absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); };
  e->occurred_at = truncate(e->occurred_at);
  if (e->first_commit_ts) e->first_commit_ts = truncate(*e->first_commit_ts);
}

absl::Status CheckStorable(const DeliveryEvent& e) {
  for (absl::Status st :
       {CheckText("service", e.service, kMaxNameBytes), CheckOptionalText("team", e.team, kMaxNameBytes),
        CheckOptionalText("environment", e.environment, kMaxNameBytes),
        CheckOptionalText("environment_raw", e.environment_raw, kMaxNameBytes),
        CheckOptionalText("commit_sha", e.commit_sha, kMaxNameBytes),
        CheckOptionalText("incident_id", e.incident_id, kMaxNameBytes), CheckText("source", e.source, kMaxSourceBytes),
        CheckOptionalText("dedupe_key", e.dedupe_key, kMaxDedupeKeyBytes), CheckTime("occurred_at", e.occurred_at)}) {
    if (!st.ok()) return st;
  }
  if (e.service.empty()) return FieldError("service", "is empty");
  if (e.url) {
    absl::Status st = CheckEventUrl("url", *e.url);
    if (!st.ok()) return st;
  }
  if (e.first_commit_ts) {
    absl::Status st = CheckTime("first_commit_ts", *e.first_commit_ts);
    if (!st.ok()) return st;
  }
  if (e.payload) return CheckPayload(*e.payload);
  return absl::OkStatus();
}

}  // namespace dora
