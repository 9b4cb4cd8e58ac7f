#include "frame/frame_json.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(FrameMetaTest, OnlyStrictlyAcceptedKeysAndValues) {
  FrameMeta m;
  m.notices.push_back({NoticeSeverity::kError, "x"});
  EXPECT_EQ(FrameMetaToJson(m).dump(), R"({"typeVersion":[0,0],"notices":[{"severity":"error","text":"x"}]})");
  FieldConfig c;
  c.unit = "percentunit";
  c.min = 0;
  c.max = std::numeric_limits<double>::infinity();
  c.value_mappings.push_back({"Low", "Low", "red", 3});
  EXPECT_EQ(
      FieldConfigToJson(c).dump(),
      R"({"unit":"percentunit","min":0.0,"max":null,"mappings":[{"type":"value","options":{"Low":{"text":"Low","color":"red","index":3}}}]})");
}

TEST(FrameJsonTest, ReadableTimes) {
  Frame f;
  f.ref_id = "A";
  f.fields.push_back(TimeField("time", {1767225600000000000, 1767225600000000500}));
  EXPECT_EQ(
      FrameToReadableJson(f).dump(),
      R"({"name":"","refId":"A","fields":[{"name":"time","type":"time","nullable":false,"values":["2026-01-01T00:00:00Z","2026-01-01T00:00:00.0000005Z"]}]})");
}

}  // namespace
}  // namespace dora
