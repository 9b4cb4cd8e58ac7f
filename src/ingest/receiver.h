// The ingest HTTP API, free of any HTTP library: route, authenticate,
// normalize, store, answer. The `dora serve` shell only moves bytes.
//
//   POST /hooks/github     X-Hub-Signature-256 (GH_WEBHOOK_SECRET)
//   POST /hooks/gitlab     X-Gitlab-Token (GITLAB_WEBHOOK_TOKEN)
//   POST /hooks/pagerduty  X-PagerDuty-Signature (PAGERDUTY_WEBHOOK_SECRET)
//   POST /hooks/opsgenie   Authorization: Bearer (OPSGENIE_WEBHOOK_TOKEN)
//   POST /events/deploy    Authorization: Bearer (METRICS_TOKEN)
//   GET  /healthz, /readyz, /metrics
//
// Answers: 202 stored (or spooled), 200 duplicate / ping, 204 ignored (an
// event type not recorded, a push to another branch, a GitHub or GitLab
// deployment to a non-production environment),
// 400 bad JSON or field (body names it), 401 authentication (nothing stored,
// nothing about the secret revealed), 404/405 routing, 415 content type,
// 503 not configured or neither committed nor spooled. Body size (413),
// framing and header validity (400), content coding (415) and connection
// limits are the HTTP server's (http/http_server.h), before a request gets
// here.
#ifndef DORA_INGEST_RECEIVER_H_
#define DORA_INGEST_RECEIVER_H_

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/latency_histogram.h"
#include "ingest/ingest_outcome.h"
#include "ingest/ingest_writer.h"
#include "ingest/normalize.h"

namespace dora {

struct ReceiverSecrets {
  std::optional<std::string> github_secret;
  std::optional<std::string> gitlab_token;
  std::optional<std::string> pagerduty_secret;
  std::optional<std::string> opsgenie_token;
  std::optional<std::string> metrics_token;
};

// Each secret from NAME, or from the file named by NAME_FILE (trailing
// newline trimmed). Never from the command line.
absl::StatusOr<ReceiverSecrets> SecretsFromEnvironment();

// The labels of one ingest counter (a /metrics series).
struct IngestCounter {
  enum class Family {
    kEvents,        // dora_ingest_events_total{source,type,outcome}
    kAuthFailures,  // dora_ingest_auth_failures_total{source}
    kRequests,      // dora_ingest_requests_total{source,code}
  };
  Family family = Family::kEvents;
  std::string source;   // the endpoint's source ("github", "deploy", ...)
  std::string type;     // kEvents: the event type, or "invalid" / "ignored"
  std::string outcome;  // kEvents: stored, spooled, duplicate, failed, rejected, ignored
  int code = 0;         // kRequests: the HTTP status

  bool operator<(const IngestCounter& o) const {
    return std::tie(family, source, type, outcome, code) < std::tie(o.family, o.source, o.type, o.outcome, o.code);
  }
};

struct ReceiverResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class Receiver {
 public:
  struct Endpoint;  // the routing table, in receiver.cc

  // `writer` and `clock` are not owned and must outlive the receiver.
  // Environment names from every endpoint are canonicalized with
  // `environments`; `clock` times requests for the latency histogram.
  Receiver(ReceiverSecrets secrets, IngestWriter* writer,
           EnvironmentAliases environments = EnvironmentAliases::Default(), const Clock& clock = SystemClock())
      : secrets_(std::move(secrets)), writer_(writer), environments_(std::move(environments)), clock_(clock) {}

  // Thread-safe.
  ReceiverResponse Handle(const std::string& method, const std::string& path, const IncomingRequest& request);

  // Judges a request from its head alone, before the body is read: a
  // response for what is already certain (unknown method, disabled
  // endpoint, missing or wrong token, missing signature header, wrong
  // content type), nullopt when the body is needed. Thread-safe, does not
  // block (no database).
  std::optional<ReceiverResponse> CheckHead(const std::string& method, const std::string& path,
                                            const IncomingRequest& head);

  // Prometheus text for /metrics.
  std::string Metrics() const;

 private:
  ReceiverResponse Ingest(const Endpoint& endpoint, const IncomingRequest& request);
  ReceiverResponse Readiness() const;
  std::optional<ReceiverResponse> Screen(const Endpoint& endpoint, const IncomingRequest& request, bool body_arrived);
  void Count(IngestCounter counter);
  void CountEvents(const std::string& source, const std::string& type, const std::string& outcome);
  void CountRequest(const std::string& source, int code);
  void Observe(double seconds);

  const ReceiverSecrets secrets_;
  IngestWriter* writer_;
  const EnvironmentAliases environments_;
  const Clock& clock_;
  mutable absl::Mutex mu_;
  std::map<IngestCounter, int64_t> counters_ ABSL_GUARDED_BY(mu_);
  LatencyHistogram request_latency_ ABSL_GUARDED_BY(mu_){{0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5}};
};

}  // namespace dora

#endif  // DORA_INGEST_RECEIVER_H_
