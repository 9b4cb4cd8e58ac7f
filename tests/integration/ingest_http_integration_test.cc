// `dora serve` over real sockets on a real PostgreSQL: every source with
// valid, tampered, missing and wrong-secret authentication, ignored events,
// duplicates, bad input, and first-commit resolution.
#include <signal.h>

#include <httplib.h>

#include <fstream>
#include <sstream>

#include "engine/query_engine.h"
#include "gtest/gtest.h"
#include "ingest/signature.h"
#include "serve_process.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::ServeProcess;
using testing::TestDatabase;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(DORA_INGEST_FIXTURES) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class IngestHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("ingest_http");
    spool_ = "/tmp/dora_it_spool_" + std::to_string(getpid());
    server_ = new ServeProcess(
        DORA_BINARY,
        {{"DATABASE_URL", db_->url()},
         {"GH_WEBHOOK_SECRET", "gh-secret"},
         {"GITLAB_WEBHOOK_TOKEN", "gl-token"},
         {"PAGERDUTY_WEBHOOK_SECRET", "pd-secret"},
         {"OPSGENIE_WEBHOOK_TOKEN", "og-token"},
         {"METRICS_TOKEN", "ci-token"}},
        {"--listen", "127.0.0.1:0", "--spool-dir", spool_, "--max-body", "65536", "--env-alias", "prod-eu=prod"});
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->StopWith(SIGTERM), 0);
    delete server_;
    delete db_;
    std::system(("rm -rf " + spool_).c_str());
  }

  httplib::Result Post(const std::string& path, const std::string& body, httplib::Headers headers,
                       const std::string& content_type = "application/json") {
    httplib::Client c("127.0.0.1", server_->port());
    return c.Post(path.c_str(), headers, body, content_type.c_str());
  }
  // The engine's answer over one UTC day.
  absl::StatusOr<QueryResult> QueryDay(const std::string& query, absl::CivilDay day) {
    QueryContext ctx;
    ctx.from = absl::FromCivil(day, absl::UTCTimeZone());
    ctx.to = ctx.from + absl::Hours(24);
    return QueryEngine(&db_->pool()).Run(query, ctx);
  }
  int64_t Rows(const std::string& where) { return db_->Count("SELECT count(*) FROM delivery_events WHERE " + where); }

  static TestDatabase* db_;
  static ServeProcess* server_;
  static std::string spool_;
};

TestDatabase* IngestHttpTest::db_ = nullptr;
ServeProcess* IngestHttpTest::server_ = nullptr;
std::string IngestHttpTest::spool_;

TEST_F(IngestHttpTest, GitHub) {
  const std::string body = Fixture("github_push.json");
  const std::string sig = "sha256=" + HmacSha256Hex("gh-secret", body);
  httplib::Headers h = {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "gh-1"}, {"X-Hub-Signature-256", sig}};
  EXPECT_EQ(Post("/hooks/github", body, h)->status, 202);
  EXPECT_EQ(Post("/hooks/github", body, h)->status, 200);  // redelivery
  // X-GitHub-Delivery is not signed: a captured body replayed under fresh
  // delivery ids is still the same push (the key is inside the signed body).
  for (const char* fresh : {"replay-1", "replay-2"}) {
    httplib::Headers replay = {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", fresh}, {"X-Hub-Signature-256", sig}};
    EXPECT_EQ(Post("/hooks/github", body, replay)->status, 200) << fresh;
  }
  EXPECT_EQ(
      Rows("source = 'github' AND event_type = 'change' AND commit_sha = '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c'"),
      1);
  httplib::Headers tampered = h;
  tampered.erase("X-GitHub-Delivery");
  tampered.emplace("X-GitHub-Delivery", "gh-2");
  EXPECT_EQ(Post("/hooks/github", body + "\n", tampered)->status, 401);
  httplib::Headers wrong = {{"X-GitHub-Event", "push"},
                            {"X-GitHub-Delivery", "gh-3"},
                            {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("not-the-secret", body)}};
  auto r = Post("/hooks/github", body, wrong);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->body.find("gh-secret"), std::string::npos);
  EXPECT_EQ(Post("/hooks/github", body, {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "gh-4"}})->status, 401);
  EXPECT_EQ(Rows("dedupe_key IN ('gh-2', 'gh-3', 'gh-4')"), 0);
  const std::string ping = Fixture("github_ping.json");
  EXPECT_EQ(Post("/hooks/github", ping,
                 {{"X-GitHub-Event", "ping"}, {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("gh-secret", ping)}})
                ->status,
            200);
  EXPECT_EQ(Post("/hooks/github", ping,
                 {{"X-GitHub-Event", "star"}, {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("gh-secret", ping)}})
                ->status,
            204);
}

