// The per-deploy failure ledger's worked examples (docs/metrics.md, "Failure
// signals") on a real PostgreSQL, under the reference rule and dora-2024.
#include <fstream>
#include <map>
#include <sstream>

#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::TestDatabase;

class FailureLedgerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("failure_ledger");
    db_->ExecFile(DORA_METRIC_TRUTH_SQL);
  }
  static void TearDownTestSuite() { delete db_; }

  static ResultTable Run(const std::string& q, const char* signals) {
    QueryContext ctx;
    ctx.from = absl::FromCivil(absl::CivilDay(2026, 12, 7), absl::UTCTimeZone());
    ctx.to = ctx.from + absl::Hours(24);
    ctx.policy.min_sample = 1;
    ctx.policy.failure_signals = *ParseFailureSignals(signals);
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, ctx);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? r->table : ResultTable{};
  }

  // service -> value of a `... by service` query.
  static std::map<std::string, std::optional<double>> ByService(const std::string& q, const char* signals) {
    ResultTable t = Run(q + " by service where service in ('ex-a','ex-b','ex-c','ex-d','ex-e','ex-f')", signals);
    std::map<std::string, std::optional<double>> out;
    const int svc = t.ColumnIndex("service"), val = t.ColumnIndex("value");
    for (const auto& row : t.rows) {
      out[std::get<std::string>(row[svc])] = NumericCell(row[val]);
    }
    return out;
  }

  // Recovery samples of one service as "path:seconds", largest first.
  static std::vector<std::string> RecoverySamples(const char* service, const char* signals) {
    ResultTable t = Run(absl::StrCat("recovery_time samples where service = '", service, "'"), signals);
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
      out.push_back(absl::StrCat(std::get<std::string>(row[t.ColumnIndex("path")]), ":",
                                 std::get<double>(row[t.ColumnIndex("value")])));
    }
    return out;
  }

  // (outcome, reason) of each deploy of a service, oldest first.
  static std::vector<std::pair<std::string, std::string>> Outcomes(const char* service, const char* signals) {
    ResultTable t = Run(absl::StrCat("deploys samples where service = '", service, "'"), signals);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : t.rows) {
      const Cell& reason = row[t.ColumnIndex("reason")];
      out.insert(out.begin(), {std::get<std::string>(row[t.ColumnIndex("outcome")]),
                               IsNull(reason) ? "" : std::get<std::string>(reason)});
    }
    return out;
  }

  static TestDatabase* db_;
};

TestDatabase* FailureLedgerTest::db_ = nullptr;

using Outcome = std::pair<std::string, std::string>;

TEST_F(FailureLedgerTest, ReferenceRuleIsTheReferenceDesignsNumbers) {
  auto cfr = ByService("change_failure_rate", "reference");
  EXPECT_DOUBLE_EQ(*cfr["ex-a"], 2.0 / 3);  // the failed deploy and the rollback deploy
  EXPECT_EQ(*cfr["ex-b"], 0.0);
  EXPECT_EQ(*cfr["ex-c"], 0.0);
  EXPECT_DOUBLE_EQ(*cfr["ex-d"], 1.0 / 3);  // the rollback deploy itself
  EXPECT_EQ(*cfr["ex-e"], 0.0);             // a hotfix is rework, not a failure
  EXPECT_EQ(*cfr["ex-f"], 0.5);
  EXPECT_EQ(RecoverySamples("ex-a", "reference"), (std::vector<std::string>{"incident:1500"}));
  EXPECT_EQ(RecoverySamples("ex-b", "reference"), (std::vector<std::string>{"incident:7200", "incident:1800"}));
  EXPECT_TRUE(RecoverySamples("ex-c", "reference").empty());  // not linked to a deploy
  EXPECT_TRUE(RecoverySamples("ex-d", "reference").empty());
  EXPECT_EQ(Outcomes("ex-a", "reference"), (std::vector<Outcome>{{"ok", ""},
                                                                 {"failed", "the deploy reported failure"},
                                                                 {"rollback", "a rollback deploy (reference rule)"}}));
}

TEST_F(FailureLedgerTest, Dora2024AttributesEachSignalToTheDeployThatCausedIt) {
  auto cfr = ByService("change_failure_rate", "dora-2024");
  EXPECT_DOUBLE_EQ(*cfr["ex-a"], 1.0 / 3);  // the failed deploy, once, for three signals
  EXPECT_EQ(*cfr["ex-b"], 0.5);             // one deploy, two incidents: one failure
  EXPECT_EQ(*cfr["ex-c"], 0.0);             // the incident came before the deploy
  EXPECT_DOUBLE_EQ(*cfr["ex-d"], 1.0 / 3);  // the deploy that was rolled back
  EXPECT_EQ(*cfr["ex-e"], 0.5);             // the deploy the hotfix fixed
  EXPECT_EQ(*cfr["ex-f"], 0.5);

  EXPECT_EQ(Outcomes("ex-a", "dora-2024"),
            (std::vector<Outcome>{{"ok", ""}, {"failed", "the deploy reported failure"}, {"ok", ""}}));
  EXPECT_EQ(Outcomes("ex-b", "dora-2024"),
            (std::vector<Outcome>{{"incident", "incident B-1 opened at 2026-12-07T09:30:00Z"}, {"ok", ""}}));
  EXPECT_EQ(Outcomes("ex-d", "dora-2024"),
            (std::vector<Outcome>{{"ok", ""}, {"rolled_back", "rolled back at 2026-12-07T12:30:00Z"}, {"ok", ""}}));
  EXPECT_EQ(Outcomes("ex-e", "dora-2024"),
            (std::vector<Outcome>{{"hotfixed", "hotfix deployed at 2026-12-07T11:00:00Z"}, {"ok", ""}}));

  // Recovery: incidents as before; deploy-signalled failures without an
  // incident from the failed deploy to the next successful deploy.
  EXPECT_EQ(RecoverySamples("ex-a", "dora-2024"), (std::vector<std::string>{"incident:1500"}));
  EXPECT_EQ(RecoverySamples("ex-b", "dora-2024"), (std::vector<std::string>{"incident:7200", "incident:1800"}));
  EXPECT_TRUE(RecoverySamples("ex-c", "dora-2024").empty());
  EXPECT_EQ(RecoverySamples("ex-d", "dora-2024"), (std::vector<std::string>{"deploy:1800"}));
  EXPECT_EQ(RecoverySamples("ex-e", "dora-2024"), (std::vector<std::string>{"deploy:3600"}));
  EXPECT_EQ(RecoverySamples("ex-f", "dora-2024"), (std::vector<std::string>{"deploy:2700"}));
  auto p50 = ByService("recovery_time p50", "dora-2024");
  EXPECT_EQ(*p50["ex-b"], 4500);
  EXPECT_EQ(*p50["ex-f"], 2700);
}

TEST_F(FailureLedgerTest, ASubsetOfSignalsCountsOnlyThose) {
  auto cfr = ByService("change_failure_rate", "incident");
  EXPECT_DOUBLE_EQ(*cfr["ex-a"], 1.0 / 3);  // D2 counts for incident A-1, not for reporting failure
  EXPECT_EQ(*cfr["ex-d"], 0.0);             // rollbacks are not in the set
  EXPECT_EQ(*cfr["ex-b"], 0.5);
  EXPECT_EQ(*cfr["ex-f"], 0.0);
}

}  // namespace
}  // namespace dora
