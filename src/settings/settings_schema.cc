#include "settings/settings_schema.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/time_spec.h"
#include "metrics/bands.h"
#include "metrics/dora_score.h"

namespace dora {
namespace {

constexpr int kMaxMinSample = 1000000;

std::string UpperLabel(const std::string& id) {
  std::string label = absl::AsciiStrToUpper(id);
  for (char& c : label) {
    if (c == '-') c = ' ';
  }
  return label;
}

std::vector<SettingChoice> BandProfileChoices(const std::string& fallback) {
  std::vector<SettingChoice> out;
  for (const BandProfile& p : AllBandProfiles()) {
    out.push_back(
        {p.id, UpperLabel(p.id), p.id == fallback ? absl::StrCat(p.description, " (default)") : p.description});
  }
  return out;
}

std::vector<SettingChoice> FailureSignalChoices(const FailureSignals& fallback) {
  std::vector<SettingChoice> out;
  for (const std::string& preset : FailureSignalPresets()) {
    auto signals = ParseFailureSignals(preset);
    std::string description = DescribeFailureSignals(*signals);
    if (*signals == fallback) absl::StrAppend(&description, " (default)");
    out.push_back({preset, preset == "reference" ? "Reference" : UpperLabel(preset), description});
  }
  return out;
}

int64_t Ms(absl::Duration d) { return absl::ToInt64Milliseconds(d); }

std::vector<SettingSpec> BuildSettings() {
  const QueryPolicy policy;
  using S = SettingStore;
  using T = SettingType;
  std::vector<SettingSpec> all;
  // References from `add` stay valid while the table is filled.
  all.reserve(static_cast<size_t>(SettingId::kDefaultTimeZone) + 1);
  auto add = [&all](SettingId id, std::string key, SettingStore store, SettingType type, std::string label,
                    std::string description) -> SettingSpec& {
    SettingSpec s;
    s.id = id;
    s.key = std::move(key);
    s.store = store;
    s.type = type;
    s.label = std::move(label);
    s.description = std::move(description);
    s.empty_is_default = type == SettingType::kDuration;
    all.push_back(std::move(s));
    return all.back();
  };
  auto with_placeholder = [](SettingSpec& s, std::string placeholder, bool required) {
    s.placeholder = std::move(placeholder);
    s.required = required;
  };
  auto with_range = [](SettingSpec& s, int64_t min, int64_t max, bool exclusive_min) {
    s.min = min;
    s.max = max;
    s.exclusive_min = exclusive_min;
  };

  // Connection.
  with_placeholder(add(SettingId::kUrl, "url", S::kTopLevel, T::kString, "Host",
                       "PostgreSQL host and port of the delivery events database (host:port, [ipv6]:port or a "
                       "unix socket directory)"),
                   "localhost:5432", true);
  with_placeholder(add(SettingId::kDatabase, "database", S::kJsonData, T::kString, "Database",
                       "Database that holds delivery_events"),
                   "dora", true);
  with_placeholder(add(SettingId::kUser, "user", S::kTopLevel, T::kString, "User",
                       "A read-only role is enough: queries run in READ ONLY transactions"),
                   "grafana_reader", true);
  with_placeholder(add(SettingId::kPassword, "password", S::kSecureJsonData, T::kString, "Password",
                       "Stored encrypted by Grafana; never sent back to the browser"),
                   "Password", false);
  SettingSpec& sslmode = add(SettingId::kSslMode, "sslmode", S::kJsonData, T::kChoice, "TLS/SSL mode",
                             "libpq sslmode. With require, verify-ca and verify-full, certificates are set below; "
                             "verify-ca and verify-full need a CA certificate.");
  sslmode.default_text = std::string(kDefaultSslMode);
  sslmode.choices = {{"disable", "disable", "No TLS"},
                     {"allow", "allow", "TLS only if the server insists"},
                     {"prefer", "prefer", "TLS if the server supports it (default)"},
                     {"require", "require", "Always TLS, certificate not verified"},
                     {"verify-ca", "verify-ca", "TLS, certificate signed by a trusted CA"},
                     {"verify-full", "verify-full", "TLS, trusted CA and matching host name"}};

  // TLS material, spelled as Grafana's PostgreSQL data source spells it.
  SettingSpec& method =
      add(SettingId::kTlsConfigurationMethod, "tlsConfigurationMethod", S::kJsonData, T::kChoice, "TLS/SSL method",
          "Files on the Grafana server, or their PEM text stored encrypted by Grafana. Only the chosen method's "
          "settings are used; the other method's are ignored.");
  method.default_text = std::string(kDefaultTlsConfigurationMethod);
  method.empty_is_default = true;  // Grafana's editor stores "" before a choice
  method.choices = {{"file-path", "File system path", "Certificate files on the Grafana server (default)"},
                    {"file-content", "Certificate content", "PEM text, stored encrypted by Grafana"}};
  with_placeholder(add(SettingId::kSslRootCertFile, "sslRootCertFile", S::kJsonData, T::kString, "CA certificate file",
                       "File on the Grafana server with the CA certificate that signed the server's certificate "
                       "(PEM). Needed for verify-ca and verify-full: the plugin has no system CA store."),
                   "/etc/grafana/dora/ca.crt", false);
  with_placeholder(add(SettingId::kSslCertFile, "sslCertFile", S::kJsonData, T::kString, "Client certificate file",
                       "For servers that authenticate clients by certificate (pg_hba `cert`). File on the Grafana "
                       "server with the client certificate (PEM); needs the client key file too."),
                   "/etc/grafana/dora/client.crt", false);
  with_placeholder(add(SettingId::kSslKeyFile, "sslKeyFile", S::kJsonData, T::kString, "Client key file",
                       "For servers that authenticate clients by certificate (pg_hba `cert`). File on the Grafana "
                       "server with the client's private key (PEM). The key file must have mode 0600."),
                   "/etc/grafana/dora/client.key", false);
  with_placeholder(add(SettingId::kTlsCaCert, "tlsCACert", S::kSecureJsonData, T::kString, "CA certificate",
                       "The CA certificate that signed the server's certificate (PEM). Needed for verify-ca and "
                       "verify-full: the plugin has no system CA store."),
                   "-----BEGIN CERTIFICATE-----", false);
  with_placeholder(add(SettingId::kTlsClientCert, "tlsClientCert", S::kSecureJsonData, T::kString, "Client certificate",
                       "For servers that authenticate clients by certificate (pg_hba `cert`). The client "
                       "certificate (PEM); needs the client key too."),
                   "-----BEGIN CERTIFICATE-----", false);
  with_placeholder(add(SettingId::kTlsClientKey, "tlsClientKey", S::kSecureJsonData, T::kString, "Client key",
                       "For servers that authenticate clients by certificate (pg_hba `cert`). The client's private "
                       "key (PEM), stored encrypted by Grafana; needs the client certificate too."),
                   "-----BEGIN PRIVATE KEY-----", false);

  // The query policy: data source settings and CLI flags.
  SettingSpec& band = add(SettingId::kBandProfile, "bandProfile", S::kJsonData, T::kChoice, "Band profile",
                          "Thresholds that classify values into Elite, High, Medium and Low");
  band.cli_flag = "band-profile";
  band.default_text = policy.band_profile;
  band.choices = BandProfileChoices(policy.band_profile);
  band.ignore_case = true;  // as FindBandProfile reads ids
  SettingSpec& benchmark =
      add(SettingId::kScoreBenchmark, "scoreBenchmark", S::kJsonData, T::kChoice, "Score benchmark",
          "The DORA Quick Check edition whose industry benchmark dora_score is compared with (industry_mean, "
          "industry_sd, z)");
  benchmark.cli_flag = "score-benchmark";
  benchmark.default_text = policy.score_benchmark;
  for (const ScoreBenchmark& b : AllScoreBenchmarks()) {
    benchmark.choices.push_back(
        {b.id, absl::StrCat("DORA ", b.id),
         b.id == policy.score_benchmark ? absl::StrCat(b.description, " (default)") : b.description});
  }
  SettingSpec& signals =
      add(SettingId::kFailureSignals, "failureSignals", S::kJsonData, T::kFailureSignals, "Failure signals",
          "What makes a deploy a failure for change failure rate and recovery time: reference (failed and rollback "
          "deploys, as the reference design), dora-2024, or a list of failed,rollback,incident,hotfix attributed to "
          "the deploy that caused them");
  signals.cli_flag = "failure-signals";
  signals.default_text = FailureSignalsName(policy.failure_signals);
  signals.choices = FailureSignalChoices(policy.failure_signals);
  signals.list_words = FailureSignalWords();
  SettingSpec& skew =
      add(SettingId::kSkewTolerance, "skewTolerance", S::kJsonData, T::kDuration, "Clock skew tolerance",
          "Deploys whose first commit is later than the deploy by more than this are excluded "
          "from lead time");
  skew.cli_flag = "skew-tolerance";
  skew.default_text = FormatSettingDuration(policy.skew_tolerance);
  with_range(skew, 0, 0, false);
  SettingSpec& min_sample = add(SettingId::kMinSample, "minSample", S::kJsonData, T::kInteger, "Minimum sample",
                                "Fewest samples for a duration or rate value; fewer give null and no band "
                                "(insufficient sample)");
  min_sample.cli_flag = "min-sample";
  min_sample.default_text = absl::StrCat(policy.min_sample);
  with_range(min_sample, 1, kMaxMinSample, false);
  SettingSpec& window =
      add(SettingId::kIncidentLinkWindow, "incidentLinkWindow", S::kJsonData, T::kDuration, "Incident link window",
          "An incident counts against a deploy of its service made at most this long before it "
          "opened");
  window.cli_flag = "incident-window";
  window.default_text = FormatSettingDuration(policy.incident_link_window);
  window.why = "an incident is linked to a deploy before it";
  with_range(window, 0, 0, true);

  // Limits.
  SettingSpec& conns = add(SettingId::kMaxOpenConns, "maxOpenConns", S::kJsonData, T::kInteger, "Max open connections",
                           "Connection pool size of the data source");
  conns.default_text = absl::StrCat(kDefaultMaxOpenConns);
  with_range(conns, 1, 100, false);
  SettingSpec& statement = add(SettingId::kStatementTimeout, "statementTimeout", S::kJsonData, T::kDuration,
                               "Statement timeout", "Longest a single query may run");
  statement.default_text = FormatSettingDuration(kDefaultStatementTimeout);
  statement.why = "0 would switch PostgreSQL's statement timeout off";
  with_range(statement, Ms(absl::Seconds(1)), 0, false);
  SettingSpec& connect = add(SettingId::kConnectTimeout, "connectTimeout", S::kJsonData, T::kDuration,
                             "Connect timeout", "Longest to wait for a connection to PostgreSQL");
  connect.default_text = FormatSettingDuration(kDefaultConnectTimeout);
  connect.why = "libpq waits forever at 0";
  with_range(connect, Ms(absl::Seconds(1)), 0, false);

  // Time.
  SettingSpec& zone =
      add(SettingId::kDefaultTimeZone, "defaultTimeZone", S::kJsonData, T::kTimeZone, "Default time zone",
          "IANA time zone of day and week buckets for requests that bring no zone: alert rules and API "
          "calls. Dashboards send the viewer's zone.");
  zone.default_text = std::string(kDefaultTimeZone);
  zone.empty_is_default = true;
  return all;
}

absl::Status Invalid(std::string what) { return absl::InvalidArgumentError(std::move(what)); }

}  // namespace

std::string SettingSpec::Field() const {
  switch (store) {
    case SettingStore::kTopLevel:
      return key;
    case SettingStore::kJsonData:
      return absl::StrCat("jsonData.", key);
    case SettingStore::kSecureJsonData:
      return absl::StrCat("secureJsonData.", key);
  }
  return key;
}

std::string SettingSpec::Flag() const { return cli_flag.empty() ? "" : absl::StrCat("--", cli_flag); }

const std::vector<SettingSpec>& AllSettings() {
  static const auto* all = new std::vector<SettingSpec>(BuildSettings());
  return *all;
}

const SettingSpec& Setting(SettingId id) {
  for (const SettingSpec& s : AllSettings()) {
    if (s.id == id) return s;
  }
  // Every SettingId has a row (settings_schema_test checks it).
  return AllSettings().front();
}

const SettingSpec* FindSettingByKey(absl::string_view key) {
  for (const SettingSpec& s : AllSettings()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

const SettingSpec* FindSettingByFlag(absl::string_view flag) {
  for (const SettingSpec& s : AllSettings()) {
    if (!s.cli_flag.empty() && s.cli_flag == flag) return &s;
  }
  return nullptr;
}

std::string DurationProblem(const SettingSpec& spec, absl::Duration d) {
  std::string problem;
  const absl::Duration min = absl::Milliseconds(spec.min);
  if (spec.exclusive_min && d <= min) {
    problem = spec.min == 0 ? "must be positive"
                            : absl::StrCat("must be longer than ", FormatSettingDuration(absl::Milliseconds(spec.min)));
  } else if (!spec.exclusive_min && d < min) {
    problem = spec.min == 0 ? "must not be negative"
                            : absl::StrCat("must be at least ", FormatSettingDuration(absl::Milliseconds(spec.min)));
  } else if (spec.max > 0 && d > absl::Milliseconds(spec.max)) {
    problem = absl::StrCat("must be at most ", FormatSettingDuration(absl::Milliseconds(spec.max)));
  }
  if (!problem.empty() && !spec.why.empty()) absl::StrAppend(&problem, " (", spec.why, ")");
  return problem;
}

std::string IntegerProblem(const SettingSpec& spec, int64_t n) {
  return n < spec.min || n > spec.max ? absl::StrCat("must be a whole number from ", spec.min, " to ", spec.max) : "";
}

absl::StatusOr<absl::Duration> ParseDurationSetting(const SettingSpec& spec, absl::string_view text) {
  auto d = ParseSettingDuration(text);
  if (!d.ok()) return d.status();
  if (std::string p = DurationProblem(spec, *d); !p.empty()) return Invalid(std::move(p));
  return *d;
}

absl::StatusOr<int> IntegerSetting(const SettingSpec& spec, int64_t value) {
  if (std::string p = IntegerProblem(spec, value); !p.empty()) return Invalid(std::move(p));
  return static_cast<int>(value);
}

absl::StatusOr<int> ParseIntegerSetting(const SettingSpec& spec, absl::string_view text) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(text, &n)) return Invalid(IntegerProblem(spec, spec.min - 1));
  return IntegerSetting(spec, n);
}

absl::StatusOr<std::string> ChoiceSetting(const SettingSpec& spec, absl::string_view value) {
  std::vector<std::string> values;
  for (const SettingChoice& c : spec.choices) {
    if (c.value == value || (spec.ignore_case && absl::EqualsIgnoreCase(c.value, value))) return c.value;
    values.push_back(c.value);
  }
  return Invalid(absl::StrCat("unknown value '", value, "'; expected one of ", absl::StrJoin(values, ", ")));
}

absl::StatusOr<FailureSignals> FailureSignalsSetting(const SettingSpec& spec, absl::string_view text) {
  return ParseFailureSignals(text);
}

absl::StatusOr<std::string> TimeZoneSetting(const SettingSpec&, absl::string_view text) {
  absl::TimeZone zone;
  if (text.empty() || !absl::LoadTimeZone(text, &zone)) {
    return Invalid(absl::StrCat("unknown time zone '", text, "'; expected an IANA name such as UTC or Europe/Berlin"));
  }
  return std::string(text);
}

std::string FormatSettingDuration(absl::Duration d) {
  const int64_t ms = absl::ToInt64Milliseconds(d);
  for (const auto& [unit, length] : {std::pair{"h", 3600000}, std::pair{"m", 60000}, std::pair{"s", 1000}}) {
    if (ms != 0 && ms % length == 0) return absl::StrCat(ms / length, unit);
  }
  return ms == 0 ? "0s" : absl::StrCat(ms, "ms");
}

std::string SkewToleranceProblem(absl::Duration d) { return DurationProblem(Setting(SettingId::kSkewTolerance), d); }

std::string IncidentLinkWindowProblem(absl::Duration d) {
  return DurationProblem(Setting(SettingId::kIncidentLinkWindow), d);
}

std::string MinSampleProblem(int64_t n) { return IntegerProblem(Setting(SettingId::kMinSample), n); }

}  // namespace dora
