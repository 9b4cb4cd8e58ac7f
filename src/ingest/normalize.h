// Webhook and deploy-event payloads -> normalized delivery events. Pure
// functions: no I/O, no clock (the receive time comes with the request), so
// every provider's mapping is unit-tested from fixtures.
//
// Authentication is not done here (see signature.h); callers verify first.
#ifndef DORA_INGEST_NORMALIZE_H_
#define DORA_INGEST_NORMALIZE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "metrics/environments.h"
#include "store/delivery_event.h"

namespace dora {

struct IncomingRequest {
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;                            // raw bytes as received
  absl::Time received_at;

  std::string Header(const std::string& lowercase_name) const;
};

enum class Disposition {
  kStore,   // events to store (202, or 200 when all are duplicates)
  kIgnore,  // a valid event we do not record (204)
  kPing,    // a provider's connectivity check (200)
};

struct Normalized {
  Disposition disposition = Disposition::kIgnore;
  std::vector<DeliveryEvent> events;
  std::string reason;  // why ignored, for the response body and logs
};

// Environment names from every source go through `environments` (see
// metrics/environments.h): the canonical name is stored in `environment`, the
// name as sent in `environment_raw`.
//
// Provider webhooks store the page behind the event in `url` when the
// payload has one (below); a provider link that is not an acceptable URL
// (storable.h: CheckEventUrl) is left out and the event stored without it.
//
// Dedupe keys are the provider's natural key for the event where one exists
// (a second hook on the same repository or organization delivers the same
// event under another delivery id), else the delivery id.
//
// Explicit deploy events (`POST /events/deploy`): the reference CI snippet's
// JSON, and the reference Argo CD notification body (no first_commit_ts).
// Every environment is stored (a staging deploy is a staging row).
//   required: service, environment, occurred_at, success
//   optional: team, commit_sha, first_commit_ts, is_rollback, hotfix,
//             source ("ci" by default; "argocd" from the Argo CD template),
//             url (the pipeline run or deploy page; a value CheckEventUrl
//             refuses is an error naming `url`)
// The dedupe key is the Idempotency-Key header when sent, otherwise a hash of
// (source, service, environment, commit_sha, occurred_at, success,
// is_rollback), so a retried POST is stored once.
absl::StatusOr<Normalized> NormalizeDeployEvent(const IncomingRequest& request,
                                                const EnvironmentAliases& environments = EnvironmentAliases::Default());

// GitHub (X-GitHub-Event):
//   push to repository.default_branch with commits -> one `change`: service =
//     repository.name, commit_sha = after, first_commit_ts = the earliest
//     commits[].timestamp, occurred_at = when it was received, url = the
//     pushed commit's commits[].url, else head_commit.url, else compare;
//     dedupe key "push:<repository.id>:<ref>:<after>";
//   deployment_status with state success/failure/error to a production
//     environment (one whose canonical name is prod, or
//     deployment.production_environment) -> one `deploy` in "prod":
//     commit_sha = deployment.sha, occurred_at = deployment_status.created_at,
//     url = workflow_run.html_url, else deployment_status.log_url, else
//     deployment_status.target_url, else <repository.html_url>/commit/<sha>;
//     dedupe key "deployment_status:<deployment_status.id>:<state>";
//     other environments -> kIgnore (preview and review environments are noise);
//   without the natural key's fields, X-GitHub-Delivery, or "sha256:<body
//     hash>" when a sender omits that too;
//   ping -> kPing; anything else, or a push elsewhere -> kIgnore.
absl::StatusOr<Normalized> NormalizeGitHub(const IncomingRequest& request,
                                           const EnvironmentAliases& environments = EnvironmentAliases::Default());

// GitLab (X-Gitlab-Event):
//   "Push Hook" to project.default_branch -> `change` (service project.name,
//     commit_sha checkout_sha, first_commit_ts the earliest commits[].timestamp,
//     url the pushed commit's commits[].url; dedupe key "push:<project.id>:<ref>:<checkout_sha>");
//   "Deployment Hook" with status success/failed to a production environment
//     (canonical name prod, or environment_tier production) -> `deploy` in
//     "prod", commit_sha from commit_url's last segment, occurred_at =
//     status_changed_at, url = deployable_url (the deploying job), else
//     commit_url; dedupe key "deployment-<deployment_id>-<status>";
//     other environments, events and statuses -> kIgnore;
//   without the natural key's fields: Idempotency-Key, else X-Gitlab-Event-UUID.
absl::StatusOr<Normalized> NormalizeGitLab(const IncomingRequest& request,
                                           const EnvironmentAliases& environments = EnvironmentAliases::Default());

// Incidents are production incidents (environment "prod"); the vocabulary is
// taken for a uniform signature.
//
// PagerDuty v3: incident.triggered -> incident_open, incident.resolved ->
// incident_resolved; service = event.data.service.summary, incident_id =
// event.data.id, occurred_at = event.occurred_at, url = event.data.html_url,
// dedupe key = event.id;
// pagey.ping -> kPing; other event types -> kIgnore.
absl::StatusOr<Normalized> NormalizePagerDuty(const IncomingRequest& request,
                                              const EnvironmentAliases& environments = EnvironmentAliases::Default());

// Opsgenie: action Create -> incident_open (alert.createdAt, epoch ms), Close
// -> incident_resolved (alert.updatedAt, epoch ns); incident_id = alertId;
// service = a "service:<name>" tag, else alert.entity; url =
// alert.details.url (the webhook has no link of its own); dedupe key
// "<alertId>:<action>". Other actions -> kIgnore.
absl::StatusOr<Normalized> NormalizeOpsgenie(const IncomingRequest& request,
                                             const EnvironmentAliases& environments = EnvironmentAliases::Default());

}  // namespace dora

#endif  // DORA_INGEST_NORMALIZE_H_
