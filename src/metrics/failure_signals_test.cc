#include "metrics/failure_signals.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(FailureSignalsTest, PresetsAndLists) {
  auto reference = ParseFailureSignals("reference");
  ASSERT_TRUE(reference.ok());
  EXPECT_EQ(*reference, FailureSignals{});
  EXPECT_FALSE(reference->attributed);
  EXPECT_EQ(FailureSignalsName(FailureSignals{}), "reference");

  auto all = ParseFailureSignals("DORA-2024");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->attributed && all->failed && all->rollback && all->incident && all->hotfix);
  EXPECT_EQ(FailureSignalsName(*all), "dora-2024");
  EXPECT_EQ(*ParseFailureSignals("failed, rollback ,incident,hotfix"), *all);

  auto two = ParseFailureSignals("incident,failed");
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(two->attributed);
  EXPECT_FALSE(two->rollback);
  EXPECT_EQ(FailureSignalsName(*two), "failed,incident");
  // An explicit list is attributed even when it names the reference signals.
  EXPECT_EQ(FailureSignalsName(*ParseFailureSignals("failed,rollback")), "failed,rollback");
}

TEST(FailureSignalsTest, ErrorsNameTheWord) {
  auto bad = ParseFailureSignals("failed,outage");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'outage'"), std::string::npos);
  EXPECT_FALSE(ParseFailureSignals("").ok());
  EXPECT_FALSE(ParseFailureSignals(" , ").ok());
}

}  // namespace
}  // namespace dora
