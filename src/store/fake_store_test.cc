#include "store/fake_store.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

DeliveryEvent Event(const char* key) {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = "checkout";
  e.source = "ci";
  e.occurred_at = absl::FromUnixSeconds(1780900000);
  e.dedupe_key = key;
  return e;
}

TEST(FakeStoreTest, DeduplicatesLikeTheTable) {
  FakeStore store;
  auto first = store.InsertEvents({Event("a"), Event("b"), Event("a")});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->stored, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(first->inserted, 2);
  EXPECT_EQ(first->duplicates, 1);
  DeliveryEvent keyless = Event("");
  keyless.dedupe_key.reset();
  EXPECT_EQ(store.InsertEvents({keyless, keyless})->inserted, 2);
  EXPECT_EQ(store.events().size(), 4u);
}

TEST(FakeStoreTest, FailuresAreInjectedPerKind) {
  FakeStore store;
  store.FailEverything(absl::UnavailableError("down"));
  EXPECT_EQ(store.InsertEvents({Event("a")}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.SchemaVersion().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.Describe().status().code(), absl::StatusCode::kUnavailable);
  store.FailEverything(absl::OkStatus());
  store.RefuseEvents([](const DeliveryEvent& e) { return e.dedupe_key == "bad"; });
  EXPECT_EQ(store.InsertEvents({Event("a"), Event("bad")}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store.events().empty());  // nothing of a refused batch is stored
  EXPECT_EQ(*store.SchemaVersion(), LatestSchemaVersion());
}

TEST(FakeStoreTest, MigrateBringsTheSchemaToTheLatestVersion) {
  FakeStore store;
  store.SetSchemaVersion(1);
  auto r = store.Migrate();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version_before, 1);
  EXPECT_EQ(r->version_after, LatestSchemaVersion());
  EXPECT_EQ(*store.SchemaVersion(), LatestSchemaVersion());
}

}  // namespace
}  // namespace dora
