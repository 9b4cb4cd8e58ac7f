// gpx_dora: the Grafana backend plugin process.
//
// Contract with the host (hashicorp/go-plugin as Grafana configures it):
//   * refuses to run without grafana_plugin_type=datasource (exit 1, message
//     on stderr): the binary is started by Grafana, not by hand;
//   * serves gRPC on a fresh unix socket, then prints exactly one line
//     "1|2|unix|<path>|grpc" on stdout, and nothing else ever;
//   * health service "plugin" is SERVING; plugin.GRPCController/Shutdown or
//     SIGTERM stop it within 2 s; SIGINT is ignored; the socket is removed.
//
// The binary is static (DORA_STATIC): it reads nothing of the host but
// /etc/hosts, /etc/resolv.conf (c-ares) and the TLS files a data source
// names. It keeps TLS files written from secureJsonData in a private 0700
// scratch directory under $TMPDIR (or /tmp), removed at shutdown, and runs
// with HOME set to that directory, so libpq never reads the Grafana user's
// ~/.pgpass or ~/.postgresql (the data source settings are the only source of
// credentials and certificates) and never looks up the user database.
#include <ftw.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_split.h"
#include "common/json_log.h"
#include "plugin_server.h"

namespace {

constexpr const char* kCookieKey = "grafana_plugin_type";
constexpr const char* kCookieValue = "datasource";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// Where temporary files go: $TMPDIR, or /tmp.
std::string TempDir() {
  std::string dir = Env("TMPDIR");
  return dir.empty() ? "/tmp" : dir;
}

// A path for the socket that does not exist yet, as go-plugin's servers make
// them: a unique temp file name in PLUGIN_UNIX_SOCKET_DIR, $TMPDIR or /tmp.
std::string SocketPath() {
  std::string dir = Env("PLUGIN_UNIX_SOCKET_DIR");
  if (dir.empty()) dir = TempDir();
  std::string tmpl = dir + "/plugin-dora-XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return "";
  close(fd);
  unlink(tmpl.c_str());
  return tmpl;
}

// A fresh private directory for this process's files, or "" (errno set).
std::string MakeScratchDir() {
  std::string tmpl = TempDir() + "/gpx-dora-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) return "";
  return tmpl;
}

void RemoveTree(const std::string& dir) {
  nftw(
      dir.c_str(),
      [](const char* path, const struct stat*, int type, struct FTW*) {
        return type == FTW_DP ? rmdir(path) : unlink(path);
      },
      16, FTW_DEPTH | FTW_PHYS);
}

// Has the allocator keep freed memory for the next request rather than hand
// it back at once: up to 16 MiB free at the top of each arena
// (M_TRIM_THRESHOLD), blocks up to 32 MiB carved from the arenas rather than
// mapped for each allocation (M_MMAP_THRESHOLD; glibc's own default grows
// towards that value, but not once any threshold is set), and at most two
// arenas per hardware thread (M_ARENA_MAX; glibc's default is eight), which
// bounds what a burst of concurrent requests leaves behind. A request with a
// large answer (megabytes of lead times from PostgreSQL) then reuses warm
// pages instead of faulting in zeroed ones. Measured on 2 cores
// (bench/README.md): the 10 M rolling lead time 33 -> 26 ms of plugin CPU
// per request; 50 concurrent large requests peak at 157-178 MiB resident
// instead of 201-209 and leave 81-136 MiB instead of 81-115. Malloc
// settings in GLIBC_TUNABLES, an operator's choice, are left as given.
void KeepFreedMemoryForReuse() {
#ifdef __GLIBC__
  if (Env("GLIBC_TUNABLES").find("glibc.malloc.") != std::string::npos) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  mallopt(M_ARENA_MAX, 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
#endif
}

}  // namespace

int main() {
  if (Env(kCookieKey) != kCookieValue) {
    std::fprintf(stderr,
                 "This binary is a Grafana plugin (dora-metrics-datasource). Grafana starts it; it is not meant "
                 "to be run by hand.\nInstall the plugin folder into Grafana's plugins directory instead.\n");
    return 1;
  }
  bool supports_v2 = Env("PLUGIN_PROTOCOL_VERSIONS").empty();
  for (absl::string_view v : absl::StrSplit(Env("PLUGIN_PROTOCOL_VERSIONS"), ',')) supports_v2 |= v == "2";
  if (!supports_v2) {
    dora::Log(dora::LogLevel::kError, "host does not accept plugin protocol version 2",
              {{"PLUGIN_PROTOCOL_VERSIONS", Env("PLUGIN_PROTOCOL_VERSIONS")}});
    return 1;
  }

  KeepFreedMemoryForReuse();

  // Before any thread starts: setenv is not thread-safe.
  const std::string scratch_dir = MakeScratchDir();
  if (scratch_dir.empty()) {
    dora::Log(dora::LogLevel::kError, "cannot create a private directory under $TMPDIR or /tmp",
              {{"error", std::strerror(errno)}});
    return 1;
  }
  setenv("HOME", scratch_dir.c_str(), 1);

  // SIGINT reaches the whole process group when someone presses Ctrl-C on
  // Grafana: ignore it. SIGTERM is handled by a dedicated thread.
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, nullptr);

  const std::string socket_path = SocketPath();
  if (socket_path.empty()) {
    dora::Log(dora::LogLevel::kError, "cannot create a unix socket path", {{"error", std::strerror(errno)}});
    RemoveTree(scratch_dir);
    return 1;
  }

  dora::InstanceOptions instance_options;
  instance_options.scratch_dir = scratch_dir;
  dora::PluginState state(instance_options);
  dora::DataService data(&state);
  dora::DiagnosticsService diagnostics(&state);
  dora::ResourceService resources(&state);
  dora::ControllerService controller(&state);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + socket_path, grpc::InsecureServerCredentials());
  builder.SetMaxReceiveMessageSize(16 * 1024 * 1024);
  builder.SetMaxSendMessageSize(-1);
  builder.RegisterService(&data);
  builder.RegisterService(&diagnostics);
  builder.RegisterService(&resources);
  builder.RegisterService(&controller);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    dora::Log(dora::LogLevel::kError, "gRPC server failed to start", {{"socket", socket_path}});
    RemoveTree(scratch_dir);
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus("plugin", true);

  std::thread signals([&state, term] {
    int sig = 0;
    sigwait(&term, &sig);
    if (!state.shutdown_requested.HasBeenNotified()) state.shutdown_requested.Notify();
  });
  signals.detach();

  std::printf("1|2|unix|%s|grpc\n", socket_path.c_str());
  std::fflush(stdout);
  dora::Log(dora::LogLevel::kInfo, "plugin serving", {{"socket", socket_path}});

  state.shutdown_requested.WaitForNotification();
  server->GetHealthCheckService()->SetServingStatus("plugin", false);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(1500));
  unlink(socket_path.c_str());
  RemoveTree(scratch_dir);
  dora::Log(dora::LogLevel::kInfo, "plugin stopped");
  std::fflush(stderr);
  // Exit without running destructors of pools that may still be connecting.
  _exit(0);
}
