#include "settings/settings_schema_json.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time_spec.h"

namespace dora {
namespace {

const char* StoreName(SettingStore store) {
  switch (store) {
    case SettingStore::kTopLevel:
      return "topLevel";
    case SettingStore::kJsonData:
      return "jsonData";
    case SettingStore::kSecureJsonData:
      return "secureJsonData";
  }
  return "";
}

const char* TypeName(SettingType type) {
  switch (type) {
    case SettingType::kString:
      return "string";
    case SettingType::kChoice:
      return "choice";
    case SettingType::kFailureSignals:
      return "failureSignals";
    case SettingType::kInteger:
      return "integer";
    case SettingType::kDuration:
      return "duration";
    case SettingType::kTimeZone:
      return "timeZone";
  }
  return "";
}

nlohmann::json DurationGrammarJson() {
  nlohmann::json units = nlohmann::json::array();
  std::vector<std::string> alternatives;
  for (const SettingDurationUnit& u : kSettingDurationUnits) {
    units.push_back({{"unit", u.unit}, {"ms", u.milliseconds}});
    alternatives.push_back(u.unit);
  }
  // Longest unit name first, so "ms" is not read as "m" followed by "s".
  std::stable_sort(alternatives.begin(), alternatives.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  const std::string term = absl::StrCat("(\\d+)(?:\\.(\\d+))?(", absl::StrJoin(alternatives, "|"), ")");
  constexpr const char* kSpace = "[ \\t\\n\\v\\f\\r]*";
  return {
      {"description",
       "one or more terms of a number and a unit, ms, s, m, h, d or w, as Go writes durations: 500ms, 30s, 5m, "
       "1h30m, 1.5h; whole milliseconds"},
      {"pattern", absl::StrCat("^", kSpace, "(?:", term, ")+", kSpace, "$")},
      {"termPattern", term},
      {"units", units},
      {"maxMs", kMaxDurationSeconds * 1000},
  };
}

}  // namespace

std::string SettingRuleText(const SettingSpec& spec) {
  switch (spec.type) {
    case SettingType::kString:
      return spec.required ? "Required" : "";
    case SettingType::kChoice: {
      std::vector<std::string> values;
      for (const SettingChoice& c : spec.choices) values.push_back(c.value);
      return absl::StrCat("One of ", absl::StrJoin(values, ", "));
    }
    case SettingType::kFailureSignals: {
      std::vector<std::string> presets;
      for (const SettingChoice& c : spec.choices) presets.push_back(c.value);
      return absl::StrCat("One of ", absl::StrJoin(presets, ", "), ", or a comma-separated list of ",
                          absl::StrJoin(spec.list_words, ", "));
    }
    case SettingType::kInteger:
      return absl::StrCat("A whole number from ", spec.min, " to ", spec.max);
    case SettingType::kDuration: {
      std::string rule = "A duration such as 30s, 5m or 1h30m";
      if (spec.exclusive_min) {
        absl::StrAppend(&rule, ", longer than ", FormatSettingDuration(absl::Milliseconds(spec.min)));
      } else if (spec.min > 0) {
        absl::StrAppend(&rule, ", at least ", FormatSettingDuration(absl::Milliseconds(spec.min)));
      }
      if (spec.max > 0) absl::StrAppend(&rule, ", at most ", FormatSettingDuration(absl::Milliseconds(spec.max)));
      return rule;
    }
    case SettingType::kTimeZone:
      return "An IANA time zone such as UTC or Europe/Berlin";
  }
  return "";
}

nlohmann::json SettingsSchemaJson() {
  nlohmann::json settings = nlohmann::json::array();
  for (const SettingSpec& s : AllSettings()) {
    const bool ranged = s.type == SettingType::kInteger || s.type == SettingType::kDuration;
    nlohmann::json choices = nlohmann::json::array();
    for (const SettingChoice& c : s.choices) {
      choices.push_back({{"value", c.value}, {"label", c.label}, {"description", c.description}});
    }
    settings.push_back({
        {"key", s.key},
        {"store", StoreName(s.store)},
        {"field", s.Field()},
        {"cliFlag", s.cli_flag.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.Flag())},
        {"type", TypeName(s.type)},
        {"label", s.label},
        {"description", s.description},
        {"rule", SettingRuleText(s)},
        {"default", s.default_text.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.default_text)},
        {"placeholder", s.placeholder.empty() ? s.default_text : s.placeholder},
        {"required", s.required},
        {"secure", s.secure()},
        {"unit", s.type == SettingType::kDuration ? nlohmann::json("ms") : nlohmann::json(nullptr)},
        {"min", ranged ? nlohmann::json(s.min) : nlohmann::json(nullptr)},
        {"max", ranged && s.max > 0 ? nlohmann::json(s.max) : nlohmann::json(nullptr)},
        {"exclusiveMin", s.exclusive_min},
        {"choices", choices},
        {"ignoreCase", s.ignore_case},
        {"emptyIsDefault", s.empty_is_default},
        {"listWords", s.list_words},
    });
  }
  return {{"durationGrammar", DurationGrammarJson()}, {"settings", settings}};
}

}  // namespace dora
