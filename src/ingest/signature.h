// Webhook authentication: HMAC signatures and shared tokens, compared in
// constant time. Failures are Unauthenticated statuses whose messages never
// contain the secret or the expected value.
#ifndef DORA_INGEST_SIGNATURE_H_
#define DORA_INGEST_SIGNATURE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dora {

// Lowercase hex HMAC-SHA256 of `data` keyed with `key`.
std::string HmacSha256Hex(absl::string_view key, absl::string_view data);

// Lowercase hex SHA-256 of `data` (dedupe keys derived from content).
std::string Sha256Hex(absl::string_view data);

// Compares SHA-256 digests of both in constant time: the time reveals
// neither the length nor a common prefix.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// GitHub: X-Hub-Signature-256 = "sha256=" + hex HMAC of the raw body.
absl::Status VerifyGitHubSignature(absl::string_view secret, absl::string_view body, absl::string_view header);

// PagerDuty v3: X-PagerDuty-Signature holds one or more "v1=<hex>" entries,
// comma-separated (several while a secret rotates); any match passes.
absl::Status VerifyPagerDutySignature(absl::string_view secret, absl::string_view body, absl::string_view header);

// A shared token sent verbatim in a header (GitLab's X-Gitlab-Token, the
// Opsgenie integration's custom header). `header_name` is for the message.
absl::Status VerifySharedToken(absl::string_view expected, absl::string_view provided, absl::string_view header_name);

// "Authorization: Bearer <token>" (the scheme in any case).
absl::Status VerifyBearerToken(absl::string_view expected, absl::string_view authorization);

}  // namespace dora

#endif  // DORA_INGEST_SIGNATURE_H_
