// Runs `dora serve` as a child process for tests: real sockets, real
// signals. The server listens on an ephemeral port that Start() reads from
// its first stdout line.
#ifndef DORA_TESTS_SUPPORT_SERVE_PROCESS_H_
#define DORA_TESTS_SUPPORT_SERVE_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace dora::testing {

class ServeProcess {
 public:
  // `env` is added to the test's own environment; `args` follow "serve".
  ServeProcess(const std::string& binary, std::map<std::string, std::string> env, std::vector<std::string> args = {});
  ~ServeProcess();  // SIGKILL if still running

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& stderr_path() const { return stderr_path_; }

  // Sends `signal` and waits; returns the exit status (or 128 + signal).
  int StopWith(int signal);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string stderr_path_;
};

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_SERVE_PROCESS_H_
