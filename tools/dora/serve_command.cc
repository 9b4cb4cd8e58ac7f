// dora serve: the ingest HTTP server. cpp-httplib moves bytes; everything
// else is ingest::Receiver.
#include <cstdlib>
#include <pthread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>

#include <thread>

#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "command_support.h"
#include "commands.h"
#include "common/json_log.h"
#include "ingest/ingest_writer.h"
#include "ingest/receiver.h"
#include "listen_backlog.h"

namespace dora {
namespace {

std::vector<FlagSpec> ServeFlags() {
  return {
      {"listen", true, "HOST:PORT", "address to listen on (default 127.0.0.1:8080)"},
      {"spool-dir", true, "DIR", "where events wait while PostgreSQL is unreachable (default .data/spool)"},
      {"max-body", true, "BYTES", "largest request body accepted, larger is 413 (default 1048576)"},
      {"threads", true, "N", "request worker threads; each keep-alive connection holds one (default 128)"},
      {"db-writers", true, "N", "PostgreSQL connections committing batches of events concurrently (default 2)"},
      {"env-alias", true, "NAME=ENV,...",
       "extra environment aliases, e.g. prod-eu=prod,stage=staging (also DORA_ENV_ALIASES; built in: "
       "production, prd, live -> prod; name=name turns one off)"},
  };
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
  size_t max_body = 0;
  int threads = 0;
  int db_writers = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535 ||
      !absl::SimpleAtoi(args->Get("max-body", "1048576"), &max_body) || max_body == 0 ||
      !absl::SimpleAtoi(args->Get("threads", "128"), &threads) || threads < 1 ||
      !absl::SimpleAtoi(args->Get("db-writers", "2"), &db_writers) || db_writers < 1) {
    err << "dora serve: --listen takes HOST:PORT; --max-body, --threads and --db-writers positive numbers\n";
    return kExitUsage;
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

  IngestWriterOptions wo;
  wo.database_url = *url;
  wo.spool_dir = args->Get("spool-dir", ".data/spool");
  wo.writers = db_writers;
  auto writer = IngestWriter::Start(wo);
  if (!writer.ok()) {
    PrintError(err, "serve", writer.status());
    return kExitFailure;
  }
  Receiver receiver(*secrets, writer->get(), std::move(environments));

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(max_body);
  // SO_REUSEADDR only: with SO_REUSEPORT (cpp-httplib's default) a second
  // server on the same port would silently share its traffic.
  // TCP_NODELAY (inherited by accepted sockets): responses go out in several
  // writes, and Nagle plus delayed ACKs would add 40 ms to each.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  auto handle = [&receiver](const httplib::Request& req, httplib::Response& res) {
    IncomingRequest in;
    for (const auto& [k, v] : req.headers) in.headers.emplace(absl::AsciiStrToLower(k), v);
    in.body = req.body;
    in.received_at = absl::Now();
    ReceiverResponse r = receiver.Handle(req.method, req.path, in);
    res.status = r.status;
    if (r.status != 204) res.set_content(r.body, r.content_type.c_str());
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.Put(".*", handle);
  server.Delete(".*", handle);
  server.Patch(".*", handle);
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 413 && res.body.empty()) {
      res.set_content(R"({"error":"request body is larger than --max-body"})", "application/json");
    }
  });

  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    err << "dora serve: cannot listen on " << listen << "\n";
    return kExitFailure;
  }
  WidenListenBacklog(bound);
  std::thread signals([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    Log(LogLevel::kInfo, "stopping: finishing in-flight requests", {{"signal", absl::StrCat(sig)}});
    server.stop();
  });
  signals.detach();
  Log(LogLevel::kInfo, "listening", {{"address", absl::StrCat(host, ":", bound)}, {"spool", wo.spool_dir}});
  // The bound address on stdout, once, for scripts that start the server on port 0.
  out << "listening on " << host << ":" << bound << std::endl;
  server.listen_after_bind();
  (*writer)->Stop();
  Log(LogLevel::kInfo, "stopped");
  return kExitOk;
}

}  // namespace dora
