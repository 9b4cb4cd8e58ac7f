#include "datasource/health.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "store/migrations.h"

namespace dora {
namespace {

HealthResult Error(std::string message, nlohmann::ordered_json details) {
  return HealthResult{false, std::move(message), details.dump()};
}

}  // namespace

HealthResult CheckDataSourceHealth(InstanceCache& cache, const RawDataSourceSettings& raw) {
  auto instance = cache.Get(raw);
  if (!instance.ok()) {
    std::string field = SettingsErrorField(instance.status());
    return Error(std::string(instance.status().message()), {{"field", field}, {"phase", "settings"}});
  }
  return CheckStoreHealth((*instance)->store(), (*instance)->settings());
}

HealthResult CheckStoreHealth(Store& store, const DataSourceSettings& s) {
  nlohmann::ordered_json details;
  absl::StatusOr<DatabaseFacts> facts = store.Describe();
  details["database"] = s.database;
  details["host"] = absl::StrCat(s.host, ":", s.port);
  if (!facts.ok()) {
    const absl::Status& st = facts.status();
    details["phase"] = "database";
    details["code"] = absl::StatusCodeToString(st.code());
    return Error(absl::StrCat("Cannot query PostgreSQL at ", s.host, ":", s.port, "/", s.database, ": ", st.message()),
                 details);
  }
  const std::string& server_version = facts->server_version;
  const int version = facts->schema_version;
  details["serverVersion"] = server_version;
  details["schemaVersion"] = version;
  if (version == 0) {
    return Error(absl::StrCat("Connected to PostgreSQL ", server_version, ", but ", s.database,
                              " has no dora schema: run `dora migrate` with DATABASE_URL pointing at it"),
                 details);
  }
  if (version > LatestSchemaVersion()) {
    return Error(absl::StrCat("Schema version ", version, " is newer than this plugin understands (",
                              LatestSchemaVersion(), "): upgrade the plugin"),
                 details);
  }
  if (version < LatestSchemaVersion()) {
    return Error(absl::StrCat("Schema version ", version, " is older than this plugin needs (", LatestSchemaVersion(),
                              "): run `dora migrate` with DATABASE_URL pointing at ", s.database),
                 details);
  }
  details["failureSignals"] = FailureSignalsName(s.policy.failure_signals);
  nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
  int64_t total = 0;
  std::vector<std::string> parts;
  for (const auto& [type, n] : facts->events_last_7_days) {
    by_type[type] = n;
    total += n;
    parts.push_back(absl::StrCat(n, " ", type));
  }
  details["eventsLast7Days"] = by_type;
  details["lastIngestedAt"] =
      facts->last_ingested_at ? nlohmann::ordered_json(*facts->last_ingested_at) : nlohmann::ordered_json(nullptr);
  std::string message = absl::StrCat("Connected to PostgreSQL ", server_version, ", schema version ", version, ". ");
  if (total == 0) {
    absl::StrAppend(&message, "No events in the last 7 days: check that webhooks and CI jobs deliver events.");
  } else {
    absl::StrAppend(&message, "Last 7 days: ", absl::StrJoin(parts, ", "), ".");
  }
  absl::StrAppend(&message, " Failed deploys: ", DescribeFailureSignals(s.policy.failure_signals), ".");
  details["roleCanWrite"] = facts->role_can_write;
  if (facts->role_can_write) {
    absl::StrAppend(&message, " Warning: the role ", s.user.empty() ? "in use" : absl::StrCat("'", s.user, "'"),
                    " can change delivery_events; Grafana needs only a read-only role (`dora migrate --create-roles` "
                    "makes one).");
  }
  return HealthResult{true, message, details.dump()};
}

}  // namespace dora
