#include "ingest/receiver.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/env_secret.h"
#include "common/json_log.h"
#include "ingest/json_fields.h"
#include "ingest/signature.h"
#include "ingest/storable.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

using Json = nlohmann::ordered_json;

ReceiverResponse Reply(IngestOutcome outcome, const Json& body) {
  return ReceiverResponse{HttpStatusFor(outcome), "application/json", body.dump()};
}

ReceiverResponse MethodNotAllowed(const std::string& path) {
  return Reply(IngestOutcome::kMethodNotAllowed, Json{{"error", absl::StrCat(path, " accepts POST only")}});
}

}  // namespace

// One ingest endpoint: where it listens, how it authenticates, how it reads.
struct Receiver::Endpoint {
  const char* path;
  const char* source;
  std::optional<std::string> ReceiverSecrets::*secret;
  const char* secret_name;
  absl::Status (*authenticate)(const std::string& secret, const IncomingRequest& request);
  absl::StatusOr<Normalized> (*normalize)(const IncomingRequest& request, const EnvironmentAliases& environments);
  bool accepts_form;             // GitHub's "form" content type
  const char* signature_header;  // set when `authenticate` needs the body (an HMAC); else headers suffice
};

namespace {

absl::Status BearerAuth(const std::string& secret, const IncomingRequest& r) {
  return VerifyBearerToken(secret, r.Header("authorization"));
}

const Receiver::Endpoint kEndpoints[] = {
    {"/hooks/github", "github", &ReceiverSecrets::github_secret, "GH_WEBHOOK_SECRET",
     [](const std::string& s, const IncomingRequest& r) {
       return VerifyGitHubSignature(s, r.body, r.Header("x-hub-signature-256"));
     },
     NormalizeGitHub, true, "x-hub-signature-256"},
    {"/hooks/gitlab", "gitlab", &ReceiverSecrets::gitlab_token, "GITLAB_WEBHOOK_TOKEN",
     [](const std::string& s, const IncomingRequest& r) {
       return VerifySharedToken(s, r.Header("x-gitlab-token"), "X-Gitlab-Token");
     },
     NormalizeGitLab, false, nullptr},
    {"/hooks/pagerduty", "pagerduty", &ReceiverSecrets::pagerduty_secret, "PAGERDUTY_WEBHOOK_SECRET",
     [](const std::string& s, const IncomingRequest& r) {
       return VerifyPagerDutySignature(s, r.body, r.Header("x-pagerduty-signature"));
     },
     NormalizePagerDuty, false, "x-pagerduty-signature"},
    {"/hooks/opsgenie", "opsgenie", &ReceiverSecrets::opsgenie_token, "OPSGENIE_WEBHOOK_TOKEN", BearerAuth,
     NormalizeOpsgenie, false, nullptr},
    {"/events/deploy", "deploy", &ReceiverSecrets::metrics_token, "METRICS_TOKEN", BearerAuth, NormalizeDeployEvent,
     false, nullptr},
};

}  // namespace

absl::StatusOr<ReceiverSecrets> SecretsFromEnvironment() {
  ReceiverSecrets s;
  for (const Receiver::Endpoint& e : kEndpoints) {
    auto v = SecretFromEnvironment(e.secret_name);
    if (!v.ok()) return v.status();
    s.*e.secret = *v;
  }
  return s;
}

void Receiver::Count(IngestCounter counter) {
  absl::MutexLock lock(&mu_);
  ++counters_[std::move(counter)];
}

void Receiver::CountEvents(const std::string& source, const std::string& type, const std::string& outcome) {
  Count(IngestCounter{IngestCounter::Family::kEvents, source, type, outcome, 0});
}

void Receiver::CountRequest(const std::string& source, int code) {
  Count(IngestCounter{IngestCounter::Family::kRequests, source, "", "", code});
}

void Receiver::Observe(double seconds) {
  absl::MutexLock lock(&mu_);
  request_latency_.Observe(seconds);
}

ReceiverResponse Receiver::Handle(const std::string& method, const std::string& path, const IncomingRequest& req) {
  const absl::Time start = clock_.Now();
  if (path == "/healthz") return Reply(IngestOutcome::kOk, Json{{"status", "ok"}});
  if (path == "/metrics")
    return ReceiverResponse{HttpStatusFor(IngestOutcome::kOk), "text/plain; version=0.0.4", Metrics()};
  if (path == "/readyz") return Readiness();
  for (const Endpoint& r : kEndpoints) {
    if (path != r.path) continue;
    if (method != "POST") return MethodNotAllowed(path);
    ReceiverResponse resp = Ingest(r, req);
    Observe(absl::ToDoubleSeconds(clock_.Now() - start));
    CountRequest(r.source, resp.status);
    return resp;
  }
  return Reply(IngestOutcome::kNotFound, Json{{"error", absl::StrCat("no endpoint ", path)}});
}

