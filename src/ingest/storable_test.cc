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
      {"url", [](DeliveryEvent* e) { e->url = "javascript:alert(1)"; }},
      {"url", [](DeliveryEvent* e) { e->url = "https://" + std::string(2041, 'a'); }},
  };
  for (const Bad& b : cases) {
    DeliveryEvent e = Good();
    b.mutate(&e);
    absl::Status st = CheckStorable(e);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << b.field;
    EXPECT_EQ(ErrorField(st), b.field) << st;
  }
}

TEST(StorableTest, UrlsAreAbsoluteHttpWithAHostAndBounded) {
  for (const char* good : {"https://github.com/acme/checkout/commit/0d1a26e", "http://ci.internal:8080/runs/42?x=1#l",
                           "HTTPS://acme.pagerduty.com/incidents/P1", "https://例え.jp/パス"}) {
    EXPECT_TRUE(CheckEventUrl("url", good).ok()) << good;
  }
  EXPECT_TRUE(CheckEventUrl("url", "https://" + std::string(kMaxUrlBytes - 8, 'a')).ok());
  const std::pair<const char*, const char*> bad[] = {
      {"", "must be an absolute http:// or https:// URL"},
      {"ftp://example.com/x", "must be an absolute http:// or https:// URL"},
      {"javascript:alert(1)", "must be an absolute http:// or https:// URL"},
      {"/runs/42", "must be an absolute http:// or https:// URL"},
      {"https:///path", "has no host"},
      {"https://", "has no host"},
      {"https://a.example/with space", "contains a space or control character; percent-encode it"},
      {"https://a.example/\nx", "contains a space or control character; percent-encode it"},
      {"https://a.example/\xc3\x28", "is not valid UTF-8"},
  };
  for (const auto& [url, what] : bad) {
    absl::Status st = CheckEventUrl("url", url);
    EXPECT_EQ(ErrorField(st), "url") << url;
    EXPECT_NE(st.message().find(what), absl::string_view::npos) << url << ": " << st;
  }
  absl::Status st = CheckEventUrl("url", "https://" + std::string(kMaxUrlBytes, 'a'));
  EXPECT_NE(st.message().find("at most 2048 are stored"), absl::string_view::npos) << st;
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