TEST_F(IngestHttpTest, DeployTakesFirstCommitFromTheChange) {
  // github_push.json (stored above or here) carries commit 0d1a26e6... first committed at 09:00Z.
  const std::string push = Fixture("github_push.json");
  Post("/hooks/github", push,
       {{"X-GitHub-Event", "push"},
        {"X-GitHub-Delivery", "gh-1"},
        {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("gh-secret", push)}});
  const std::string status = Fixture("github_deployment_status.json");
  EXPECT_EQ(Post("/hooks/github", status,
                 {{"X-GitHub-Event", "deployment_status"},
                  {"X-GitHub-Delivery", "gh-deploy-1"},
                  {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("gh-secret", status)}})
                ->status,
            202);
  EXPECT_EQ(Rows("dedupe_key = 'deployment_status:2000000001:success' AND environment = 'prod' "
                 "AND environment_raw = 'production' AND first_commit_ts = '2026-06-08T09:00:00Z' "
                 "AND url = 'https://ci.example.com/runs/42'"),
            1);
  EXPECT_EQ(Rows("source = 'github' AND event_type = 'change' AND commit_sha = "
                 "'0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c' AND url = "
                 "'https://github.com/acme/checkout/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c'"),
            1);
}

TEST_F(IngestHttpTest, GitLabPagerDutyOpsgenie) {
  const std::string push = Fixture("gitlab_push.json");
  httplib::Headers gl = {
      {"X-Gitlab-Event", "Push Hook"}, {"X-Gitlab-Token", "gl-token"}, {"X-Gitlab-Event-UUID", "gl-1"}};
  EXPECT_EQ(Post("/hooks/gitlab", push, gl)->status, 202);
  EXPECT_EQ(Post("/hooks/gitlab", push, gl)->status, 200);
  EXPECT_EQ(Post("/hooks/gitlab", push, {{"X-Gitlab-Event", "Push Hook"}, {"X-Gitlab-Token", "nope"}})->status, 401);
  EXPECT_EQ(Post("/hooks/gitlab", push, {{"X-Gitlab-Event", "Push Hook"}})->status, 401);
  EXPECT_EQ(Rows("source = 'gitlab' AND url = "
                 "'https://gitlab.example.com/payments/ledger/-/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7'"),
            1);
  const std::string deployment = Fixture("gitlab_deployment.json");
  EXPECT_EQ(
      Post("/hooks/gitlab", deployment,
           {{"X-Gitlab-Event", "Deployment Hook"}, {"X-Gitlab-Token", "gl-token"}, {"X-Gitlab-Event-UUID", "gl-2"}})
          ->status,
      202);
  EXPECT_EQ(Rows("source = 'gitlab' AND event_type = 'deploy' AND url = "
                 "'https://gitlab.example.com/payments/ledger/-/jobs/7790'"),
            1);

  const std::string trig = Fixture("pagerduty_triggered.json"), res = Fixture("pagerduty_resolved.json");
  EXPECT_EQ(
      Post("/hooks/pagerduty", trig, {{"X-PagerDuty-Signature", "v1=" + HmacSha256Hex("pd-secret", trig)}})->status,
      202);
  EXPECT_EQ(Post("/hooks/pagerduty", res,
                 {{"X-PagerDuty-Signature", "v1=00," + std::string("v1=") + HmacSha256Hex("pd-secret", res)}})
                ->status,
            202);
  EXPECT_EQ(Post("/hooks/pagerduty", trig, {{"X-PagerDuty-Signature", "v1=" + HmacSha256Hex("other", trig)}})->status,
            401);
  EXPECT_EQ(Rows("source = 'pagerduty' AND incident_id = 'PGR0VU2' "
                 "AND url = 'https://acme.pagerduty.com/incidents/PGR0VU2'"),
            2);

  const std::string create = Fixture("opsgenie_create.json"), close = Fixture("opsgenie_close.json");
  EXPECT_EQ(Post("/hooks/opsgenie", create, {{"Authorization", "Bearer og-token"}})->status, 202);
  EXPECT_EQ(Post("/hooks/opsgenie", close, {{"Authorization", "Bearer og-token"}})->status, 202);
  EXPECT_EQ(Post("/hooks/opsgenie", close, {{"Authorization", "Bearer og-token"}})->status, 200);
  EXPECT_EQ(Post("/hooks/opsgenie", close, {{"Authorization", "Bearer wrong"}})->status, 401);
  EXPECT_EQ(Rows("source = 'opsgenie' AND service = 'ledger' AND url IS NULL"), 2);  // the webhook has no link
}