std::optional<ReceiverResponse> Receiver::Screen(const Endpoint& endpoint, const IncomingRequest& req,
                                                 bool body_arrived) {
  const std::string source = endpoint.source;
  const std::optional<std::string>& secret = secrets_.*endpoint.secret;
  if (!secret.has_value()) {
    return Reply(
        IngestOutcome::kUnavailable,
        Json{{"error", absl::StrCat("this endpoint is disabled: set ", endpoint.secret_name, " on the server")}});
  }
  absl::Status auth = absl::OkStatus();
  if (body_arrived || endpoint.signature_header == nullptr) {
    auth = endpoint.authenticate(*secret, req);
  } else if (req.Header(endpoint.signature_header).empty()) {
    auth = absl::UnauthenticatedError(absl::StrCat("missing ", endpoint.signature_header, " header"));
  }
  if (!auth.ok()) {
    Count(IngestCounter{IngestCounter::Family::kAuthFailures, source, "", "", 0});
    Log(LogLevel::kWarn, "rejected unauthenticated request",
        {{"source", source}, {"reason", std::string(auth.message())}});
    return Reply(IngestOutcome::kUnauthenticated, Json{{"error", std::string(auth.message())}});
  }
  std::string content_type = absl::AsciiStrToLower(req.Header("content-type"));
  bool json = absl::StartsWith(content_type, "application/json");
  bool form = endpoint.accepts_form && absl::StartsWith(content_type, "application/x-www-form-urlencoded");
  if (!json && !form) {
    return Reply(
        IngestOutcome::kUnsupportedMediaType,
        Json{{"error", absl::StrCat("Content-Type must be application/json, got '", req.Header("content-type"), "'")}});
  }
  return std::nullopt;
}

std::optional<ReceiverResponse> Receiver::CheckHead(const std::string& method, const std::string& path,
                                                    const IncomingRequest& head) {
  for (const Endpoint& r : kEndpoints) {
    if (path != r.path) continue;
    std::optional<ReceiverResponse> refused;
    if (method != "POST") {
      refused = MethodNotAllowed(path);
    } else {
      refused = Screen(r, head, /*body_arrived=*/false);
    }
    if (refused.has_value()) CountRequest(r.source, refused->status);
    return refused;
  }
  return std::nullopt;  // health, metrics and unknown paths are answered in Handle
}

ReceiverResponse Receiver::Ingest(const Endpoint& endpoint, const IncomingRequest& req) {
  const std::string source = endpoint.source;
  // Authenticate before reading anything else from the request.
  std::optional<ReceiverResponse> refused = Screen(endpoint, req, /*body_arrived=*/true);
  if (refused.has_value()) return *refused;

  absl::StatusOr<Normalized> n = endpoint.normalize(req, environments_);
  if (!n.ok()) {
    Json body{{"error", std::string(n.status().message())}};
    std::string field = ErrorField(n.status());
    if (!field.empty()) body["field"] = field;
    CountEvents(source, "invalid", "rejected");
    return Reply(IngestOutcome::kInvalid, body);
  }
  if (n->disposition == Disposition::kPing) return Reply(IngestOutcome::kPong, Json{{"status", "pong"}});
  if (n->disposition == Disposition::kIgnore) {
    CountEvents(source, "ignored", "ignored");
    return ReceiverResponse{HttpStatusFor(IngestOutcome::kIgnored), "", ""};
  }
  std::vector<std::string> types;
  for (DeliveryEvent& e : n->events) {
    // What PostgreSQL would refuse is refused now, whatever the database's
    // state: the spool then never acknowledges an event the table rejects.
    TruncateToStoredPrecision(&e);
    absl::Status storable = CheckStorable(e);
    if (!storable.ok()) {
      CountEvents(source, "invalid", "rejected");
      return Reply(IngestOutcome::kInvalid,
                   Json{{"error", std::string(storable.message())}, {"field", ErrorField(storable)}});
    }
    types.push_back(std::string(EventTypeName(e.event_type)));
  }
  auto stored = writer_->Submit(std::move(n->events));
  if (!stored.ok()) {
    for (const std::string& t : types) CountEvents(source, t, "failed");
    return Reply(IngestOutcomeForStatus(stored.status()), Json{{"error", std::string(stored.status().message())}});
  }
  int64_t fresh = 0;
  for (size_t i = 0; i < types.size(); ++i) {
    bool is_new = stored->stored[i];
    fresh += is_new;
    CountEvents(source, types[i], stored->spooled ? "spooled" : is_new ? "stored" : "duplicate");
  }
  if (fresh == 0) return Reply(IngestOutcome::kDuplicate, Json{{"status", "duplicate"}, {"events", types.size()}});
  return Reply(IngestOutcome::kAccepted, Json{{"status", stored->spooled ? "spooled" : "stored"}, {"events", fresh}});
}

