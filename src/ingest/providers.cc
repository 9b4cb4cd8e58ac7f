// GitLab, PagerDuty and Opsgenie webhooks -> normalized events.
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/json_fields.h"
#include "ingest/normalize.h"
#include "ingest/normalize_internal.h"

namespace dora {
namespace {

const PushLayout kGitLabPush{"gitlab", "project.default_branch", "project.name", {"checkout_sha", "after"}, {}};

// GitLab: Idempotency-Key (17.4+), else X-Gitlab-Event-UUID.
std::string GitLabDeliveryKey(const IncomingRequest& req) {
  std::string key = req.Header("idempotency-key");
  return key.empty() ? req.Header("x-gitlab-event-uuid") : key;
}

absl::StatusOr<Normalized> GitLabDeployment(const nlohmann::json& j, const IncomingRequest& req,
                                            const std::string& delivery, const EnvironmentAliases& environments) {
  DORA_ASSIGN_OR_RETURN(std::string status, RequiredString(j, "status"));
  if (status != "success" && status != "failed") return Ignore(absl::StrCat("deployment ", status, " is not final"));
  DORA_ASSIGN_OR_RETURN(std::string environment, RequiredString(j, "environment"));
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> tier, OptionalString(j, "environment_tier"));
  if (!environments.IsProduction(environment) && tier.value_or("") != "production") {
    return Ignore(absl::StrCat("deployment to ", environment, ", not production"));
  }
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  DORA_ASSIGN_OR_RETURN(e.service, RequiredString(j, "project.name"));
  e.environment = kProductionEnvironment;
  e.environment_raw = environment;
  // The full SHA is only in commit_url's last path segment.
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> url, OptionalString(j, "commit_url"));
  if (url && url->rfind('/') != std::string::npos) e.commit_sha = url->substr(url->rfind('/') + 1);
  if (!e.commit_sha || e.commit_sha->empty()) {
    DORA_ASSIGN_OR_RETURN(e.commit_sha, OptionalString(j, "short_sha"));
  }
  DORA_ASSIGN_OR_RETURN(e.occurred_at, RequiredEventTime(j, "status_changed_at", req.received_at));
  e.success = status == "success";
  e.url = ProviderUrl(j, {"deployable_url", "commit_url"});  // the deploying job, else the commit
  e.source = "gitlab";
  // One deployment reaches one final status once, whichever hook delivers it.
  const nlohmann::json* id = Find(j, "deployment_id");
  if (id != nullptr && id->is_number_integer()) {
    e.dedupe_key = absl::StrCat("deployment-", id->dump(), "-", status);
  } else if (!delivery.empty()) {
    e.dedupe_key = delivery;
  } else {
    return FieldError("deployment_id", "is missing");
  }
  e.payload = req.body;
  return ToStore(std::move(e));
}

// Opsgenie sends createdAt in epoch milliseconds and updatedAt in epoch
// nanoseconds; both are read as exact integers.
absl::StatusOr<absl::Time> OpsgenieTime(const nlohmann::json& j, const char* path, bool nanos) {
  const nlohmann::json* n = Find(j, path);
  if (n == nullptr) return FieldError(path, "is missing");
  if (!n->is_number_integer()) return FieldError(path, "must be an integer epoch timestamp");
  int64_t v = n->get<int64_t>();
  return nanos ? absl::FromUnixNanos(v) : absl::FromUnixMillis(v);
}

// The service an Opsgenie alert belongs to: a "service:<name>" tag, else the
// alert's entity.
absl::StatusOr<std::string> OpsgenieService(const nlohmann::json& j) {
  const nlohmann::json* tags = Find(j, "alert.tags");
  if (tags != nullptr && tags->is_array()) {
    for (const auto& t : *tags) {
      if (t.is_string() && absl::StartsWith(t.get<std::string>(), "service:")) {
        std::string s = t.get<std::string>().substr(8);
        if (!s.empty()) return s;
      }
    }
  }
  auto entity = OptionalString(j, "alert.entity");
  if (!entity.ok()) return entity.status();
  if (entity->has_value() && !(*entity)->empty()) return **entity;
  return FieldError("alert.entity", "is empty and no \"service:<name>\" tag is set; tag alerts with their service");
}

}  // namespace

