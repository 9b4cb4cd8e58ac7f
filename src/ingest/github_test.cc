#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "ingest/fixture.h"
#include "ingest/json_fields.h"

namespace dora {
namespace {

std::map<std::string, std::string> Headers(const std::string& event) {
  return {{"x-github-event", event}, {"x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"}};
}

TEST(GitHubTest, PushToDefaultBranchIsAChange) {
  auto n = NormalizeGitHub(FixtureRequest("github_push.json", Headers("push")));
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->disposition, Disposition::kStore);
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.event_type, EventType::kChange);
  EXPECT_EQ(e.service, "checkout");
  EXPECT_EQ(*e.commit_sha, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
  EXPECT_EQ(FormatRfc3339Utc(*e.first_commit_ts), "2026-06-08T09:00:00Z");  // 11:00+02:00 is the earliest
  EXPECT_EQ(e.occurred_at, absl::FromUnixSeconds(1780920000));
  EXPECT_EQ(e.source, "github");
  // The pushed commit's page, from its commits[] entry.
  EXPECT_EQ(*e.url, "https://github.com/acme/checkout/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
  // The natural key: a second hook delivering the same push repeats it.
  EXPECT_EQ(*e.dedupe_key, "push:123456789:refs/heads/main:0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
}

TEST(GitHubTest, PushElsewhereOrEmptyIsIgnored) {
  std::string body = ReadFixture("github_push.json");
  std::string other = body;
  other.replace(other.find("refs/heads/main"), 15, "refs/heads/feat");
  auto n = NormalizeGitHub(IncomingRequest{Headers("push"), other, absl::Now()});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->disposition, Disposition::kIgnore);
  EXPECT_EQ(n->reason, "push to refs/heads/feat, not to the default branch main");
  auto empty = NormalizeGitHub(IncomingRequest{
      Headers("push"),
      R"({"ref":"refs/heads/main","after":"x","repository":{"name":"c","default_branch":"main"},"commits":[]})",
      absl::Now()});
  EXPECT_EQ(empty->disposition, Disposition::kIgnore);
}

TEST(GitHubTest, ProductionDeploymentStatusIsADeploy) {
  auto n = NormalizeGitHub(FixtureRequest("github_deployment_status.json", Headers("deployment_status")));
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->disposition, Disposition::kStore);
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.event_type, EventType::kDeploy);
  EXPECT_EQ(*e.environment, "prod");
  EXPECT_EQ(FormatRfc3339Utc(e.occurred_at), "2026-06-08T12:15:00Z");
  EXPECT_TRUE(*e.success);
  EXPECT_FALSE(e.first_commit_ts.has_value());  // resolved from the stored change at ingest
  EXPECT_EQ(*e.dedupe_key, "deployment_status:2000000001:success");
  EXPECT_EQ(*e.url, "https://ci.example.com/runs/42");  // the deployer's log
  std::string failed = ReadFixture("github_deployment_status.json");
  failed.replace(failed.find("\"success\""), 9, "\"failure\"");
  EXPECT_FALSE(*NormalizeGitHub(IncomingRequest{Headers("deployment_status"), failed, absl::Now()})->events[0].success);
  std::string pending = ReadFixture("github_deployment_status.json");
  pending.replace(pending.find("\"success\""), 9, "\"pending\"");
  EXPECT_EQ(NormalizeGitHub(IncomingRequest{Headers("deployment_status"), pending, absl::Now()})->disposition,
            Disposition::kIgnore);
}

TEST(GitHubTest, DeployAndPushUrlsFallBackInOrderAndBadLinksAreLeftOut) {
  auto deploy_url = [](const std::string& body) -> std::optional<std::string> {
    auto n = NormalizeGitHub(IncomingRequest{Headers("deployment_status"), body, absl::FromUnixSeconds(1780920000)});
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? n->events[0].url : std::nullopt;
  };
  nlohmann::json j = nlohmann::json::parse(ReadFixture("github_deployment_status.json"));
  j["workflow_run"] = {{"html_url", "https://github.com/acme/checkout/actions/runs/7"}};
  EXPECT_EQ(deploy_url(j.dump()), "https://github.com/acme/checkout/actions/runs/7");
  j.erase("workflow_run");
  j["deployment_status"]["log_url"] = "";
  j["deployment_status"]["target_url"] = "https://ci.example.com/targets/9";
  EXPECT_EQ(deploy_url(j.dump()), "https://ci.example.com/targets/9");
  j["deployment_status"]["target_url"] = "javascript:alert(1)";  // dropped, the deploy is still stored
  EXPECT_EQ(deploy_url(j.dump()), std::nullopt);
  j["repository"]["html_url"] = "https://github.com/acme/checkout";
  EXPECT_EQ(deploy_url(j.dump()), "https://github.com/acme/checkout/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");

  nlohmann::json push = nlohmann::json::parse(ReadFixture("github_push.json"));
  push["commits"][1].erase("url");
  push["head_commit"]["url"] = "https://github.com/acme/checkout/commit/head";
  auto n = NormalizeGitHub(IncomingRequest{Headers("push"), push.dump(), absl::Now()});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n->events[0].url, "https://github.com/acme/checkout/commit/head");
  push["head_commit"].erase("url");
  n = NormalizeGitHub(IncomingRequest{Headers("push"), push.dump(), absl::Now()});
  EXPECT_EQ(*n->events[0].url, "https://github.com/acme/checkout/compare/9049f1265b7d...0d1a26e67d8f");
}

