// dora serve: the ingest HTTP server. http::HttpServer moves bytes and
// enforces the connection, time and size limits; everything else is
// ingest::Receiver.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <cstdlib>

#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "command_support.h"
#include "commands.h"
#include "common/json_log.h"
#include "common/time_spec.h"
#include "http/http_server.h"
#include "ingest/ingest_writer.h"
#include "ingest/receiver.h"
#include "store/pg_store.h"

namespace dora {
namespace {

std::vector<FlagSpec> ServeFlags() {
  return {
      {"listen", true, "HOST:PORT", "address to listen on (default 127.0.0.1:8080)"},
      {"spool-dir", true, "DIR", "where events wait while PostgreSQL is unreachable (default .data/spool)"},
      {"spool-max-bytes", true, "BYTES",
       "largest amount of events waiting in the spool; past it requests get 503 and /readyz says full "
       "(default 1073741824)",
       WholeNumberCheck(int64_t{1} << 50)},
      {"db-statement-timeout", true, "DURATION", "each database write's statement timeout (default 10s)",
       DurationCheck(absl::Seconds(1), absl::Hours(1))},
      {"submit-deadline", true, "DURATION",
       "a request waits this long for its commit before its events are spooled instead (default 5s)",
       DurationCheck(absl::Seconds(1), absl::Hours(1))},
      {"max-body", true, "BYTES",
       "largest request body, counted as it arrives and again after gzip/deflate decoding; larger is 413 "
       "(default 1048576)",
       WholeNumberCheck(int64_t{1} << 30)},
      {"threads", true, "N",
       "worker threads for complete requests (they wait for the database); connections do not hold one "
       "(default 64)",
       WholeNumberCheck(4096)},
      {"db-writers", true, "N", "PostgreSQL connections committing batches of events concurrently (default 2)",
       WholeNumberCheck(64)},
      {"max-connections", true, "N",
       "open connections in all; past it the oldest idle one is closed, or the new one gets 503 (default 4096)",
       WholeNumberCheck(1000000)},
      {"max-connections-per-client", true, "N",
       "open connections from one address, same rule; behind a proxy that is the proxy's address (default 256)",
       WholeNumberCheck(1000000)},
      {"request-timeout", true, "DURATION",
       "a request must arrive completely within this of its first byte, else 408 (default 10s)",
       DurationCheck(absl::Seconds(1), absl::Hours(1))},
      {"idle-timeout", true, "DURATION", "a keep-alive connection idle this long is closed (default 30s)",
       DurationCheck(absl::Seconds(1), absl::Hours(1))},
      {"env-alias", true, "NAME=ENV,...",
       "extra environment aliases, e.g. prod-eu=prod,stage=staging (also DORA_ENV_ALIASES; built in: "
       "production, prd, live -> prod; name=name turns one off)"},
  };
}

// A positive count flag, or a usage error naming it.
absl::Status PositiveFlag(const ParsedArgs& args, const std::string& name, const std::string& fallback, int64_t max,
                          int64_t* out) {
  const std::string text = args.Get(name, fallback);
  if (!absl::SimpleAtoi(text, out) || *out < 1 || *out > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " takes a whole number from 1 to ", max, ", got '", text, "'"));
  }
  return absl::OkStatus();
}

// A duration flag of at least a second (and at most an hour), or a usage error naming it.
absl::Status TimeoutFlag(const ParsedArgs& args, const std::string& name, const std::string& fallback,
                         absl::Duration* out) {
  auto d = ParseDurationSpec(args.Get(name, fallback));
  if (!d.ok() || *d < absl::Seconds(1) || *d > absl::Hours(1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " takes a duration from 1s to 1h, got '", args.Get(name, fallback), "'"));
  }
  *out = *d;
  return absl::OkStatus();
}

constexpr const char* kServeHelp =
    "usage: dora serve [flags]\n\n"
    "Receives GitHub, GitLab, PagerDuty and Opsgenie webhooks and CI / Argo CD deploy events\n"
    "and stores them in delivery_events (DATABASE_URL). Secrets come from the environment,\n"
    "each as NAME or as a file named by NAME_FILE: GH_WEBHOOK_SECRET, GITLAB_WEBHOOK_TOKEN,\n"
    "PAGERDUTY_WEBHOOK_SECRET, OPSGENIE_WEBHOOK_TOKEN, METRICS_TOKEN (an endpoint without its\n"
    "secret answers 503). SIGTERM stops accepting, finishes in-flight requests and exits 0.\n\n";

}  // namespace

