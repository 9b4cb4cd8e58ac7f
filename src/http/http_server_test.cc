#include "http/http_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "http/raw_client.h"

namespace dora {
namespace {

using testing::ConnectLoopback;
using testing::ReadResponse;
using testing::RoundTrip;
using testing::SendAll;

constexpr absl::Duration kOneSecond = absl::Seconds(1);

// A server on a free port, run on its own thread. "/block" waits for
// `release`; "/healthz" is answered on the I/O thread; everything else
// echoes the body.
class ServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options) {
    options.inline_paths = {"/healthz"};
    auto s = HttpServer::Bind(
        std::move(options),
        [this](const HttpRequest& r) {
          if (r.path == "/block") release_.WaitForNotification();
          if (r.path == "/throw") throw std::runtime_error("boom");
          return HttpResponse{200, "text/plain", r.path == "/healthz" ? "ok" : r.body, {}};
        },
        [](const HttpRequest& head) -> std::optional<HttpResponse> {
          if (head.path == "/private" && head.Header("authorization") != "Bearer right") {
            return HttpResponse{401, "application/json", R"({"error":"bad token"})", {}};
          }
          return std::nullopt;
        });
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = *std::move(s);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (!release_.HasBeenNotified()) release_.Notify();
    if (server_) {
      server_->Stop();
      thread_.join();
    }
  }
  int port() const { return server_->port(); }
  int Healthz(const std::string& source_ip = "") {
    int fd = ConnectLoopback(port(), source_ip);
    if (fd < 0) return -1;
    SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    int status = ReadResponse(fd, kOneSecond).status;
    close(fd);
    return status;
  }

  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  absl::Notification release_;
};

