#include "datasource/query_handler.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

RawDataSourceSettings UnreachableDatabaseSettings() {
  RawDataSourceSettings r;
  r.uid = "ds";
  r.url = "127.0.0.1:1";
  r.user = "grafana";
  r.json_data = R"({"database":"dora","sslmode":"disable"})";
  r.last_updated_ms = 1;
  return r;
}

DataQueryInput Input(const std::string& ref_id, const std::string& expr) {
  return DataQueryInput{ref_id, absl::StrCat(R"({"expr":")", expr, R"("})"), 1767225600000, 1769904000000, 0, 100};
}

// Each query carries its own latency, for the plugin's per-query histogram;
// a query that never ran (a shared refId) has none.
TEST(QueryHandlerTest, EachQueryMeasuresItsOwnLatency) {
  InstanceCache cache;
  auto instance = cache.Get(UnreachableDatabaseSettings());
  ASSERT_TRUE(instance.ok()) << instance.status();
  std::vector<DataQueryOutput> out = RunDataQueries(
      **instance, {Input("A", "lead_tme p90"), Input("B", "deploys samples by x"), Input("C", "x"), Input("C", "y")},
      /*from_alert=*/false, /*parallelism=*/1);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_NE(out[0].error.find("bind error: unknown metric"), std::string::npos) << out[0].error;
  EXPECT_GT(out[0].latency, absl::ZeroDuration());
  EXPECT_GT(out[1].latency, absl::ZeroDuration());
  EXPECT_EQ(out[2].latency, absl::ZeroDuration());
  EXPECT_EQ(out[3].latency, absl::ZeroDuration());
}

DataQueryInput WithModel(const std::string& ref_id, const std::string& model, int64_t to_ms = 1769904000000) {
  return DataQueryInput{ref_id, model, 1767225600000, to_ms, 0, 100};
}

TEST(QueryHandlerTest, QueriesAskingTheSameQuestionShareTheFirst) {
  const std::vector<DataQueryInput> inputs = {
      WithModel("A", R"({"refId":"A","expr":"deploys vs previous"})"),
      WithModel("N", R"({"refId":"N","expr":"deploys vs previous","datasource":{"uid":"x"}})"),
      WithModel("B", R"({"expr":"deploys vs previous","timezone":"Europe/Berlin"})"),
      WithModel("C", R"({"expr":"deploys vs previous"})", /*to_ms=*/1769904000001),
      WithModel("D", R"({"expr":"deploys vs previous","hide":true})"),
      WithModel("E", R"({"expr":"deploys vs previous","hide":"yes"})"),
      WithModel("F", R"({"expr":"deploys vs previous"})"),
      WithModel("G", R"({"expr":"deploys vs previous","timezone":"Europe/Berlin"})"),
  };
  EXPECT_EQ(SameQuestionAs(inputs, std::vector<bool>(inputs.size(), true)),
            (std::vector<size_t>{0, 0, 2, 3, 4, 5, 0, 2}));
  // A query that does not run (a shared refId) is never the one others copy.
  std::vector<bool> runs(inputs.size(), true);
  runs[0] = false;
  EXPECT_EQ(SameQuestionAs(inputs, runs), (std::vector<size_t>{0, 1, 2, 3, 4, 5, 1, 2}));
}

TEST(QueryHandlerTest, ACopiedAnswerKeepsItsOwnRefIdAndTheFirstsFailure) {
  InstanceCache cache;
  auto instance = cache.Get(UnreachableDatabaseSettings());
  ASSERT_TRUE(instance.ok()) << instance.status();
  std::vector<DataQueryOutput> out =
      RunDataQueries(**instance, {Input("A", "lead_tme p90"), Input("N", "lead_tme p90")},
                     /*from_alert=*/false, /*parallelism=*/2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].error, out[0].error);
  EXPECT_EQ(out[1].http_status, 400);
}

// Table forms are refused for alert rules before any database work.
TEST(QueryHandlerTest, AlertsNeedAMetricValuedForm) {
  InstanceCache cache;
  auto instance = cache.Get(UnreachableDatabaseSettings());
  ASSERT_TRUE(instance.ok()) << instance.status();
  DataQueryOutput out = RunDataQuery(**instance, Input("A", "annotations"), /*from_alert=*/true);
  EXPECT_EQ(out.http_status, 400);
  EXPECT_NE(out.error.find("returns a table of events"), std::string::npos) << out.error;
}

// Issue 13: a request without the viewer's zone (an alert rule, an API call,
// "browser" that the frontend could not resolve) runs in the data source's
// defaultTimeZone; the frontend sends the browser's IANA zone.
TEST(QueryHandlerTest, RequestsWithoutAZoneUseTheDefaultTimeZoneSetting) {
  EXPECT_EQ(QueryTimeZone(std::nullopt, "Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(QueryTimeZone(std::string(""), "Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(QueryTimeZone(std::string("browser"), "Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(QueryTimeZone(std::string("utc"), "Europe/Berlin"), "UTC");
  EXPECT_EQ(QueryTimeZone(std::string("America/New_York"), "Europe/Berlin"), "America/New_York");

  // End to end through the instance: day buckets of a `browser` query are
  // compiled in the setting's zone (the binder checks the zone before any
  // database work, so an unknown requested zone names itself).
  InstanceCache cache;
  RawDataSourceSettings raw = UnreachableDatabaseSettings();
  raw.json_data = R"({"database":"dora","sslmode":"disable","defaultTimeZone":"Europe/Berlin"})";
  auto instance = cache.Get(raw);
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ((*instance)->settings().default_time_zone, "Europe/Berlin");
  DataQueryInput in = Input("A", "deploys every 1d");
  in.json = R"({"expr":"deploys every 1d","timezone":"Mars/Olympus"})";
  DataQueryOutput out = RunDataQuery(**instance, in, /*from_alert=*/false);
  EXPECT_NE(out.error.find("unknown time zone 'Mars/Olympus'"), std::string::npos) << out.error;
}

}  // namespace
}  // namespace dora
