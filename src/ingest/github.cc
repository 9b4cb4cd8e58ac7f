// GitHub webhooks: push (to the default branch) -> change; deployment_status
// (success/failure/error, production) -> deploy; ping -> ping; else ignored.
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "ingest/json_fields.h"
#include "ingest/normalize.h"
#include "ingest/normalize_internal.h"
#include "ingest/signature.h"
#include "ingest/storable.h"

namespace dora {
namespace {

const PushLayout kGitHubPush{
    "github", "repository.default_branch", "repository.name", {"after"}, {"head_commit.url", "compare"}};

absl::StatusOr<Normalized> DeploymentStatus(const nlohmann::json& j, const IncomingRequest& req,
                                            const std::string& delivery, const EnvironmentAliases& environments) {
  DORA_ASSIGN_OR_RETURN(std::string state, RequiredString(j, "deployment_status.state"));
  if (state != "success" && state != "failure" && state != "error") {
    return Ignore(absl::StrCat("deployment_status ", state, " is not final"));
  }
  DORA_ASSIGN_OR_RETURN(std::optional<std::string> env, OptionalString(j, "deployment_status.environment"));
  if (!env) {
    DORA_ASSIGN_OR_RETURN(env, OptionalString(j, "deployment.environment"));
  }
  DORA_ASSIGN_OR_RETURN(std::optional<bool> production, OptionalBool(j, "deployment.production_environment"));
  if (!production.value_or(false) && !(env && environments.IsProduction(*env))) {
    return Ignore(absl::StrCat("deployment to ", env.value_or("an unnamed environment"), ", not production"));
  }
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  DORA_ASSIGN_OR_RETURN(e.service, RequiredString(j, "repository.name"));
  e.environment = kProductionEnvironment;
  e.environment_raw = env;
  DORA_ASSIGN_OR_RETURN(std::string sha, RequiredString(j, "deployment.sha"));
  e.commit_sha = sha;
  // created_at of the status is when the outcome was reported; updated_at can
  // move later for unrelated edits.
  DORA_ASSIGN_OR_RETURN(e.occurred_at, RequiredEventTime(j, "deployment_status.created_at", req.received_at));
  e.success = state == "success";
  // The run that deployed (an Actions workflow run, or the deployer's log or
  // target page), else the deployed commit's page.
  e.url = ProviderUrl(j, {"workflow_run.html_url", "deployment_status.log_url", "deployment_status.target_url"});
  if (!e.url) {
    const nlohmann::json* repo = Find(j, "repository.html_url");
    if (repo != nullptr && repo->is_string()) {
      std::string commit_url = absl::StrCat(repo->get<std::string>(), "/commit/", sha);
      if (CheckEventUrl("url", commit_url).ok()) e.url = std::move(commit_url);
    }
  }
  e.source = "github";
  e.dedupe_key = NaturalKey(j, "deployment_status", {"deployment_status.id", "deployment_status.state"}, delivery);
  e.payload = req.body;
  return ToStore(std::move(e));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// GitHub's "form" content type sends the JSON as the `payload` form field.
absl::StatusOr<std::string> JsonBody(const IncomingRequest& req) {
  if (!absl::StartsWith(absl::AsciiStrToLower(req.Header("content-type")), "application/x-www-form-urlencoded")) {
    return req.body;
  }
  for (absl::string_view pair : absl::StrSplit(req.body, '&')) {
    if (!absl::ConsumePrefix(&pair, "payload=")) continue;
    std::string out;
    for (size_t i = 0; i < pair.size(); ++i) {
      if (pair[i] == '+') {
        out.push_back(' ');
      } else if (pair[i] == '%' && i + 2 < pair.size() && HexValue(pair[i + 1]) >= 0 && HexValue(pair[i + 2]) >= 0) {
        out.push_back(static_cast<char>(HexValue(pair[i + 1]) * 16 + HexValue(pair[i + 2])));
        i += 2;
      } else {
        out.push_back(pair[i]);
      }
    }
    return out;
  }
  return FieldError("payload", "is missing from the form body");
}

}  // namespace

absl::StatusOr<Normalized> NormalizeGitHub(const IncomingRequest& req, const EnvironmentAliases& environments) {
  const std::string event = req.Header("x-github-event");
  if (event.empty()) return absl::InvalidArgumentError("missing X-GitHub-Event header");
  const std::string delivery = req.Header("x-github-delivery");
  if (event == "ping") return Normalized{Disposition::kPing, {}, "ping"};
  if (event != "push" && event != "deployment_status") {
    return Ignore(absl::StrCat("event ", event, " is not recorded"));
  }
  DORA_ASSIGN_OR_RETURN(std::string body, JsonBody(req));
  // Redeliveries repeat X-GitHub-Delivery; a second hook (organization and
  // repository) repeats the natural key. Senders that omit both (scripts,
  // the reference's own verification curl) are deduplicated by the body.
  const std::string fallback = delivery.empty() ? "sha256:" + Sha256Hex(body) : delivery;
  DORA_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(body));
  IncomingRequest as_json = req;
  as_json.body = std::move(body);  // stored payloads are always the JSON document
  if (event == "push") {
    return PushToChange(j, as_json, kGitHubPush, NaturalKey(j, "push", {"repository.id", "ref", "after"}, fallback));
  }
  return DeploymentStatus(j, as_json, fallback, environments);
}

}  // namespace dora
