#include "cli_args.h"

#include <sstream>

#include "command_support.h"
#include "commands.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

const std::vector<FlagSpec> kSpecs = {{"from", true, "T", ""},
                                      {"format", true, "F", ""},
                                      {"explain", false, "", ""},
                                      {"threads", true, "N", "", WholeNumberCheck(64)}};

TEST(CliArgsTest, ParsesValuesBooleansAndPositionals) {
  auto a = ParseArgs({"--from", "now-7d", "--format=json", "--explain", "deploys by team"}, kSpecs);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->Get("from", ""), "now-7d");
  EXPECT_EQ(a->Get("format", ""), "json");
  EXPECT_TRUE(a->Has("explain"));
  EXPECT_FALSE(a->Has("threads"));
  ASSERT_EQ(a->positional.size(), 1u);
  EXPECT_EQ(a->positional[0], "deploys by team");
}

TEST(CliArgsTest, LastValueWinsAndHelpIsAFlag) {
  auto a = ParseArgs({"--from", "now-7d", "--from", "now-1d", "-h"}, kSpecs);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->Get("from", ""), "now-1d");
  EXPECT_TRUE(a->Has("help"));
}

TEST(CliArgsTest, UnknownFlagSuggestsNearest) {
  auto a = ParseArgs({"--formt", "json"}, kSpecs);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unknown flag '--formt'"), std::string::npos) << a.status();
  EXPECT_NE(a.status().message().find("did you mean '--format'"), std::string::npos) << a.status();
}

TEST(CliArgsTest, MissingValueIsAnError) {
  auto a = ParseArgs({"--from"}, kSpecs);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("--from"), std::string::npos) << a.status();
  auto dashes = ParseArgs({"--", "--from"}, kSpecs);
  ASSERT_TRUE(dashes.ok()) << dashes.status();
  EXPECT_EQ(dashes->positional.size(), 1u);
}

TEST(CliArgsTest, CheckFailureNamesTheFlag) {
  auto a = ParseArgs({"--threads", "65"}, kSpecs);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("--threads: takes a whole number from 1 to 64, got '65'"), std::string::npos)
      << a.status();
  EXPECT_TRUE(ParseArgs({"--threads=64"}, kSpecs).ok());
}

TEST(CliArgsTest, PolicyFlagRangesComeFromTheSchema) {
  std::ostringstream out, err;
  EXPECT_EQ(RunQuery({"--min-sample", "0", "--explain", "deploys"}, out, err), kExitUsage);
  EXPECT_EQ(err.str().rfind("dora query: --min-sample: ", 0), 0u) << err.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(RunQuery({"--band-profile", "nope", "--explain", "deploys"}, out2, err2), kExitUsage);
  EXPECT_NE(err2.str().find("--band-profile: "), std::string::npos) << err2.str();
}

TEST(CliArgsTest, UnknownFlagIsAUsageError) {
  std::ostringstream out, err;
  EXPECT_EQ(RunReport({"--fromm", "now-1d"}, out, err), kExitUsage);
  EXPECT_NE(err.str().find("unknown flag '--fromm'"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("did you mean '--from'"), std::string::npos) << err.str();
}

TEST(CliArgsTest, QueryHelpDescribesTheLanguage) {
  std::ostringstream out, err;
  EXPECT_EQ(RunQuery({"--help"}, out, err), kExitOk);
  EXPECT_NE(out.str().find("usage: dora query"), std::string::npos);
  EXPECT_NE(out.str().find("metric [stat] [by dims]"), std::string::npos);
  EXPECT_NE(out.str().find("--min-sample"), std::string::npos);
}

}  // namespace
}  // namespace dora
