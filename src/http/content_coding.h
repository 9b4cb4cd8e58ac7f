// Request bodies sent with a Content-Encoding, decoded under a size limit.
#ifndef DORA_HTTP_CONTENT_CODING_H_
#define DORA_HTTP_CONTENT_CODING_H_

#include <cstddef>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace dora {

// Decodes `body` sent with `content_encoding` (the header's value; empty or
// "identity" is the body itself; "gzip", "x-gzip" and "deflate" are
// inflated). Decoding stops as soon as the output would pass `max_bytes`:
// a compression bomb costs at most `max_bytes` of memory.
//
// Errors: ResourceExhausted (decoded size over the limit: 413),
// InvalidArgument (corrupt or truncated data, or bytes after the end of the
// compressed stream: 400), Unimplemented (any other or a stacked coding: 415).
absl::StatusOr<std::string> DecodeContentCoding(absl::string_view content_encoding, std::string body, size_t max_bytes);

}  // namespace dora

#endif  // DORA_HTTP_CONTENT_CODING_H_
