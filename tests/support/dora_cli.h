// Runs the built `dora` binary for tests and collects what it printed.
#ifndef DORA_TESTS_SUPPORT_DORA_CLI_H_
#define DORA_TESTS_SUPPORT_DORA_CLI_H_

#include <map>
#include <string>
#include <vector>

namespace dora::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `binary args...` with DATABASE_URL=`url` and `env` added to the
// test's environment; arguments reach it unchanged (shell-quoted).
RunResult RunDora(const std::string& binary, const std::string& url, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {});

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_DORA_CLI_H_
