// For tests only: a temporary hosts file that c-ares reads instead of
// /etc/hosts (through $CARES_HOSTS) while the object lives.
#ifndef DORA_STORE_TEST_HOSTS_FILE_H_
#define DORA_STORE_TEST_HOSTS_FILE_H_

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace dora {

class TestHostsFile {
 public:
  explicit TestHostsFile(const std::string& content) {
    char tmpl[] = "/tmp/dora-hosts-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd >= 0) close(fd);
    path_ = tmpl;
    std::ofstream(path_) << content;
    setenv("CARES_HOSTS", path_.c_str(), 1);
  }
  ~TestHostsFile() {
    unsetenv("CARES_HOSTS");
    unlink(path_.c_str());
  }
  TestHostsFile(const TestHostsFile&) = delete;
  TestHostsFile& operator=(const TestHostsFile&) = delete;

 private:
  std::string path_;
};

}  // namespace dora

#endif  // DORA_STORE_TEST_HOSTS_FILE_H_
