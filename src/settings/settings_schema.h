// The one schema of the product's settings: every data source setting
// (top-level, jsonData, secureJsonData) and every CLI policy flag, with its
// type, range or allowed values, default, label and description.
//
// Owners: the plugin's settings parsing (datasource/settings.cc) reads its
// ranges, defaults and duration grammar from here; the CLI's policy flags
// are CLI11 options generated from here (AddPolicyOptions in
// tools/dora/cli_options.cc: names, value help, rules, defaults, checks and
// parsers); the config editor reads the JSON that `dora settings-schema
// --json` prints (SettingsSchemaJson) into plugin/frontend/src/generated/. The
// binder checks a QueryPolicy with the same rules (PolicyProblem).
//
// Defaults: the policy defaults are QueryPolicy's member initializers
// (metrics/catalog.h); the connection defaults are the constants below,
// which DataSourceSettings starts from.
//
// Thread safety: everything here is immutable after static initialisation.
#ifndef DORA_SETTINGS_SETTINGS_SCHEMA_H_
#define DORA_SETTINGS_SETTINGS_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"
#include "metrics/failure_signals.h"

namespace dora {

enum class SettingId {
  kUrl,
  kUser,
  kPassword,
  kDatabase,
  kSslMode,
  kTlsConfigurationMethod,
  kSslRootCertFile,
  kSslCertFile,
  kSslKeyFile,
  kTlsCaCert,
  kTlsClientCert,
  kTlsClientKey,
  kBandProfile,
  kScoreBenchmark,
  kFailureSignals,
  kSkewTolerance,
  kMinSample,
  kIncidentLinkWindow,
  kMaxOpenConns,
  kStatementTimeout,
  kConnectTimeout,
  kDefaultTimeZone,
};

// Where Grafana keeps a data source setting.
enum class SettingStore { kTopLevel, kJsonData, kSecureJsonData };

enum class SettingType {
  kString,          // free text (secure ones are write-only secrets)
  kChoice,          // one of `choices`
  kFailureSignals,  // a preset of `choices`, or a comma list of `list_words`
  kInteger,         // whole number in [min, max]
  kDuration,        // ParseSettingDuration grammar, range in milliseconds
  kTimeZone,        // an IANA time zone name the zone database knows ("Europe/Berlin", "UTC")
};

struct SettingChoice {
  std::string value;
  std::string label;
  std::string description;
};

struct SettingSpec {
  SettingId id = SettingId::kUrl;
  std::string key;  // name in its store: "skewTolerance", "url"
  SettingStore store = SettingStore::kJsonData;
  std::string cli_flag;  // without dashes ("skew-tolerance"); "" when the CLI has none
  SettingType type = SettingType::kString;
  std::string label;         // as the config editor names it
  std::string description;   // one or two sentences: editor tooltip, CLI help, docs
  std::string default_text;  // as a user would type it ("5m", "10", "prefer"); "" = no default
  std::string placeholder;   // for settings without a default ("localhost:5432")
  bool required = false;
  // kInteger: the range. kDuration: the range in milliseconds; max 0 = the
  // grammar's own limit (10 000 years); exclusive_min: must be more than min.
  int64_t min = 0;
  int64_t max = 0;
  bool exclusive_min = false;
  std::vector<SettingChoice> choices;   // kChoice, kFailureSignals (the presets)
  bool ignore_case = false;             // kChoice: "DORA-2024" is dora-2024
  bool empty_is_default = false;        // "" in jsonData means the default (as Grafana stores "not set")
  std::vector<std::string> list_words;  // kFailureSignals
  std::string why;                      // appended to range problems ("an incident is linked to a deploy before it")

  bool secure() const { return store == SettingStore::kSecureJsonData; }
  // How errors name the setting: "url", "jsonData.minSample",
  // "secureJsonData.password".
  std::string Field() const;
  // "--skew-tolerance" ("" without a CLI flag).
  std::string Flag() const;
};

// Every setting, in the order the config editor and docs show them.
const std::vector<SettingSpec>& AllSettings();
const SettingSpec& Setting(SettingId id);
// By jsonData/secureJsonData/top-level key, or by CLI flag; nullptr if none.
const SettingSpec* FindSettingByKey(absl::string_view key);
const SettingSpec* FindSettingByFlag(absl::string_view flag);

// Connection defaults (DataSourceSettings starts from these).
inline constexpr int kDefaultPort = 5432;
inline constexpr int kDefaultMaxOpenConns = 10;
inline constexpr absl::Duration kDefaultStatementTimeout = absl::Seconds(30);
inline constexpr absl::Duration kDefaultConnectTimeout = absl::Seconds(10);
inline constexpr absl::string_view kDefaultSslMode = "prefer";
inline constexpr absl::string_view kDefaultTlsConfigurationMethod = "file-path";
// The zone of requests that bring none (alert rules, API calls).
inline constexpr absl::string_view kDefaultTimeZone = "UTC";

// Value checks against a setting's rules. Errors are InvalidArgument with
// what is wrong and no field name ("must be at least 1s"); the caller
// prefixes the field (SettingSpec::Field or Flag).
absl::StatusOr<absl::Duration> ParseDurationSetting(const SettingSpec& spec, absl::string_view text);
absl::StatusOr<int> IntegerSetting(const SettingSpec& spec, int64_t value);
// Text as typed (CLI flag, or a string in jsonData): a whole number.
absl::StatusOr<int> ParseIntegerSetting(const SettingSpec& spec, absl::string_view text);
// The canonical value of the choice (as `choices` spell it).
absl::StatusOr<std::string> ChoiceSetting(const SettingSpec& spec, absl::string_view value);
absl::StatusOr<FailureSignals> FailureSignalsSetting(const SettingSpec& spec, absl::string_view text);
// The zone name as given, when the zone database (absl::LoadTimeZone, as the
// binder loads a query's zone) knows it; names are case-sensitive.
absl::StatusOr<std::string> TimeZoneSetting(const SettingSpec& spec, absl::string_view text);

// "" when valid, else what is wrong, as the checks above word it.
std::string DurationProblem(const SettingSpec& spec, absl::Duration d);
std::string IntegerProblem(const SettingSpec& spec, int64_t n);

// A duration of whole milliseconds in the settings grammar, in the largest
// exact unit up to hours, as defaults and bounds are shown: "24h", "5m",
// "1s", "250ms".
std::string FormatSettingDuration(absl::Duration d);

// The policy's values against the schema (the binder's check; surfaces
// that parse through the checks above never get here with a bad value).
std::string SkewToleranceProblem(absl::Duration d);
std::string IncidentLinkWindowProblem(absl::Duration d);
std::string MinSampleProblem(int64_t n);

}  // namespace dora

#endif  // DORA_SETTINGS_SETTINGS_SCHEMA_H_
