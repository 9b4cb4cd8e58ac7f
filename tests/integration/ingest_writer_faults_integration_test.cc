// `dora serve` when the database misbehaves, over real sockets on a real
// PostgreSQL: the spool accepts exactly what the table accepts, a dead letter
// survives a crash between its write and the drain, a misconfigured database
// is spooled and reported (not answered 400), a locked table does not hold
// requests, the spool has a size cap, and a large spool drains in bounded
// memory.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "http/raw_client.h"
#include "ingest/spool.h"
#include "sanitizers.h"
#include "serve_process.h"
#include "store/pg_session.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::RawResponse;
using testing::RoundTrip;
using testing::ServeProcess;
using testing::TestDatabase;

constexpr char kUnreachable[] = "postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=1";

std::string Deploy(const std::string& service, const std::string& extra = "") {
  return absl::StrCat(R"({"service":")", service,
                      R"(","environment":"prod","occurred_at":"2026-11-30T10:00:00Z","success":true)", extra, "}");
}

RawResponse Post(int port, const std::string& body, absl::Duration timeout = absl::Seconds(5)) {
  return RoundTrip(port,
                   absl::StrCat("POST /events/deploy HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n",
                                "Authorization: Bearer t\r\nContent-Length: ", body.size(), "\r\n\r\n", body),
                   timeout);
}

