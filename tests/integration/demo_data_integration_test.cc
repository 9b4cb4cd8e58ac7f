// `dora demo` into a real PostgreSQL, read back through the engine: over the
// last 90 days every demo service has a value for every metric under the
// default policy (minimum sample and all), the services spread over the
// bands, and the deploys and incidents behind the numbers carry links.
#include <map>
#include <set>

#include "dora_cli.h"
#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

struct Load {
  const char* seed;
  const char* end;   // the demo's --end; the window is the 90 days before it
  const char* from;  // end - 90 days
};

class DemoDataTest : public ::testing::TestWithParam<Load> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(std::string("demo_") + GetParam().seed);
    testing::RunResult r = testing::RunDora(
        DORA_BINARY, db_->url(),
        {"demo", "--services", "12", "--seed", GetParam().seed, "--end", GetParam().end});  // the default span
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  QueryResult Run(const std::string& q) {
    QueryContext c;  // the default policy: minimum sample 5, reference failure rule, dora-2024 bands
    c.from = T(GetParam().from);
    c.to = T(GetParam().end);
    QueryEngine engine(&db_->pool());
    auto r = engine.Run(q, c);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status();
    return r.ok() ? *r : QueryResult{};
  }

  static const Cell& At(const ResultTable& t, size_t row, const std::string& column) {
    const int i = t.ColumnIndex(column);
    EXPECT_GE(i, 0) << column;
    return t.rows[row][std::max(i, 0)];
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_P(DemoDataTest, EveryServiceHasEveryMetricAndTheBandsSpread) {
  const ResultTable deploys = Run("deploys by service").table;
  ASSERT_EQ(deploys.rows.size(), 12u);
  for (size_t r = 0; r < deploys.rows.size(); ++r) {
    EXPECT_GE(std::get<int64_t>(At(deploys, r, "value")), 10) << std::get<std::string>(At(deploys, r, "service"));
  }
  std::map<std::string, std::set<std::string>> bands;
  for (const char* metric : {"deploy_frequency", "lead_time", "change_failure_rate", "recovery_time", "rework_rate"}) {
    const ResultTable t = Run(std::string(metric) + " by service").table;
    EXPECT_EQ(t.rows.size(), 12u) << metric;
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const std::string service = std::get<std::string>(At(t, r, "service"));
      EXPECT_FALSE(IsNull(At(t, r, "value"))) << metric << " of " << service << " is null";
      const int band = t.ColumnIndex("band");
      if (band >= 0 && !IsNull(t.rows[r][band])) bands[metric].insert(std::get<std::string>(t.rows[r][band]));
    }
  }
  EXPECT_GE(bands["lead_time"].size(), 3u);
  EXPECT_GE(bands["change_failure_rate"].size(), 3u);
  EXPECT_GE(bands["recovery_time"].size(), 3u);
  EXPECT_GE(bands["deploy_frequency"].size(), 3u);
}

TEST_P(DemoDataTest, DeploysAndIncidentsCarryLinks) {
  const ResultTable samples = Run("recovery_time samples limit 20").table;
  ASSERT_FALSE(samples.rows.empty());
  for (size_t r = 0; r < samples.rows.size(); ++r) {
    const Cell& url = At(samples, r, "url");
    ASSERT_FALSE(IsNull(url));
    EXPECT_EQ(std::get<std::string>(url).rfind("https://acme.pagerduty.example.com/incidents/PD", 0), 0u);
  }
  const ResultTable annotations = Run("annotations deploys where service = 'checkout'").table;
  ASSERT_FALSE(annotations.rows.empty());
  for (size_t r = 0; r < annotations.rows.size(); ++r) {
    const Cell& url = At(annotations, r, "url");
    ASSERT_FALSE(IsNull(url));
    EXPECT_EQ(std::get<std::string>(url).rfind("https://ci.example.com/acme/checkout/runs/", 0), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DemoDataTest,
                         ::testing::Values(Load{"42", "2026-06-01T00:00:00Z", "2026-03-03T00:00:00Z"},
                                           Load{"7", "2026-12-01T00:00:00Z", "2026-09-02T00:00:00Z"}),
                         [](const ::testing::TestParamInfo<Load>& info) {
                           return std::string("seed") + info.param.seed;
                         });

}  // namespace
}  // namespace dora