TEST_F(IngestHttpTest, DeployEventsAndBadInput) {
  const std::string ci = Fixture("deploy_event_ci.json");
  httplib::Headers auth = {{"Authorization", "Bearer ci-token"}};
  EXPECT_EQ(Post("/events/deploy", ci, auth)->status, 202);
  EXPECT_EQ(Post("/events/deploy", ci, auth)->status, 200);
  EXPECT_EQ(Post("/events/deploy", ci, {})->status, 401);
  EXPECT_EQ(Post("/events/deploy", Fixture("deploy_event_argocd.json"), auth)->status, 202);
  auto bad =
      Post("/events/deploy",
           R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:00:00+02:00","success":"yes"})", auth);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("\"field\":\"success\""), std::string::npos) << bad->body;
  auto time = Post("/events/deploy",
                   R"({"service":"x","environment":"prod","occurred_at":"2026-06-31T25:00:00Z","success":true})", auth);
  EXPECT_EQ(time->status, 400);
  EXPECT_NE(time->body.find("occurred_at"), std::string::npos);
  EXPECT_EQ(Post("/events/deploy", "{", auth)->status, 400);
  EXPECT_EQ(Post("/events/deploy", ci, auth, "text/plain")->status, 415);
  EXPECT_EQ(Post("/events/deploy", std::string(70000, ' '), auth)->status, 413);
  // Years below 1000 used to be stored as other dates; implausible times are 400s naming the field.
  for (const char* t : {"0001-03-01T00:00:00Z", "infinite-future", "2099-01-01T00:00:00Z"}) {
    auto r =
        Post("/events/deploy",
             absl::StrCat(R"({"service":"x","environment":"prod","occurred_at":")", t, R"(","success":true})"), auth);
    EXPECT_EQ(r->status, 400) << t;
    EXPECT_NE(r->body.find("\"field\":\"occurred_at\""), std::string::npos) << t << ": " << r->body;
  }
  // A deploy event's url: stored when http(s), else a 400 naming it.
  auto bad_url = Post(
      "/events/deploy",
      R"({"service":"x","environment":"prod","occurred_at":"2026-06-08T12:00:00Z","success":true,"url":"javascript:x"})",
      auth);
  EXPECT_EQ(bad_url->status, 400);
  EXPECT_NE(bad_url->body.find("\"field\":\"url\""), std::string::npos) << bad_url->body;
  EXPECT_EQ(Rows("service = 'x'"), 0);
  EXPECT_EQ(Post("/events/deploy",
                 R"({"service":"linked","environment":"prod","occurred_at":"2026-06-08T12:00:00Z","success":true,)"
                 R"("url":"https://ci.example.com/runs/7"})",
                 auth)
                ->status,
            202);
  EXPECT_EQ(Rows("service = 'linked' AND url = 'https://ci.example.com/runs/7'"), 1);
  // Offsets are normalized to UTC.
  EXPECT_EQ(
      Post("/events/deploy",
           R"({"service":"tz","environment":"prod","occurred_at":"2026-06-08T14:00:00+02:00","success":true})", auth)
          ->status,
      202);
  EXPECT_EQ(Rows("service = 'tz' AND occurred_at = '2026-06-08T12:00:00Z'"), 1);
}