TEST(GitHubTest, SameStatusFromTwoHooksHasOneKey) {
  // An organization hook and a repository hook deliver the same status under
  // different delivery ids.
  auto org = Headers("deployment_status");
  auto repo = org;
  repo["x-github-delivery"] = "0b989ba4-242f-11e5-81e1-c7b2f2b6fc86";
  auto a = NormalizeGitHub(FixtureRequest("github_deployment_status.json", org));
  auto b = NormalizeGitHub(FixtureRequest("github_deployment_status.json", repo));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a->events[0].dedupe_key, *b->events[0].dedupe_key);
  // Without a status id the delivery id is the key.
  std::string no_id = ReadFixture("github_deployment_status.json");
  no_id.replace(no_id.find("\"id\": 2000000001"), 16, "\"url\": \"x\"");
  auto c = NormalizeGitHub(IncomingRequest{repo, no_id, absl::Now()});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(*c->events[0].dedupe_key, "0b989ba4-242f-11e5-81e1-c7b2f2b6fc86");
}

TEST(GitHubTest, EnvironmentNamesGoThroughTheVocabulary) {
  std::string body = ReadFixture("github_deployment_status.json");
  auto with_env = [&](const std::string& env) {
    std::string b = body;
    size_t at = b.find("\"environment\": \"production\"");
    EXPECT_NE(at, std::string::npos);
    b.replace(at, 27, "\"environment\": \"" + env + "\"");
    b.replace(b.find("\"production_environment\": true"), 30, "\"production_environment\": false");
    return IncomingRequest{Headers("deployment_status"), b, absl::Now()};
  };
  auto live = NormalizeGitHub(with_env("Live"));
  ASSERT_TRUE(live.ok()) << live.status();
  ASSERT_EQ(live->disposition, Disposition::kStore);
  EXPECT_EQ(*live->events[0].environment, "prod");
  EXPECT_EQ(*live->events[0].environment_raw, "Live");
  EXPECT_EQ(NormalizeGitHub(with_env("staging"))->disposition, Disposition::kIgnore);
  EnvironmentAliases custom;
  ASSERT_TRUE(custom.AddFromSpec("prod-eu=prod").ok());
  EXPECT_EQ(NormalizeGitHub(with_env("prod-eu"))->disposition, Disposition::kIgnore);
  EXPECT_EQ(NormalizeGitHub(with_env("prod-eu"), custom)->disposition, Disposition::kStore);
}

TEST(GitHubTest, FormEncodedPayloads) {
  std::string json = ReadFixture("github_push.json");
  std::string form = "payload=";
  for (unsigned char c : json) {
    if (isalnum(c)) {
      form.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      snprintf(buf, sizeof(buf), "%%%02X", c);
      form += buf;
    }
  }
  auto headers = Headers("push");
  headers["content-type"] = "application/x-www-form-urlencoded";
  auto n = NormalizeGitHub(IncomingRequest{headers, form, absl::Now()});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->events[0].service, "checkout");
  EXPECT_EQ(*n->events[0].payload, json);
}

TEST(GitHubTest, PingOtherEventsAndBadPayloads) {
  EXPECT_EQ(NormalizeGitHub(FixtureRequest("github_ping.json", Headers("ping")))->disposition, Disposition::kPing);
  EXPECT_EQ(NormalizeGitHub(FixtureRequest("github_ping.json", Headers("issues")))->disposition, Disposition::kIgnore);
  EXPECT_FALSE(NormalizeGitHub(FixtureRequest("github_push.json", {})).ok());
  std::string bad = ReadFixture("github_push.json");
  bad.replace(bad.find("2026-06-08T10:30:00Z"), 20, "not a time at all!!!");
  auto n = NormalizeGitHub(IncomingRequest{Headers("push"), bad, absl::Now()});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(ErrorField(n.status()), "commits[1].timestamp");
}

}  // namespace
}  // namespace dora
