// One PostgreSQL session, the only place that talks to libpqxx (with
// pg_errors.cc): connect with the project's session settings, run a
// statement, get text rows back. Every failure is a status made by
// StatusFromPgException (store/pg_errors.h), never an exception.
//
// Session setup lives here and only here: every session dora opens runs with
// application_name, statement_timeout and SessionSettings()
// (sql/sql_statement.h: TimeZone = UTC, jit = off, parallel_setup_cost).
#ifndef DORA_STORE_PG_SESSION_H_
#define DORA_STORE_PG_SESSION_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "store/sql_executor.h"

namespace dora {

struct PgSessionOptions {
  std::string application_name = "dora";
  absl::Duration statement_timeout = absl::Seconds(30);  // zero: no limit
};

// Not thread-safe, except CancelQuery, which may be called from another
// thread while a statement runs. Owned by one user at a time (a PgPool
// hands it out).
class PgSession {
 public:
  // Connects to `url` (libpq keyword/value string or URI) and applies the
  // session settings. Errors: Unavailable (unreachable), Unauthenticated.
  static absl::StatusOr<std::unique_ptr<PgSession>> Connect(const std::string& url, const PgSessionOptions& options);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs `sql` on its own (autocommit), or inside the transaction a
  // PgTransaction opened. Without params the text may hold several
  // statements (a script); with params it is one statement whose $n are
  // params[n-1]. `doing` names the step in an error ("migrating").
  absl::StatusOr<SqlResult> Exec(absl::string_view doing, const std::string& sql,
                                 const std::vector<std::string>& params = {});

  // Runs the named prepared statement, preparing `sql` under `name` the
  // first time this session sees it.
  absl::StatusOr<SqlResult> ExecPrepared(absl::string_view doing, const std::string& name, const std::string& sql,
                                         const std::vector<std::string>& params);

  // `value` as a quoted SQL string literal (no I/O).
  std::string Quote(absl::string_view value) const;
  std::string DatabaseName() const;

  // False once the connection is closed. LooksAlive is also false when an
  // idle session was closed by the server (readable data or end of stream
  // on its socket): checking before reuse avoids running a statement on a
  // dead session, which also leaks a result inside Debian's libpqxx 6.4.
  bool IsOpen() const;
  bool LooksAlive() const;

  // Asks the server to cancel the running statement (best effort).
  void CancelQuery();

 private:
  struct Impl;
  explicit PgSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// An explicit transaction on a session: BEGIN when made, COMMIT on Commit(),
// ROLLBACK when destroyed uncommitted (a failed ROLLBACK is ignored: the
// session is then broken and the pool drops it).
class PgTransaction {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  static absl::StatusOr<PgTransaction> Begin(PgSession& session, absl::string_view doing, Mode mode);
  PgTransaction(PgTransaction&& other) noexcept;
  PgTransaction& operator=(PgTransaction&&) = delete;
  ~PgTransaction();

  absl::StatusOr<SqlResult> Exec(const std::string& sql, const std::vector<std::string>& params = {}) {
    return session_->Exec(doing_, sql, params);
  }
  absl::Status Commit();

 private:
  PgTransaction(PgSession& session, std::string doing) : session_(&session), doing_(std::move(doing)) {}
  PgSession* session_;
  std::string doing_;
  bool open_ = true;
};

// The one cell of a one-row, one-column result (nullopt for SQL NULL);
// Internal when the result has another shape.
absl::StatusOr<std::optional<std::string>> SingleCell(const SqlResult& result);

}  // namespace dora

#endif  // DORA_STORE_PG_SESSION_H_
