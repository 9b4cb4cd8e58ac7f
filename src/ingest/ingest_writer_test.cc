// IngestWriter against the in-memory store: commits, the database failing
// in each way, retries on the injected clock, the submit deadline and dead
// letters. No database.
#include "ingest/ingest_writer.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "store/fake_store.h"

namespace dora {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1780920000);

DeliveryEvent Event(const std::string& key, const std::string& service = "checkout") {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = service;
  e.environment = "prod";
  e.occurred_at = absl::FromUnixSeconds(1780900000);
  e.success = true;
  e.source = "ci";
  e.dedupe_key = key;
  return e;
}

// Polls `done` for up to five seconds (writer threads work asynchronously).
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return done();
}

class IngestWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/ingest_writer_test_", getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::system(("rm -rf " + dir_).c_str());
    options_.spool_dir = dir_;
    options_.retry_interval = absl::Milliseconds(20);  // a wake-up period in real time; retries follow clock_
    options_.submit_deadline = absl::Seconds(5);
  }
  void TearDown() override {
    store_.HoldInserts(false);
    if (writer_) writer_->Stop();
    std::system(("rm -rf " + dir_).c_str());
  }
  void Start() {
    auto w = IngestWriter::Start(options_, &store_, clock_);
    ASSERT_TRUE(w.ok()) << w.status();
    writer_ = *std::move(w);
  }
  std::string ReadDeadLetters() {
    std::ifstream in(dir_ + "/events.spool.deadletter");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
  IngestWriterOptions options_;
  FakeStore store_;
  ManualClock clock_{kStart};
  std::unique_ptr<IngestWriter> writer_;
};

TEST_F(IngestWriterTest, CommitsAndReportsDuplicates) {
  Start();
  auto first = writer_->Submit({Event("a"), Event("b")});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->stored, (std::vector<bool>{true, true}));
  EXPECT_FALSE(first->spooled);
  auto again = writer_->Submit({Event("a")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->stored, std::vector<bool>{false});
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_EQ(s.database, IngestWriter::DatabaseState::kOk);
  EXPECT_EQ(s.committed_batches, 2);
  EXPECT_EQ(s.spool_depth, 0);
  EXPECT_EQ(store_.events().size(), 2u);
}

TEST_F(IngestWriterTest, RefusesASchemaItDoesNotWrite) {
  store_.SetSchemaVersion(LatestSchemaVersion() - 1);
  auto old = IngestWriter::Start(options_, &store_, clock_);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(old.status().message(), "run `dora migrate`")) << old.status();
  store_.SetSchemaVersion(LatestSchemaVersion() + 1);
  auto newer = IngestWriter::Start(options_, &store_, clock_);
  ASSERT_FALSE(newer.ok());
  EXPECT_TRUE(absl::StrContains(newer.status().message(), "upgrade dora")) << newer.status();
}

TEST_F(IngestWriterTest, AnUnreachableDatabaseAtStartIsNotAnError) {
  store_.FailEverything(absl::UnavailableError("database error: connecting: refused"));
  Start();
  EXPECT_EQ(writer_->GetStats().database, IngestWriter::DatabaseState::kUnavailable);
  auto r = writer_->Submit({Event("a")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->spooled);
  EXPECT_EQ(store_.insert_calls(), 0);  // not worth trying before retry_interval passed on the clock
}

TEST_F(IngestWriterTest, SpoolsDuringAnOutageAndRetriesOnlyAfterTheIntervalOnItsClock) {
  Start();
  store_.FailEverything(absl::UnavailableError("database error: running statement: server closed the connection"));
  auto first = writer_->Submit({Event("a")});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->spooled);
  EXPECT_EQ(first->stored, std::vector<bool>{true});  // spooled counts as stored
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_EQ(s.database, IngestWriter::DatabaseState::kUnavailable);
  EXPECT_EQ(s.database_problem, "the database is unreachable");
  EXPECT_EQ(s.spool_depth, 1);
  const int calls = store_.insert_calls();
  EXPECT_EQ(calls, 1);

  // Healed, but the clock has not moved: everything joins the spool, in order.
  store_.FailEverything(absl::OkStatus());
  auto second = writer_->Submit({Event("b")});
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->spooled);
  absl::SleepFor(absl::Milliseconds(100));  // several wake-ups of the writer threads
  EXPECT_EQ(store_.insert_calls(), calls);
  EXPECT_EQ(writer_->GetStats().spool_depth, 2);

  clock_.Advance(options_.retry_interval);
  ASSERT_TRUE(Eventually([&] { return writer_->GetStats().spool_depth == 0; }));
  std::vector<DeliveryEvent> stored = store_.events();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].dedupe_key, "a");
  EXPECT_EQ(stored[1].dedupe_key, "b");
  EXPECT_EQ(writer_->GetStats().database, IngestWriter::DatabaseState::kOk);
  auto third = writer_->Submit({Event("c")});
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->spooled);
}

