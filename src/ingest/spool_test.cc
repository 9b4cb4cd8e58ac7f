#include "ingest/spool.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/time_spec.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

DeliveryEvent Event(int i) {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = absl::StrCat("svc-", i, "-é");
  e.team = "payments";
  e.environment = "prod";
  e.environment_raw = "Production";
  e.commit_sha = "abc";
  e.first_commit_ts = absl::FromUnixMicros(1700000000123456 - i);
  e.occurred_at = absl::FromUnixMicros(1700000100654321 + i);
  e.success = i % 2 == 0;
  e.is_rollback = i % 3 == 0;
  e.hotfix = i % 5 == 0;
  e.source = "ci";
  e.dedupe_key = absl::StrCat("key-", i);
  e.payload = absl::StrCat(R"({"n":)", i, R"(,"s":"a\"b\\c\u00e9"})");
  if (i % 2 == 1) e.url = absl::StrCat("https://ci.example.com/runs/", i, "?q=\"é\"");
  return e;
}

bool Same(const DeliveryEvent& a, const DeliveryEvent& b) {
  return a.event_type == b.event_type && a.service == b.service && a.team == b.team && a.environment == b.environment &&
         a.environment_raw == b.environment_raw && a.commit_sha == b.commit_sha &&
         a.first_commit_ts == b.first_commit_ts && a.occurred_at == b.occurred_at && a.success == b.success &&
         a.is_rollback == b.is_rollback && a.hotfix == b.hotfix && a.incident_id == b.incident_id &&
         a.source == b.source && a.dedupe_key == b.dedupe_key && a.payload == b.payload && a.url == b.url;
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/spool_test_", getpid(), "_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::system(("rm -rf " + dir_).c_str());
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST(SpoolRecordTest, RoundTripIsExact) {
  for (int i = 0; i < 20; ++i) {
    DeliveryEvent e = Event(i);
    if (i % 4 == 0) {
      e.team.reset();
      e.first_commit_ts.reset();
      e.success.reset();
      e.payload.reset();
    }
    auto line = EncodeSpoolRecord(e);
    ASSERT_TRUE(line.ok());
    auto back = DecodeSpoolRecord(*line);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(Same(e, *back)) << *line;
    EXPECT_EQ(*EncodeSpoolRecord(*back), *line);
  }
}

TEST(SpoolRecordTest, AnUnknownEventTypeIsDataLossNamingIt) {
  std::string line = *EncodeSpoolRecord(Event(1));
  const std::string deploy = R"("event_type":"deploy")";
  ASSERT_NE(line.find(deploy), std::string::npos) << line;
  line.replace(line.find(deploy), deploy.size(), R"("event_type":"deploys")");
  auto back = DecodeSpoolRecord(line);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(back.status().message(), ::testing::HasSubstr("unknown event_type 'deploys'"));
}

TEST(SpoolRecordTest, InvalidUtf8IsAnErrorNotReplaced) {
  DeliveryEvent a = Event(1);
  a.dedupe_key = std::string("key-\xff");
  auto line = EncodeSpoolRecord(a);
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SpoolTest, DrainsInBoundedBatchesInOrderAndEmptiesTheFile) {
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_TRUE(spool.ok()) << spool.status();
  std::vector<DeliveryEvent> events;
  for (int i = 0; i < 2500; ++i) events.push_back(Event(i));
  ASSERT_TRUE((*spool)->Append(events).ok());
  EXPECT_EQ((*spool)->depth(), 2500);
  int next = 0;
  while ((*spool)->depth() > 0) {
    auto batch = (*spool)->Peek(1000, 64 * 1024);
    ASSERT_TRUE(batch.ok()) << batch.status();
    ASSERT_GT(batch->records, 0);
    EXPECT_LE(batch->events.size(), 1000u);
    for (const DeliveryEvent& e : batch->events) EXPECT_TRUE(Same(e, Event(next++)));
    ASSERT_TRUE((*spool)->Consume(*batch).ok());
  }
  EXPECT_EQ(next, 2500);
  struct stat st;
  ASSERT_EQ(stat((*spool)->path().c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 0);
}

TEST_F(SpoolTest, RecordsLargerThanAReadChunkSurvive) {
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_TRUE(spool.ok());
  DeliveryEvent big = Event(7);
  big.payload = absl::StrCat(R"({"blob":")", std::string(3 << 20, 'x'), R"("})");
  ASSERT_TRUE((*spool)->Append({Event(6), big, Event(8)}).ok());
  auto batch = (*spool)->Peek(10, 1);  // one byte asked for: still one whole record
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->events.size(), 1u);
  ASSERT_TRUE((*spool)->Consume(*batch).ok());
  batch = (*spool)->Peek(10, 1 << 30);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_TRUE(Same(batch->events[0], big));
  EXPECT_TRUE(Same(batch->events[1], Event(8)));
}

TEST_F(SpoolTest, ReopenKeepsWholeRecordsAndDropsATornTail) {
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(1), Event(2)}).ok());
  }
  std::ofstream(dir_ + "/events.spool", std::ios::app) << R"({"event_type":"dep)";
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->depth(), 2);
  auto batch = (*spool)->Peek(10, 1 << 20);
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_TRUE(Same(batch->events[1], Event(2)));
}

