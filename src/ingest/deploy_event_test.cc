#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "ingest/fixture.h"
#include "ingest/json_fields.h"

namespace dora {
namespace {

TEST(DeployEventTest, EnvironmentAliasesAreCanonicalizedAndTheOriginalKept) {
  for (const char* env : {"production", "Prod", " live "}) {
    std::string body = absl::StrCat(R"({"service":"api","environment":")", env,
                                    R"(","occurred_at":"2026-06-08T12:15:00Z","success":true})");
    auto n = NormalizeDeployEvent(IncomingRequest{{}, body, absl::Now()});
    ASSERT_TRUE(n.ok()) << n.status();
    EXPECT_EQ(*n->events[0].environment, "prod") << env;
    EXPECT_EQ(*n->events[0].environment_raw, env);
  }
  auto staging = NormalizeDeployEvent(IncomingRequest{
      {},
      R"({"service":"api","environment":"Staging","occurred_at":"2026-06-08T12:15:00Z","success":true})",
      absl::Now()});
  ASSERT_TRUE(staging.ok());
  EXPECT_EQ(staging->disposition, Disposition::kStore);  // every environment is stored
  EXPECT_EQ(*staging->events[0].environment, "staging");
  auto blank = NormalizeDeployEvent(IncomingRequest{
      {}, R"({"service":"api","environment":"  ","occurred_at":"2026-06-08T12:15:00Z","success":true})", absl::Now()});
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(ErrorField(blank.status()), "environment");
}

TEST(DeployEventTest, ImplausibleTimesAreRejectedNamingTheField) {
  auto with_time = [](const std::string& occurred, const std::string& first = "") {
    std::string body = R"({"service":"api","environment":"prod","success":true,"occurred_at":")" + occurred + "\"";
    if (!first.empty()) body += R"(,"first_commit_ts":")" + first + "\"";
    return NormalizeDeployEvent(
        IncomingRequest{{}, body + "}", absl::FromUnixSeconds(1780920000)});  // 2026-06-08T12:00Z
  };
  for (const char* bad :
       {"0001-03-01T00:00:00Z", "1969-12-31T23:59:59Z", "infinite-future", "infinite-past", "2026-06-09T12:00:01Z"}) {
    auto n = with_time(bad);
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(ErrorField(n.status()), "occurred_at") << bad << ": " << n.status();
  }
  EXPECT_TRUE(with_time("2026-06-09T11:59:59Z").ok());  // within a day of arrival
  auto first = with_time("2026-06-08T11:00:00Z", "0012-11-20T00:00:00Z");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(ErrorField(first.status()), "first_commit_ts");
}

TEST(DeployEventTest, ReferenceCiSnippet) {
  auto n = NormalizeDeployEvent(FixtureRequest("deploy_event_ci.json"));
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->disposition, Disposition::kStore);
  ASSERT_EQ(n->events.size(), 1u);
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.event_type, EventType::kDeploy);
  EXPECT_EQ(e.service, "checkout");
  EXPECT_EQ(*e.team, "payments");
  EXPECT_EQ(*e.environment, "prod");
  EXPECT_EQ(FormatRfc3339Utc(*e.first_commit_ts), "2026-06-08T09:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(e.occurred_at), "2026-06-08T12:15:00Z");
  EXPECT_TRUE(*e.success);
  EXPECT_FALSE(e.is_rollback);
  EXPECT_EQ(e.source, "ci");
  EXPECT_EQ(e.dedupe_key->size(), 64u);
  EXPECT_EQ(*e.payload, ReadFixture("deploy_event_ci.json"));
  // The same body again has the same key; an Idempotency-Key wins.
  EXPECT_EQ(*NormalizeDeployEvent(FixtureRequest("deploy_event_ci.json"))->events[0].dedupe_key, *e.dedupe_key);
  EXPECT_EQ(*NormalizeDeployEvent(FixtureRequest("deploy_event_ci.json", {{"idempotency-key", "run-42"}}))
                 ->events[0]
                 .dedupe_key,
            "run-42");
}

TEST(DeployEventTest, ArgoCdBodyWithoutFirstCommit) {
  auto n = NormalizeDeployEvent(FixtureRequest("deploy_event_argocd.json"));
  ASSERT_TRUE(n.ok()) << n.status();
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.source, "argocd");
  EXPECT_FALSE(e.first_commit_ts.has_value());
  EXPECT_FALSE(*e.success);
}

TEST(DeployEventTest, OptionalUrlIsStoredWhenValidAndRefusedByNameOtherwise) {
  auto with_url = [](const std::string& url_json) {
    return NormalizeDeployEvent(IncomingRequest{
        {},
        R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:15:00Z","success":true,"url":)" + url_json +
            "}",
        absl::FromUnixSeconds(1780920000)});
  };
  auto ok = with_url(R"("https://ci.example.com/runs/42")");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok->events[0].url, "https://ci.example.com/runs/42");
  EXPECT_FALSE(with_url(R"("")")->events[0].url.has_value());
  EXPECT_FALSE(with_url("null")->events[0].url.has_value());
  EXPECT_FALSE(NormalizeDeployEvent(FixtureRequest("deploy_event_ci.json"))->events[0].url.has_value());
  for (const char* bad : {R"("ftp://ci.example.com/runs/42")", R"("runs/42")", "42"}) {
    auto n = with_url(bad);
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(ErrorField(n.status()), "url") << bad << ": " << n.status();
  }
  EXPECT_EQ(with_url("\"javascript:alert(1)\"").status().message(),
            "field 'url' must be an absolute http:// or https:// URL");
}

TEST(DeployEventTest, BadFieldsAreNamed) {
  auto bad = [](const std::string& body) {
    return NormalizeDeployEvent(IncomingRequest{{}, body, absl::Now()}).status();
  };
  EXPECT_EQ(ErrorField(bad(R"({"environment":"prod","occurred_at":"2026-06-08T12:15:00Z","success":true})")),
            "service");
  EXPECT_EQ(
      ErrorField(bad(R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:15:00Z","success":"true"})")),
      "success");
  EXPECT_EQ(bad(R"({"service":"x","environment":"prod","occurred_at":"June 8","success":true})").message(),
            "field 'occurred_at' 'June 8' is not a valid time (expected RFC 3339, e.g. 2026-06-08T09:00:00Z)");
  EXPECT_EQ(ErrorField(bad(R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:15:00Z"})")), "success");
  EXPECT_EQ(
      ErrorField(bad(
          R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:15:00Z","success":true,"source":"jenkins"})")),
      "source");
  EXPECT_TRUE(absl::StartsWith(bad("not json").message(), "body is not valid JSON: parse error at line 1"))
      << bad("not json");
}

}  // namespace
}  // namespace dora
