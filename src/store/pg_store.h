// The PostgreSQL Store: a PgPool (store/pg_pool.h) and the store's
// statements run on its sessions.
#ifndef DORA_STORE_PG_STORE_H_
#define DORA_STORE_PG_STORE_H_

#include "store/pg_pool.h"
#include "store/store.h"

namespace dora {

// Thread-safe. Each call takes one session from the pool for its duration.
// A session whose write failed for any reason but the data's own
// (InvalidArgument) is dropped, so the next write starts on a fresh one.
class PgStore final : public Store {
 public:
  explicit PgStore(PgPoolOptions options) : pool_(std::move(options)) {}

  using SqlExecutor::Query;
  absl::StatusOr<SqlResult> Query(const SqlStatement& statement, const Interrupt& interrupt) override {
    return pool_.Query(statement, interrupt);
  }
  absl::StatusOr<InsertCounts> InsertEvents(const std::vector<DeliveryEvent>& events) override;
  absl::StatusOr<int64_t> DeleteEventsByKeyPrefix(const std::string& prefix, const std::string& kept_prefix) override;
  absl::StatusOr<int> SchemaVersion() override;
  absl::StatusOr<MigrationReport> Migrate() override;
  absl::Status CreateRoles(const RoleSpec& spec) override;
  absl::StatusOr<DatabaseFacts> Describe() override;

  PgPool& pool() { return pool_; }
  PgPool::Usage GetUsage() const { return pool_.GetUsage(); }

 private:
  PgPool pool_;
};

}  // namespace dora

#endif  // DORA_STORE_PG_STORE_H_
