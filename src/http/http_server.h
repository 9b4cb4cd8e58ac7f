// An HTTP/1.1 server that a hostile or broken client cannot starve.
//
// One I/O thread owns every socket (epoll, non-blocking): it accepts, reads
// and frames requests with RequestParser, and writes responses. Only a
// complete request reaches a worker thread, so slow or idle connections cost
// a file descriptor and a buffer, never a worker. Limits, each answered
// rather than silently dropped:
//   - body: Content-Length over the limit is 413 before the body is read;
//     chunked bodies are counted as they arrive; Content-Encoding gzip or
//     deflate is inflated under the same limit (content_coding.h).
//   - time: a request must arrive completely within `request_timeout` of its
//     first byte (a new connection within `request_timeout` of the accept),
//     else 408 and close; a keep-alive connection idle for `idle_timeout` is
//     closed; a response not written within `write_timeout` is dropped.
//   - connections: at `max_connections` overall or `max_connections_per_client`
//     from one peer address, the oldest idle connection (no request in
//     progress) of that scope is closed to make room; when none is idle the
//     new connection gets 503 and is closed.
//   - queue: more than `max_queued_requests` complete requests waiting for a
//     worker is 503.
//   - `inline_paths` are answered on the I/O thread itself (health and
//     metrics: the handler must not block), so they stay responsive while
//     every worker waits on the database.
//
// Thread-safety: Run() on one thread; Stop(), port() and AppendPrometheus()
// from any thread. The handlers run on worker threads concurrently (and, for
// inline paths and head checks, on the I/O thread).
#ifndef DORA_HTTP_HTTP_SERVER_H_
#define DORA_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "http/request_parser.h"

namespace dora {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  RequestLimits limits;
  absl::Duration request_timeout = absl::Seconds(10);
  absl::Duration idle_timeout = absl::Seconds(30);
  absl::Duration write_timeout = absl::Seconds(10);
  int max_connections = 4096;
  int max_connections_per_client = 256;
  int workers = 32;
  int max_queued_requests = 1024;
  std::set<std::string> inline_paths;
};

// Answers a complete request (body already decoded from its content coding).
using HttpHandler = std::function<HttpResponse(const HttpRequest& request)>;
// Runs on the I/O thread when a request's head is complete, before its body
// is read: a response refuses the request without reading the body (the
// connection is closed after it); nullopt lets it continue. Must not block.
using HttpHeadCheck = std::function<std::optional<HttpResponse>(const HttpRequest& head)>;

class HttpServer {
 public:
  // Binds and listens (backlog SOMAXCONN). Raises the process's soft limit
  // on open files to the hard limit; `max_connections` must fit under it.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(HttpServerOptions options, HttpHandler handler,
                                                          HttpHeadCheck head_check = nullptr);
  ~HttpServer();

  int port() const { return port_; }

  // Serves until Stop(): then stops accepting, closes connections without a
  // request in progress, finishes and writes the requests in progress, joins
  // the workers and returns.
  void Run();
  void Stop();

  // Prometheus text: open connections, refusals by reason, timeouts.
  void AppendPrometheus(std::string* out) const;

  // The standard reason phrase ("Not Found"), or "Status".
  static const char* Reason(int status);

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_;
};

// The bytes of one response. `close` adds "Connection: close".
std::string SerializeResponse(const HttpResponse& response, bool close);

}  // namespace dora

#endif  // DORA_HTTP_HTTP_SERVER_H_