int RunServe(const Args& raw, std::ostream& out, std::ostream& err) {
  const std::vector<FlagSpec> specs = ServeFlags();
  auto args = ParseArgs(raw, specs);
  if (!args.ok()) {
    PrintError(err, "serve", args.status());
    return kExitUsage;
  }
  if (args->Has("help")) {
    out << kServeHelp << FlagsHelp(specs);
    return kExitOk;
  }
  std::string listen = args->Get("listen", "127.0.0.1:8080");
  size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    err << "dora serve: --listen takes HOST:PORT, got '" << listen << "'\n";
    return kExitUsage;
  }
  int64_t max_body = 0, threads = 0, db_writers = 0, max_connections = 0, per_client = 0, spool_max = 0;
  absl::Duration request_timeout, idle_timeout, statement_timeout, submit_deadline;
  for (absl::Status st :
       {PositiveFlag(*args, "max-body", "1048576", int64_t{1} << 30, &max_body),
        PositiveFlag(*args, "threads", "64", 4096, &threads), PositiveFlag(*args, "db-writers", "2", 64, &db_writers),
        PositiveFlag(*args, "max-connections", "4096", 1000000, &max_connections),
        PositiveFlag(*args, "max-connections-per-client", "256", 1000000, &per_client),
        TimeoutFlag(*args, "request-timeout", "10s", &request_timeout),
        TimeoutFlag(*args, "idle-timeout", "30s", &idle_timeout),
        PositiveFlag(*args, "spool-max-bytes", "1073741824", int64_t{1} << 50, &spool_max),
        TimeoutFlag(*args, "db-statement-timeout", "10s", &statement_timeout),
        TimeoutFlag(*args, "submit-deadline", "5s", &submit_deadline)}) {
    if (!st.ok()) {
      PrintError(err, "serve", st);
      return kExitUsage;
    }
  }
  const std::string host = listen.substr(0, colon);
  auto url = DatabaseUrlFromEnv();
  auto secrets = SecretsFromEnvironment();
  if (!url.ok() || !secrets.ok()) {
    PrintError(err, "serve", !url.ok() ? url.status() : secrets.status());
    return kExitFailure;
  }
  EnvironmentAliases environments;
  const char* env_aliases = std::getenv("DORA_ENV_ALIASES");
  for (const std::string& spec : {std::string(env_aliases ? env_aliases : ""), args->Get("env-alias", "")}) {
    absl::Status added = environments.AddFromSpec(spec);
    if (!added.ok()) {
      PrintError(err, "serve", added);
      return kExitUsage;
    }
  }
  SetLogModule("dora-serve");

  // SIGTERM and SIGINT are taken by one thread; the others never see them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  PgPoolOptions po;
  po.url = *url;
  po.max_connections = static_cast<int>(db_writers);  // one session per writer thread
  po.statement_timeout = statement_timeout;
  po.application_name = "dora-serve";
  PgStore store(po);
  IngestWriterOptions wo;
  wo.spool_dir = args->Get("spool-dir", ".data/spool");
  wo.writers = static_cast<int>(db_writers);
  wo.spool_max_bytes = spool_max;
  wo.submit_deadline = submit_deadline;
  // Test-only fault injection (tests/integration/ingest_durability_integration_test.cc).
  if (const char* fault = std::getenv("DORA_TEST_FAULT");
      fault != nullptr && std::string(fault) == "exit-after-dead-letter") {
    wo.after_dead_letter = [] { _exit(86); };
  }
  auto writer = IngestWriter::Start(wo, &store);
  if (!writer.ok()) {
    PrintError(err, "serve", writer.status());
    return kExitFailure;
  }
  Receiver receiver(*secrets, writer->get(), std::move(environments));

  HttpServerOptions so;
  so.host = host;
  so.port = port;
  so.limits.max_body_bytes = static_cast<size_t>(max_body);
  so.workers = static_cast<int>(threads);
  so.max_queued_requests = static_cast<int>(std::max<int64_t>(1024, threads * 16));
  so.max_connections = static_cast<int>(max_connections);
  so.max_connections_per_client = static_cast<int>(per_client);
  so.request_timeout = request_timeout;
  so.idle_timeout = idle_timeout;
  // Health and metrics never wait behind the database.
  so.inline_paths = {"/healthz", "/readyz", "/metrics"};
  std::unique_ptr<HttpServer> server;
  auto to_incoming = [](const HttpRequest& req) {
    IncomingRequest in;
    for (const auto& [k, v] : req.headers) in.headers.emplace(k, v);
    in.received_at = absl::Now();
    return in;
  };
  auto to_http = [](ReceiverResponse r) {
    HttpResponse out;
    out.status = r.status;
    out.content_type = std::move(r.content_type);
    out.body = std::move(r.body);
    return out;
  };
  auto handle = [&receiver, &server, &to_incoming, &to_http](const HttpRequest& req) {
    IncomingRequest in = to_incoming(req);
    in.body = req.body;
    ReceiverResponse r = receiver.Handle(req.method, req.path, in);
    if (req.path == "/metrics" && r.status == 200) server->AppendPrometheus(&r.body);
    return to_http(std::move(r));
  };
  auto head_check = [&receiver, &to_incoming, &to_http](const HttpRequest& head) -> std::optional<HttpResponse> {
    std::optional<ReceiverResponse> r = receiver.CheckHead(head.method, head.path, to_incoming(head));
    if (!r.has_value()) return std::nullopt;
    return to_http(*std::move(r));
  };
  auto bound = HttpServer::Bind(so, handle, head_check);
  if (!bound.ok()) {
    PrintError(err, "serve", bound.status());
    return kExitFailure;
  }
  server = *std::move(bound);
  std::thread signals([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    Log(LogLevel::kInfo, "stopping: finishing in-flight requests", {{"signal", absl::StrCat(sig)}});
    server->Stop();
  });
  signals.detach();
  Log(LogLevel::kInfo, "listening", {{"address", absl::StrCat(host, ":", server->port())}, {"spool", wo.spool_dir}});
  // The bound address on stdout, once, for scripts that start the server on port 0.
  out << "listening on " << host << ":" << server->port() << std::endl;
  server->Run();
  (*writer)->Stop();
  Log(LogLevel::kInfo, "stopped");
  return kExitOk;
}

}  // namespace dora