TEST_F(SpoolTest, FullSpoolRefusesWithoutAppending) {
  auto spool = Spool::Open(dir_, 2000);
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Append({Event(1)}).ok());
  std::vector<DeliveryEvent> many(20, Event(2));
  absl::Status st = (*spool)->Append(many);
  EXPECT_EQ(st.code(), absl::StatusCode::kResourceExhausted) << st;
  EXPECT_EQ((*spool)->depth(), 1);
  // Draining frees the room again.
  auto batch = (*spool)->Peek(10, 1 << 20);
  ASSERT_TRUE((*spool)->Consume(*batch).ok());
  EXPECT_TRUE((*spool)->Append({Event(3)}).ok());
}

TEST_F(SpoolTest, DeadLettersAreDurableAndPrivate) {
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_TRUE((*spool)->AppendDeadLetter(Event(4), "refused: check constraint").ok());
  struct stat st;
  ASSERT_EQ(stat((*spool)->dead_letter_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::ifstream in((*spool)->dead_letter_path());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("refused: check constraint"), std::string::npos);
  EXPECT_NE(text.str().find("key-4"), std::string::npos);
}

TEST_F(SpoolTest, UnreadableRecordsMoveToTheDeadLetterFile) {
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(1)}).ok());
  }
  std::ofstream(dir_ + "/events.spool", std::ios::app) << "not json\n";
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(2)}).ok());
    auto batch = (*spool)->Peek(10, 1 << 20);
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(batch->records, 3);
    ASSERT_EQ(batch->events.size(), 2u);
    ASSERT_TRUE((*spool)->Consume(*batch).ok());
    EXPECT_EQ((*spool)->depth(), 0);
  }
  std::ifstream in(dir_ + "/events.spool.deadletter");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("not json"), std::string::npos);
}

TEST_F(SpoolTest, DeadLettersAreStampedWithTheSpoolsClock) {
  ManualClock clock(absl::FromUnixSeconds(1780920000));
  auto spool = Spool::Open(dir_, 1 << 30, clock);
  ASSERT_TRUE(spool.ok());
  clock.Advance(absl::Hours(2));
  ASSERT_TRUE((*spool)->AppendDeadLetter(Event(4), "refused").ok());
  std::ifstream in((*spool)->dead_letter_path());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(absl::StrCat("\"dead_lettered_at\":\"",
                                         FormatRfc3339Utc(absl::FromUnixSeconds(1780920000) + absl::Hours(2)), "\"")),
            std::string::npos)
      << text.str();
}

// A restart after part of the spool was drained replays it from the start:
// what was drained is committed again as duplicates (every spooled event has
// a dedupe key), nothing is skipped.
TEST_F(SpoolTest, ARestartAfterAPartialDrainReplaysEverythingInOrder) {
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(1), Event(2), Event(3)}).ok());
    auto batch = (*spool)->Peek(2, 1 << 20);
    ASSERT_TRUE(batch.ok());
    ASSERT_EQ(batch->events.size(), 2u);
    ASSERT_TRUE((*spool)->Consume(*batch).ok());
    EXPECT_EQ((*spool)->depth(), 1);
  }
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->depth(), 3);
  auto batch = (*spool)->Peek(10, 1 << 20);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->events.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Same(batch->events[i], Event(i + 1)));
}

// A torn tail is cut off on open, so the next append starts a whole record.
TEST_F(SpoolTest, AppendsAfterATornTailStayReadable) {
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(1)}).ok());
  }
  std::ofstream(dir_ + "/events.spool", std::ios::app) << R"({"event_type":"dep)";
  {
    auto spool = Spool::Open(dir_, 1 << 30);
    ASSERT_TRUE((*spool)->Append({Event(2)}).ok());
  }
  auto spool = Spool::Open(dir_, 1 << 30);
  ASSERT_EQ((*spool)->depth(), 2);
  auto batch = (*spool)->Peek(10, 1 << 20);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->records, 2);
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_TRUE(Same(batch->events[1], Event(2)));
  std::ifstream dead((*spool)->dead_letter_path());
  EXPECT_FALSE(dead.good());  // nothing was unreadable
}

}  // namespace
}  // namespace dora
