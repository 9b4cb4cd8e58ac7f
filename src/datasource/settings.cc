#include "datasource/settings.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/json_text.h"
#include "common/phase_error.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

std::string Quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

absl::Status ParseHostPort(const std::string& url, DataSourceSettings* s) {
  std::string rest = url;
  for (absl::string_view scheme : {"postgres://", "postgresql://"}) {
    if (absl::StartsWith(rest, scheme)) rest = rest.substr(scheme.size());
  }
  if (rest.empty()) return SettingsFieldError("url", "is empty; expected host:port, e.g. localhost:5432");
  // Credentials typed into the URL are refused without being repeated (the
  // message is shown and logged): they belong in the User and Password fields.
  if (rest.find('@') != std::string::npos) {
    return SettingsFieldError(
        "url",
        "must be host:port without a user or password; enter those in the User and Password fields "
        "(the URL you entered is not shown here because it holds credentials)");
  }
  if (rest.front() != '/' && rest.find_first_of("/?") != std::string::npos) {
    return SettingsFieldError("url",
                              "must be host:port without a path or options; the database goes in the Database field");
  }
  std::string port;
  if (rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos) return SettingsFieldError("url", "has an unclosed '[' in an IPv6 address");
    s->host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return SettingsFieldError("url", "expected ':' after the IPv6 address");
      port = rest.substr(close + 2);
    }
  } else if (rest.front() == '/') {
    s->host = rest;  // a unix socket directory
  } else {
    size_t colon = rest.rfind(':');
    s->host = colon == std::string::npos ? rest : rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
  }
  if (s->host.empty()) return SettingsFieldError("url", "has no host");
  if (!port.empty() && (!absl::SimpleAtoi(port, &s->port) || s->port < 1 || s->port > 65535)) {
    return SettingsFieldError("url", absl::StrCat("port '", port, "' is not a number from 1 to 65535"));
  }
  return absl::OkStatus();
}

absl::Status SpecError(const SettingSpec& spec, absl::string_view what) {
  return SettingsFieldError(spec.Field(), what);
}

// A jsonData string; missing or null is `fallback`.
absl::StatusOr<std::string> StringKey(const nlohmann::json& j, const SettingSpec& spec, std::string fallback) {
  const std::string& key = spec.key;
  if (!j.contains(key) || j[key].is_null()) return fallback;
  if (!j[key].is_string()) return SpecError(spec, "must be a string");
  return j[key].get<std::string>();
}

// A jsonData whole number (or a string holding one) in the schema's range;
// missing or null is `fallback`.
absl::StatusOr<int> IntKey(const nlohmann::json& j, const SettingSpec& spec, int fallback) {
  const std::string& key = spec.key;
  if (!j.contains(key) || j[key].is_null()) return fallback;
  // Read as 64 bits and range-checked before narrowing: 4294967297 must not
  // become 1.
  int64_t v = 0;
  const auto& x = j[key];
  bool ok = (x.is_number_unsigned() && x.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) &&
             (v = x.get<int64_t>(), true)) ||
            (x.is_number_integer() && !x.is_number_unsigned() && (v = x.get<int64_t>(), true)) ||
            (x.is_string() && absl::SimpleAtoi(x.get<std::string>(), &v));
  auto n = ok ? IntegerSetting(spec, v) : absl::InvalidArgumentError(IntegerProblem(spec, spec.min - 1));
  if (!n.ok()) return SpecError(spec, n.status().message());
  return *n;
}

// Whether jsonData leaves the setting at its default: missing, null, or ""
// where the schema reads "" so.
bool IsDefault(const nlohmann::json& j, const SettingSpec& spec) {
  const std::string& key = spec.key;
  return !j.contains(key) || j[key].is_null() ||
         (spec.empty_is_default && j[key].is_string() && j[key].get<std::string>().empty());
}

// A jsonData duration in the settings grammar and the schema's range.
absl::StatusOr<absl::Duration> DurationKey(const nlohmann::json& j, const SettingSpec& spec, absl::Duration fallback) {
  const std::string& key = spec.key;
  if (IsDefault(j, spec)) return fallback;
  if (!j[key].is_string()) return SpecError(spec, "must be a duration such as \"5m\" or \"1h30m\"");
  auto d = ParseDurationSetting(spec, j[key].get<std::string>());
  if (!d.ok()) return SpecError(spec, d.status().message());
  return *d;
}

// A jsonData choice, canonical; the schema's default when not set.
absl::StatusOr<std::string> ChoiceKey(const nlohmann::json& j, const SettingSpec& spec) {
  if (IsDefault(j, spec)) return spec.default_text;
  auto v = StringKey(j, spec, spec.default_text);
  if (!v.ok()) return v.status();
  auto c = ChoiceSetting(spec, *v);
  if (!c.ok()) return SpecError(spec, c.status().message());
  return *c;
}

}  // namespace

