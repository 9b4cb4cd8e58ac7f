#include "ingest/json_fields.h"

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
  EXPECT_EQ(ParseJsonObject("{").status().message(), "body is not valid JSON");
  EXPECT_EQ(ParseJsonObject("[]").status().message(), "body must be a JSON object");
}

}  // namespace
}  // namespace dora
