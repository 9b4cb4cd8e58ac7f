#include "demo/demo_data.h"

#include <map>
#include <set>
#include <tuple>

#include "gtest/gtest.h"
#include "store/delivery_event.h"

namespace dora {
namespace {

std::vector<DeliveryEvent> Generate(uint64_t seed) {
  DemoOptions o;
  o.services = 6;
  o.days = 60;
  o.seed = seed;
  o.end = absl::FromUnixSeconds(1780000000 / 86400 * 86400);
  std::vector<DeliveryEvent> out;
  EXPECT_TRUE(GenerateDemoEvents(o, [&](DeliveryEvent e) {
                out.push_back(std::move(e));
                return absl::OkStatus();
              }).ok());
  return out;
}

bool SameEvent(const DeliveryEvent& x, const DeliveryEvent& y) {
  auto fields = [](const DeliveryEvent& e) {
    return std::tie(e.event_type, e.service, e.team, e.environment, e.commit_sha, e.first_commit_ts, e.occurred_at,
                    e.success, e.is_rollback, e.hotfix, e.incident_id, e.source, e.dedupe_key, e.payload, e.url);
  };
  return fields(x) == fields(y);
}

TEST(DemoDataTest, DeterministicForASeed) {
  auto a = Generate(7), b = Generate(7), c = Generate(8);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(SameEvent(a[i], b[i])) << i;
  EXPECT_NE(a.size(), c.size());
}

TEST(DemoDataTest, RealisticMix) {
  auto events = Generate(42);
  std::map<std::string, int> by_type;
  std::set<std::string> teams, keys;
  int failed = 0, rollbacks = 0, skewed = 0;
  for (const DeliveryEvent& e : events) {
    ++by_type[std::string(EventTypeName(e.event_type))];
    if (e.team) teams.insert(*e.team);
    keys.insert(*e.dedupe_key);
    if (e.event_type == EventType::kDeploy && e.environment == "prod") {
      failed += e.success == false;
      rollbacks += e.is_rollback;
      skewed += e.first_commit_ts && *e.first_commit_ts > e.occurred_at;
    }
    EXPECT_LT(e.occurred_at, absl::FromUnixSeconds(1780000000 / 86400 * 86400));
  }
  EXPECT_EQ(keys.size(), events.size());
  EXPECT_GT(by_type["change"], 50);
  EXPECT_GT(by_type["deploy"], 100);
  EXPECT_GT(by_type["incident_open"], 0);
  EXPECT_GE(by_type["incident_open"], by_type["incident_resolved"]);
  EXPECT_GE(teams.size(), 3u);
  EXPECT_GT(failed, 0);
  EXPECT_GT(rollbacks, 0);
  (void)skewed;
}

}  // namespace
}  // namespace dora
