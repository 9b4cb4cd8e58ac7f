#include "sql/sql_statement.h"

#include <string>

#include "gtest/gtest.h"

namespace dora {
namespace {

SqlStatement TenParams() {
  SqlStatement statement;
  statement.text = "SELECT $1::int, $10::text[], $2::text || '$' || $9::text, $$1";
  for (int i = 1; i <= 10; ++i) statement.params.push_back("p" + std::to_string(i));
  statement.params[1] = "it's";
  statement.params[9] = "{a,b,c,d,e,f,g,h,i}";
  statement.local_settings = {"work_mem = '32MB'"};
  return statement;
}

TEST(SqlStatementTest, PsqlFormInlinesEveryParameterInFull) {
  EXPECT_EQ(RenderForPsql(TenParams()),
            "BEGIN;\nSET LOCAL TimeZone = 'UTC';\nSET LOCAL jit = off;\nSET LOCAL parallel_setup_cost = 10000;\n"
            "SET LOCAL work_mem = '32MB';\n"
            "SELECT 'p1'::int, '{a,b,c,d,e,f,g,h,i}'::text[], 'it''s'::text || '$' || 'p9'::text, $$1;\n"
            "ROLLBACK;\n");
}

TEST(SqlStatementTest, DisplayFormAbbreviatesLongArrays) {
  const std::string shown = RenderForDisplay(TenParams());
  EXPECT_NE(shown.find("-- $10 = '{a,b,c,d,...,h,i} (9 elements)'"), std::string::npos) << shown;
  EXPECT_NE(shown.find("-- $2 = 'it''s'"), std::string::npos) << shown;
}

}  // namespace
}  // namespace dora
