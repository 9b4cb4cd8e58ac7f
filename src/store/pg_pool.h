// A bounded pool of PostgreSQL connections, the production SqlExecutor.
#ifndef DORA_STORE_PG_POOL_H_
#define DORA_STORE_PG_POOL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/sql_executor.h"


namespace dora {

struct PgPoolOptions {
  std::string url;  // libpq keyword/value string or postgresql:// URI
  // When set, called for each new connection instead of using `url`, so
  // that a host name is resolved again (src/store/host_resolver.h). Its
  // error becomes the connection error.
  std::function<absl::StatusOr<std::string>()> url_source;
  int max_connections = 4;
  absl::Duration statement_timeout = absl::Seconds(30);  // zero: no limit
  absl::Duration acquire_timeout = absl::Seconds(10);    // wait for a free connection
  std::string application_name = "dora";
};

// Thread-safe. Connections are opened lazily, reused, and dropped after any
// connection-level failure. Every Query runs in a READ ONLY transaction.
// Sessions run with TimeZone = UTC, jit = off and the configured
// statement_timeout. A Query that fails because its connection broke (a
// database restart) is retried once on a fresh connection.
class PgPool final : public SqlExecutor {
 public:
  explicit PgPool(PgPoolOptions options);
  ~PgPool() override;
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  using SqlExecutor::Query;
  absl::StatusOr<SqlResult> Query(const SqlStatement& statement, const Interrupt& interrupt) override;

  // Runs `fn` with exclusive use of one connection (migrations, bulk writes).
  // Exceptions thrown by `fn` become statuses via StatusFromPgException.
  absl::Status WithConnection(const std::function<absl::Status(pqxx::connection&)>& fn);

  struct Usage {
    int open = 0;
    int in_use = 0;
    int max = 0;
  };
  Usage GetUsage() const;

 private:
  absl::StatusOr<SqlResult> QueryOnce(const SqlStatement& statement, const Interrupt& interrupt);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire();
  void Release(std::unique_ptr<pqxx::connection> conn, bool healthy);

  const PgPoolOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
};

// False when an idle connection was closed by the server (readable data or
// end of stream on its socket). Checking before reuse avoids running a
// statement on a dead session, which also leaks a result inside Debian's
// libpqxx 6.4 when the failure surfaces there.
bool IdleConnectionLooksAlive(const pqxx::connection& conn);

// Reads DATABASE_URL from the environment; an error says how to set it.
absl::StatusOr<std::string> DatabaseUrlFromEnv();

}  // namespace dora

#endif  // DORA_STORE_PG_POOL_H_