bool TlsSettings::HasRootCert() const {
  return method == TlsConfigurationMethod::kFilePath ? !root_cert_file.empty() : !ca_cert_pem.empty();
}

bool TlsSettings::HasClientCert() const {
  return method == TlsConfigurationMethod::kFilePath ? !cert_file.empty() : !client_cert_pem.empty();
}

bool TlsSettings::HasClientKey() const {
  return method == TlsConfigurationMethod::kFilePath ? !key_file.empty() : !client_key_pem.empty();
}

const char* TlsSettings::RootCertField() const {
  return method == TlsConfigurationMethod::kFilePath ? "jsonData.sslRootCertFile" : "secureJsonData.tlsCACert";
}

const char* TlsSettings::ClientCertField() const {
  return method == TlsConfigurationMethod::kFilePath ? "jsonData.sslCertFile" : "secureJsonData.tlsClientCert";
}

const char* TlsSettings::ClientKeyField() const {
  return method == TlsConfigurationMethod::kFilePath ? "jsonData.sslKeyFile" : "secureJsonData.tlsClientKey";
}

std::string DataSourceSettings::ConnectionString(const std::vector<std::string>& host_addresses,
                                                 const TlsFilePaths& tls) const {
  std::vector<std::string> parts;
  if (host_addresses.empty()) {
    parts.push_back(absl::StrCat("host=", Quote(host)));
  } else {
    std::vector<std::string> hosts(host_addresses.size(), host);
    parts.push_back(absl::StrCat("host=", Quote(absl::StrJoin(hosts, ","))));
    parts.push_back(absl::StrCat("hostaddr=", Quote(absl::StrJoin(host_addresses, ","))));
  }
  parts.push_back(absl::StrCat("port=", Quote(absl::StrCat(port))));
  parts.push_back(absl::StrCat("dbname=", Quote(database)));
  parts.push_back(absl::StrCat("user=", Quote(user)));
  parts.push_back(absl::StrCat("sslmode=", Quote(sslmode)));
  if (sslmode != "disable") {
    if (!tls.root_cert.empty()) parts.push_back(absl::StrCat("sslrootcert=", Quote(tls.root_cert)));
    if (!tls.client_cert.empty()) parts.push_back(absl::StrCat("sslcert=", Quote(tls.client_cert)));
    if (!tls.client_key.empty()) parts.push_back(absl::StrCat("sslkey=", Quote(tls.client_key)));
  }
  parts.push_back("gssencmode='disable'");
  parts.push_back(absl::StrCat("connect_timeout=",
                               Quote(absl::StrCat(std::max<int64_t>(1, absl::ToInt64Seconds(connect_timeout))))));
  parts.push_back("application_name='grafana-dora-datasource'");
  if (!password.empty()) parts.push_back(absl::StrCat("password=", Quote(password)));
  return absl::StrJoin(parts, " ");
}

