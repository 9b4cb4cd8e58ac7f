#include "http/request_parser.h"

#include "common/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace dora {
namespace {

using Progress = RequestParser::Progress;

struct Outcome {
  Progress last = Progress::kNeedMore;
  HttpRequest request;
  HttpError error;
  size_t consumed = 0;  // bytes of the input used by the first request
};

// Feeds `input` in pieces of `step` bytes until a request completes or fails.
Outcome Parse(const std::string& input, size_t step = 1 << 20, RequestLimits limits = {}) {
  RequestParser p(limits);
  Outcome o;
  size_t pos = 0;
  while (true) {
    absl::string_view piece = absl::string_view(input).substr(pos, std::min(step, input.size() - pos));
    size_t used = 0;
    o.last = p.Feed(piece, &used);
    pos += used;
    if (o.last == Progress::kHeadComplete) continue;
    if (o.last == Progress::kComplete) {
      o.request = p.TakeRequest();
      break;
    }
    if (o.last == Progress::kError) {
      o.error = p.error();
      break;
    }
    if (pos >= input.size()) break;
  }
  o.consumed = pos;
  return o;
}

TEST(RequestParserTest, ContentLengthBodyInAnySplit) {
  const std::string req =
      "POST /events/deploy?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
      "Content-Length: 11\r\n\r\n{\"a\":\"bcd\"}";
  for (size_t step : {1, 2, 7, 1000}) {
    Outcome o = Parse(req, step);
    ASSERT_EQ(o.last, Progress::kComplete) << step;
    EXPECT_EQ(o.request.method, "POST");
    EXPECT_EQ(o.request.path, "/events/deploy");
    EXPECT_EQ(o.request.target, "/events/deploy?x=1");
    EXPECT_EQ(o.request.Header("content-type"), "application/json");
    EXPECT_EQ(o.request.body, "{\"a\":\"bcd\"}");
    EXPECT_TRUE(o.request.keep_alive);
    EXPECT_EQ(o.consumed, req.size());
  }
}

TEST(RequestParserTest, ChunkedBodyIsDecoded) {
  const std::string req =
      "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n";
  for (size_t step : {1, 3, 1000}) {
    Outcome o = Parse(req, step);
    ASSERT_EQ(o.last, Progress::kComplete) << step;
    EXPECT_EQ(o.request.body, "Wikipedia");
    EXPECT_EQ(o.consumed, req.size());
  }
}

TEST(RequestParserTest, PipelinedRequestsStaySeparate) {
  const std::string one = "GET /healthz HTTP/1.1\r\n\r\n";
  const std::string two = "POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
  Outcome o = Parse(one + two);
  ASSERT_EQ(o.last, Progress::kComplete);
  EXPECT_EQ(o.request.path, "/healthz");
  EXPECT_EQ(o.consumed, one.size());
  Outcome second = Parse((one + two).substr(o.consumed));
  EXPECT_EQ(second.request.body, "ok");
}

TEST(RequestParserTest, BodyLimitIsEnforcedBeforeTheBodyArrives) {
  RequestLimits limits;
  limits.max_body_bytes = 100;
  Outcome big = Parse("POST /x HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 1 << 20, limits);
  EXPECT_EQ(big.last, Progress::kError);
  EXPECT_EQ(big.error.status, 413);

  // Chunked: refused as soon as the declared chunk would pass the limit,
  // long before 256 MiB are fed.
  std::string chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 10; ++i) chunked += "40\r\n" + std::string(64, 'a') + "\r\n";
  Outcome o = Parse(chunked, 5, limits);
  EXPECT_EQ(o.last, Progress::kError);
  EXPECT_EQ(o.error.status, 413);
  EXPECT_LT(o.consumed, 250u);
}

TEST(RequestParserTest, HeadLimitIsEnforcedWithBoundedMemory) {
  RequestLimits limits;
  limits.max_header_bytes = 1024;
  std::string req = "GET / HTTP/1.1\r\nX-Long: " + std::string(5000, 'a');
  Outcome o = Parse(req, 1, limits);
  EXPECT_EQ(o.last, Progress::kError);
  EXPECT_EQ(o.error.status, 431);
  EXPECT_LE(o.consumed, 1030u);
}

struct Rejected {
  const char* request;
  int status;
  const char* message_part;
};

TEST(RequestParserTest, MalformedRequestsAreRefusedWithTheirReason) {
  const Rejected cases[] = {
      {"GET /\xff\xfe HTTP/1.1\r\n\r\n", 400, "invalid UTF-8"},
      {"GET /a\x01 HTTP/1.1\r\n\r\n", 400, "control characters"},
      {"GET / HTTP/1.1\r\nX-Name: \xc0\xaf\r\n\r\n", 400, "'x-name'"},
      {"GET / HTTP/1.1\r\nX-Name: a\x7f\r\n\r\n", 400, "'x-name'"},
      {"GET / HTTP/1.1\r\nX-Name: a\r\n b\r\n\r\n", 400, "obs-fold"},
      {"GET / HTTP/1.1\r\nBad Name: a\r\n\r\n", 400, "invalid name"},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, "no ':'"},
      {"GET / HTTP/2.0\r\n\r\n", 505, "2.0"},
      {"GET  / HTTP/1.1\r\n\r\n", 400, "request line"},
      {"GET http://x/ HTTP/1.1\r\n\r\n", 400, "starting with '/'"},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "both"},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400, "conflicting"},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "Content-Length"},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "Content-Length"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "not supported"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "chunk size"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400, "longer than"},
      {"POST / HTTP/1.1\r\nExpect: something\r\nContent-Length: 1\r\n\r\n", 417, "Expect"},
  };
  for (const Rejected& c : cases) {
    Outcome o = Parse(c.request);
    EXPECT_EQ(o.last, Progress::kError) << c.request;
    EXPECT_EQ(o.error.status, c.status) << c.request;
    EXPECT_NE(o.error.message.find(c.message_part), std::string::npos) << c.request << " -> " << o.error.message;
  }
}

TEST(RequestParserTest, RepeatedHeadersAreJoinedAndEqualLengthsAccepted) {
  Outcome o = Parse(
      "POST / HTTP/1.1\r\nX-Hub-Signature-256: a\r\nx-hub-signature-256: b\r\nContent-Length: 1\r\n"
      "Content-Length: 1\r\n\r\nz");
  ASSERT_EQ(o.last, Progress::kComplete);
  EXPECT_EQ(o.request.Header("x-hub-signature-256"), "a, b");
  EXPECT_EQ(o.request.body, "z");
}

TEST(RequestParserTest, ConnectionPersistenceFollowsTheVersion) {
  EXPECT_FALSE(Parse("GET / HTTP/1.0\r\n\r\n").request.keep_alive);
  EXPECT_TRUE(Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request.keep_alive);
  EXPECT_TRUE(Parse("\r\nGET / HTTP/1.1\r\n\r\n").request.keep_alive);  // a stray CRLF first is ignored
}

TEST(RequestParserTest, ExpectContinueIsReportedAtTheHead) {
  RequestParser p({});
  size_t used = 0;
  std::string head = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
  ASSERT_EQ(p.Feed(head, &used), Progress::kHeadComplete);
  EXPECT_TRUE(p.request().expects_continue);
  ASSERT_EQ(p.Feed("hi", &used), Progress::kComplete);
  EXPECT_EQ(p.request().body, "hi");
}

TEST(RequestParserTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                             // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));                         // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                     // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));                             // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

}  // namespace
}  // namespace dora
