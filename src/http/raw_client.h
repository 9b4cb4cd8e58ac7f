// A deliberately primitive HTTP client for tests: blocking sockets, bytes
// exactly as given, so tests can send what no well-behaved client would
// (partial heads, trickled bytes, bodies without a length, floods of idle
// connections).
#ifndef DORA_HTTP_RAW_CLIENT_H_
#define DORA_HTTP_RAW_CLIENT_H_

#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/time/time.h"

namespace dora::testing {

// A connected TCP socket to 127.0.0.1:`port` (from `source_ip` when given,
// e.g. "127.0.0.2" to appear as another client), or -1.
int ConnectLoopback(int port, const std::string& source_ip = "");

// False when the peer closed or reset the connection.
bool SendAll(int fd, absl::string_view bytes);

struct RawResponse {
  int status = -1;  // -1: closed, reset or timed out before a status line
  std::string head;
  std::string body;
};

// Reads one response (its Content-Length body, or up to the close) within
// `timeout`. Skips interim 1xx responses.
RawResponse ReadResponse(int fd, absl::Duration timeout);

// Connects, sends `request`, reads one response, closes.
RawResponse RoundTrip(int port, absl::string_view request, absl::Duration timeout);

// `count` connections from `source_ip`, each having sent `first_bytes`
// (a slowloris head when non-empty, idle otherwise); fds of -1 mark failures.
std::vector<int> OpenConnections(int port, int count, const std::string& source_ip, absl::string_view first_bytes);
void CloseAll(const std::vector<int>& fds);

// `data` compressed at level 9 with the gzip wrapper (Content-Encoding:
// gzip) or the zlib one (Content-Encoding: deflate).
std::string Compress(absl::string_view data, bool gzip);
inline std::string Gzip(absl::string_view data) { return Compress(data, true); }

// Peak resident set size (VmHWM) of a process, in bytes; -1 if unknown.
long PeakRssBytes(int pid);

}  // namespace dora::testing

#endif  // DORA_HTTP_RAW_CLIENT_H_
