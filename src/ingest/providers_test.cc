#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "ingest/fixture.h"
#include "ingest/json_fields.h"

namespace dora {
namespace {

TEST(GitLabTest, PushIsAChange) {
  auto n = NormalizeGitLab(FixtureRequest(
      "gitlab_push.json",
      {{"x-gitlab-event", "Push Hook"}, {"x-gitlab-event-uuid", "13792a34-cac6-4fda-95a8-c58e00a3954e"}}));
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->disposition, Disposition::kStore);
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.event_type, EventType::kChange);
  EXPECT_EQ(e.service, "ledger");
  EXPECT_EQ(*e.commit_sha, "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  EXPECT_EQ(FormatRfc3339Utc(*e.first_commit_ts), "2026-06-07T14:00:00Z");
  EXPECT_EQ(*e.dedupe_key, "push:15:refs/heads/main:da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  EXPECT_EQ(e.source, "gitlab");
  EXPECT_EQ(*e.url, "https://gitlab.example.com/payments/ledger/-/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
}

TEST(GitLabTest, DeploymentIsADeployWithTheFullSha) {
  auto n = NormalizeGitLab(
      FixtureRequest("gitlab_deployment.json", {{"x-gitlab-event", "Deployment Hook"}, {"idempotency-key", "idem-1"}}));
  ASSERT_TRUE(n.ok()) << n.status();
  const DeliveryEvent& e = n->events[0];
  EXPECT_EQ(e.event_type, EventType::kDeploy);
  EXPECT_EQ(*e.environment, "prod");
  EXPECT_EQ(*e.commit_sha, "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  EXPECT_EQ(FormatRfc3339Utc(e.occurred_at), "2026-06-08T12:50:00Z");
  EXPECT_TRUE(*e.success);
  // The deployment id and status are the key, whichever hook delivers it.
  EXPECT_EQ(*e.dedupe_key, "deployment-1501-success");
  EXPECT_EQ(*e.url, "https://gitlab.example.com/payments/ledger/-/jobs/7790");  // the deploying job
  nlohmann::json no_job = nlohmann::json::parse(ReadFixture("gitlab_deployment.json"));
  no_job.erase("deployable_url");
  EXPECT_EQ(*NormalizeGitLab(IncomingRequest{{{"x-gitlab-event", "Deployment Hook"}}, no_job.dump(), absl::Now()})
                 ->events[0]
                 .url,
            "https://gitlab.example.com/payments/ledger/-/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
  auto old = NormalizeGitLab(FixtureRequest("gitlab_deployment.json", {{"x-gitlab-event", "Deployment Hook"}}));
  EXPECT_EQ(*old->events[0].dedupe_key, "deployment-1501-success");
  std::string running = ReadFixture("gitlab_deployment.json");
  running.replace(running.find("\"success\""), 9, "\"running\"");
  EXPECT_EQ(
      NormalizeGitLab(IncomingRequest{{{"x-gitlab-event", "Deployment Hook"}}, running, absl::Now()})->disposition,
      Disposition::kIgnore);
  EXPECT_EQ(NormalizeGitLab(FixtureRequest("gitlab_push.json", {{"x-gitlab-event", "Issue Hook"}}))->disposition,
            Disposition::kIgnore);
}

TEST(PagerDutyTest, TriggeredAndResolved) {
  auto open = NormalizePagerDuty(FixtureRequest("pagerduty_triggered.json"));
  ASSERT_TRUE(open.ok()) << open.status();
  const DeliveryEvent& o = open->events[0];
  EXPECT_EQ(o.event_type, EventType::kIncidentOpen);
  EXPECT_EQ(o.service, "checkout");
  EXPECT_EQ(*o.incident_id, "PGR0VU2");
  EXPECT_EQ(FormatRfc3339Utc(o.occurred_at), "2026-06-08T12:40:22.169000Z");
  EXPECT_EQ(*o.dedupe_key, "01DEN3KFY5ERSE6YUMGDNZ8MWY");
  EXPECT_EQ(*o.url, "https://acme.pagerduty.com/incidents/PGR0VU2");
  auto resolved = NormalizePagerDuty(FixtureRequest("pagerduty_resolved.json"));
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->events[0].event_type, EventType::kIncidentResolved);
  EXPECT_EQ(*resolved->events[0].incident_id, "PGR0VU2");
  EXPECT_EQ(*resolved->events[0].url, "https://acme.pagerduty.com/incidents/PGR0VU2");
  EXPECT_EQ(NormalizePagerDuty(IncomingRequest{{}, R"({"event":{"event_type":"incident.acknowledged"}})", absl::Now()})
                ->disposition,
            Disposition::kIgnore);
  EXPECT_EQ(
      NormalizePagerDuty(IncomingRequest{{}, R"({"event":{"event_type":"pagey.ping"}})", absl::Now()})->disposition,
      Disposition::kPing);
  auto missing = NormalizePagerDuty(
      IncomingRequest{{}, R"({"event":{"event_type":"incident.triggered","data":{}}})", absl::Now()});
  EXPECT_EQ(ErrorField(missing.status()), "event.data.service.summary");
}

TEST(OpsgenieTest, CreateAndCloseWithExactTimestamps) {
  auto open = NormalizeOpsgenie(FixtureRequest("opsgenie_create.json"));
  ASSERT_TRUE(open.ok()) << open.status();
  const DeliveryEvent& o = open->events[0];
  EXPECT_EQ(o.event_type, EventType::kIncidentOpen);
  EXPECT_EQ(o.service, "ledger");  // from the service: tag, not the entity
  EXPECT_EQ(*o.incident_id, "70413a06-38d6-4c85-92b8-5ebc900d42e2");
  EXPECT_EQ(FormatRfc3339Utc(o.occurred_at), "2026-06-08T12:40:22.169000Z");
  auto close = NormalizeOpsgenie(FixtureRequest("opsgenie_close.json"));
  ASSERT_TRUE(close.ok()) << close.status();
  EXPECT_EQ(close->events[0].event_type, EventType::kIncidentResolved);
  EXPECT_EQ(FormatRfc3339Utc(close->events[0].occurred_at), "2026-06-08T13:40:22.764002Z");
  EXPECT_NE(*close->events[0].dedupe_key, *o.dedupe_key);
  // The alert webhook has no link; one in the alert's details is stored.
  EXPECT_FALSE(o.url.has_value());
  nlohmann::json detailed = nlohmann::json::parse(ReadFixture("opsgenie_create.json"));
  detailed["alert"]["details"] = {{"url", "https://acme.app.opsgenie.com/alert/detail/70413a06"}};
  EXPECT_EQ(*NormalizeOpsgenie(IncomingRequest{{}, detailed.dump(), absl::FromUnixSeconds(1780920000)})->events[0].url,
            "https://acme.app.opsgenie.com/alert/detail/70413a06");
  std::string ack = ReadFixture("opsgenie_create.json");
  ack.replace(ack.find("\"Create\""), 8, "\"Acknowledge\"");
  EXPECT_EQ(NormalizeOpsgenie(IncomingRequest{{}, ack, absl::Now()})->disposition, Disposition::kIgnore);
}

}  // namespace
}  // namespace dora