namespace {

absl::Status ParseTls(const nlohmann::json& j, const RawDataSourceSettings& raw, DataSourceSettings* s) {
  auto method = ChoiceKey(j, Setting(SettingId::kTlsConfigurationMethod));
  if (!method.ok()) return method.status();
  s->tls.method = *method == "file-content" ? TlsConfigurationMethod::kFileContent : TlsConfigurationMethod::kFilePath;
  for (auto [id, out] :
       {std::pair{SettingId::kSslRootCertFile, &s->tls.root_cert_file},
        std::pair{SettingId::kSslCertFile, &s->tls.cert_file}, std::pair{SettingId::kSslKeyFile, &s->tls.key_file}}) {
    auto v = StringKey(j, Setting(id), "");
    if (!v.ok()) return v.status();
    *out = *std::move(v);
  }
  for (auto [id, out] : {std::pair{SettingId::kTlsCaCert, &s->tls.ca_cert_pem},
                         std::pair{SettingId::kTlsClientCert, &s->tls.client_cert_pem},
                         std::pair{SettingId::kTlsClientKey, &s->tls.client_key_pem}}) {
    auto it = raw.secure.find(Setting(id).key);
    if (it != raw.secure.end()) *out = it->second;
  }
  if (s->sslmode == "disable") return absl::OkStatus();
  const TlsSettings& tls = s->tls;
  if ((s->sslmode == "verify-ca" || s->sslmode == "verify-full") && !tls.HasRootCert()) {
    return SettingsFieldError(tls.RootCertField(),
                              absl::StrCat("sslmode ", s->sslmode,
                                           " checks the server's certificate against a CA certificate: "
                                           "enter the CA certificate (PEM) that signed it"));
  }
  if (tls.HasClientCert() && !tls.HasClientKey()) {
    return SettingsFieldError(tls.ClientKeyField(), "a client certificate needs its private key");
  }
  if (tls.HasClientKey() && !tls.HasClientCert()) {
    return SettingsFieldError(tls.ClientCertField(), "a client key needs its certificate");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DataSourceSettings> ParseSettings(const RawDataSourceSettings& raw) {
  DataSourceSettings s;
  s.uid = raw.uid;
  s.last_updated_ms = raw.last_updated_ms;
  nlohmann::json j = nlohmann::json::object();
  if (!raw.json_data.empty()) {
    j = ParseJsonText(raw.json_data);
    if (j.is_discarded() || !j.is_object()) return SettingsFieldError("jsonData", "is not a JSON object");
  }
  // A NUL byte would silently cut the libpq connection string short.
  for (const auto& [field, value] : std::vector<std::pair<std::string, const std::string*>>{
           {"url", &raw.url}, {"user", &raw.user}, {"database", &raw.database}}) {
    if (value->find('\0') != std::string::npos) return SettingsFieldError(field, "contains a NUL character");
  }
  for (const auto& [key, value] : raw.secure) {
    if (value.find('\0') != std::string::npos)
      return SettingsFieldError(absl::StrCat("secureJsonData.", key), "contains a NUL character");
  }
  if (absl::Status st = ParseHostPort(raw.url, &s); !st.ok()) return st;
  s.user = raw.user;
  if (s.user.empty()) return SettingsFieldError("user", "is empty; enter the PostgreSQL user to connect as");
  const SettingSpec& database = Setting(SettingId::kDatabase);
  auto db = StringKey(j, database, raw.database);
  if (!db.ok()) return db.status();
  s.database = db->empty() ? raw.database : *db;
  if (s.database.empty()) return SpecError(database, "is empty; enter the database that holds delivery_events");
  auto ssl = ChoiceKey(j, Setting(SettingId::kSslMode));
  if (!ssl.ok()) return ssl.status();
  s.sslmode = *ssl;
  if (absl::Status st = ParseTls(j, raw, &s); !st.ok()) return st;
  auto pw = raw.secure.find(Setting(SettingId::kPassword).key);
  if (pw != raw.secure.end()) s.password = pw->second;

  auto profile = ChoiceKey(j, Setting(SettingId::kBandProfile));
  if (!profile.ok()) return profile.status();
  s.policy.band_profile = *profile;
  auto benchmark = ChoiceKey(j, Setting(SettingId::kScoreBenchmark));
  if (!benchmark.ok()) return benchmark.status();
  s.policy.score_benchmark = *benchmark;
  const SettingSpec& signals_spec = Setting(SettingId::kFailureSignals);
  auto signals = StringKey(j, signals_spec, signals_spec.default_text);
  if (!signals.ok()) return signals.status();
  auto parsed_signals = FailureSignalsSetting(signals_spec, *signals);
  if (!parsed_signals.ok()) return SpecError(signals_spec, parsed_signals.status().message());
  s.policy.failure_signals = *parsed_signals;
  auto skew = DurationKey(j, Setting(SettingId::kSkewTolerance), s.policy.skew_tolerance);
  if (!skew.ok()) return skew.status();
  s.policy.skew_tolerance = *skew;
  auto window = DurationKey(j, Setting(SettingId::kIncidentLinkWindow), s.policy.incident_link_window);
  if (!window.ok()) return window.status();
  s.policy.incident_link_window = *window;
  auto min_sample = IntKey(j, Setting(SettingId::kMinSample), s.policy.min_sample);
  if (!min_sample.ok()) return min_sample.status();
  s.policy.min_sample = *min_sample;
  auto conns = IntKey(j, Setting(SettingId::kMaxOpenConns), s.max_open_conns);
  if (!conns.ok()) return conns.status();
  s.max_open_conns = *conns;
  // The schema's minimum (1s) keeps 0 out: PostgreSQL's statement_timeout
  // would be off, libpq's connect_timeout would wait forever.
  auto timeout = DurationKey(j, Setting(SettingId::kStatementTimeout), s.statement_timeout);
  if (!timeout.ok()) return timeout.status();
  s.statement_timeout = *timeout;
  auto connect = DurationKey(j, Setting(SettingId::kConnectTimeout), s.connect_timeout);
  if (!connect.ok()) return connect.status();
  s.connect_timeout = *connect;
  const SettingSpec& zone_spec = Setting(SettingId::kDefaultTimeZone);
  if (!IsDefault(j, zone_spec)) {
    auto text = StringKey(j, zone_spec, zone_spec.default_text);
    if (!text.ok()) return text.status();
    auto zone = TimeZoneSetting(zone_spec, *text);
    if (!zone.ok()) return SpecError(zone_spec, zone.status().message());
    s.default_time_zone = *zone;
  }
  return s;
}

std::string SettingsErrorField(const absl::Status& status) {
  absl::string_view m = status.message();
  if (!absl::ConsumePrefix(&m, absl::StrCat(PhaseName(Phase::kSettings), " error: "))) return "";
  size_t colon = m.find(':');
  return colon == absl::string_view::npos ? "" : std::string(m.substr(0, colon));
}

}  // namespace dora
