#include "ingest/storable.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ingest/json_fields.h"

namespace dora {
namespace {

DeliveryEvent Good() {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = "api";
  e.environment = "prod";
  e.occurred_at = absl::FromUnixSeconds(1780000000);
  e.source = "ci";
  e.dedupe_key = "k";
  e.payload = R"({"a":[1,2,{"b":"c"}]})";
  return e;
}

struct Bad {
  const char* field;
  void (*mutate)(DeliveryEvent*);
};

TEST(StorableTest, WhatPostgresRefusesIsNamedByColumn) {
  EXPECT_TRUE(CheckStorable(Good()).ok());
  const Bad cases[] = {
      {"service", [](DeliveryEvent* e) { e->service = ""; }},
      {"service", [](DeliveryEvent* e) { e->service = std::string(256, 'a'); }},
      {"service", [](DeliveryEvent* e) { e->service = std::string("a\0b", 3); }},
      {"team", [](DeliveryEvent* e) { e->team = "\xc3\x28"; }},
      {"dedupe_key", [](DeliveryEvent* e) { e->dedupe_key = std::string(513, 'k'); }},
      {"occurred_at", [](DeliveryEvent* e) { e->occurred_at = absl::InfiniteFuture(); }},
      {"first_commit_ts", [](DeliveryEvent* e) { e->first_commit_ts = absl::FromUnixSeconds(-1); }},
      {"payload", [](DeliveryEvent* e) { e->payload = R"({"a":"x\u0000y"})"; }},
      {"payload", [](DeliveryEvent* e) { e->payload = R"({"a\u0000":1})"; }},
      {"payload", [](DeliveryEvent* e) { e->payload = R"({"a":1e999})"; }},
      {"payload", [](DeliveryEvent* e) { e->payload = std::string(300, '[') + std::string(300, ']'); }},
      {"payload", [](DeliveryEvent* e) { e->payload = "{"; }},
  };
  for (const Bad& b : cases) {
    DeliveryEvent e = Good();
    b.mutate(&e);
    absl::Status st = CheckStorable(e);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << b.field;
    EXPECT_EQ(ErrorField(st), b.field) << st;
  }
}

TEST(StorableTest, TimesAreTruncatedToWholeMicroseconds) {
  DeliveryEvent e = Good();
  e.occurred_at = absl::FromUnixNanos(1780000000123456789);
  e.first_commit_ts = absl::FromUnixNanos(1779999999000000999);
  TruncateToStoredPrecision(&e);
  EXPECT_EQ(absl::ToUnixNanos(e.occurred_at), 1780000000123456000);
  EXPECT_EQ(absl::ToUnixNanos(*e.first_commit_ts), 1779999999000000000);
}

}  // namespace
}  // namespace dora
