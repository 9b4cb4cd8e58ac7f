// Data source settings as Grafana stores them, validated into what the
// engine needs. Field names follow Grafana's PostgreSQL data source:
// `url` = host[:port], `user`, `jsonData.database`, `jsonData.sslmode`,
// `secureJsonData.password`; plus this plugin's jsonData keys.
#ifndef DORA_DATASOURCE_SETTINGS_H_
#define DORA_DATASOURCE_SETTINGS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"

namespace dora {

// What arrives with every request (PluginContext.dataSourceInstanceSettings),
// free of transport types.
struct RawDataSourceSettings {
  std::string uid;
  std::string name;
  std::string url;        // host[:port] or [ipv6]:port
  std::string user;
  std::string database;   // deprecated top-level field; jsonData.database wins
  std::string json_data;  // raw JSON object, may be empty
  std::map<std::string, std::string> secure;  // decrypted secureJsonData
  int64_t last_updated_ms = 0;
};

// jsonData keys this plugin reads (all optional):
//   database            string   database name (required here or top-level)
//   sslmode             string   disable|allow|prefer|require|verify-ca|verify-full (default prefer)
//   bandProfile         string   dora-2024 (default) | dora-2023
//   skewTolerance       duration "5m"
//   minSample           integer  5
//   incidentLinkWindow  duration "24h"
//   maxOpenConns        integer  10 (1..100)
//   statementTimeout    duration "30s" ("0s" = none)
//   connectTimeout      duration "10s"
struct DataSourceSettings {
  std::string uid;
  int64_t last_updated_ms = 0;
  std::string host;
  int port = 5432;
  std::string database;
  std::string user;
  std::string password;
  std::string sslmode = "prefer";
  QueryPolicy policy;
  int max_open_conns = 10;
  absl::Duration statement_timeout = absl::Seconds(30);
  absl::Duration connect_timeout = absl::Seconds(10);

  // libpq keyword/value connection string, every value quoted.
  std::string ConnectionString() const;
};

// Errors are InvalidArgument "settings error: <field>: <what>"; the field is
// named as a user sees it in the config editor (url, user, jsonData.minSample,
// secureJsonData.password).
absl::StatusOr<DataSourceSettings> ParseSettings(const RawDataSourceSettings& raw);

// The settings field a ParseSettings error names, or "" (for health details).
std::string SettingsErrorField(const absl::Status& status);

}  // namespace dora

#endif  // DORA_DATASOURCE_SETTINGS_H_
