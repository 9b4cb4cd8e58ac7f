// Typed reads from a webhook's JSON body. Every error is InvalidArgument and
// names the dotted path of the field ("repository.name", "commits[2].timestamp"),
// which the HTTP layer returns to the sender as {"error", "field"}.
#ifndef DORA_INGEST_JSON_FIELDS_H_
#define DORA_INGEST_JSON_FIELDS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace dora {

absl::Status FieldError(absl::string_view path, absl::string_view what);

// The field a FieldError names, or "".
std::string ErrorField(const absl::Status& status);

// A FieldError about a field read relative to a nested object, re-expressed
// with the nested object's path in front ("timestamp" -> "commits[2].timestamp").
absl::Status WithFieldPrefix(const absl::Status& status, absl::string_view prefix);

// Parses a request body that must be a JSON object.
absl::StatusOr<nlohmann::json> ParseJsonObject(absl::string_view body);

// The node at a dotted path ("a.b.c"), or nullptr when any part is absent or null.
const nlohmann::json* Find(const nlohmann::json& root, absl::string_view path);

absl::StatusOr<std::string> RequiredString(const nlohmann::json& root, absl::string_view path);
absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& root, absl::string_view path);
absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& root, absl::string_view path);

// Times: RFC 3339 with any UTC offset ("2026-06-08T09:00:00Z",
// "2026-06-08T11:00:00+02:00") or GitLab's "2026-06-08 11:00:00 +0200" /
// "2026-06-08 09:00:00 UTC". Normalized to UTC instants. A delivery event
// happened after 1970: earlier times, and absl's "infinite-past" /
// "infinite-future", are errors.
absl::StatusOr<absl::Time> ParseEventTime(absl::string_view text);
absl::StatusOr<absl::Time> RequiredTime(const nlohmann::json& root, absl::string_view path);
absl::StatusOr<std::optional<absl::Time>> OptionalTime(const nlohmann::json& root, absl::string_view path);

// An event's own time (occurred_at), which must also not be more than a day
// after the request arrived: the error names `path`.
absl::StatusOr<absl::Time> RequiredEventTime(const nlohmann::json& root, absl::string_view path,
                                             absl::Time received_at);
// The same rule for an instant read by other means (epoch numbers).
absl::Status CheckEventTime(absl::Time t, absl::string_view path, absl::Time received_at);

}  // namespace dora

#endif  // DORA_INGEST_JSON_FIELDS_H_