// Every source's environment names go through one vocabulary: the built-in
// aliases, the server's --env-alias, the original kept in environment_raw;
// data_quality shows deploys per name as sent.
TEST_F(IngestHttpTest, EnvironmentVocabularyForEverySource) {
  httplib::Headers auth = {{"Authorization", "Bearer ci-token"}};
  int minute = 0;
  for (const char* env : {"production", "Prod", "live", "prod-eu", "Staging"}) {
    std::string body = absl::StrCat(R"({"service":"vocab","environment":")", env, R"(","occurred_at":"2026-07-01T10:0)",
                                    minute++, R"(:00Z","success":true})");
    EXPECT_EQ(Post("/events/deploy", body, auth)->status, 202) << env;  // every environment is stored
  }
  EXPECT_EQ(Rows("service = 'vocab' AND environment = 'prod'"), 4);
  EXPECT_EQ(Rows("service = 'vocab' AND environment = 'staging' AND environment_raw = 'Staging'"), 1);
  EXPECT_EQ(Rows("service = 'vocab' AND environment_raw = 'live' AND payload->>'environment' = 'live'"), 1);

  auto deploys = QueryDay("deploys where service = 'vocab'", absl::CivilDay(2026, 7, 1));
  ASSERT_TRUE(deploys.ok()) << deploys.status();
  EXPECT_EQ(std::get<int64_t>(deploys->table.rows[0][0]), 4);
  auto dq = QueryDay("data_quality where service = 'vocab'", absl::CivilDay(2026, 7, 1));
  ASSERT_TRUE(dq.ok()) << dq.status();
  const int names = dq->table.ColumnIndex("deploy_environments");
  ASSERT_GE(names, 0);
  EXPECT_EQ(std::get<std::string>(dq->table.rows[0][names]),
            "Prod -> prod: 1, Staging -> staging: 1, live -> prod: 1, prod-eu -> prod: 1, production -> prod: 1");

  // GitLab and GitHub deployments to other environments are not recorded.
  std::string staging = Fixture("gitlab_deployment.json");
  staging.replace(staging.find("\"environment\": \"production\""), 27, "\"environment\": \"review/x\"");
  staging.replace(staging.find("\"environment_tier\": \"production\""), 32, "\"environment_tier\": \"development\"");
  httplib::Headers gl = {{"X-Gitlab-Event", "Deployment Hook"}, {"X-Gitlab-Token", "gl-token"}};
  EXPECT_EQ(Post("/hooks/gitlab", staging, gl)->status, 204);
}

// An organization hook and a repository hook deliver the same deployment
// status under two delivery ids: stored once. A CI deploy event for the same
// deploy is another source: kept, and reported as a suspected duplicate.
TEST_F(IngestHttpTest, NaturalKeysAndSuspectedDuplicates) {
  std::string status = Fixture("github_deployment_status.json");
  status.replace(status.find("2000000001"), 10, "2000000077");
  const std::string sig = "sha256=" + HmacSha256Hex("gh-secret", status);
  for (const char* delivery : {"org-hook-1", "repo-hook-1"}) {
    auto r =
        Post("/hooks/github", status,
             {{"X-GitHub-Event", "deployment_status"}, {"X-GitHub-Delivery", delivery}, {"X-Hub-Signature-256", sig}});
    EXPECT_EQ(r->status, std::string(delivery) == "org-hook-1" ? 202 : 200) << delivery;
  }
  EXPECT_EQ(Rows("dedupe_key = 'deployment_status:2000000077:success'"), 1);

  std::string ci = Fixture("deploy_event_ci.json");
  EXPECT_EQ(Post("/events/deploy", ci, {{"Authorization", "Bearer ci-token"}, {"Idempotency-Key", "ci-twin"}})->status,
            202);
  auto dq = QueryDay("data_quality where service = 'checkout'", absl::CivilDay(2026, 6, 8));
  ASSERT_TRUE(dq.ok()) << dq.status();
  const ResultTable& t = dq->table;
  std::map<std::string, int64_t> twins;
  for (const auto& row : t.rows) {
    twins[std::get<std::string>(row[t.ColumnIndex("source")])] =
        std::get<int64_t>(row[t.ColumnIndex("suspected_duplicates")]);
  }
  EXPECT_GE(twins["ci"], 1);
  EXPECT_GE(twins["github"], 1);
}

TEST_F(IngestHttpTest, OperationalEndpoints) {
  httplib::Client c("127.0.0.1", server_->port());
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  auto ready = c.Get("/readyz");
  EXPECT_EQ(ready->status, 200);
  EXPECT_NE(ready->body.find("\"database\":\"ok\""), std::string::npos);
  auto metrics = c.Get("/metrics");
  EXPECT_NE(metrics->body.find("dora_ingest_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics->body.find("dora_ingest_spool_depth 0"), std::string::npos);
  EXPECT_EQ(c.Get("/nope")->status, 404);
  EXPECT_EQ(c.Get("/hooks/github")->status, 405);
}

}  // namespace
}  // namespace dora
