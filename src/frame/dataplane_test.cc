// Each data-plane rule of frame/dataplane.h, kept and broken once.
#include "frame/dataplane.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

FrameMeta Typed(FrameType type) {
  FrameMeta m;
  m.type = type;
  m.type_version[1] = 1;
  return m;
}

Frame NumericLong() {
  Frame f;
  f.meta = Typed(FrameType::kNumericLong);
  f.fields.push_back(StringField("service", {"api", "web"}, /*nullable=*/false));
  f.fields.push_back(FloatField("value", {1.5, std::nullopt}));
  return f;
}

Frame Series(const std::string& service) {
  Frame f;
  f.meta = Typed(FrameType::kTimeSeriesMulti);
  f.fields.push_back(TimeField("time", {1000, 2000}));
  f.fields.push_back(FloatField("value", {1.0, std::nullopt}));
  f.fields[1].labels = std::map<std::string, std::string>{{"service", service}};
  return f;
}

void ExpectBroken(const std::vector<Frame>& frames, const std::string& words) {
  absl::Status s = CheckDeclaredType(frames);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find(words), std::string::npos) << s.message();
}

TEST(DataplaneTest, KeptPromises) {
  EXPECT_TRUE(CheckDeclaredType({}).ok());
  EXPECT_TRUE(CheckDeclaredType({NumericLong()}).ok());
  EXPECT_TRUE(CheckDeclaredType({Series("api"), Series("web")}).ok());
  Frame no_data;
  no_data.meta = Typed(FrameType::kNumericLong);
  EXPECT_TRUE(CheckDeclaredType({no_data}).ok());
  // A plain table may hold anything.
  Frame table = NumericLong();
  table.meta = FrameMeta();
  table.fields.push_back(IntField("n", {6, 2}));
  table.fields.push_back(StringField("note", {std::nullopt, "insufficient sample"}));
  EXPECT_TRUE(CheckDeclaredType({table}).ok());
  // One row needs no dimension.
  Frame one;
  one.meta = Typed(FrameType::kNumericLong);
  one.fields.push_back(FloatField("value", {3.0}));
  EXPECT_TRUE(CheckDeclaredType({one}).ok());
}

TEST(DataplaneTest, EveryFrameDeclaresTheSameTypeAtVersionZeroOne) {
  Frame untyped = Series("web");
  untyped.meta.reset();
  ExpectBroken({Series("api"), untyped}, "another type");
  Frame old = NumericLong();
  old.meta->type_version[1] = 0;
  ExpectBroken({old}, "typeVersion [0,1]");
  Frame versioned = NumericLong();
  versioned.meta->type = FrameType::kNone;
  ExpectBroken({versioned}, "typeVersion but no type");
}

TEST(DataplaneTest, NoDataIsOneFrameWithoutFields) {
  Frame empty = NumericLong();
  for (Field& f : empty.fields)
    f = f.type == FieldType::kString ? StringField(f.name, {}, false) : FloatField(f.name, {});
  ExpectBroken({empty}, "no-data form");
  Frame bare;
  bare.meta = Typed(FrameType::kTimeSeriesMulti);
  ExpectBroken({bare, Series("api")}, "not the only frame");
}

TEST(DataplaneTest, NumericLongHoldsDimensionsAndOneMetric) {
  Frame extra_number = NumericLong();
  extra_number.fields.push_back(IntField("n", {6, 2}));
  ExpectBroken({extra_number}, "2 numeric fields");
  Frame none = NumericLong();
  none.fields.pop_back();
  ExpectBroken({none}, "0 numeric fields");
  Frame time = NumericLong();
  time.fields.push_back(TimeField("time", {1, 2}));
  ExpectBroken({time}, "field 'time' is neither");
  Frame null_dim = NumericLong();
  null_dim.fields[0] = StringField("service", {"api", std::nullopt});
  ExpectBroken({null_dim}, "dimension with nulls");
  Frame labelled = NumericLong();
  labelled.fields[1].labels = std::map<std::string, std::string>{{"a", "b"}};
  ExpectBroken({labelled}, "has labels");
  Frame repeated = NumericLong();
  repeated.fields[0] = StringField("service", {"api", "api"}, false);
  ExpectBroken({repeated}, "repeats the dimensions (api)");
  Frame anonymous = NumericLong();
  anonymous.fields.erase(anonymous.fields.begin());
  ExpectBroken({anonymous}, "no dimension");
  ExpectBroken({NumericLong(), NumericLong()}, "single frame");
}

TEST(DataplaneTest, TimeSeriesMultiHoldsTimeAndOneLabelledValue) {
  Frame with_string = Series("api");
  with_string.fields.push_back(StringField("band", {"Elite", "Low"}));
  ExpectBroken({with_string}, "nothing else");
  Frame null_time = Series("api");
  null_time.fields[0] = TimeField("time", {1000, std::nullopt}, /*nullable=*/true);
  ExpectBroken({null_time}, "time field with nulls");
  Frame unsorted = Series("api");
  unsorted.fields[0] = TimeField("time", {2000, 1000});
  ExpectBroken({unsorted}, "not ascending at row 1");
  ExpectBroken({Series("api"), Series("api")}, "repeats another frame's name and labels");
}

}  // namespace
}  // namespace dora
