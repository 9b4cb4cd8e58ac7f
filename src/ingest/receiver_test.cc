// The receiver over a real IngestWriter on the in-memory store: routing,
// authentication, content types, acknowledgements, spooling when the store
// fails, readiness and metrics. No database, no HTTP.
#include "ingest/receiver.h"

#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/fake_store.h"

namespace dora {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1780920000);
constexpr const char* kDeploy =
    R"({"service":"api","environment":"production","occurred_at":"2026-06-08T12:15:00Z","success":true})";

IncomingRequest Request(std::string body, std::string token = "Bearer s3cret-42",
                        std::string content_type = "application/json") {
  IncomingRequest r;
  if (!token.empty()) r.headers["authorization"] = std::move(token);
  if (!content_type.empty()) r.headers["content-type"] = std::move(content_type);
  r.body = std::move(body);
  r.received_at = kNow;
  return r;
}

nlohmann::json Body(const ReceiverResponse& r) { return nlohmann::json::parse(r.body); }

class ReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/receiver_test_", getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::system(("rm -rf " + dir_).c_str());
    IngestWriterOptions o;
    o.spool_dir = dir_;
    o.retry_interval = absl::Milliseconds(20);
    auto w = IngestWriter::Start(o, &store_, clock_);
    ASSERT_TRUE(w.ok()) << w.status();
    writer_ = *std::move(w);
    ReceiverSecrets secrets;
    secrets.metrics_token = "s3cret-42";
    receiver_ = std::make_unique<Receiver>(secrets, writer_.get(), EnvironmentAliases::Default(), clock_);
  }
  void TearDown() override {
    receiver_.reset();
    writer_->Stop();
    std::system(("rm -rf " + dir_).c_str());
  }
  ReceiverResponse Post(const IncomingRequest& r) { return receiver_->Handle("POST", "/events/deploy", r); }

  std::string dir_;
  FakeStore store_;
  ManualClock clock_{kNow};
  std::unique_ptr<IngestWriter> writer_;
  std::unique_ptr<Receiver> receiver_;
};

TEST_F(ReceiverTest, StoresThenAcknowledgesTheDuplicate) {
  ReceiverResponse first = Post(Request(kDeploy));
  EXPECT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(Body(first)["status"], "stored");
  EXPECT_EQ(Body(first)["events"], 1);
  ASSERT_EQ(store_.events().size(), 1u);
  EXPECT_EQ(store_.events()[0].environment, "prod");
  ReceiverResponse again = Post(Request(kDeploy));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Body(again)["status"], "duplicate");
}

TEST_F(ReceiverTest, RefusesWhatItCannotAuthenticateOrRead) {
  EXPECT_EQ(Post(Request(kDeploy, "")).status, 401);
  ReceiverResponse wrong = Post(Request(kDeploy, "Bearer nope"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_FALSE(absl::StrContains(wrong.body, "s3cret"));  // nothing about the secret
  EXPECT_EQ(Post(Request(kDeploy, "Bearer s3cret-42", "text/plain")).status, 415);
  ReceiverResponse bad = Post(Request(R"({"service":"api"})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Body(bad).contains("field")) << bad.body;
  EXPECT_EQ(receiver_->Handle("GET", "/events/deploy", Request(kDeploy)).status, 405);
  EXPECT_EQ(receiver_->Handle("POST", "/nowhere", Request(kDeploy)).status, 404);
  // An endpoint whose secret is not configured is disabled.
  ReceiverResponse disabled = receiver_->Handle("POST", "/hooks/github", Request("{}"));
  EXPECT_EQ(disabled.status, 503);
  EXPECT_TRUE(absl::StrContains(disabled.body, "GH_WEBHOOK_SECRET"));
  EXPECT_TRUE(store_.events().empty());
  EXPECT_EQ(store_.insert_calls(), 0);
}

TEST_F(ReceiverTest, JudgesTheHeadBeforeTheBody) {
  EXPECT_EQ(receiver_->CheckHead("POST", "/events/deploy", Request("", ""))->status, 401);
  EXPECT_EQ(receiver_->CheckHead("POST", "/events/deploy", Request("", "Bearer s3cret-42", "text/xml"))->status, 415);
  EXPECT_EQ(receiver_->CheckHead("PUT", "/events/deploy", Request(""))->status, 405);
  EXPECT_FALSE(receiver_->CheckHead("POST", "/events/deploy", Request("")).has_value());  // needs the body
  EXPECT_FALSE(receiver_->CheckHead("GET", "/readyz", Request("")).has_value());
}

TEST_F(ReceiverTest, SpoolsWhenTheStoreIsDownAndStaysReady) {
  store_.FailEverything(absl::UnavailableError("database error: connecting: refused"));
  ReceiverResponse r = Post(Request(kDeploy));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Body(r)["status"], "spooled");
  ReceiverResponse ready = receiver_->Handle("GET", "/readyz", Request(""));
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(Body(ready)["database"], "unavailable");
  EXPECT_EQ(Body(ready)["spoolDepth"], 1);
}

TEST_F(ReceiverTest, AMisconfiguredStoreIsNotReady) {
  store_.FailEverything(absl::PermissionDeniedError("database error: inserting events: permission denied"));
  EXPECT_EQ(Post(Request(kDeploy)).status, 202);  // held in the spool all the same
  ReceiverResponse ready = receiver_->Handle("GET", "/readyz", Request(""));
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(Body(ready)["database"], "misconfigured");
  EXPECT_TRUE(Body(ready).contains("problem"));
}

TEST_F(ReceiverTest, DataTheStoreRefusesIsTheRequestsFault) {
  store_.RefuseEvents([](const DeliveryEvent&) { return true; });
  ReceiverResponse r = Post(Request(kDeploy));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(receiver_->Handle("GET", "/readyz", Request("")).status, 200);
}

TEST_F(ReceiverTest, MetricsCountEventsRequestsAndAuthFailures) {
  ASSERT_EQ(Post(Request(kDeploy)).status, 202);
  ASSERT_EQ(Post(Request(kDeploy)).status, 200);
  ASSERT_EQ(Post(Request(kDeploy, "Bearer nope")).status, 401);
  ASSERT_EQ(Post(Request("not json")).status, 400);
  ReceiverResponse m = receiver_->Handle("GET", "/metrics", Request(""));
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4");
  for (const char* line : {
           "dora_ingest_events_total{source=\"deploy\",type=\"deploy\",outcome=\"stored\"} 1\n",
           "dora_ingest_events_total{source=\"deploy\",type=\"deploy\",outcome=\"duplicate\"} 1\n",
           "dora_ingest_events_total{source=\"deploy\",type=\"invalid\",outcome=\"rejected\"} 1\n",
           "dora_ingest_auth_failures_total{source=\"deploy\"} 1\n",
           "dora_ingest_requests_total{source=\"deploy\",code=\"200\"} 1\n",
           "dora_ingest_requests_total{source=\"deploy\",code=\"202\"} 1\n",
           "dora_ingest_requests_total{source=\"deploy\",code=\"400\"} 1\n",
           "dora_ingest_requests_total{source=\"deploy\",code=\"401\"} 1\n",
           "dora_ingest_database_up 1\n",
       }) {
    EXPECT_TRUE(absl::StrContains(m.body, line)) << line << m.body;
  }
  // Series are listed per family, sorted by their labels.
  EXPECT_LT(m.body.find("code=\"200\""), m.body.find("code=\"202\""));
  EXPECT_LT(m.body.find("outcome=\"duplicate\""), m.body.find("outcome=\"stored\""));
}

}  // namespace
}  // namespace dora
