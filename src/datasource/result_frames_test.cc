// Frame goldens: engine results (from canned rows) turned into frames and
// rendered as readable JSON under tests/frame_goldens/results/. Run with
// DORA_UPDATE_GOLDENS=1 to rewrite them, then review the diff. Every form's
// frames, on both paths (panels and alerting), keep the promise of the
// data-plane type they declare (frame/dataplane.h).
#include "datasource/result_frames.h"

#include <algorithm>

#include "forms/lead_samples_testing.h"
#include "frame/arrow_writer.h"
#include "frame/dataplane.h"
#include "frame/frame_json.h"
#include "golden.h"
#include "gtest/gtest.h"
#include "store/fake_sql_executor.h"

namespace dora {
namespace {

QueryContext Ctx() {
  QueryContext c;
  c.from = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  c.to = absl::FromUnixSeconds(1767225600 + 14 * 86400);
  return c;
}

struct Case {
  std::string name;
  std::string query;
  SqlResult rows;
  bool alerting = false;
};

// Lead times as the lead time statements return them (forms/lead_samples.h):
// `count` deploys `seconds` after their first commit.
std::string LeadTimes(int count, int64_t seconds) { return testing::RepeatedLeadText(count, seconds); }

std::vector<Case> Cases() {
  // api: six deploys 1.5 h after their first commit, one an hour before
  // it (skewed); web: two, 1 h after.
  SqlResult grouped{{"service", "value", "n", "skewed", "unresolved", "lead_us"},
                    {{"api", std::nullopt, "0", "0", "0", LeadTimes(6, 5400) + LeadTimes(1, -3600)},
                     {"web", std::nullopt, "0", "0", "0", LeadTimes(2, 3600)}}};
  SqlResult series{{"team", "time", "value", "n", "skewed", "unresolved"},
                   {{"payments", "1767225600", "3", "3", "0", "0"},
                    {"payments", "1767830400", "0", "0", "0", "0"},
                    {std::nullopt, "1767225600", "1", "1", "0", "0"},
                    {std::nullopt, "1767830400", "2", "2", "0", "0"}}};
  SqlResult cfr{{"service", "value", "n", "skewed", "unresolved"},
                {{"api", "0.2222222222222222", "9", "0", "0"}, {"db", "0.16666666666666666", "6", "0", "0"}}};
  // api: both periods; db: a previous sample below the minimum (5); new: the range only.
  SqlResult vs_previous{{"service", "value", "n", "skewed", "unresolved", "previous", "previous_n"},
                        {{"api", "0.2", "10", "0", "0", "0.25", "8"},
                         {"db", "0.1", "10", "0", "0", "0.5", "2"},
                         {"new", "0", "6", "0", "0", std::nullopt, "0"}}};
  // dora_score by service: api scores 8, 6, 10, 8, 9 (overall 8.2); web has
  // only a deploy frequency (answer 3: 4) with too few samples elsewhere.
  SqlResult score{{"service", "lead_time", "lead_time_n", "lead_time_lead_us", "deploy_frequency", "deploy_frequency_n",
                   "recovery_time", "recovery_time_n", "change_failure_rate", "change_failure_rate_n", "rework_rate",
                   "rework_rate_n"},
                  {{"api", std::nullopt, "0", LeadTimes(8, 7200), "0.5", "7", "1800", "5", "0.2", "10", "0.1", "10"},
                   {"web", std::nullopt, "0", LeadTimes(2, 3600), "0.1", "2", std::nullopt, "0", "0", "2", "0", "2"}}};
  return {
      {"lead_time_by_service", "lead_time p90 by service", grouped},
      {"lead_time_by_service_alerting", "lead_time p90 by service", grouped, true},
      {"deploys_by_team_weekly", "deploys by team every 1w", series},
      {"cfr_band_distribution", "change_failure_rate band distribution", cfr},
      {"annotations", "annotations where service = api",
       SqlResult{{"kind", "time_us", "time_end_us", "service", "team", "environment", "commit_sha", "incident_id",
                  "hotfix", "lead_s", "url"},
                 {{"deploy", "1767607200000000", std::nullopt, "api", "payments", "prod", "a1b2c3d4e5", std::nullopt,
                   "f", "7200", "https://ci.example.com/runs/42"},
                  {"incident", "1768133400000000", "1768137000000000", "api", "payments", "prod", std::nullopt, "i1",
                   std::nullopt, std::nullopt, std::nullopt}}}},
      {"empty_series", "deploys by service every 1d",
       SqlResult{{"service", "time", "value", "n", "skewed", "unresolved"}, {}}},
      {"cfr_band_distribution_alerting", "change_failure_rate band distribution", cfr, true},
      {"empty_metric", "lead_time p90 by service", SqlResult{grouped.columns, {}}},
      {"empty_metric_alerting", "lead_time p90 by service", SqlResult{grouped.columns, {}}, true},
      {"cfr_vs_previous", "change_failure_rate by service vs previous", vs_previous},
      {"cfr_vs_previous_alerting", "change_failure_rate by service vs previous", vs_previous, true},
      {"dora_score_by_service", "dora_score by service", score},
      {"dora_score_by_service_alerting", "dora_score by service", score, true},
  };
}

// The cases above, and every other form, on both paths.
std::vector<Case> EveryFormBothPaths() {
  std::vector<Case> all = Cases();
  all.push_back(
      {"recovery_samples", "recovery_time samples limit 5",
       SqlResult{
           {"service", "team", "environment", "incident_id", "path", "commit_sha", "url", "time_us", "end_us", "value"},
           {{"api", std::nullopt, "prod", "i1", "incident", std::nullopt, "https://acme.pagerduty.com/incidents/i1",
             "1767607200000000", "1767610800000000", "3600"}}}});
  all.push_back(
      {"data_quality", "data_quality",
       SqlResult{
           {"source", "events", "changes", "deploys", "incidents", "deploys_without_first_commit", "skewed",
            "resolved_without_open", "suspected_duplicates", "deploy_environments", "last_us", "received_us"},
           {{"github", "10", "4", "5", "1", "0", "0", "0", "0", "prod: 5", "1767607200000000", "1767607201000000"}}}});
  all.push_back({"team_series_with_no_team", "lead_time p50 by team every 1w",
                 SqlResult{{"team", "time", "value", "n", "skewed", "unresolved", "lead_us"},
                           {{std::nullopt, "1767225600", std::nullopt, "0", "0", "0", LeadTimes(5, 60)}}}});
  all.push_back({"metric_by_team_with_no_team", "change_failure_rate by team",
                 SqlResult{{"team", "value", "n", "skewed", "unresolved"},
                           {{"payments", "0.1", "10", "0", "0"}, {std::nullopt, "0.5", "6", "0", "0"}}}});
  const size_t n = all.size();
  for (size_t i = 0; i < n; ++i) {
    Case other = all[i];
    other.alerting = !other.alerting;
    all.push_back(other);
  }
  return all;
}

TEST(ResultFramesTest, Goldens) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    FakeSqlExecutor fake;
    fake.QueueResult(c.rows);
    auto result = QueryEngine(&fake).Run(c.query, Ctx());
    ASSERT_TRUE(result.ok()) << result.status();
    std::vector<Frame> frames = FramesForResult(*result, "A", c.alerting);
    for (const Frame& f : frames) ASSERT_TRUE(EncodeArrowFile(f).ok());
    std::string text = FramesToReadableText(frames);
    testing::ExpectMatchesGolden(std::string(DORA_RESULT_GOLDEN_DIR) + "/" + c.name + ".json", text);
  }
}