RawResponse Get(int port, const std::string& path) {
  return RoundTrip(port, absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: t\r\n\r\n"), absl::Seconds(1));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class WriterFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>("writer_faults");
    spool_ = absl::StrCat("/tmp/dora_writer_faults_", getpid(), "_",
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::system(("rm -rf " + spool_).c_str());
  }
  void TearDown() override { std::system(("rm -rf " + spool_).c_str()); }

  std::unique_ptr<ServeProcess> Serve(const std::string& url, std::vector<std::string> extra = {},
                                      std::map<std::string, std::string> env = {}) {
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--spool-dir", spool_};
    args.insert(args.end(), extra.begin(), extra.end());
    env["DATABASE_URL"] = url;
    env["METRICS_TOKEN"] = "t";
    return std::make_unique<ServeProcess>(DORA_BINARY, env, args);
  }
  bool WaitDrained(int port, absl::Duration limit = absl::Seconds(20)) {
    for (absl::Time end = absl::Now() + limit; absl::Now() < end; absl::SleepFor(absl::Milliseconds(100))) {
      if (Get(port, "/metrics").body.find("dora_ingest_spool_depth 0\n") != std::string::npos) return true;
    }
    return false;
  }
  int64_t Rows(const std::string& service) {
    return db_->Count(absl::StrCat("SELECT count(*) FROM delivery_events WHERE service = '", service, "'"));
  }

  std::unique_ptr<TestDatabase> db_;
  std::string spool_;
};

// Item 6: whatever the database's state, an event the table would refuse is
// a 400 naming the column, never a 202 from the spool.
TEST_F(WriterFaultsTest, SpoolAcceptsExactlyWhatTheTableAccepts) {
  auto up = Serve(db_->url());
  const std::string spool_up = spool_;
  spool_ += "_down";
  auto down = Serve(kUnreachable);
  struct Case {
    std::string body;
    std::string field;
  };
  const std::string deep = absl::StrCat(R"(,"extra":)", std::string(300, '['), std::string(300, ']'));
  const Case cases[] = {
      {Deploy(std::string(300, 's')), "service"},
      {Deploy("api", R"(,"team":"pay\u0000ments")"), "team"},
      {Deploy("api", R"(,"note":"nul \u0000 inside")"), "payload"},
      {Deploy("api", R"(,"huge":1e999)"), ""},  // not JSON a parser here accepts: 400 without a field
      {Deploy("api", deep), "payload"},
  };
  for (const Case& c : cases) {
    RawResponse a = Post(up->port(), c.body);
    RawResponse b = Post(down->port(), c.body);
    EXPECT_EQ(a.status, 400) << c.field << ": " << a.body;
    EXPECT_EQ(b.status, 400) << c.field << ": " << b.body;
    if (!c.field.empty()) {
      EXPECT_NE(a.body.find(absl::StrCat("\"field\":\"", c.field, "\"")), std::string::npos) << a.body;
    }
    EXPECT_EQ(a.body, b.body);
  }
  EXPECT_NE(Post(up->port(), Deploy("fine")).body.find("stored"), std::string::npos);
  EXPECT_NE(Post(down->port(), Deploy("fine-later")).body.find("spooled"), std::string::npos);
  EXPECT_EQ(down->StopWith(SIGTERM), 0);
  std::system(("rm -rf " + spool_).c_str());
  spool_ = spool_up;
}

// Item 6: the dead letter is durable before the drain moves past it; a
// crash between the two dead-letters the event again, never loses it.
TEST_F(WriterFaultsTest, DeadLetterSurvivesACrashBetweenItsWriteAndTheDrain) {
  {
    auto down = Serve(kUnreachable);
    for (const char* s : {"good-1", "poison", "good-2"}) {
      RawResponse r = Post(down->port(), Deploy(s));
      ASSERT_EQ(r.status, 202) << r.body;
    }
    ASSERT_EQ(down->StopWith(SIGTERM), 0);
  }
  // The table now refuses one of the spooled events as data.
  db_->Exec("ALTER TABLE delivery_events ADD CONSTRAINT no_poison CHECK (service <> 'poison')");
  auto crashing = Serve(db_->url(), {}, {{"DORA_TEST_FAULT", "exit-after-dead-letter"}});
  EXPECT_EQ(crashing->StopWith(0), 86);  // waits for the fault hook's exit
  EXPECT_NE(ReadFile(spool_ + "/events.spool.deadletter").find("poison"), std::string::npos);
  EXPECT_NE(ReadFile(spool_ + "/events.spool").find("poison"), std::string::npos);  // not drained past it

  auto server = Serve(db_->url());
  ASSERT_TRUE(WaitDrained(server->port()));
  EXPECT_EQ(Rows("good-1"), 1);
  EXPECT_EQ(Rows("good-2"), 1);
  EXPECT_EQ(Rows("poison"), 0);
  const std::string letters = ReadFile(spool_ + "/events.spool.deadletter");
  EXPECT_NE(letters.find("no_poison"), std::string::npos) << letters;  // the reason, for the operator
  struct stat st;
  ASSERT_EQ(stat((spool_ + "/events.spool.deadletter").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_NE(Get(server->port(), "/metrics").body.find("dora_ingest_dead_letters_total 1\n"), std::string::npos);
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

// Item 7: a role without INSERT is the server's problem: events are spooled
// (202), /readyz is 503 with the reason, and no SQL reaches a response.
TEST_F(WriterFaultsTest, MisconfiguredDatabaseIsSpooledAndReportedNot400) {
  const std::string role = absl::StrCat("dora_ro_", getpid());
  db_->Exec(absl::StrCat("DROP ROLE IF EXISTS ", role));
  db_->Exec(absl::StrCat("CREATE ROLE ", role, " LOGIN PASSWORD 'ro-pw'"));
  db_->Exec(absl::StrCat("GRANT SELECT ON ALL TABLES IN SCHEMA public TO ", role));
  const std::string url = absl::StrReplaceAll(db_->url(), {{"postgres@", role + ":ro-pw@"}});
  auto server = Serve(url);
  RawResponse r = Post(server->port(), Deploy("needs-insert"));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("spooled"), std::string::npos) << r.body;
  RawResponse ready = Get(server->port(), "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_NE(ready.body.find("\"database\":\"misconfigured\""), std::string::npos) << ready.body;
  EXPECT_NE(ready.body.find("privilege"), std::string::npos) << ready.body;
  for (const char* leak : {"INSERT", "unnest", "ERROR", "delivery_events_source_dedupe_key_key"}) {
    EXPECT_EQ(ready.body.find(leak), std::string::npos) << ready.body;
    EXPECT_EQ(r.body.find(leak), std::string::npos) << r.body;
  }
  db_->Exec(absl::StrCat("GRANT INSERT, UPDATE (first_commit_ts) ON delivery_events TO ", role));
  db_->Exec(absl::StrCat("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ", role));
  ASSERT_TRUE(WaitDrained(server->port()));
  EXPECT_EQ(Rows("needs-insert"), 1);
  EXPECT_EQ(Get(server->port(), "/readyz").status, 200);
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
  db_->Exec(absl::StrCat("DROP OWNED BY ", role));
  db_->Exec(absl::StrCat("DROP ROLE ", role));
}

// Item 9: a lock on the table holds neither requests nor health checks:
// past the submit deadline the events are spooled, and stored once the lock
// is gone.
TEST_F(WriterFaultsTest, LockedTableDoesNotHoldRequests) {
  auto server = Serve(db_->url(), {"--submit-deadline", "1s", "--db-statement-timeout", "2s"});
  ASSERT_EQ(Post(server->port(), Deploy("warm-up")).status, 202);
  // A second session holds the lock in its open transaction until Commit.
  std::unique_ptr<PgSession> locker = testing::OpenHelperSession(db_->url());
  auto lock = PgTransaction::Begin(*locker, "locking the table", PgTransaction::Mode::kReadWrite);
  ASSERT_TRUE(lock.ok()) << lock.status();
  auto locked = lock->Exec("LOCK TABLE delivery_events IN ACCESS EXCLUSIVE MODE");
  ASSERT_TRUE(locked.ok()) << locked.status();
  std::vector<RawResponse> answers(20);
  std::vector<std::thread> senders;
  for (int i = 0; i < 20; ++i) {
    senders.emplace_back(
        [&, i] { answers[i] = Post(server->port(), Deploy(absl::StrCat("locked-", i)), absl::Seconds(4)); });
  }
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Get(server->port(), "/healthz").status, 200);
  EXPECT_EQ(Get(server->port(), "/readyz").status, 200);
  for (auto& t : senders) t.join();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(answers[i].status, 202) << i << " " << answers[i].body;
    EXPECT_NE(answers[i].body.find("spooled"), std::string::npos) << answers[i].body;
  }
  absl::Status unlocked = lock->Commit();
  ASSERT_TRUE(unlocked.ok()) << unlocked;
  ASSERT_TRUE(WaitDrained(server->port()));
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE service LIKE 'locked-%'"), 20);
  EXPECT_EQ(db_->Count("SELECT count(DISTINCT service) FROM delivery_events WHERE service LIKE 'locked-%'"), 20);
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

// Item 10: the spool has a cap; past it requests are 503 and /readyz and
// /metrics say so.
TEST_F(WriterFaultsTest, FullSpoolIs503AndReported) {
  auto server = Serve(kUnreachable, {"--spool-max-bytes", "4096"});
  int accepted = 0;
  RawResponse last;
  for (int i = 0; i < 100; ++i) {
    last = Post(server->port(), Deploy(absl::StrCat("fill-", i)));
    if (last.status != 202) break;
    ++accepted;
  }
  EXPECT_GT(accepted, 0);
  EXPECT_EQ(last.status, 503) << last.body;
  EXPECT_NE(last.body.find("spool is full"), std::string::npos) << last.body;
  RawResponse ready = Get(server->port(), "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.body.find("\"spool\":\"full\""), std::string::npos) << ready.body;
  EXPECT_NE(Get(server->port(), "/metrics").body.find("dora_ingest_spool_capacity_bytes 4096\n"), std::string::npos);
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

// Item 10: a large spool drains in bounded batches: memory stays small.
TEST_F(WriterFaultsTest, LargeSpoolDrainsInBoundedMemory) {
  {
    auto spool = Spool::Open(spool_, int64_t{1} << 30);
    ASSERT_TRUE(spool.ok()) << spool.status();
    const std::string filler(900, 'p');
    std::vector<DeliveryEvent> batch;
    for (int i = 0; i < 80000; ++i) {
      DeliveryEvent e;
      e.event_type = EventType::kDeploy;
      e.service = absl::StrCat("bulk-", i % 50);
      e.environment = "prod";
      e.occurred_at = absl::FromUnixSeconds(1780000000 + i);
      e.success = true;
      e.source = "ci";
      e.dedupe_key = absl::StrCat("bulk-", i);
      e.payload = absl::StrCat(R"({"filler":")", filler, R"("})");
      batch.push_back(std::move(e));
      if (batch.size() == 5000) {
        ASSERT_TRUE((*spool)->Append(batch).ok());
        batch.clear();
      }
    }
    EXPECT_GT((*spool)->pending_bytes(), 75 << 20);
  }
  auto server = Serve(db_->url());
  ASSERT_TRUE(WaitDrained(server->port(), absl::Seconds(120)));
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE service LIKE 'bulk-%'"), 80000);
  const long peak = testing::PeakRssBytes(server->pid());
  std::cout << "dora serve peak RSS draining an 80 000-event spool: " << (peak >> 20) << " MiB\n";
  if (!testing::kUnderAddressSanitizer) {
    EXPECT_LT(peak, 64L << 20);
  }
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

}  // namespace
}  // namespace dora
