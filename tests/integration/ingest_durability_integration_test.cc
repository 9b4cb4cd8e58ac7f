// Nothing acknowledged is lost or duplicated: the database stopped in the
// middle of a stream of events, and `dora serve` killed with SIGKILL under
// load. Uses its own cluster (scripts/pg.sh, port 54369) so it can stop it.
#include <signal.h>

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "serve_process.h"
#include "sql_cells.h"
#include "store/migrations.h"
#include "store/pg_session.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::ServeProcess;

const std::string kPort = "54369";
const std::string kDir = std::string(DORA_BUILD_DIR) + "/pg-durability";

int Pg(const std::string& command) {
  return std::system(absl::StrCat("DORA_PG_DIR=", kDir, " DORA_PG_PORT=", kPort,
                                  " DORA_PG_FAST=0 DORA_PG_DB=dora_durability bash ", DORA_SOURCE_DIR,
                                  "/scripts/pg.sh ", command, " >/dev/null 2>&1")
                         .c_str());
}

std::string Url() { return absl::StrCat("postgresql://postgres@127.0.0.1:", kPort, "/dora_durability"); }

std::string DeployBody(int i) {
  return absl::StrCat(R"({"service":"svc-)", i % 7, R"(","environment":"prod","commit_sha":"c)", i,
                      R"(","occurred_at":"2026-06-08T12:00:00Z","success":true})");
}

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Pg("start"), 0);
    // This cluster's password file (scripts/pg.sh), for libpq here and in dora serve.
    setenv("PGPASSFILE", (kDir + "/pgpass").c_str(), 1);
    ASSERT_TRUE(Migrate(*testing::OpenSession(Url())).ok());
    auto truncated = testing::OpenHelperSession(Url())->Exec("emptying the table", "TRUNCATE delivery_events");
    ASSERT_TRUE(truncated.ok()) << truncated.status();
    spool_ = absl::StrCat("/tmp/dora_durability_spool_", getpid());
    std::system(("rm -rf " + spool_).c_str());
  }
  void TearDown() override {
    Pg("stop");
    std::system(("rm -rf " + spool_).c_str());
  }

  std::unique_ptr<ServeProcess> Start() {
    return std::make_unique<ServeProcess>(
        DORA_BINARY, std::map<std::string, std::string>{{"DATABASE_URL", Url()}, {"METRICS_TOKEN", "t"}},
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--spool-dir", spool_});
  }

  // Rows per commit_sha for the deploys of this test (one statement, one
  // snapshot). A failure to read is a test failure and an empty map.
  std::map<std::string, int> Stored() {
    absl::StatusOr<std::unique_ptr<PgSession>> conn = PgSession::Connect(Url(), testing::HelperSessionOptions());
    absl::StatusOr<SqlResult> rows = conn.ok() ? (*conn)->Exec("reading the stored events",
                                                               "SELECT commit_sha, count(*) FROM delivery_events "
                                                               "GROUP BY 1")
                                               : conn.status();
    if (!rows.ok()) {
      ADD_FAILURE() << rows.status();
      return {};
    }
    std::map<std::string, int> out;
    for (size_t i = 0; i < rows->rows.size(); ++i) {
      out[testing::CellText(*rows, i, 0)] = static_cast<int>(testing::CellInt64(*rows, i, 1));
    }
    return out;
  }

  // Waits until the spool is drained (dora_ingest_spool_depth 0).
  void WaitDrained(int port) {
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 100; ++i) {
      auto m = c.Get("/metrics");
      if (m && m->body.find("dora_ingest_spool_depth 0\n") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "spool not drained within 10 s";
  }

  std::string spool_;
};

TEST_F(DurabilityTest, DatabaseStoppedMidStream) {
  auto server = Start();
  httplib::Client c("127.0.0.1", server->port());
  httplib::Headers auth = {{"Authorization", "Bearer t"}};
  std::set<std::string> acked;
  int spooled = 0;
  for (int i = 0; i < 300; ++i) {
    if (i == 100) {
      ASSERT_EQ(Pg("stop"), 0);
    }
    if (i == 200) {
      ASSERT_EQ(Pg("start"), 0);
    }
    auto r = c.Post("/events/deploy", auth, DeployBody(i), "application/json");
    ASSERT_TRUE(r) << "request " << i;
    ASSERT_TRUE(r->status == 202) << "request " << i << ": " << r->status << " " << r->body;
    spooled += r->body.find("spooled") != std::string::npos;
    acked.insert(absl::StrCat("c", i));
  }
  EXPECT_GE(spooled, 100);  // everything sent while the database was down
  WaitDrained(server->port());
  std::map<std::string, int> stored = Stored();
  EXPECT_EQ(stored.size(), acked.size());
  for (const std::string& sha : acked) EXPECT_EQ(stored[sha], 1) << sha;
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

TEST_F(DurabilityTest, KillNineUnderLoad) {
  auto server = Start();
  std::mutex mu;
  std::set<std::string> acked;
  std::atomic<int> next{0};
  std::atomic<int> port{server->port()};
  std::atomic<bool> restarting{false};
  auto sender = [&] {
    while (true) {
      while (restarting.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      int i = next++;
      if (i >= 3000) return;
      httplib::Client c("127.0.0.1", port.load());
      c.set_connection_timeout(1, 0);
      auto r = c.Post("/events/deploy", {{"Authorization", "Bearer t"}}, DeployBody(i), "application/json");
      if (r && (r->status == 202 || r->status == 200)) {
        std::lock_guard<std::mutex> lock(mu);
        acked.insert(absl::StrCat("c", i));
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(sender);
  while (next.load() < 1000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  restarting = true;          // senders stop picking new events; requests in flight stay in flight
  server->StopWith(SIGKILL);  // mid-flight: some requests get no answer
  server = Start();           // same spool: whatever it holds drains first
  port = server->port();
  restarting = false;
  for (auto& t : threads) t.join();
  WaitDrained(server->port());
  std::map<std::string, int> stored = Stored();
  for (const std::string& sha : acked) EXPECT_EQ(stored[sha], 1) << sha << " acknowledged but not stored exactly once";
  for (const auto& [sha, n] : stored) EXPECT_EQ(n, 1) << sha << " stored twice";
  // Load before the kill, and after the restart, was really acknowledged.
  EXPECT_GT(acked.size(), 900u);
  EXPECT_TRUE(acked.count("c2999") + acked.count("c2998") + acked.count("c2997") > 0);
  EXPECT_EQ(server->StopWith(SIGTERM), 0);
}

}  // namespace
}  // namespace dora