TEST(ResultFramesTest, EveryFrameKeepsItsDeclaredType) {
  for (const Case& c : EveryFormBothPaths()) {
    SCOPED_TRACE(c.name + (c.alerting ? " (alerting)" : " (panels)"));
    FakeSqlExecutor fake;
    fake.QueueResult(c.rows);
    auto result = QueryEngine(&fake).Run(c.query, Ctx());
    ASSERT_TRUE(result.ok()) << result.status();
    std::vector<Frame> frames = FramesForResult(*result, "A", c.alerting);
    ASSERT_FALSE(frames.empty());
    EXPECT_TRUE(CheckDeclaredType(frames).ok()) << CheckDeclaredType(frames);
    // Alert rules read typed frames only; panels get typed frames only where
    // nothing but dimensions, time and value is in them (series).
    const FrameType type = frames[0].meta->type;
    if (c.alerting && IsAlertable(result->query)) {
      EXPECT_NE(type, FrameType::kNone);
    }
    if (!c.alerting && result->query.form != QueryForm::kSeries) {
      EXPECT_EQ(type, FrameType::kNone);
    }
  }
}

TEST(ResultFramesTest, AlertingFramesHoldOnlyDimensionsAndValue) {
  FakeSqlExecutor fake;
  fake.QueueResult(Cases()[0].rows);
  auto result = QueryEngine(&fake).Run("lead_time p90 by service", Ctx());
  std::vector<Frame> frames = FramesForResult(*result, "A", true);
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_EQ(frames[0].fields.size(), 2u);
  EXPECT_EQ(frames[0].fields[0].type, FieldType::kString);
  EXPECT_EQ(frames[0].fields[1].name, "value");
  EXPECT_EQ(frames[0].meta->type, FrameType::kNumericLong);
  EXPECT_EQ(frames[0].meta->type_version[1], 1);
}

