#include "http/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace dora::testing {

int ConnectLoopback(int port, const std::string& source_ip) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  if (!source_ip.empty()) {
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, source_ip.c_str(), &src.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof(src)) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, absl::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

RawResponse ReadResponse(int fd, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  RawResponse r;
  // Reads at most `limit` bytes into `data`; false on close, error or deadline.
  auto fill = [&](std::string* data, size_t limit) {
    pollfd p{fd, POLLIN, 0};
    int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (wait_ms <= 0 || poll(&p, 1, wait_ms) <= 0) return false;
    char buffer[16384];
    ssize_t n = recv(fd, buffer, std::min(limit, sizeof(buffer)), 0);
    if (n <= 0) return false;
    data->append(buffer, static_cast<size_t>(n));
    return true;
  };
  while (true) {
    // The head one byte at a time, so a pipelined next response stays unread.
    std::string head;
    while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
      if (!fill(&head, 1)) return r;
    }
    head.resize(head.size() - 4);
    int status = -1;
    std::vector<std::string> first = absl::StrSplit(head.substr(0, head.find("\r\n")), ' ');
    if (first.size() < 2 || !absl::SimpleAtoi(first[1], &status)) return r;
    if (status >= 100 && status < 200) continue;
    r.status = status;
    r.head = head;
    size_t length = std::string::npos;
    for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
      if (absl::StartsWithIgnoreCase(line, "content-length:")) {
        size_t v = 0;
        if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &v)) length = v;
      }
    }
    if (status == 204) length = 0;
    while ((length == std::string::npos || r.body.size() < length) &&
           fill(&r.body, length == std::string::npos ? 16384 : length - r.body.size())) {
    }
    return r;
  }
}

RawResponse RoundTrip(int port, absl::string_view request, absl::Duration timeout) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return RawResponse{};
  SendAll(fd, request);
  RawResponse r = ReadResponse(fd, timeout);
  close(fd);
  return r;
}

std::vector<int> OpenConnections(int port, int count, const std::string& source_ip, absl::string_view first_bytes) {
  std::vector<int> fds;
  for (int i = 0; i < count; ++i) {
    int fd = ConnectLoopback(port, source_ip);
    if (fd >= 0 && !first_bytes.empty()) SendAll(fd, first_bytes);
    fds.push_back(fd);
  }
  return fds;
}

void CloseAll(const std::vector<int>& fds) {
  for (int fd : fds) {
    if (fd >= 0) close(fd);
  }
}

std::string Compress(absl::string_view data, bool gzip) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, gzip ? 16 + MAX_WBITS : MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

long PeakRssBytes(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "VmHWM:")) {
      long kb = 0;
      std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kb)) return kb * 1024;
    }
  }
  return -1;
}

}  // namespace dora::testing
