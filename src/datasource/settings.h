// Data source settings as Grafana stores them, validated into what the
// engine needs. Field names follow Grafana's PostgreSQL data source:
// `url` = host[:port], `user`, `jsonData.database`, `jsonData.sslmode`,
// `secureJsonData.password`; plus this plugin's jsonData keys.
#ifndef DORA_DATASOURCE_SETTINGS_H_
#define DORA_DATASOURCE_SETTINGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"
#include "settings/settings_schema.h"

namespace dora {

// What arrives with every request (PluginContext.dataSourceInstanceSettings),
// free of transport types.
struct RawDataSourceSettings {
  std::string uid;
  std::string name;
  std::string url;  // host[:port] or [ipv6]:port
  std::string user;
  std::string database;                       // deprecated top-level field; jsonData.database wins
  std::string json_data;                      // raw JSON object, may be empty
  std::map<std::string, std::string> secure;  // decrypted secureJsonData
  int64_t last_updated_ms = 0;
};

// The keys this plugin reads, their types, ranges and defaults are the
// settings schema's (settings/settings_schema.h; `dora settings-schema`).
// TLS is spelled as Grafana's own PostgreSQL data source spells it (used
// when sslmode is not disable): tlsConfigurationMethod file-path (default)
// reads jsonData.sslRootCertFile, sslCertFile, sslKeyFile (paths on the
// Grafana server); file-content reads secureJsonData.tlsCACert,
// tlsClientCert, tlsClientKey (PEM text).
enum class TlsConfigurationMethod { kFilePath, kFileContent };

// Where the TLS material of a data source comes from. Only the fields of
// `method` are read; the others are ignored, as Grafana ignores them.
struct TlsSettings {
  TlsConfigurationMethod method = TlsConfigurationMethod::kFilePath;
  std::string root_cert_file;   // jsonData.sslRootCertFile
  std::string cert_file;        // jsonData.sslCertFile
  std::string key_file;         // jsonData.sslKeyFile
  std::string ca_cert_pem;      // secureJsonData.tlsCACert
  std::string client_cert_pem;  // secureJsonData.tlsClientCert
  std::string client_key_pem;   // secureJsonData.tlsClientKey

  bool HasRootCert() const;
  bool HasClientCert() const;
  bool HasClientKey() const;
  // The settings field of each piece for the configured method, for errors.
  const char* RootCertField() const;
  const char* ClientCertField() const;
  const char* ClientKeyField() const;
};

// The TLS material as files libpq reads (empty: not configured).
struct TlsFilePaths {
  std::string root_cert;
  std::string client_cert;
  std::string client_key;
};

struct DataSourceSettings {
  std::string uid;
  int64_t last_updated_ms = 0;
  std::string host;
  int port = kDefaultPort;
  std::string database;
  std::string user;
  std::string password;
  std::string sslmode = std::string(kDefaultSslMode);
  TlsSettings tls;
  QueryPolicy policy;
  int max_open_conns = kDefaultMaxOpenConns;
  absl::Duration statement_timeout = kDefaultStatementTimeout;
  absl::Duration connect_timeout = kDefaultConnectTimeout;
  // jsonData.defaultTimeZone: the zone of queries that bring none (alert
  // rules, API calls, a dashboard zone of "browser" or ""); a zone the zone
  // database knows.
  std::string default_time_zone = std::string(kDefaultTimeZone);

  // libpq keyword/value connection string, every value quoted.
  // `host_addresses`: numeric addresses of `host`, passed as hostaddr (one
  // host entry per address, so libpq tries each and checks certificates
  // against the name; for a numeric host, the host itself); empty: libpq
  // gets the host alone (a unix socket directory). `tls`: where the TLS material is, when
  // sslmode is not disable. GSSAPI encryption is always off (gssencmode).
  std::string ConnectionString(const std::vector<std::string>& host_addresses = {}, const TlsFilePaths& tls = {}) const;
};

// Errors are InvalidArgument "settings error: <field>: <what>"; the field is
// named as a user sees it in the config editor (url, user, jsonData.minSample,
// secureJsonData.password).
absl::StatusOr<DataSourceSettings> ParseSettings(const RawDataSourceSettings& raw);

// The settings field a ParseSettings error names, or "" (for health details).
std::string SettingsErrorField(const absl::Status& status);

}  // namespace dora

#endif  // DORA_DATASOURCE_SETTINGS_H_
