#include "settings/settings_schema.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "metrics/bands.h"
#include "settings/settings_schema_json.h"

namespace dora {
namespace {

TEST(SettingsSchemaTest, EverySettingOnceWithUniqueKeysAndFlags) {
  std::set<std::string> keys;
  std::set<std::string> flags;
  std::set<SettingId> ids;
  for (const SettingSpec& s : AllSettings()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    EXPECT_TRUE(ids.insert(s.id).second) << s.key;
    if (!s.cli_flag.empty()) {
      EXPECT_TRUE(flags.insert(s.cli_flag).second) << s.cli_flag;
    }
    EXPECT_EQ(&Setting(s.id), &s) << s.key;
    EXPECT_EQ(FindSettingByKey(s.key), &s);
    EXPECT_FALSE(s.label.empty()) << s.key;
    EXPECT_FALSE(s.description.empty()) << s.key;
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(SettingId::kDefaultTimeZone) + 1);
  EXPECT_EQ(flags, (std::set<std::string>{"band-profile", "score-benchmark", "failure-signals", "skew-tolerance",
                                          "min-sample", "incident-window"}));
  EXPECT_EQ(FindSettingByFlag("incident-window")->id, SettingId::kIncidentLinkWindow);
  EXPECT_EQ(FindSettingByFlag("interval"), nullptr);
  EXPECT_EQ(Setting(SettingId::kMinSample).Field(), "jsonData.minSample");
  EXPECT_EQ(Setting(SettingId::kPassword).Field(), "secureJsonData.password");
  EXPECT_EQ(Setting(SettingId::kUrl).Field(), "url");
  EXPECT_EQ(Setting(SettingId::kSkewTolerance).Flag(), "--skew-tolerance");
  EXPECT_TRUE(Setting(SettingId::kTlsClientKey).secure());
}

TEST(SettingsSchemaTest, DefaultsAreTheProductsAndPassTheirOwnRules) {
  const QueryPolicy policy;
  EXPECT_EQ(*ParseDurationSetting(Setting(SettingId::kSkewTolerance), "5m"), policy.skew_tolerance);
  EXPECT_EQ(Setting(SettingId::kSkewTolerance).default_text, "5m");
  EXPECT_EQ(Setting(SettingId::kIncidentLinkWindow).default_text, "24h");
  EXPECT_EQ(Setting(SettingId::kMinSample).default_text, "5");
  EXPECT_EQ(Setting(SettingId::kBandProfile).default_text, policy.band_profile);
  EXPECT_EQ(Setting(SettingId::kScoreBenchmark).default_text, policy.score_benchmark);
  EXPECT_EQ(*ChoiceSetting(Setting(SettingId::kScoreBenchmark), "2025"), "2025");
  EXPECT_EQ(Setting(SettingId::kFailureSignals).default_text, "reference");
  EXPECT_EQ(Setting(SettingId::kStatementTimeout).default_text, "30s");
  EXPECT_EQ(Setting(SettingId::kConnectTimeout).default_text, "10s");
  EXPECT_EQ(Setting(SettingId::kMaxOpenConns).default_text, "10");
  EXPECT_EQ(Setting(SettingId::kSslMode).default_text, "prefer");
  for (const SettingSpec& s : AllSettings()) {
    if (s.default_text.empty()) continue;
    switch (s.type) {
      case SettingType::kDuration:
        EXPECT_TRUE(ParseDurationSetting(s, s.default_text).ok()) << s.key;
        break;
      case SettingType::kInteger:
        EXPECT_TRUE(ParseIntegerSetting(s, s.default_text).ok()) << s.key;
        break;
      case SettingType::kChoice:
        EXPECT_TRUE(ChoiceSetting(s, s.default_text).ok()) << s.key;
        break;
      case SettingType::kFailureSignals:
        EXPECT_TRUE(FailureSignalsSetting(s, s.default_text).ok()) << s.key;
        break;
      case SettingType::kTimeZone:
        EXPECT_TRUE(TimeZoneSetting(s, s.default_text).ok()) << s.key;
        break;
      case SettingType::kString:
        break;
    }
  }
  // Band profiles come from the band catalog.
  ASSERT_EQ(Setting(SettingId::kBandProfile).choices.size(), AllBandProfiles().size());
  EXPECT_EQ(*ChoiceSetting(Setting(SettingId::kBandProfile), "DORA-2023"), "dora-2023");
}

TEST(SettingsSchemaTest, ProblemsSayWhatIsWrong) {
  EXPECT_EQ(SkewToleranceProblem(absl::Seconds(-1)), "must not be negative");
  EXPECT_EQ(SkewToleranceProblem(absl::ZeroDuration()), "");
  EXPECT_EQ(IncidentLinkWindowProblem(absl::ZeroDuration()),
            "must be positive (an incident is linked to a deploy before it)");
  EXPECT_EQ(MinSampleProblem(0), "must be a whole number from 1 to 1000000");
  EXPECT_EQ(MinSampleProblem(1000001), "must be a whole number from 1 to 1000000");
  EXPECT_EQ(MinSampleProblem(1000000), "");
  EXPECT_EQ(ParseDurationSetting(Setting(SettingId::kStatementTimeout), "500ms").status().message(),
            "must be at least 1s (0 would switch PostgreSQL's statement timeout off)");
  EXPECT_EQ(*ParseDurationSetting(Setting(SettingId::kStatementTimeout), "1h30m"), absl::Minutes(90));
  EXPECT_EQ(ParseIntegerSetting(Setting(SettingId::kMaxOpenConns), "many").status().message(),
            "must be a whole number from 1 to 100");
  EXPECT_EQ(ChoiceSetting(Setting(SettingId::kSslMode), "sometimes").status().message(),
            "unknown value 'sometimes'; expected one of disable, allow, prefer, require, verify-ca, verify-full");
  EXPECT_EQ(TimeZoneSetting(Setting(SettingId::kDefaultTimeZone), "Mars/Olympus").status().message(),
            "unknown time zone 'Mars/Olympus'; expected an IANA name such as UTC or Europe/Berlin");
  EXPECT_EQ(*TimeZoneSetting(Setting(SettingId::kDefaultTimeZone), "Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(FormatSettingDuration(absl::Milliseconds(250)), "250ms");
  EXPECT_EQ(FormatSettingDuration(absl::Minutes(1)), "1m");
  EXPECT_EQ(FormatSettingDuration(absl::Hours(48)), "48h");
  EXPECT_EQ(FormatSettingDuration(absl::ZeroDuration()), "0s");
}

TEST(SettingsSchemaJsonTest, DescribesEverySetting) {
  nlohmann::json j = SettingsSchemaJson();
  ASSERT_EQ(j["settings"].size(), AllSettings().size());
  const nlohmann::json* timeout = nullptr;
  for (const auto& s : j["settings"]) {
    if (s["key"] == "statementTimeout") timeout = &s;
  }
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ((*timeout)["type"], "duration");
  EXPECT_EQ((*timeout)["unit"], "ms");
  EXPECT_EQ((*timeout)["min"], 1000);
  EXPECT_EQ((*timeout)["default"], "30s");
  EXPECT_EQ((*timeout)["field"], "jsonData.statementTimeout");
  EXPECT_EQ((*timeout)["rule"], "A duration such as 30s, 5m or 1h30m, at least 1s");
  EXPECT_TRUE((*timeout)["cliFlag"].is_null());
  EXPECT_EQ(j["durationGrammar"]["maxMs"], kMaxDurationSeconds * 1000);
  EXPECT_EQ(j["durationGrammar"]["units"][0]["unit"], "w");
}

// The pattern the config editor validates with accepts exactly what the
// backend's parser reads.
TEST(SettingsSchemaJsonTest, DurationPatternAgreesWithTheParser) {
  const std::string pattern = SettingsSchemaJson()["durationGrammar"]["pattern"];
  const std::regex re(pattern, std::regex::ECMAScript | std::regex::icase);
  std::ifstream in(DORA_SETTINGS_CASES);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json cases = nlohmann::json::parse(text.str());
  std::vector<std::string> samples = {"1h30m", "500ms", "1.5h", "1MS", "1msm", "1hm", "1.5", "1e3s", "30m1h", "\t5m\n"};
  for (const auto& c : cases["cases"]) {
    const SettingSpec* spec = FindSettingByKey(c["key"].get<std::string>());
    if (spec != nullptr && spec->type == SettingType::kDuration && c["value"].is_string()) {
      samples.push_back(c["value"]);
    }
  }
  for (const std::string& s : samples) {
    auto parsed = ParseSettingDuration(s);
    const bool finer_or_longer = !parsed.ok() && (parsed.status().message().find("finer") != std::string::npos ||
                                                  parsed.status().message().find("longer") != std::string::npos);
    EXPECT_EQ(std::regex_match(s, re), parsed.ok() || finer_or_longer) << "'" << s << "': " << parsed.status();
  }
}

}  // namespace
}  // namespace dora