TEST_F(ServerTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  Start({});
  int fd = ConnectLoopback(port());
  ASSERT_TRUE(SendAll(fd,
                      "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\none"
                      "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\ntwo"
                      "GET /healthz HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(ReadResponse(fd, kOneSecond).body, "one");
  EXPECT_EQ(ReadResponse(fd, kOneSecond).body, "two");
  EXPECT_EQ(ReadResponse(fd, kOneSecond).body, "ok");
  ASSERT_TRUE(SendAll(fd, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nthr\r\n2\r\nee\r\n0\r\n\r\n"));
  EXPECT_EQ(ReadResponse(fd, kOneSecond).body, "three");
  close(fd);
}

TEST_F(ServerTest, HealthAnswersWithinOneSecondUnderSlowlorisAndIdleFloods) {
  HttpServerOptions o;
  o.max_connections_per_client = 256;
  Start(o);
  // 200 connections from one address trickle a request head one byte at a
  // time; 2000 idle ones from another: past its cap the oldest idle ones make room.
  const std::vector<int> slow = testing::OpenConnections(port(), 200, "127.0.0.3", "P");
  const std::vector<int> idle = testing::OpenConnections(port(), 2000, "127.0.0.2", "");
  ASSERT_EQ(std::count(slow.begin(), slow.end(), -1) + std::count(idle.begin(), idle.end(), -1), 0);
  for (int round = 0; round < 3; ++round) {
    for (int fd : slow) SendAll(fd, "O");
    EXPECT_EQ(Healthz(), 200);
    EXPECT_EQ(Healthz("127.0.0.2"), 200);  // the flooding address itself still gets in
  }
  testing::CloseAll(slow);
  testing::CloseAll(idle);
}

TEST_F(ServerTest, ARequestThatDoesNotArriveInTimeIs408) {
  HttpServerOptions o;
  o.request_timeout = absl::Milliseconds(300);
  Start(o);
  int fd = ConnectLoopback(port());
  SendAll(fd, "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  testing::RawResponse r = ReadResponse(fd, absl::Seconds(3));
  EXPECT_EQ(r.status, 408);
  close(fd);
  // An idle new connection that never sends is closed without a word.
  fd = ConnectLoopback(port());
  EXPECT_EQ(ReadResponse(fd, absl::Seconds(3)).status, -1);
  close(fd);
}

TEST_F(ServerTest, ConnectionsBeyondThePerClientCapWithNothingIdleAre503) {
  HttpServerOptions o;
  o.max_connections_per_client = 5;
  Start(o);
  std::vector<int> busy;
  for (int i = 0; i < 5; ++i) {
    int fd = ConnectLoopback(port(), "127.0.0.4");
    SendAll(fd, "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n");  // a request in progress
    busy.push_back(fd);
  }
  absl::SleepFor(absl::Milliseconds(200));  // all five read: none of them is idle
  int extra = ConnectLoopback(port(), "127.0.0.4");
  testing::RawResponse r = ReadResponse(extra, kOneSecond);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("too many connections"), std::string::npos);
  close(extra);
  EXPECT_EQ(Healthz(), 200);  // other clients are unaffected
  for (int fd : busy) close(fd);
}

TEST_F(ServerTest, HealthStaysUpWhileEveryWorkerIsBlocked) {
  HttpServerOptions o;
  o.workers = 2;
  o.max_queued_requests = 2;
  Start(o);
  std::vector<int> blocked;
  for (int i = 0; i < 4; ++i) {
    int fd = ConnectLoopback(port());
    SendAll(fd, "GET /block HTTP/1.1\r\n\r\n");
    blocked.push_back(fd);
    absl::SleepFor(absl::Milliseconds(100));  // the first two reach a worker before the next arrives
  }
  EXPECT_EQ(Healthz(), 200);
  // Two running, two queued: the fifth is refused instead of waiting forever.
  testing::RawResponse refused = RoundTrip(port(), "GET /block HTTP/1.1\r\n\r\n", kOneSecond);
  EXPECT_EQ(refused.status, 503);
  release_.Notify();
  for (int fd : blocked) {
    EXPECT_EQ(ReadResponse(fd, absl::Seconds(3)).status, 200);
    close(fd);
  }
}

TEST_F(ServerTest, HeadCheckRefusesBeforeTheBodyIsRead) {
  Start({});
  // With Expect: 100-continue the client learns it before sending the body.
  int fd = ConnectLoopback(port());
  SendAll(fd,
          "POST /private HTTP/1.1\r\nAuthorization: Bearer wrong\r\nExpect: 100-continue\r\n"
          "Content-Length: 1000000\r\n\r\n");
  testing::RawResponse r = ReadResponse(fd, kOneSecond);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.head.find("Connection: close"), std::string::npos);
  close(fd);
  EXPECT_EQ(RoundTrip(port(), "POST /private HTTP/1.1\r\nAuthorization: Bearer right\r\nContent-Length: 2\r\n\r\nok",
                      kOneSecond)
                .body,
            "ok");
}

TEST_F(ServerTest, OversizedBodiesAre413AndInvalidBytes400) {
  HttpServerOptions o;
  o.limits.max_body_bytes = 1000;
  Start(o);
  EXPECT_EQ(RoundTrip(port(), "POST /a HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", kOneSecond).status, 413);
  // A chunked body is cut off as it passes the limit; the client still reads the answer.
  int fd = ConnectLoopback(port());
  SendAll(fd, "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 4; ++i) SendAll(fd, "200\r\n" + std::string(512, 'x') + "\r\n");
  EXPECT_EQ(ReadResponse(fd, kOneSecond).status, 413);
  close(fd);
  testing::RawResponse bad = RoundTrip(port(), "GET /\xc3\x28 HTTP/1.1\r\n\r\n", kOneSecond);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("invalid UTF-8"), std::string::npos);
  EXPECT_EQ(bad.head.find("EXCEPTION"), std::string::npos);
}

TEST_F(ServerTest, HandlerExceptionsAre500WithoutDetails) {
  Start({});
  testing::RawResponse r = RoundTrip(port(), "GET /throw HTTP/1.1\r\n\r\n", kOneSecond);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("boom"), std::string::npos);
  EXPECT_EQ(Healthz(), 200);
}

TEST_F(ServerTest, StopFinishesRequestsInProgress) {
  Start({});
  int fd = ConnectLoopback(port());
  SendAll(fd, "GET /block HTTP/1.1\r\n\r\n");
  absl::SleepFor(absl::Milliseconds(100));
  server_->Stop();
  release_.Notify();
  testing::RawResponse r = ReadResponse(fd, absl::Seconds(3));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.head.find("Connection: close"), std::string::npos);
  close(fd);
}

}  // namespace
}  // namespace dora
