#include "http/content_coding.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/raw_client.h"
#include "status_matchers.h"

namespace dora {
namespace {

using testing::Compress;
using ::testing::HasSubstr;
using testing::IsOkAndHolds;
using testing::StatusIs;

TEST(ContentCodingTest, IdentityAndCompressedBodiesDecode) {
  const std::string json = R"({"service":"api","environment":"prod"})";
  EXPECT_THAT(DecodeContentCoding("", json, 1000), IsOkAndHolds(json));
  EXPECT_THAT(DecodeContentCoding("identity", json, 1000), IsOkAndHolds(json));
  EXPECT_THAT(DecodeContentCoding("gzip", Compress(json, true), 1000), IsOkAndHolds(json));
  EXPECT_THAT(DecodeContentCoding("X-GZIP", Compress(json, true), 1000), IsOkAndHolds(json));
  EXPECT_THAT(DecodeContentCoding("deflate", Compress(json, false), 1000), IsOkAndHolds(json));
}

TEST(ContentCodingTest, BombStopsAtTheLimit) {
  // 256 MiB of zeros compress to about 260 KB.
  const std::string bomb = Compress(std::string(256u << 20, '\0'), true);
  ASSERT_LT(bomb.size(), 300000u);
  EXPECT_THAT(DecodeContentCoding("gzip", bomb, 1 << 20),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("1048576")));
}

TEST(ContentCodingTest, CorruptTruncatedTrailingAndUnknownAreRefused) {
  const std::string gz = Compress("hello world", true);
  EXPECT_THAT(DecodeContentCoding("gzip", "not gzip", 100), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeContentCoding("gzip", gz.substr(0, gz.size() - 4), 100),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeContentCoding("gzip", gz + "junk", 100), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(DecodeContentCoding("br", "x", 100), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(DecodeContentCoding("gzip, gzip", gz, 100), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(DecodeContentCoding("", std::string(101, 'a'), 100), StatusIs(absl::StatusCode::kResourceExhausted));
}

}  // namespace
}  // namespace dora
