#include "cli_options.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "settings/settings_schema.h"

namespace dora {
namespace {

const absl::Time kOptionsNow = absl::FromUnixSeconds(1780000000);  // 2026-05-28T20:26:40Z

// Parses `argv` against `app` as dora does; errors as CLI11 words them.
absl::Status Parse(CLI::App& app, const std::vector<std::string>& argv) {
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  std::vector<std::string> reversed(argv.rbegin(), argv.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return absl::InvalidArgumentError(e.what());
  }
  return absl::OkStatus();
}

// The range and policy flags of dora query, parsed from `argv`.
absl::StatusOr<QueryContext> Context(const std::vector<std::string>& argv) {
  CLI::App app;
  QueryContext ctx;
  AddTimeRange(app, &ctx, kOptionsNow, "now-30d");
  AddPolicyOptions(app, &ctx.policy);
  if (absl::Status st = Parse(app, argv); !st.ok()) return st;
  return ctx;
}

TEST(PolicyOptionsTest, NamesHelpAndDefaultsComeFromTheSchema) {
  CLI::App app;
  QueryPolicy policy;
  AddPolicyOptions(app, &policy);
  int flags = 0;
  for (const SettingSpec& spec : AllSettings()) {
    if (spec.cli_flag.empty()) continue;
    ++flags;
    const CLI::Option* opt = app.get_option_no_throw(spec.Flag());
    ASSERT_NE(opt, nullptr) << spec.Flag();
    EXPECT_NE(opt->get_description().find(spec.description), std::string::npos) << opt->get_description();
    EXPECT_EQ(opt->get_default_str(), spec.default_text) << spec.Flag();
  }
  EXPECT_EQ(flags, 6);
  const CLI::Option* help = app.get_help_ptr();
  EXPECT_EQ(app.get_options([help](const CLI::Option* o) { return o != help; }).size(), 6u)
      << "one option per schema flag";
}

// Every schema flag is read into the policy: its default, given as a flag,
// parses to the default.
TEST(PolicyOptionsTest, EverySchemaFlagIsRead) {
  auto defaults = Context({});
  ASSERT_TRUE(defaults.ok());
  for (const SettingSpec& spec : AllSettings()) {
    if (spec.cli_flag.empty()) continue;
    auto ctx = Context({spec.Flag() + "=" + spec.default_text});
    ASSERT_TRUE(ctx.ok()) << spec.Flag() << ": " << ctx.status();
    EXPECT_EQ(ctx->policy.skew_tolerance, defaults->policy.skew_tolerance);
    EXPECT_EQ(ctx->policy.min_sample, defaults->policy.min_sample);
    EXPECT_EQ(ctx->policy.incident_link_window, defaults->policy.incident_link_window);
    EXPECT_EQ(ctx->policy.band_profile, defaults->policy.band_profile);
    EXPECT_EQ(ctx->policy.failure_signals, defaults->policy.failure_signals);
  }
}

// Issue 12 §2: the CLI's policy flags accept what the data source settings
// accept (src/settings/settings_cases.json, also run by the plugin's
// settings test and the config editor's).
TEST(PolicyOptionsTest, AcceptExactlyTheSharedCases) {
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

TEST(PolicyOptionsTest, ReadsThePolicy) {
  auto ctx = Context({"--skew-tolerance", "1m30s", "--incident-window", "1d12h", "--min-sample", "8", "--band-profile",
                      "DORA-2023", "--failure-signals", "failed,incident", "--score-benchmark", "2025"});
  ASSERT_TRUE(ctx.ok()) << ctx.status();
  EXPECT_EQ(ctx->policy.skew_tolerance, absl::Seconds(90));
  EXPECT_EQ(ctx->policy.incident_link_window, absl::Hours(36));
  EXPECT_EQ(ctx->policy.min_sample, 8);
  EXPECT_EQ(ctx->policy.band_profile, "dora-2023");
  EXPECT_EQ(ctx->policy.score_benchmark, "2025");
  EXPECT_EQ(Context({"--score-benchmark", "2024"}).status().message(),
            "--score-benchmark: unknown value '2024'; expected one of 2025");
  EXPECT_EQ(FailureSignalsName(ctx->policy.failure_signals), "failed,incident");
  EXPECT_EQ(Context({"--incident-window", "0s"}).status().message(),
            "--incident-window: must be positive (an incident is linked to a deploy before it)");
  EXPECT_EQ(Context({"--min-sample", "2000000"}).status().message(),
            "--min-sample: must be a whole number from 1 to 1000000");
  EXPECT_EQ(Context({"--band-profile", "dora-1999"}).status().message(),
            "--band-profile: unknown value 'dora-1999'; expected one of dora-2024, dora-2023");
}

TEST(TimeRangeOptionsTest, ResolvesAgainstNowWithDefaults) {
  auto defaults = Context({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->from, kOptionsNow - absl::Hours(24 * 30));
  EXPECT_EQ(defaults->to, kOptionsNow);
  EXPECT_EQ(defaults->time_zone, "UTC");
  EXPECT_EQ(defaults->interval, absl::ZeroDuration());
  auto ctx = Context({"--from", "2026-05-01", "--to=now-1d", "--tz", "Europe/Berlin", "--interval", "1h"});
  ASSERT_TRUE(ctx.ok()) << ctx.status();
  EXPECT_EQ(FormatRfc3339Utc(ctx->from), "2026-05-01T00:00:00Z");
  EXPECT_EQ(ctx->to, kOptionsNow - absl::Hours(24));
  EXPECT_EQ(ctx->time_zone, "Europe/Berlin");
  EXPECT_EQ(ctx->interval, absl::Hours(1));
  EXPECT_EQ(Context({"--from", "yesterday"}).status().message().rfind("--from: invalid time 'yesterday'", 0), 0u);
  EXPECT_EQ(Context({"--interval", "soon"}).status().message().rfind("--interval: ", 0), 0u);
}

TEST(NumberOptionsTest, WholeNumbersAreDecimalAndInRange) {
  CLI::App app;
  int threads = 64;
  uint64_t seed = 42;
  AddWholeNumber(app, "--threads", &threads, 1, 4096, "N", "worker threads");
  AddWholeNumber<uint64_t>(app, "--seed", &seed, 0, std::numeric_limits<uint64_t>::max(), "S", "seed");
  EXPECT_EQ(app.get_option("--threads")->get_default_str(), "64");
  EXPECT_NE(app.get_option("--threads")->get_description().find("a whole number from 1 to 4096"), std::string::npos);
  ASSERT_TRUE(Parse(app, {"--threads", "010", "--seed", "18446744073709551615"}).ok());
  EXPECT_EQ(threads, 10);  // not octal
  EXPECT_EQ(seed, std::numeric_limits<uint64_t>::max());
  for (const char* bad : {"0", "4097", "0x10", "-1", "1.5", "1e3"}) {
    CLI::App again;
    AddWholeNumber(again, "--threads", &threads, 1, 4096, "N", "");
    EXPECT_EQ(Parse(again, {"--threads=" + std::string(bad)}).message(),
              absl::StrCat("--threads: takes a whole number from 1 to 4096, got '", bad, "'"));
  }
  CLI::App unsigned_app;
  AddWholeNumber<uint64_t>(unsigned_app, "--seed", &seed, 0, std::numeric_limits<uint64_t>::max(), "S", "");
  EXPECT_FALSE(Parse(unsigned_app, {"--seed=-1"}).ok());
}

TEST(NumberOptionsTest, PositiveNumbers) {
  double scale = 1;
  for (const char* bad : {"0", "-2", "nan", "inf", "x"}) {
    CLI::App app;
    AddPositiveNumber(app, "--rate-scale", &scale, "X", "");
    EXPECT_EQ(Parse(app, {"--rate-scale", bad}).message(),
              absl::StrCat("--rate-scale: takes a positive number, got '", bad, "'"));
  }
  CLI::App app;
  AddPositiveNumber(app, "--rate-scale", &scale, "X", "");
  ASSERT_TRUE(Parse(app, {"--rate-scale", "0.25"}).ok());
  EXPECT_EQ(scale, 0.25);
}

TEST(DurationOptionsTest, RangeAndDefault) {
  CLI::App app;
  absl::Duration timeout = absl::Seconds(10);
  AddDuration(app, "--request-timeout", &timeout, absl::Seconds(1), absl::Hours(1), "request deadline");
  EXPECT_EQ(app.get_option("--request-timeout")->get_default_str(), "10s");
  ASSERT_TRUE(Parse(app, {"--request-timeout", "2m"}).ok());
  EXPECT_EQ(timeout, absl::Minutes(2));
  CLI::App bad;
  AddDuration(bad, "--request-timeout", &timeout, absl::Seconds(1), absl::Hours(1), "");
  EXPECT_EQ(Parse(bad, {"--request-timeout", "0s"}).message(),
            "--request-timeout: takes a duration from 1s to 1h, got '0s'");
}

TEST(FormatOptionTest, NamesTheFormat) {
  CLI::App app;
  OutputFormat format = OutputFormat::kTable;
  AddOutputFormat(app, &format);
  ASSERT_TRUE(Parse(app, {"--format", "csv"}).ok());
  EXPECT_EQ(format, OutputFormat::kCsv);
  CLI::App bad;
  AddOutputFormat(bad, &format);
  EXPECT_EQ(Parse(bad, {"--format", "xml"}).message(), "--format: unknown format 'xml': expected table, json or csv");
}

}  // namespace
}  // namespace dora