TEST_F(IngestWriterTest, AMisconfiguredDatabaseSpoolsAndSaysWhy) {
  Start();
  store_.FailEverything(absl::PermissionDeniedError("database error: inserting events: permission denied"));
  auto r = writer_->Submit({Event("a")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->spooled);
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_EQ(s.database, IngestWriter::DatabaseState::kMisconfigured);
  EXPECT_TRUE(absl::StrContains(s.database_problem, "lacks a privilege")) << s.database_problem;
  EXPECT_FALSE(absl::StrContains(s.database_problem, "permission denied"));  // the database's words go to the log

  store_.FailEverything(absl::FailedPreconditionError("database error: relation missing (run `dora migrate`)"));
  clock_.Advance(options_.retry_interval);
  ASSERT_TRUE(Eventually([&] { return absl::StrContains(writer_->GetStats().database_problem, "run dora migrate"); }));
  EXPECT_EQ(writer_->GetStats().database, IngestWriter::DatabaseState::kMisconfigured);
}

TEST_F(IngestWriterTest, AnEventFaultFailsOnlyThatRequest) {
  Start();
  store_.RefuseEvents([](const DeliveryEvent& e) { return e.service == "bad"; });
  auto bad = writer_->Submit({Event("x", "bad")});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(bad.status().message(), "inserting events"));  // no SQL or database words
  auto good = writer_->Submit({Event("y")});
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_FALSE(good->spooled);
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_EQ(s.database, IngestWriter::DatabaseState::kOk);
  EXPECT_EQ(s.spool_depth, 0);
  ASSERT_EQ(store_.events().size(), 1u);
  EXPECT_EQ(store_.events()[0].dedupe_key, "y");
}

TEST_F(IngestWriterTest, ARefusedSpooledEventBecomesADeadLetter) {
  int after_dead_letter = 0;
  options_.after_dead_letter = [&after_dead_letter] { ++after_dead_letter; };
  Start();
  store_.FailEverything(absl::UnavailableError("database error: connecting: refused"));
  auto r = writer_->Submit({Event("good-1"), Event("bad", "bad"), Event("good-2")});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->spooled);

  store_.FailEverything(absl::OkStatus());
  store_.RefuseEvents([](const DeliveryEvent& e) { return e.service == "bad"; });
  clock_.Advance(absl::Minutes(1));
  ASSERT_TRUE(Eventually([&] { return writer_->GetStats().spool_depth == 0; }));
  std::vector<DeliveryEvent> stored = store_.events();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].dedupe_key, "good-1");
  EXPECT_EQ(stored[1].dedupe_key, "good-2");
  EXPECT_EQ(writer_->GetStats().dead_letters, 1);
  EXPECT_EQ(after_dead_letter, 1);
  const std::string letters = ReadDeadLetters();
  EXPECT_TRUE(absl::StrContains(letters, "\"dedupe_key\":\"bad\"")) << letters;
  // Stamped with the writer's clock.
  EXPECT_TRUE(absl::StrContains(letters, FormatRfc3339Utc(kStart + absl::Minutes(1)))) << letters;
}

TEST_F(IngestWriterTest, ASubmissionPastItsDeadlineIsSpooledByItsOwnThread) {
  options_.submit_deadline = absl::Milliseconds(50);
  options_.writers = 1;
  Start();
  store_.HoldInserts(true);  // a lock or a stalled server
  auto r = writer_->Submit({Event("slow")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->spooled);
  EXPECT_EQ(r->stored, std::vector<bool>{true});
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_EQ(s.submit_deadlines, 1);
  EXPECT_EQ(s.spool_depth, 1);
  // The stalled write completes later; the spooled copy is a harmless duplicate.
  store_.HoldInserts(false);
  clock_.Advance(absl::Minutes(1));
  ASSERT_TRUE(Eventually([&] { return writer_->GetStats().spool_depth == 0; }));
  EXPECT_EQ(store_.events().size(), 1u);
}

TEST_F(IngestWriterTest, AFullSpoolIsUnavailable) {
  options_.spool_max_bytes = 10;  // smaller than one record
  Start();
  store_.FailEverything(absl::UnavailableError("database error: connecting: refused"));
  auto r = writer_->Submit({Event("a")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  IngestWriter::Stats s = writer_->GetStats();
  EXPECT_TRUE(s.spool_full);
  EXPECT_TRUE(s.spool_ok);
}

}  // namespace
}  // namespace dora