absl::StatusOr<Normalized> NormalizeGitLab(const IncomingRequest& req, const EnvironmentAliases& environments) {
  const std::string event = req.Header("x-gitlab-event");
  if (event.empty()) return absl::InvalidArgumentError("missing X-Gitlab-Event header");
  if (event != "Push Hook" && event != "Deployment Hook") return Ignore(absl::StrCat(event, " is not recorded"));
  DORA_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(req.body));
  const std::string key = GitLabDeliveryKey(req);
  if (event == "Push Hook") {
    std::string natural = NaturalKey(j, "push", {"project.id", "ref", "checkout_sha"}, key);
    if (natural.empty()) return absl::InvalidArgumentError("missing Idempotency-Key or X-Gitlab-Event-UUID header");
    return PushToChange(j, req, kGitLabPush, natural);
  }
  return GitLabDeployment(j, req, key, environments);
}

absl::StatusOr<Normalized> NormalizePagerDuty(const IncomingRequest& req, const EnvironmentAliases&) {
  DORA_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(req.body));
  DORA_ASSIGN_OR_RETURN(std::string type, RequiredString(j, "event.event_type"));
  if (type == "pagey.ping") return Normalized{Disposition::kPing, {}, "ping"};
  if (type != "incident.triggered" && type != "incident.resolved")
    return Ignore(absl::StrCat(type, " is not recorded"));
  DeliveryEvent e;
  e.event_type = type == "incident.triggered" ? EventType::kIncidentOpen : EventType::kIncidentResolved;
  DORA_ASSIGN_OR_RETURN(e.service, RequiredString(j, "event.data.service.summary"));
  e.environment = kProductionEnvironment;
  DORA_ASSIGN_OR_RETURN(std::string id, RequiredString(j, "event.data.id"));
  e.incident_id = id;
  DORA_ASSIGN_OR_RETURN(e.occurred_at, RequiredEventTime(j, "event.occurred_at", req.received_at));
  e.url = ProviderUrl(j, {"event.data.html_url"});
  e.source = "pagerduty";
  DORA_ASSIGN_OR_RETURN(std::string event_id, RequiredString(j, "event.id"));
  e.dedupe_key = event_id;
  e.payload = req.body;
  return ToStore(std::move(e));
}

absl::StatusOr<Normalized> NormalizeOpsgenie(const IncomingRequest& req, const EnvironmentAliases&) {
  DORA_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(req.body));
  DORA_ASSIGN_OR_RETURN(std::string action, RequiredString(j, "action"));
  if (action != "Create" && action != "Close") return Ignore(absl::StrCat("action ", action, " is not recorded"));
  DeliveryEvent e;
  const bool open = action == "Create";
  e.event_type = open ? EventType::kIncidentOpen : EventType::kIncidentResolved;
  DORA_ASSIGN_OR_RETURN(e.service, OpsgenieService(j));
  e.environment = kProductionEnvironment;
  DORA_ASSIGN_OR_RETURN(std::string alert_id, RequiredString(j, "alert.alertId"));
  e.incident_id = alert_id;
  const char* time_path = open ? "alert.createdAt" : "alert.updatedAt";
  DORA_ASSIGN_OR_RETURN(e.occurred_at, OpsgenieTime(j, time_path, /*nanos=*/!open));
  DORA_RETURN_IF_ERROR(CheckEventTime(e.occurred_at, time_path, req.received_at));
  // Opsgenie's alert webhook has no link to the alert; senders that add one
  // to the alert's details (with "Add Alert Details" on) get it stored.
  e.url = ProviderUrl(j, {"alert.details.url"});
  e.source = "opsgenie";
  e.dedupe_key = absl::StrCat(alert_id, ":", action);  // one open and one close per alert
  e.payload = req.body;
  return ToStore(std::move(e));
}

}  // namespace dora
