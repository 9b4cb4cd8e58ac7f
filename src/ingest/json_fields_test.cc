#include "ingest/json_fields.h"

#include "absl/strings/match.h"
#include "common/time_spec.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(JsonFieldsTest, NamesTheField) {
  auto j = *ParseJsonObject(R"({"a":{"b":1,"c":"x","t":"nope"},"n":null})");
  auto s = RequiredString(j, "a.b");
  EXPECT_EQ(s.status().message(), "field 'a.b' must be a string");
  EXPECT_EQ(ErrorField(s.status()), "a.b");
  EXPECT_EQ(RequiredString(j, "a.missing").status().message(), "field 'a.missing' is missing");
  EXPECT_EQ(RequiredString(j, "n").status().message(), "field 'n' is missing");
  EXPECT_EQ(*RequiredString(j, "a.c"), "x");
  auto t = RequiredTime(j, "a.t");
  EXPECT_EQ(ErrorField(t.status()), "a.t");
  EXPECT_EQ(ErrorField(WithFieldPrefix(t.status(), "items[3]")), "items[3].a.t");
}

TEST(JsonFieldsTest, TimesInEveryProviderFormatBecomeUtc) {
  EXPECT_EQ(FormatRfc3339Utc(*ParseEventTime("2026-06-08T11:00:00+02:00")), "2026-06-08T09:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseEventTime("2026-06-08T09:00:00.123Z")), "2026-06-08T09:00:00.123000Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseEventTime("2026-06-08 11:00:00 +0200")), "2026-06-08T09:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(*ParseEventTime("2026-06-08 09:00:00 UTC")), "2026-06-08T09:00:00Z");
  EXPECT_FALSE(ParseEventTime("yesterday").ok());
  EXPECT_FALSE(ParseEventTime("2026-13-40T00:00:00Z").ok());
}

TEST(JsonFieldsTest, BodiesMustBeObjects) {
  EXPECT_TRUE(
      absl::StartsWith(ParseJsonObject("{").status().message(), "body is not valid JSON: parse error at line 1"));
  EXPECT_EQ(ParseJsonObject("[]").status().message(), "body must be a JSON object");
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

TEST(JsonBodyBytesTest, NulBytesAndTrailingJunkAreRefused) {
  EXPECT_FALSE(ParseJsonObject(std::string("{\"a\":1}\0junk", 12)).ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":1} junk").ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":1}{\"a\":2}").ok());
  EXPECT_TRUE(ParseJsonObject("{\"a\":1}\r\n").ok());
}

}  // namespace
}  // namespace dora
