#include "ingest/signature.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(SignatureTest, HmacMatchesRfc4231Case2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SignatureTest, GitHub) {
  const std::string body = R"({"zen":"Keep it logically awesome."})";
  const std::string sig = "sha256=" + HmacSha256Hex("s3cret", body);
  EXPECT_TRUE(VerifyGitHubSignature("s3cret", body, sig).ok());
  EXPECT_EQ(VerifyGitHubSignature("s3cret", body + " ", sig).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyGitHubSignature("other", body, sig).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyGitHubSignature("s3cret", body, "").message(), "missing X-Hub-Signature-256 header");
  EXPECT_FALSE(VerifyGitHubSignature("s3cret", body, HmacSha256Hex("s3cret", body)).ok());  // no sha256= prefix
  // The secret never appears in a message.
  EXPECT_EQ(VerifyGitHubSignature("s3cret", body, "sha256=00").message().find("s3cret"), std::string::npos);
}

TEST(SignatureTest, PagerDutyAcceptsAnyOfSeveralSignatures) {
  const std::string body = R"({"event":{}})";
  const std::string good = "v1=" + HmacSha256Hex("pd", body);
  EXPECT_TRUE(VerifyPagerDutySignature("pd", body, good).ok());
  EXPECT_TRUE(VerifyPagerDutySignature("pd", body, "v1=deadbeef, " + good).ok());
  EXPECT_FALSE(VerifyPagerDutySignature("pd", body, "v1=deadbeef").ok());
  EXPECT_FALSE(VerifyPagerDutySignature("pd", body, "").ok());
}

TEST(SignatureTest, Tokens) {
  EXPECT_TRUE(VerifySharedToken("tok", "tok", "X-Gitlab-Token").ok());
  EXPECT_EQ(VerifySharedToken("tok", "tok2", "X-Gitlab-Token").message(),
            "X-Gitlab-Token does not match the configured token");
  EXPECT_EQ(VerifySharedToken("tok", "", "X-Gitlab-Token").message(), "missing X-Gitlab-Token header");
  EXPECT_TRUE(VerifyBearerToken("abc", "Bearer abc").ok());
  EXPECT_FALSE(VerifyBearerToken("abc", "Basic abc").ok());
  EXPECT_FALSE(VerifyBearerToken("abc", "Bearer abd").ok());
  // The scheme is case-insensitive; the token is not.
  EXPECT_TRUE(VerifyBearerToken("abc", "bearer abc").ok());
  EXPECT_TRUE(VerifyBearerToken("abc", "BEARER   abc").ok());
  EXPECT_FALSE(VerifyBearerToken("abc", "Bearer ABC").ok());
  EXPECT_FALSE(VerifyBearerToken("abc", "Bearerabc").ok());
}

TEST(SignatureTest, ConstantTimeEqualsComparesAnyLengths) {
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "toke"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokenx"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace dora
