#include "datasource/variable_values.h"

#include "common/phase_error.h"
#include "datasource/resources.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "query/catalog_json.h"

namespace dora {
namespace {

VariableValuesRequest InRange(std::string query) {
  VariableValuesRequest r;
  r.query = std::move(query);
  r.from = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  r.to = absl::FromUnixSeconds(1769904000);    // 2026-02-01
  return r;
}

TEST(VariableValuesTest, ServicesOfTeamsInTheRange) {
  auto q = CompileVariableQuery(InRange("SERVICES where team in ('payments', 'o''brien')"));
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->dimension, Dimension::kService);
  EXPECT_EQ(q->normalized_text, "services where team in ('payments', 'o''brien')");
  EXPECT_EQ(q->sql.text,
            "SELECT DISTINCT s.service\nFROM delivery_events s\nWHERE s.team IN ($3::text, $4::text)"
            "\n  AND s.occurred_at >= $1::timestamptz AND s.occurred_at < $2::timestamptz"
            "\n  AND s.service IS NOT NULL\nORDER BY 1");
  EXPECT_EQ(q->sql.params,
            (std::vector<std::string>{"2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "payments", "o'brien"}));
}

TEST(VariableValuesTest, NoConditionsNoRangeListsEveryValueInEveryEnvironment) {
  VariableValuesRequest r;
  r.query = "environments";
  auto q = CompileVariableQuery(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->dimension, Dimension::kEnvironment);
  EXPECT_EQ(q->sql.text,
            "SELECT DISTINCT s.environment\nFROM delivery_events s"
            "\nWHERE s.occurred_at >= $1::timestamptz AND s.occurred_at < $2::timestamptz"
            "\n  AND s.environment IS NOT NULL\nORDER BY 1");
  EXPECT_EQ(q->sql.params[0], "0001-01-01T00:00:00Z");
}

TEST(VariableValuesTest, WildcardAndNegationAreTheLanguagesOwn) {
  auto all = CompileVariableQuery(InRange("teams where service in (*) and environment != 'dev'"));
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->normalized_text, "teams where environment != 'dev'");
  EXPECT_NE(all->sql.text.find("(s.environment = $3::text) IS NOT TRUE"), std::string::npos) << all->sql.text;
  auto negated = CompileVariableQuery(InRange("teams where service != *"));
  ASSERT_FALSE(negated.ok());
  EXPECT_NE(negated.status().message().find("'*' (any value) cannot be negated"), std::string::npos);
}

TEST(VariableValuesTest, ErrorsArePositionedAndNameTheWord) {
  struct Case {
    const char* query;
    int position;
    const char* message;
  };
  for (const Case& c : {
           Case{"servces where team = 'a'", 1, "unknown variable query 'servces'"},
           Case{"services where tam = 'a'", 16, "unknown dimension 'tam'"},
           Case{"services by team", 13, "a variable query takes only a where clause"},
           Case{"services p90", 10, "a variable query takes only a where clause"},
           Case{"services where team = ", 23, "unexpected end of query"},
           Case{"annotations", 1, "unknown variable query 'annotations'"},
       }) {
    auto q = CompileVariableQuery(InRange(c.query));
    ASSERT_FALSE(q.ok()) << c.query;
    auto pos = GetPositionedError(q.status());
    ASSERT_TRUE(pos.has_value()) << q.status();
    EXPECT_EQ(pos->position, c.position) << c.query << ": " << q.status();
    EXPECT_NE(q.status().message().find(c.message), std::string::npos) << q.status();
  }
  auto near = CompileVariableQuery(InRange("servces"));
  EXPECT_EQ(GetPositionedError(near.status())->suggestion, "services");
  VariableValuesRequest backwards = InRange("services");
  std::swap(backwards.from, backwards.to);
  EXPECT_FALSE(CompileVariableQuery(backwards).ok());
}

TEST(VariableValuesTest, TheCatalogPublishesWhatCompiles) {
  auto j = nlohmann::json::parse(CatalogJson())["variableQuery"];
  EXPECT_EQ(j["heads"], nlohmann::json({"services", "teams", "environments"}));
  for (const auto& head : j["heads"]) EXPECT_TRUE(CompileVariableQuery(InRange(head.get<std::string>())).ok()) << head;
  std::string example = j["example"];
  ASSERT_NE(example.find("($team)"), std::string::npos);
  example.replace(example.find("$team"), 5, "'payments'");
  EXPECT_TRUE(CompileVariableQuery(InRange(example)).ok()) << example;
  EXPECT_EQ(j["clauses"], nlohmann::json({"where"}));
  auto refused = CompileVariableQuery(InRange("teams every 1d"));
  EXPECT_NE(refused.status().message().find(j["refusal"].get<std::string>()), std::string::npos);
}

TEST(VariableValuesTest, ValuesResourceChecksTheBodyAndTheQueryBeforeTheDatabase) {
  absl::StatusOr<std::shared_ptr<DataSourceInstance>> none =
      absl::InvalidArgumentError("settings error: url: is empty");
  EXPECT_EQ(HandleResource(none, {"GET", "values", ""}).code, 405);
  EXPECT_EQ(HandleResource(none, {"POST", "values", "{}"}).code, 400);
  ResourceResponse bad_time = HandleResource(none, {"POST", "values", R"({"query":"services","from":"yesterday"})"});
  EXPECT_EQ(bad_time.code, 400);
  EXPECT_NE(bad_time.body.find("`from` must be epoch milliseconds"), std::string::npos) << bad_time.body;
  ResourceResponse bad = HandleResource(none, {"POST", "values", R"({"query":"services where tam = 'a'"})"});
  ASSERT_EQ(bad.code, 400);
  auto j = nlohmann::json::parse(bad.body);
  EXPECT_EQ(j["detail"]["position"], 16);
  EXPECT_NE(j["error"].get<std::string>().find("variable query: bind error: unknown dimension 'tam'"),
            std::string::npos)
      << bad.body;
  ResourceResponse good =
      HandleResource(none, {"POST", "values", R"({"query":"services where team = 'a'","from":1,"to":"2"})"});
  EXPECT_EQ(good.code, 400);  // a valid query, but the settings are broken: say so
  EXPECT_NE(good.body.find("settings error: url"), std::string::npos);
}

}  // namespace
}  // namespace dora
