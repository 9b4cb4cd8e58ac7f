// The HTTP request parser. Invariants: no crash; never more consumed than
// fed; a body never passes the limit; and the outcome does not depend on how
// the bytes were split across reads (one piece vs. the split the input picks).
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/request_parser.h"

namespace {

struct Result {
  dora::RequestParser::Progress last;
  dora::HttpRequest request;
  int status = 0;
  size_t consumed = 0;
};

Result Run(const std::string& in, size_t step, const dora::RequestLimits& limits) {
  dora::RequestParser p(limits);
  Result r;
  size_t pos = 0;
  while (true) {
    size_t n = std::min(step, in.size() - pos);
    size_t used = 0;
    r.last = p.Feed(absl::string_view(in).substr(pos, n), &used);
    if (used > n) __builtin_trap();
    pos += used;
    if (r.last == dora::RequestParser::Progress::kHeadComplete) continue;
    if (r.last == dora::RequestParser::Progress::kComplete) {
      r.request = p.TakeRequest();
      break;
    }
    if (r.last == dora::RequestParser::Progress::kError) {
      r.status = p.error().status;
      break;
    }
    if (pos >= in.size()) break;
  }
  r.consumed = pos;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t step = 1 + data[0] % 17;
  const std::string in(reinterpret_cast<const char*>(data) + 1, size - 1);
  dora::RequestLimits limits;
  limits.max_header_bytes = 512;
  limits.max_body_bytes = 256;
  Result whole = Run(in, in.size() + 1, limits);
  Result split = Run(in, step, limits);
  if (whole.last != split.last || whole.status != split.status) __builtin_trap();
  if (whole.last == dora::RequestParser::Progress::kComplete) {
    if (whole.request.body != split.request.body || whole.request.path != split.request.path ||
        whole.request.headers != split.request.headers || whole.consumed != split.consumed) {
      __builtin_trap();
    }
    if (whole.request.body.size() > limits.max_body_bytes) __builtin_trap();
  }
  return 0;
}
