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

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cli_options.h"
#include "command_support.h"
#include "commands.h"
#include "common/json_log.h"
#include "http/http_server.h"
#include "ingest/ingest_writer.h"
#include "ingest/receiver.h"
#include "store/pg_store.h"

namespace dora {
namespace {

// "HOST:PORT" (the port after the last colon, 0 to 65535; 0 picks a free one).
absl::StatusOr<ListenAddress> ParseListenAddress(const std::string& text) {
  const size_t colon = text.rfind(':');
  ListenAddress address;
  if (colon == std::string::npos || !absl::SimpleAtoi(text.substr(colon + 1), &address.port) || address.port < 0 ||
      address.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("takes HOST:PORT, got '", text, "'"));
  }
  address.host = text.substr(0, colon);
  return address;
}

absl::StatusOr<std::string> ParseEnvAliases(const std::string& text) {
  EnvironmentAliases probe;
  if (absl::Status st = probe.AddFromSpec(text); !st.ok()) return st;
  return text;
}

}  // namespace

CLI::App* AddServeCommand(CLI::App& dora, ServeOptions* o) {
  CLI::App* cmd = dora.add_subcommand("serve", "receive webhooks and deploy events into delivery_events");
  AddParsedOption<ListenAddress>(*cmd, "--listen", &o->listen, ParseListenAddress, "HOST:PORT", "address to listen on")
      ->default_str(absl::StrCat(o->listen.host, ":", o->listen.port));
  cmd->add_option("--spool-dir", o->spool_dir, "where events wait while PostgreSQL is unreachable")
      ->type_name("DIR")
      ->default_str(o->spool_dir);
  AddWholeNumber<int64_t>(*cmd, "--spool-max-bytes", &o->spool_max_bytes, 1, int64_t{1} << 50, "BYTES",
                          "largest amount of events waiting in the spool; past it requests get 503 and /readyz says "
                          "full");
  AddDuration(*cmd, "--db-statement-timeout", &o->db_statement_timeout, absl::Seconds(1), absl::Hours(1),
              "each database write's statement timeout");
  AddDuration(*cmd, "--submit-deadline", &o->submit_deadline, absl::Seconds(1), absl::Hours(1),
              "a request waits this long for its commit before its events are spooled instead");
  AddWholeNumber<int64_t>(*cmd, "--max-body", &o->max_body, 1, int64_t{1} << 30, "BYTES",
                          "largest request body, counted as it arrives and again after gzip/deflate decoding; "
                          "larger is 413");
  AddWholeNumber(*cmd, "--threads", &o->threads, 1, 4096, "N",
                 "worker threads for complete requests (they wait for the database); connections do not hold one");
  AddWholeNumber(*cmd, "--db-writers", &o->db_writers, 1, 64, "N",
                 "PostgreSQL connections committing batches of events concurrently");
  AddWholeNumber(*cmd, "--max-connections", &o->max_connections, 1, 1000000, "N",
                 "open connections in all; past it the oldest idle one is closed, or the new one gets 503");
  AddWholeNumber(*cmd, "--max-connections-per-client", &o->max_connections_per_client, 1, 1000000, "N",
                 "open connections from one address, same rule; behind a proxy that is the proxy's address");
  AddDuration(*cmd, "--request-timeout", &o->request_timeout, absl::Seconds(1), absl::Hours(1),
              "a request must arrive completely within this of its first byte, else 408");
  AddDuration(*cmd, "--idle-timeout", &o->idle_timeout, absl::Seconds(1), absl::Hours(1),
              "a keep-alive connection idle this long is closed");
  AddParsedOption<std::string>(*cmd, "--env-alias", &o->env_aliases, ParseEnvAliases, "NAME=ENV,...",
                               "extra environment aliases, e.g. prod-eu=prod,stage=staging (also DORA_ENV_ALIASES; "
                               "built in: production, prd, live -> prod; name=name turns one off)");
  cmd->footer(
      "Receives GitHub, GitLab, PagerDuty and Opsgenie webhooks and CI / Argo CD deploy events\n"
      "and stores them in delivery_events (DATABASE_URL). Secrets come from the environment,\n"
      "each as NAME or as a file named by NAME_FILE: GH_WEBHOOK_SECRET, GITLAB_WEBHOOK_TOKEN,\n"
      "PAGERDUTY_WEBHOOK_SECRET, OPSGENIE_WEBHOOK_TOKEN, METRICS_TOKEN (an endpoint without its\n"
      "secret answers 503). SIGTERM stops accepting, finishes in-flight requests and exits 0.");
  return cmd;
}

int RunServe(const ServeOptions& o, std::ostream& out, std::ostream& err) {
  const std::string& host = o.listen.host;
  auto url = DatabaseUrlFromEnv();
  auto secrets = SecretsFromEnvironment();
  if (!url.ok() || !secrets.ok()) {
    PrintError(err, "serve", !url.ok() ? url.status() : secrets.status());
    return kExitFailure;
  }
  EnvironmentAliases environments;
  const char* env_aliases = std::getenv("DORA_ENV_ALIASES");
  for (const std::string& spec : {std::string(env_aliases ? env_aliases : ""), o.env_aliases}) {
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
  po.max_connections = o.db_writers;  // one session per writer thread
  po.statement_timeout = o.db_statement_timeout;
  po.application_name = "dora-serve";
  PgStore store(po);
  IngestWriterOptions wo;
  wo.spool_dir = o.spool_dir;
  wo.writers = o.db_writers;
  wo.spool_max_bytes = o.spool_max_bytes;
  wo.submit_deadline = o.submit_deadline;
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
  so.port = o.listen.port;
  so.limits.max_body_bytes = static_cast<size_t>(o.max_body);
  so.workers = o.threads;
  so.max_queued_requests = std::max(1024, o.threads * 16);
  so.max_connections = o.max_connections;
  so.max_connections_per_client = o.max_connections_per_client;
  so.request_timeout = o.request_timeout;
  so.idle_timeout = o.idle_timeout;
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