// `vs previous`: the panel table carries previous, previous_n and change_pct
// with their units; alert rules still get dimensions and value only.
TEST(ResultFramesTest, VsPreviousAddsTableColumnsButNotAlertingFields) {
  std::vector<Case> cases = Cases();
  auto it = std::find_if(cases.begin(), cases.end(), [](const Case& k) { return k.name == "cfr_vs_previous"; });
  ASSERT_NE(it, cases.end());
  const Case c = *it;
  for (bool alerting : {false, true}) {
    FakeSqlExecutor fake;
    fake.QueueResult(c.rows);
    auto result = QueryEngine(&fake).Run(c.query, Ctx());
    ASSERT_TRUE(result.ok()) << result.status();
    std::vector<Frame> frames = FramesForResult(*result, "A", alerting);
    ASSERT_EQ(frames.size(), 1u);
    std::vector<std::string> names;
    for (const Field& f : frames[0].fields) names.push_back(f.name);
    if (alerting) {
      EXPECT_EQ(names, (std::vector<std::string>{"service", "value"}));
      continue;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"service", "value", "n", "band", "previous", "previous_n", "change_pct",
                                               "note"}));
    EXPECT_EQ(frames[0].fields[4].config->unit, "percentunit");
    EXPECT_EQ(frames[0].fields[6].config->unit, "percent");
    EXPECT_EQ(frames[0].fields[6].type, FieldType::kFloat64);
  }
}

// Issue 13: the pipeline health rule alerts on data_quality: alerting gets
// one number per source (its events) with the source as the label; panels
// keep the plain table.
TEST(ResultFramesTest, DataQualityAlertsWithEventsPerSource) {
  SqlResult rows{
      {"source", "events", "changes", "deploys", "incidents", "deploys_without_first_commit", "skewed",
       "resolved_without_open", "suspected_duplicates", "deploy_environments", "last_us", "received_us"},
      {{"ci", "12", "0", "12", "0", "0", "0", "0", "0", "prod: 12", "1767225600000000", "1767225600000000"},
       {"github", "30", "30", "0", "0", "0", "0", "0", "0", std::nullopt, "1767225600000000", "1767225600000000"}}};
  FakeSqlExecutor fake;
  fake.QueueResult(rows);
  auto result = QueryEngine(&fake).Run("data_quality", Ctx());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(IsAlertable(result->query));
  std::vector<Frame> frames = FramesForResult(*result, "A", true);
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_EQ(frames[0].fields.size(), 2u);
  EXPECT_EQ(frames[0].fields[0].name, "source");
  EXPECT_EQ(frames[0].fields[0].type, FieldType::kString);
  EXPECT_EQ(frames[0].fields[1].name, "events");
  EXPECT_EQ(frames[0].fields[1].type, FieldType::kFloat64);
  EXPECT_EQ(frames[0].meta->type, FrameType::kNumericLong);
  EXPECT_EQ(FramesForResult(*result, "A", false)[0].fields.size(), 12u);
}

}  // namespace
}  // namespace dora
