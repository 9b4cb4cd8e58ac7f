// An incremental HTTP/1.1 request parser with hard limits. Pure: no I/O, no
// clock, so every framing rule is unit-tested and fuzzed.
//
// Bytes are fed as they arrive, in any split. The parser never holds more
// than `max_header_bytes` of head plus `max_body_bytes` of body: a larger
// Content-Length is refused as soon as the head is complete, a chunked body
// as soon as its decoded size passes the limit. Work is linear in the bytes
// fed, however they are split.
//
// Refused (an HttpError with the status to answer, after which the
// connection must be closed): malformed request or header lines, obs-fold,
// control characters or invalid UTF-8 in the target or a header value, both
// Content-Length and Transfer-Encoding, conflicting Content-Lengths, a
// transfer coding other than chunked, bad chunk framing, an HTTP version
// other than 1.0 and 1.1.
//
// Not thread-safe; one parser per connection.
#ifndef DORA_HTTP_REQUEST_PARSER_H_
#define DORA_HTTP_REQUEST_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

namespace dora {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent
  std::string path;    // target without the query string
  int minor_version = 1;
  // Names lowercased, in arrival order; a repeated name appears once with
  // its values joined by ", " (RFC 9110 §5.3).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded from chunked framing, content coding untouched
  bool keep_alive = true;
  bool expects_continue = false;  // "Expect: 100-continue" with a body to come

  // Empty when absent.
  const std::string& Header(absl::string_view lowercase_name) const;
};

struct HttpError {
  int status = 400;
  std::string message;
};

struct RequestLimits {
  size_t max_header_bytes = 32 * 1024;  // request line and headers together
  size_t max_headers = 100;
  size_t max_body_bytes = 1 << 20;
};

class RequestParser {
 public:
  enum class Progress {
    kNeedMore,      // everything fed was consumed
    kHeadComplete,  // request line and headers parsed; request() has them
    kComplete,      // a whole request; request() has it
    kError,         // error() says why; feed nothing more
  };

  explicit RequestParser(RequestLimits limits) : limits_(limits) {}

  // Consumes a prefix of `data` and reports what happened. `*consumed` is how
  // much was used: after kHeadComplete feed the rest again to read the body;
  // after kComplete the rest belongs to the next request (call Reset first).
  Progress Feed(absl::string_view data, size_t* consumed);

  // True once any byte of the current request arrived.
  bool started() const { return started_; }
  const HttpRequest& request() const { return request_; }
  HttpRequest TakeRequest() { return std::move(request_); }
  const HttpError& error() const { return error_; }

  // Ready for the next request on the same connection.
  void Reset();

 private:
  enum class Stage { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailer, kDone, kFailed };

  Progress Fail(int status, std::string message);
  Progress FinishHead();
  Progress ConsumeLine(absl::string_view data, size_t* used, std::string* line, bool* complete);

  RequestLimits limits_;
  Stage stage_ = Stage::kHead;
  bool started_ = false;
  std::string head_;
  size_t head_scan_ = 0;  // where to resume looking for the blank line
  std::string line_;      // a chunk-size or trailer line in progress
  size_t trailer_bytes_ = 0;
  uint64_t remaining_ = 0;  // body or chunk bytes still expected
  HttpRequest request_;
  HttpError error_;
};

}  // namespace dora

#endif  // DORA_HTTP_REQUEST_PARSER_H_
