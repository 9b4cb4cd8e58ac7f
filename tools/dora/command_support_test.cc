#include "command_support.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "settings/settings_schema.h"

namespace dora {
namespace {

absl::StatusOr<QueryContext> Context(const std::vector<std::string>& argv) {
  std::vector<FlagSpec> specs = TimeRangeFlags("now-30d");
  for (FlagSpec& p : PolicyFlags()) specs.push_back(p);
  auto args = ParseArgs(argv, specs);
  if (!args.ok()) return args.status();
  return ContextFromArgs(*args, "now-30d");
}

TEST(PolicyFlagsTest, NamesHelpAndDefaultsComeFromTheSchema) {
  std::vector<FlagSpec> flags = PolicyFlags();
  ASSERT_EQ(flags.size(), 5u);
  for (const FlagSpec& f : flags) {
    const SettingSpec* spec = FindSettingByFlag(f.name);
    ASSERT_NE(spec, nullptr) << f.name;
    EXPECT_NE(f.help.find(spec->description), std::string::npos) << f.help;
    EXPECT_NE(f.help.find("(default " + spec->default_text + ")"), std::string::npos) << f.help;
  }
}

// Issue 12 §2: the CLI's policy flags accept what the data source settings
// accept (src/settings/settings_cases.json, also run by the plugin's
// settings test and the config editor's).
TEST(PolicyFlagsTest, AcceptExactlyTheSharedCases) {
  std::ifstream in(DORA_SETTINGS_CASES);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json cases = nlohmann::json::parse(text.str());
  int checked = 0;
  for (const auto& c : cases["cases"]) {
    const SettingSpec* spec = FindSettingByKey(c["key"].get<std::string>());
    ASSERT_NE(spec, nullptr) << c.dump();
    const std::string value = c["value"].is_string() ? c["value"].get<std::string>() : c["value"].dump();
    // An empty jsonData value means the default; an empty flag is refused.
    if (spec->cli_flag.empty() || value.empty()) continue;
    auto ctx = Context({"--" + spec->cli_flag + "=" + value});  // "-1" is a value here, not a flag
    EXPECT_EQ(ctx.ok(), c["valid"].get<bool>()) << spec->Flag() << " " << value << ": " << ctx.status();
    if (!ctx.ok()) {
      EXPECT_EQ(ctx.status().message().rfind(spec->Flag() + ": ", 0), 0u) << ctx.status();
    }
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(PolicyFlagsTest, ReadsThePolicy) {
  auto ctx = Context({"--skew-tolerance", "1m30s", "--incident-window", "1d12h", "--min-sample", "8", "--band-profile",
                      "DORA-2023", "--failure-signals", "failed,incident"});
  ASSERT_TRUE(ctx.ok()) << ctx.status();
  EXPECT_EQ(ctx->policy.skew_tolerance, absl::Seconds(90));
  EXPECT_EQ(ctx->policy.incident_link_window, absl::Hours(36));
  EXPECT_EQ(ctx->policy.min_sample, 8);
  EXPECT_EQ(ctx->policy.band_profile, "dora-2023");
  EXPECT_EQ(FailureSignalsName(ctx->policy.failure_signals), "failed,incident");
  EXPECT_EQ(Context({"--incident-window", "0s"}).status().message(),
            "--incident-window: must be positive (an incident is linked to a deploy before it)");
  EXPECT_EQ(Context({"--min-sample", "2000000"}).status().message(),
            "--min-sample: must be a whole number from 1 to 1000000");
  EXPECT_EQ(Context({"--band-profile", "dora-1999"}).status().message(),
            "--band-profile: unknown value 'dora-1999'; expected one of dora-2024, dora-2023");
}

}  // namespace
}  // namespace dora
