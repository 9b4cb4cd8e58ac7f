#include "forms/shaping.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

enum class Col { kB, kA };

TEST(ShapingTest, SqlColumnsAreLocatedOnceAndReadByEnum) {
  SqlResult rows{{"a", "b"}, {{"1", "2"}}};
  auto cols = SqlColumns::Locate(rows, {"b", "a"});
  ASSERT_TRUE(cols.ok()) << cols.status();
  EXPECT_EQ(*cols->At(rows.rows[0], Col::kB), "2");
  EXPECT_EQ(*cols->At(rows.rows[0], Col::kA), "1");
  auto missing = SqlColumns::Locate(rows, {"a", "c"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(missing.status().message(), "engine error: unexpected database result: missing column c");
}

TEST(ShapingTest, CopyColumnsTypesCellsAndKeepsNulls) {
  SqlResult rows{{"s", "t_us", "i", "f"}, {{"x", "1000000", "7", "0.5"}, {std::nullopt, std::nullopt, "8", "1"}}};
  ResultTable t;
  ASSERT_TRUE(CopyColumns(rows,
                          {{"s", {"s", ColumnType::kString, Unit::kNone, ColumnRole::kDimension}},
                           {"t_us", {"at", ColumnType::kTime}},
                           {"i", {"i", ColumnType::kInt}},
                           {"f", {"f", ColumnType::kFloat, Unit::kSeconds, ColumnRole::kValue}}},
                          &t)
                  .ok());
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.ColumnWithRole(ColumnRole::kValue), 3);
  EXPECT_EQ(t.ColumnWithRole(ColumnRole::kBand), -1);
  EXPECT_EQ(std::get<absl::Time>(t.rows[0][1]), absl::FromUnixSeconds(1));
  EXPECT_EQ(std::get<int64_t>(t.rows[0][2]), 7);
  EXPECT_EQ(std::get<double>(t.rows[0][3]), 0.5);
  EXPECT_TRUE(IsNull(t.rows[1][0]));
  EXPECT_TRUE(IsNull(t.rows[1][1]));
  SqlResult bad{{"i"}, {{"seven"}}};
  ResultTable u;
  EXPECT_EQ(CopyColumns(bad, {{"i", {"i", ColumnType::kInt}}}, &u).code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace dora
