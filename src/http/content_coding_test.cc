#include "http/content_coding.h"

#include "gtest/gtest.h"
#include "http/raw_client.h"

namespace dora {
namespace {

using testing::Compress;

TEST(ContentCodingTest, IdentityAndCompressedBodiesDecode) {
  const std::string json = R"({"service":"api","environment":"prod"})";
  EXPECT_EQ(*DecodeContentCoding("", json, 1000), json);
  EXPECT_EQ(*DecodeContentCoding("identity", json, 1000), json);
  EXPECT_EQ(*DecodeContentCoding("gzip", Compress(json, true), 1000), json);
  EXPECT_EQ(*DecodeContentCoding("X-GZIP", Compress(json, true), 1000), json);
  EXPECT_EQ(*DecodeContentCoding("deflate", Compress(json, false), 1000), json);
}

TEST(ContentCodingTest, BombStopsAtTheLimit) {
  // 256 MiB of zeros compress to about 260 KB.
  const std::string bomb = Compress(std::string(256u << 20, '\0'), true);
  ASSERT_LT(bomb.size(), 300000u);
  auto r = DecodeContentCoding("gzip", bomb, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("1048576"), std::string::npos);
}

TEST(ContentCodingTest, CorruptTruncatedTrailingAndUnknownAreRefused) {
  const std::string gz = Compress("hello world", true);
  EXPECT_EQ(DecodeContentCoding("gzip", "not gzip", 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeContentCoding("gzip", gz.substr(0, gz.size() - 4), 100).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeContentCoding("gzip", gz + "junk", 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeContentCoding("br", "x", 100).status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(DecodeContentCoding("gzip, gzip", gz, 100).status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(DecodeContentCoding("", std::string(101, 'a'), 100).status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace dora