// Ready while events can be kept: committed, or spooled during an outage
// (what the spool is for). Not ready when the database is reachable but
// refuses every write (a missing privilege or table: it will not heal by
// itself), or when the spool is full or failing.
ReceiverResponse Receiver::Readiness() const {
  IngestWriter::Stats s = writer_->GetStats();
  const char* database = s.database == IngestWriter::DatabaseState::kOk            ? "ok"
                         : s.database == IngestWriter::DatabaseState::kUnavailable ? "unavailable"
                                                                                   : "misconfigured";
  const char* spool = !s.spool_ok ? "failing" : s.spool_full ? "full" : "ok";
  const bool ready = s.database != IngestWriter::DatabaseState::kMisconfigured && s.spool_ok && !s.spool_full;
  Json body{{"database", database}, {"spool", spool}, {"spoolDepth", s.spool_depth}, {"spoolBytes", s.spool_bytes}};
  if (!s.database_problem.empty()) body["problem"] = s.database_problem;
  if (s.spool_full) body["spoolMaxBytes"] = s.spool_max_bytes;
  return Reply(ready ? IngestOutcome::kOk : IngestOutcome::kUnavailable, body);
}

std::string Receiver::Metrics() const {
  IngestWriter::Stats s = writer_->GetStats();
  absl::MutexLock lock(&mu_);
  std::string out;
  absl::StrAppend(&out, "# HELP dora_ingest_events_total Events by source, type and outcome.\n",
                  "# TYPE dora_ingest_events_total counter\n");
  for (const auto& [c, n] : counters_) {
    if (c.family != IngestCounter::Family::kEvents) continue;
    absl::StrAppend(&out, "dora_ingest_events_total{source=\"", c.source, "\",type=\"", c.type, "\",outcome=\"",
                    c.outcome, "\"} ", n, "\n");
  }
  absl::StrAppend(
      &out, "# HELP dora_ingest_auth_failures_total Requests rejected for a missing or wrong signature or token.\n",
      "# TYPE dora_ingest_auth_failures_total counter\n");
  for (const auto& [c, n] : counters_) {
    if (c.family != IngestCounter::Family::kAuthFailures) continue;
    absl::StrAppend(&out, "dora_ingest_auth_failures_total{source=\"", c.source, "\"} ", n, "\n");
  }
  absl::StrAppend(&out, "# HELP dora_ingest_requests_total Requests by endpoint and HTTP status.\n",
                  "# TYPE dora_ingest_requests_total counter\n");
  for (const auto& [c, n] : counters_) {
    if (c.family != IngestCounter::Family::kRequests) continue;
    absl::StrAppend(&out, "dora_ingest_requests_total{source=\"", c.source, "\",code=\"", c.code, "\"} ", n, "\n");
  }
  request_latency_.AppendPrometheus(&out, "dora_ingest_request_duration_seconds", "Time to answer an ingest request.");
  absl::StrAppend(
      &out, "# HELP dora_ingest_spool_depth Events waiting in the spool for the database.\n",
      "# TYPE dora_ingest_spool_depth gauge\n", "dora_ingest_spool_depth ", s.spool_depth, "\n",
      "# HELP dora_ingest_spool_bytes Bytes of events waiting in the spool.\n",
      "# TYPE dora_ingest_spool_bytes gauge\n", "dora_ingest_spool_bytes ", s.spool_bytes, "\n",
      "# HELP dora_ingest_spool_capacity_bytes The spool's size limit (--spool-max-bytes).\n",
      "# TYPE dora_ingest_spool_capacity_bytes gauge\n", "dora_ingest_spool_capacity_bytes ", s.spool_max_bytes, "\n",
      "# HELP dora_ingest_database_up Whether the last database write succeeded.\n",
      "# TYPE dora_ingest_database_up gauge\n", "dora_ingest_database_up ",
      s.database == IngestWriter::DatabaseState::kOk ? 1 : 0, "\n",
      "# HELP dora_ingest_database_misconfigured Whether the database refuses every write "
      "(privilege, table, credentials).\n",
      "# TYPE dora_ingest_database_misconfigured gauge\n", "dora_ingest_database_misconfigured ",
      s.database == IngestWriter::DatabaseState::kMisconfigured ? 1 : 0, "\n",
      "# HELP dora_ingest_dead_letters_total Spooled events the database refused.\n",
      "# TYPE dora_ingest_dead_letters_total counter\n", "dora_ingest_dead_letters_total ", s.dead_letters, "\n",
      "# HELP dora_ingest_submit_deadlines_total Requests whose events were spooled because the "
      "database did not answer in time.\n",
      "# TYPE dora_ingest_submit_deadlines_total counter\n", "dora_ingest_submit_deadlines_total ", s.submit_deadlines,
      "\n");
  return out;
}

}  // namespace dora
