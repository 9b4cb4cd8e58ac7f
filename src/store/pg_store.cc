#include "store/pg_store.h"

#include "absl/strings/numbers.h"
#include "common/status_macros.h"

namespace dora {

absl::StatusOr<InsertCounts> PgStore::InsertEvents(const std::vector<DeliveryEvent>& events) {
  absl::StatusOr<InsertCounts> out;
  DORA_RETURN_IF_ERROR(pool_.WithConnection(
      [&](PgSession& session) {
        out = dora::InsertEvents(session, events);
        return out.status();
      },
      PgPool::Reuse::kOnlyIfDataError));
  return out;
}

absl::StatusOr<int64_t> PgStore::DeleteEventsByKeyPrefix(const std::string& prefix, const std::string& kept_prefix) {
  absl::StatusOr<int64_t> out;
  DORA_RETURN_IF_ERROR(pool_.WithConnection([&](PgSession& session) -> absl::Status {
    DORA_ASSIGN_OR_RETURN(SqlResult r,
                          session.Exec("deleting events by dedupe key",
                                       "WITH d AS (DELETE FROM delivery_events WHERE starts_with(dedupe_key, $1::text) "
                                       "AND NOT starts_with(dedupe_key, $2::text) RETURNING 1) SELECT count(*) FROM d",
                                       {prefix, kept_prefix}));
    int64_t n = 0;
    if (r.rows.size() != 1 || !r.rows[0].at(0) || !absl::SimpleAtoi(*r.rows[0][0], &n)) {
      return absl::InternalError("deleting events by dedupe key: unreadable count");
    }
    out = n;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<int> PgStore::SchemaVersion() {
  absl::StatusOr<int> out;
  DORA_RETURN_IF_ERROR(pool_.WithConnection([&](PgSession& session) {
    out = ReadSchemaVersion(session);
    return out.status();
  }));
  return out;
}

absl::StatusOr<MigrationReport> PgStore::Migrate() {
  absl::StatusOr<MigrationReport> out;
  DORA_RETURN_IF_ERROR(pool_.WithConnection([&](PgSession& session) {
    out = dora::Migrate(session);
    return out.status();
  }));
  return out;
}

absl::Status PgStore::CreateRoles(const RoleSpec& spec) {
  return pool_.WithConnection([&](PgSession& session) { return dora::CreateRoles(session, spec); });
}

absl::StatusOr<DatabaseFacts> PgStore::Describe() {
  DatabaseFacts facts;
  DORA_RETURN_IF_ERROR(pool_.WithConnection([&](PgSession& session) -> absl::Status {
    DORA_ASSIGN_OR_RETURN(SqlResult version, session.Exec("reading server version", "SHOW server_version"));
    DORA_ASSIGN_OR_RETURN(std::optional<std::string> server_version, SingleCell(version));
    facts.server_version = server_version.value_or("");
    DORA_ASSIGN_OR_RETURN(facts.schema_version, ReadSchemaVersion(session));
    if (facts.schema_version == 0 || facts.schema_version > LatestSchemaVersion()) return absl::OkStatus();
    {
      DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                            PgTransaction::Begin(session, "counting recent events", PgTransaction::Mode::kReadOnly));
      DORA_ASSIGN_OR_RETURN(SqlResult counts, tx.Exec("SELECT event_type, count(*) FROM delivery_events "
                                                      "WHERE occurred_at >= now() - interval '7 days' "
                                                      "GROUP BY 1 ORDER BY 1"));
      for (const auto& row : counts.rows) {
        int64_t n = 0;
        if (!row[1] || !absl::SimpleAtoi(*row[1], &n)) return absl::InternalError("unreadable event count");
        facts.events_last_7_days.emplace_back(row[0].value_or(""), n);
      }
      DORA_ASSIGN_OR_RETURN(SqlResult last, tx.Exec("SELECT to_char(max(ingested_at) AT TIME ZONE 'UTC', "
                                                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM delivery_events"));
      DORA_ASSIGN_OR_RETURN(facts.last_ingested_at, SingleCell(last));
      DORA_RETURN_IF_ERROR(tx.Commit());
    }
    DORA_ASSIGN_OR_RETURN(facts.role_can_write, RoleCanWriteEvents(session));
    return absl::OkStatus();
  }));
  return facts;
}

}  // namespace dora
