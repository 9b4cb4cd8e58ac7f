#include "ingest/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dora {

namespace {
std::string Hex(const unsigned char* bytes, size_t len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}
}  // namespace

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof(digest));
}

std::string HmacSha256Hex(absl::string_view key, absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  return Hex(mac, len);
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  // Digests first: the comparison then takes the same time whatever the
  // lengths, so neither the length nor a prefix of the secret leaks.
  unsigned char da[SHA256_DIGEST_LENGTH];
  unsigned char db[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), da);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), db);
  return CRYPTO_memcmp(da, db, sizeof(da)) == 0;
}

absl::Status VerifyGitHubSignature(absl::string_view secret, absl::string_view body, absl::string_view header) {
  if (header.empty()) return absl::UnauthenticatedError("missing X-Hub-Signature-256 header");
  absl::string_view sig = absl::StripAsciiWhitespace(header);
  if (!absl::ConsumePrefix(&sig, "sha256=")) {
    return absl::UnauthenticatedError("X-Hub-Signature-256 must start with sha256=");
  }
  if (!ConstantTimeEquals(absl::AsciiStrToLower(sig), HmacSha256Hex(secret, body))) {
    return absl::UnauthenticatedError("X-Hub-Signature-256 does not match the body");
  }
  return absl::OkStatus();
}

absl::Status VerifyPagerDutySignature(absl::string_view secret, absl::string_view body, absl::string_view header) {
  if (header.empty()) return absl::UnauthenticatedError("missing X-PagerDuty-Signature header");
  const std::string expected = HmacSha256Hex(secret, body);
  bool match = false;
  for (absl::string_view part : absl::StrSplit(header, ',')) {
    absl::string_view v = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&v, "v1=")) match |= ConstantTimeEquals(absl::AsciiStrToLower(v), expected);
  }
  if (!match) return absl::UnauthenticatedError("X-PagerDuty-Signature does not match the body");
  return absl::OkStatus();
}

absl::Status VerifySharedToken(absl::string_view expected, absl::string_view provided, absl::string_view header_name) {
  if (provided.empty()) return absl::UnauthenticatedError(absl::StrCat("missing ", header_name, " header"));
  if (!ConstantTimeEquals(expected, provided)) {
    return absl::UnauthenticatedError(absl::StrCat(header_name, " does not match the configured token"));
  }
  return absl::OkStatus();
}

absl::Status VerifyBearerToken(absl::string_view expected, absl::string_view authorization) {
  absl::string_view v = absl::StripAsciiWhitespace(authorization);
  if (v.empty()) return absl::UnauthenticatedError("missing Authorization header");
  // The scheme is case-insensitive (RFC 9110 §11.1).
  if (v.size() < 7 || !absl::EqualsIgnoreCase(v.substr(0, 7), "bearer ")) {
    return absl::UnauthenticatedError("Authorization must be \"Bearer <token>\"");
  }
  v.remove_prefix(7);
  return VerifySharedToken(expected, absl::StripAsciiWhitespace(v), "Authorization bearer token");
}

}  // namespace dora
