#include "engine/format.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

ResultTable Sample() {
  ResultTable t;
  t.columns = {{"service", ColumnType::kString},
               {"value", ColumnType::kFloat, Unit::kSeconds},
               {"n", ColumnType::kInt},
               {"band", ColumnType::kString}};
  t.rows.push_back({std::string("checkout"), 7200.0, int64_t{12}, std::string("Elite")});
  t.rows.push_back({std::string("a,\"b\""), Cell(), int64_t{2}, Cell()});
  return t;
}

TEST(FormatTest, Json) {
  EXPECT_EQ(FormatTable(Sample(), OutputFormat::kJson),
            "[\n  {\n    \"service\": \"checkout\",\n    \"value\": 7200.0,\n    \"n\": 12,\n"
            "    \"band\": \"Elite\"\n  },\n  {\n    \"service\": \"a,\\\"b\\\"\",\n    \"value\": null,\n"
            "    \"n\": 2,\n    \"band\": null\n  }\n]\n");
}

TEST(FormatTest, CsvQuotes) {
  EXPECT_EQ(FormatTable(Sample(), OutputFormat::kCsv),
            "service,value,n,band\ncheckout,7200,12,Elite\n\"a,\"\"b\"\"\",,2,\n");
}

TEST(FormatTest, TableHumanizesUnits) {
  EXPECT_EQ(FormatTable(Sample(), OutputFormat::kTable),
            "service   value  n   band\ncheckout  2.0h   12  Elite\na,\"b\"     -      2   -\n");
  EXPECT_EQ(HumanDuration(90), "1.5m");
  EXPECT_EQ(HumanDuration(3 * 86400), "3.0d");
}

}  // namespace
}  // namespace dora
