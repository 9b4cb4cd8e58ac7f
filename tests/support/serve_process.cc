#include "serve_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace dora::testing {

ServeProcess::ServeProcess(const std::string& binary, std::map<std::string, std::string> env,
                           std::vector<std::string> args) {
  char tmpl[] = "/tmp/dora_serve_err_XXXXXX";
  int err_fd = mkstemp(tmpl);
  stderr_path_ = tmpl;
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err_fd, 2);
    close(out[0]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> all = {binary, "serve"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err_fd);
  FILE* f = fdopen(out[0], "r");
  char line[256] = {0};
  if (fgets(line, sizeof(line), f) == nullptr)
    throw std::runtime_error("dora serve printed nothing; see " + stderr_path_);
  std::string s(line);
  size_t colon = s.rfind(':');
  port_ = std::atoi(s.c_str() + colon + 1);
  if (port_ <= 0) throw std::runtime_error("unexpected first line: " + s);
  fclose(f);  // the server writes nothing else to stdout
}

int ServeProcess::StopWith(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) StopWith(SIGKILL);
  unlink(stderr_path_.c_str());
}

}  // namespace dora::testing
