// `dora serve` under hostile HTTP, over real sockets on a real PostgreSQL:
// bodies past the limit (declared, chunked, compressed), slowloris and idle
// connection floods, bytes no header may hold. The server's peak memory is
// read from /proc, and nothing over the limit may be stored.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "http/raw_client.h"
#include "sanitizers.h"
#include "serve_process.h"
#include "test_database.h"

namespace dora {
namespace {

using testing::ConnectLoopback;
using testing::ReadResponse;
using testing::RoundTrip;
using testing::SendAll;
using testing::ServeProcess;
using testing::TestDatabase;

constexpr long kRssCeiling = 64L << 20;

std::string DeployJson(const std::string& service, const std::string& padding = "") {
  return absl::StrCat(R"({"service":")", service,
                      R"(","environment":"prod","occurred_at":"2026-11-30T10:00:00Z","success":true,"team":")", padding,
                      R"("})");
}

std::string Post(const std::string& path, const std::string& token, const std::string& body,
                 const std::string& extra_headers = "") {
  return absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n",
                      "Authorization: Bearer ", token, "\r\n", extra_headers, "Content-Length: ", body.size(),
                      "\r\n\r\n", body);
}

class IngestHostileHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("ingest_hostile");
    spool_ = "/tmp/dora_hostile_spool_" + std::to_string(getpid());
    server_ = new ServeProcess(DORA_BINARY, {{"DATABASE_URL", db_->url()}, {"METRICS_TOKEN", "ci-token"}},
                               {"--listen", "127.0.0.1:0", "--spool-dir", spool_, "--request-timeout", "3s"});
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->StopWith(SIGTERM), 0);
    delete server_;
    delete db_;
    std::system(("rm -rf " + spool_).c_str());
  }
  int port() const { return server_->port(); }
  int64_t Rows() { return db_->Count("SELECT count(*) FROM delivery_events"); }
  int Healthz() { return RoundTrip(port(), "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", absl::Seconds(1)).status; }
  // Streams `total` bytes of chunked body after `head`; returns the status
  // the server answered (-1 if it only reset the connection).
  int StreamChunked(const std::string& head, size_t total) {
    int fd = ConnectLoopback(port());
    SendAll(fd, head);
    const std::string chunk = absl::StrCat("100000\r\n", std::string(1 << 20, 'x'), "\r\n");
    for (size_t sent = 0; sent < total && SendAll(fd, chunk); sent += 1 << 20) {
    }
    int status = ReadResponse(fd, absl::Seconds(2)).status;
    close(fd);
    return status;
  }

  static TestDatabase* db_;
  static ServeProcess* server_;
  static std::string spool_;
};

TestDatabase* IngestHostileHttpTest::db_ = nullptr;
ServeProcess* IngestHostileHttpTest::server_ = nullptr;
std::string IngestHostileHttpTest::spool_;

TEST_F(IngestHostileHttpTest, OversizedBodiesCostNoMemoryAndAreNeverStored) {
  const int64_t before = Rows();
  // 256 MiB chunked, wrong token: refused at the head, the body is never read.
  const std::string chunked_head = [](const std::string& token) {
    return absl::StrCat("POST /events/deploy HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n",
                        "Authorization: Bearer ", token, "\r\nTransfer-Encoding: chunked\r\n\r\n");
  }("wrong");
  int status = StreamChunked(chunked_head, 256u << 20);
  EXPECT_TRUE(status == 401 || status == -1) << status;
  // 256 MiB chunked with the right token: cut off at --max-body.
  status = StreamChunked(absl::StrReplaceAll(chunked_head, {{"wrong", "ci-token"}}), 256u << 20);
  EXPECT_TRUE(status == 413 || status == -1) << status;

  // A 256 MiB gzip bomb (about 260 KB on the wire) and a valid event padded
  // to 20 MiB before compression: both past the limit once inflated.
  const std::string bomb = testing::Gzip(std::string(256u << 20, ' '));
  testing::RawResponse r =
      RoundTrip(port(), Post("/events/deploy", "ci-token", bomb, "Content-Encoding: gzip\r\n"), absl::Seconds(5));
  EXPECT_EQ(r.status, 413) << r.body;
  r = RoundTrip(port(),
                Post("/events/deploy", "ci-token", testing::Gzip(DeployJson("padded", std::string(20u << 20, 'a'))),
                     "Content-Encoding: gzip\r\n"),
                absl::Seconds(5));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(Rows(), before);

  // A compressed event within the limit is stored like any other.
  r = RoundTrip(port(),
                Post("/events/deploy", "ci-token", testing::Gzip(DeployJson("zipped")), "Content-Encoding: gzip\r\n"),
                absl::Seconds(5));
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(db_->Count("SELECT count(*) FROM delivery_events WHERE service = 'zipped'"), 1);
  r = RoundTrip(port(), Post("/events/deploy", "ci-token", "x", "Content-Encoding: br\r\n"), absl::Seconds(5));
  EXPECT_EQ(r.status, 415);

  const long peak = testing::PeakRssBytes(server_->pid());
  std::cout << "dora serve peak RSS after the oversized bodies: " << (peak >> 20) << " MiB\n";
  EXPECT_GT(peak, 0);
  if (!testing::kUnderAddressSanitizer) {
    EXPECT_LT(peak, kRssCeiling) << "peak RSS " << (peak >> 20) << " MiB";
  }
}

TEST_F(IngestHostileHttpTest, HealthAnswersWithinOneSecondUnderSlowlorisAndIdleFloods) {
  const std::vector<int> slow = testing::OpenConnections(port(), 200, "127.0.0.3", "P");
  const std::vector<int> idle = testing::OpenConnections(port(), 2000, "127.0.0.2", "");
  ASSERT_EQ(std::count(slow.begin(), slow.end(), -1) + std::count(idle.begin(), idle.end(), -1), 0);
  for (int round = 0; round < 3; ++round) {
    for (int fd : slow) SendAll(fd, "O");  // a byte now and then keeps no connection alive past its deadline
    EXPECT_EQ(Healthz(), 200);
    EXPECT_EQ(RoundTrip(port(), "GET /readyz HTTP/1.1\r\n\r\n", absl::Seconds(1)).status, 200);
    absl::SleepFor(absl::Milliseconds(500));
  }
  // Events still get through.
  EXPECT_EQ(RoundTrip(port(), Post("/events/deploy", "ci-token", DeployJson("during-flood")), absl::Seconds(1)).status,
            202);
  // The trickling connections are cut at --request-timeout with 408.
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(ReadResponse(slow[0], absl::Seconds(2)).status, 408);
  testing::CloseAll(slow);
  testing::CloseAll(idle);
  if (!testing::kUnderAddressSanitizer) {
    EXPECT_LT(testing::PeakRssBytes(server_->pid()), kRssCeiling);
  }
}

TEST_F(IngestHostileHttpTest, BytesNoHeaderMayHoldAre400WithoutInternals) {
  for (const std::string& req : {std::string("GET /\xff HTTP/1.1\r\n\r\n"),
                                 std::string("POST /events/deploy HTTP/1.1\r\nAuthorization: Bearer \xc3\x28\r\n\r\n"),
                                 std::string("POST /events/deploy HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 42)}) {
    testing::RawResponse r = RoundTrip(port(), req, absl::Seconds(1));
    EXPECT_EQ(r.status, 400) << req;
    EXPECT_EQ(r.head.find("EXCEPTION"), std::string::npos);
    EXPECT_NE(r.body.find("\"error\""), std::string::npos);
  }
  EXPECT_EQ(Healthz(), 200);
}

}  // namespace
}  // namespace dora
