#include "datasource/health.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "store/migrations.h"
#include "store/roles.h"

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
  nlohmann::ordered_json details;
  int version = 0;
  std::string server_version;
  std::vector<std::pair<std::string, int64_t>> counts;
  std::string last_event;
  bool can_write = false;
  absl::Status st = (*instance)->pool().WithConnection([&](pqxx::connection& conn) -> absl::Status {
    {
      pqxx::read_transaction tx(conn);
      server_version = tx.exec1("SHOW server_version")[0].as<std::string>();
      tx.commit();
    }
    auto v = ReadSchemaVersion(conn);
    if (!v.ok()) return v.status();
    version = *v;
    if (version == 0 || version > LatestSchemaVersion()) return absl::OkStatus();
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec(
             "SELECT event_type, count(*) FROM delivery_events "
             "WHERE occurred_at >= now() - interval '7 days' GROUP BY 1 ORDER BY 1")) {
      counts.emplace_back(row[0].as<std::string>(), row[1].as<int64_t>());
    }
    pqxx::row last = tx.exec1("SELECT to_char(max(ingested_at) AT TIME ZONE 'UTC', "
                              "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM delivery_events");
    if (!last[0].is_null()) last_event = last[0].as<std::string>();
    tx.commit();
    auto writes = RoleCanWriteEvents(conn);
    if (!writes.ok()) return writes.status();
    can_write = *writes;
    return absl::OkStatus();
  });
  const DataSourceSettings& s = (*instance)->settings();
  details["database"] = s.database;
  details["host"] = absl::StrCat(s.host, ":", s.port);
  if (!st.ok()) {
    details["phase"] = "database";
    details["code"] = absl::StatusCodeToString(st.code());
    return Error(absl::StrCat("Cannot query PostgreSQL at ", s.host, ":", s.port, "/", s.database, ": ",
                              st.message()),
                 details);
  }
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
  for (const auto& [type, n] : counts) {
    by_type[type] = n;
    total += n;
    parts.push_back(absl::StrCat(n, " ", type));
  }
  details["eventsLast7Days"] = by_type;
  details["lastIngestedAt"] = last_event.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(last_event);
  std::string message = absl::StrCat("Connected to PostgreSQL ", server_version, ", schema version ", version, ". ");
  if (total == 0) {
    absl::StrAppend(&message, "No events in the last 7 days: check that webhooks and CI jobs deliver events.");
  } else {
    absl::StrAppend(&message, "Last 7 days: ", absl::StrJoin(parts, ", "), ".");
  }
  absl::StrAppend(&message, " Failed deploys: ", DescribeFailureSignals(s.policy.failure_signals), ".");
  details["roleCanWrite"] = can_write;
  if (can_write) {
    absl::StrAppend(&message, " Warning: the role ", s.user.empty() ? "in use" : absl::StrCat("'", s.user, "'"),
                    " can change delivery_events; Grafana needs only a read-only role (`dora migrate --create-roles` "
                    "makes one).");
  }
  return HealthResult{true, message, details.dump()};
}

}  // namespace dora
