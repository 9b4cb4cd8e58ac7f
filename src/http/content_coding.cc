#include "http/content_coding.h"

#include <zlib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dora {
namespace {

absl::StatusOr<std::string> Inflate(const std::string& in, int window_bits, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return absl::InternalError("zlib initialization failed");
  std::string out;
  char buffer[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return absl::InvalidArgumentError("request body is not valid compressed data");
    }
    size_t produced = sizeof(buffer) - zs.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&zs);
      return absl::ResourceExhaustedError(
          absl::StrCat("decompressed request body is larger than the limit of ", max_bytes, " bytes"));
    }
    out.append(buffer, produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
      inflateEnd(&zs);
      return absl::InvalidArgumentError("compressed request body is truncated");
    }
  }
  const bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (trailing) return absl::InvalidArgumentError("bytes after the end of the compressed request body");
  return out;
}

}  // namespace

absl::StatusOr<std::string> DecodeContentCoding(absl::string_view content_encoding, std::string body,
                                                size_t max_bytes) {
  std::string coding = absl::AsciiStrToLower(absl::StripAsciiWhitespace(content_encoding));
  if (coding.empty() || coding == "identity") {
    if (body.size() > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("request body is larger than the limit of ", max_bytes, " bytes"));
    }
    return body;
  }
  if (body.size() > static_cast<size_t>(UINT32_MAX)) return absl::ResourceExhaustedError("compressed body too large");
  if (coding == "gzip" || coding == "x-gzip") return Inflate(body, 16 + MAX_WBITS, max_bytes);
  if (coding == "deflate") return Inflate(body, MAX_WBITS, max_bytes);  // the zlib format, as RFC 9110 defines it
  return absl::UnimplementedError(
      absl::StrCat("Content-Encoding '", coding.substr(0, 64), "' is not supported (gzip, deflate or identity)"));
}

}  // namespace dora
