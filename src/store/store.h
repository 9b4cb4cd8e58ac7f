// The storage seam (the leveldb `Env` idea): everything dora asks of its
// database, as one interface. PgStore (store/pg_store.h) is the PostgreSQL
// implementation; FakeStore (store/fake_store.h) an in-memory one for unit
// tests. Nothing outside src/store sees libpqxx.
//
// Errors carry the "database" phase and the codes of store/pg_errors.h:
// Unavailable (unreachable, the connection broke), DeadlineExceeded (a
// statement timeout), Unauthenticated, PermissionDenied, FailedPrecondition
// (a missing table or column: run `dora migrate`), InvalidArgument (the data
// was refused: the caller's fault, not the server's), Internal otherwise.
#ifndef DORA_STORE_STORE_H_
#define DORA_STORE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/delivery_event.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "store/roles.h"
#include "store/sql_executor.h"

namespace dora {

// What the data source's health check reports about the database.
struct DatabaseFacts {
  std::string server_version;  // e.g. "15.4"
  int schema_version = 0;      // 0: no migration has run
  // The rest is read only when schema_version is one this build knows
  // (1..LatestSchemaVersion()); otherwise it stays empty.
  std::vector<std::pair<std::string, int64_t>> events_last_7_days;  // by event type, sorted by type
  std::optional<std::string> last_ingested_at;                      // RFC 3339 UTC, nullopt when the table is empty
  bool role_can_write = false;                                      // the session's role may change delivery_events
};

// Implementations are thread-safe: every method may be called concurrently.
class Store : public SqlExecutor {
 public:
  // Inserts events idempotently (InsertEvents in store/event_writer.h): all
  // new rows commit or none do. InvalidArgument when the database refuses
  // the events' own data (nothing stored).
  virtual absl::StatusOr<InsertCounts> InsertEvents(const std::vector<DeliveryEvent>& events) = 0;

  // Deletes the events whose dedupe key starts with `prefix` but not with
  // `kept_prefix` (`dora demo` replacing an earlier demo load of its seed);
  // returns how many. One statement: all of them or none.
  virtual absl::StatusOr<int64_t> DeleteEventsByKeyPrefix(const std::string& prefix,
                                                          const std::string& kept_prefix) = 0;

  // The recorded schema version; 0 when no migration has run.
  virtual absl::StatusOr<int> SchemaVersion() = 0;

  // Brings the schema to LatestSchemaVersion() (store/migrations.h).
  virtual absl::StatusOr<MigrationReport> Migrate() = 0;

  // Creates or updates the least-privilege roles (store/roles.h).
  virtual absl::Status CreateRoles(const RoleSpec& spec) = 0;

  // Server version, schema version and, for a known schema, the recent
  // events and the role's write privilege (the data source health check).
  virtual absl::StatusOr<DatabaseFacts> Describe() = 0;
};

}  // namespace dora

#endif  // DORA_STORE_STORE_H_
