// A bounded pool of PostgreSQL connections, the production SqlExecutor.
#ifndef DORA_STORE_PG_POOL_H_
#define DORA_STORE_PG_POOL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/pg_session.h"
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
// Sessions are set up by PgSession::Connect (application_name, the
// configured statement_timeout and SessionSettings()). A Query that fails because its
// connection broke (a database restart) is retried once on a fresh connection.
class PgPool final : public SqlExecutor {
 public:
  explicit PgPool(PgPoolOptions options);
  ~PgPool() override;
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  using SqlExecutor::Query;
  absl::StatusOr<SqlResult> Query(const SqlStatement& statement, const Interrupt& interrupt) override;

  // When a session goes back to the pool after `fn` failed.
  enum class Reuse {
    kUnlessBroken,     // keep it unless the connection is gone (Unavailable or closed)
    kOnlyIfDataError,  // keep it only after success or InvalidArgument (the data's fault)
  };
  // Runs `fn` with exclusive use of one session (migrations, bulk writes).
  absl::Status WithConnection(const std::function<absl::Status(PgSession&)>& fn, Reuse reuse = Reuse::kUnlessBroken);

  struct Usage {
    int open = 0;
    int in_use = 0;
    int max = 0;
  };
  Usage GetUsage() const;

 private:
  absl::StatusOr<SqlResult> QueryOnce(const SqlStatement& statement, const Interrupt& interrupt);
  absl::StatusOr<std::unique_ptr<PgSession>> Acquire();
  void Release(std::unique_ptr<PgSession> session, bool healthy);

  const PgPoolOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<PgSession>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
};

// Reads DATABASE_URL from the environment; an error says how to set it.
absl::StatusOr<std::string> DatabaseUrlFromEnv();

}  // namespace dora

#endif  // DORA_STORE_PG_POOL_H_
