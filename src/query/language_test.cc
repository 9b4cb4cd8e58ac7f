#include "query/language.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(QuerySynopsisTest, OneLinePerFormAQueryStartsAs) {
  EXPECT_THAT(
      QuerySynopsis(),
      ElementsAre("<metric> [stat] [by <dims>] [where <conditions>] [every <n>h|d|w|mo|auto "
                  "[rolling <n>d|w|mo]] [band distribution] [vs previous]",
                  "dora_score [by <dims>] [where <conditions>]", "<metric> samples [where <conditions>] [limit <n>]",
                  "annotations [<kinds>] [where <conditions>]", "data_quality [where <conditions>]"));
}

TEST(QuerySynopsisTest, NamesEveryClause) {
  std::string all;
  for (const std::string& line : QuerySynopsis()) all += line + "\n";
  for (const std::string& keyword : ClauseKeywords())
    EXPECT_THAT(all, HasSubstr("[" + ClausePhrase(keyword))) << keyword;
}

}  // namespace
}  // namespace dora
