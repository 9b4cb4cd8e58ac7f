#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "ingest/json_fields.h"
#include "ingest/normalize.h"
#include "ingest/signature.h"
#include "ingest/storable.h"

namespace dora {
std::string IncomingRequest::Header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? "" : it->second;
}

absl::StatusOr<Normalized> NormalizeDeployEvent(const IncomingRequest& request,
                                                const EnvironmentAliases& environments) {
  DORA_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(request.body));
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  DORA_ASSIGN_OR_RETURN(e.service, RequiredString(j, "service"));
  DORA_ASSIGN_OR_RETURN(e.team, OptionalString(j, "team"));
  if (e.team && absl::StripAsciiWhitespace(*e.team).empty()) e.team.reset();
  DORA_ASSIGN_OR_RETURN(std::string environment, RequiredString(j, "environment"));
  e.environment = environments.Canonical(environment);
  if (e.environment->empty()) return FieldError("environment", "is empty");
  e.environment_raw = environment;
  DORA_ASSIGN_OR_RETURN(e.commit_sha, OptionalString(j, "commit_sha"));
  if (e.commit_sha && e.commit_sha->empty()) e.commit_sha.reset();
  DORA_ASSIGN_OR_RETURN(e.first_commit_ts, OptionalTime(j, "first_commit_ts"));
  DORA_ASSIGN_OR_RETURN(e.occurred_at, RequiredEventTime(j, "occurred_at", request.received_at));
  DORA_ASSIGN_OR_RETURN(std::optional<bool> success, OptionalBool(j, "success"));
  if (!success) return FieldError("success", "is missing");
  e.success = *success;
  DORA_ASSIGN_OR_RETURN(std::optional<bool> rollback, OptionalBool(j, "is_rollback"));
  e.is_rollback = rollback.value_or(false);
  DORA_ASSIGN_OR_RETURN(std::optional<bool> hotfix, OptionalBool(j, "hotfix"));
  e.hotfix = hotfix.value_or(false);
  DORA_ASSIGN_OR_RETURN(e.url, OptionalString(j, "url"));
  if (e.url && e.url->empty()) e.url.reset();
  if (e.url) DORA_RETURN_IF_ERROR(CheckEventUrl("url", *e.url));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> source, OptionalString(j, "source"));
  e.source = source && !source->empty() ? absl::AsciiStrToLower(*source) : "ci";
  if (e.source != "ci" && e.source != "argocd") return FieldError("source", "must be \"ci\" or \"argocd\"");

  std::string key = request.Header("idempotency-key");
  if (key.empty()) {
    key = Sha256Hex(absl::StrCat(e.source, "\n", e.service, "\n", environment, "\n", e.commit_sha.value_or(""), "\n",
                                 FormatRfc3339Utc(e.occurred_at), "\n", *e.success ? "1" : "0", "\n",
                                 e.is_rollback ? "1" : "0"));
  }
  e.dedupe_key = key;
  e.payload = request.body;
  Normalized out;
  out.disposition = Disposition::kStore;
  out.events.push_back(std::move(e));
  return out;
}

}  // namespace dora
