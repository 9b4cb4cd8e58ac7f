// Signature and token checks with arbitrary headers and bodies. Invariants:
// no crash; the correct signature of the body is always accepted, and a
// header is accepted only when it carries exactly that signature.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "ingest/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  const size_t cut = in.find('\n');
  const std::string header = in.substr(0, cut);
  const std::string body = cut == std::string::npos ? "" : in.substr(cut + 1);
  const std::string secret = "fuzz-secret";
  const std::string mac = dora::HmacSha256Hex(secret, body);
  if (!dora::VerifyGitHubSignature(secret, body, "sha256=" + mac).ok()) __builtin_trap();
  if (!dora::VerifyPagerDutySignature(secret, body, "v1=" + mac).ok()) __builtin_trap();
  if (dora::VerifyGitHubSignature(secret, body, header).ok()) {
    std::string h = std::string(absl::StripAsciiWhitespace(header));
    if (absl::AsciiStrToLower(h) != "sha256=" + mac) __builtin_trap();
  }
  (void)dora::VerifyPagerDutySignature(secret, body, header);
  if (dora::VerifyBearerToken("fuzz-token", header).ok() &&
      absl::AsciiStrToLower(std::string(absl::StripAsciiWhitespace(header))).find("fuzz-token") == std::string::npos) {
    __builtin_trap();
  }
  (void)dora::VerifySharedToken("fuzz-token", header, "X-Token");
  return 0;
}
