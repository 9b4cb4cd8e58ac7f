#include "dora_cli.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace dora::testing {
namespace {

std::string ShellQuote(const std::string& a) {
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

RunResult RunDora(const std::string& binary, const std::string& url, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env) {
  std::string cmd = "DATABASE_URL=" + ShellQuote(url);
  for (const auto& [k, v] : env) cmd += " " + k + "=" + ShellQuote(v);
  cmd += " " + ShellQuote(binary);
  for (const std::string& a : args) cmd += " " + ShellQuote(a);
  char err_path[] = "/tmp/dora_cli_err_XXXXXX";
  int fd = mkstemp(err_path);
  close(fd);
  cmd += " 2>" + std::string(err_path);
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* e = fopen(err_path, "r");
  while ((n = fread(buf.data(), 1, buf.size(), e)) > 0) r.err.append(buf.data(), n);
  fclose(e);
  unlink(err_path);
  return r;
}

}  // namespace dora::testing
