#include "cli_args.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

const std::vector<FlagSpec> kSpecs = {{"from", true, "T", ""}, {"format", true, "F", ""}, {"explain", false, "", ""}};

TEST(CliArgsTest, ParsesValuesBooleansAndPositionals) {
  auto a = ParseArgs({"--from", "now-7d", "--format=json", "--explain", "deploys by team"}, kSpecs);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->Get("from", ""), "now-7d");
  EXPECT_EQ(a->Get("format", ""), "json");
  EXPECT_TRUE(a->Has("explain"));
  ASSERT_EQ(a->positional.size(), 1u);
  EXPECT_EQ(a->positional[0], "deploys by team");
}

TEST(CliArgsTest, UnknownFlagSuggestsNearest) {
  auto a = ParseArgs({"--formt", "json"}, kSpecs);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("did you mean '--format'"), std::string::npos);
}

TEST(CliArgsTest, MissingValueIsAnError) {
  EXPECT_FALSE(ParseArgs({"--from"}, kSpecs).ok());
  EXPECT_FALSE(ParseArgs({"--explain=yes"}, kSpecs).ok());
  EXPECT_TRUE(ParseArgs({"--", "--from"}, kSpecs)->positional.size() == 1);
}

}  // namespace
}  // namespace dora
