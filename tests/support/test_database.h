// A fresh, migrated database on the test cluster for one test binary, and
// sessions for the tests' own SQL.
//
// The cluster is started by ctest's `pg_cluster_start` fixture (scripts/pg.sh
// with DORA_PG_DIR under the build tree); its admin URL arrives in
// DORA_TEST_PG_URL. Each TestDatabase creates a uniquely named database,
// migrates it, and drops it on destruction.
//
// Everything here talks to PostgreSQL through store/pg_session.h; results are
// SqlResult text rows (read them with sql_cells.h).
#ifndef DORA_TESTS_SUPPORT_TEST_DATABASE_H_
#define DORA_TESTS_SUPPORT_TEST_DATABASE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "store/pg_pool.h"
#include "store/pg_session.h"
#include "store/sql_executor.h"

namespace dora::testing {

class TestDatabase {
 public:
  // `migrate` = false leaves the database empty (migration tests).
  explicit TestDatabase(const std::string& label, bool migrate = true);
  ~TestDatabase();

  const std::string& url() const { return url_; }
  PgPool& pool() { return *pool_; }

  // Runs SQL outside any engine code (fixtures, reference queries) in one
  // committed transaction on a helper session (OpenHelperSession); a script
  // of several statements returns the last one's rows. Aborts the test
  // binary with the error when the SQL fails.
  SqlResult Exec(const std::string& sql);
  // Runs the SQL script at `path` (fixtures); aborts with a message when the
  // file cannot be read.
  void ExecFile(const std::string& path);
  int64_t Count(const std::string& sql);  // first column of the first row
  // Rows of query `a` missing from query `b` plus rows of `b` missing from
  // `a` (as multisets when `multiset`): 0 when a kept table equals the
  // events' own answer.
  int64_t RowsThatDiffer(const std::string& a, const std::string& b, bool multiset = false);
  // Two writers at once, in a known order: runs `first` in a transaction left
  // open, then `second` on another session (autocommit) in a thread; once
  // `second` waits for a lock (polling pg_locks, up to 30 s), commits `first`
  // and waits for `second` to finish. Returns the pg_locks.locktype `second`
  // waited for ("advisory" for the per-service writer lock the kept tables'
  // triggers take, "transactionid" for a row `first` changed), or "" when it
  // never waited (then `first` commits after 30 s). Aborts the test binary
  // when either statement fails.
  std::string WriteBehindUncommitted(const std::string& first, const std::string& second);
  // Makes the database stand for schema version `version` - 1 (at least 7)
  // as far as the tables kept by triggers go: removes what versions
  // `version` and later added (deploy_day_counts from 8, incident_firsts from
  // 9, lead_time_days from 10, event_day_counts from 11, deploy_week_counts
  // from 14, event_week_counts from 15, unopened_resolutions from 16, with
  // their triggers and functions) and their rows of
  // dora_schema_migrations. A test that goes further back calls this first.
  void DropKeptTablesFrom(int version);

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<PgPool> pool_;
};

// A store session on `url` (dora's session settings); aborts the test
// binary with the error when it cannot connect.
std::unique_ptr<PgSession> OpenSession(const std::string& url);

// Options of a session for the test's own SQL (admin work, fixtures,
// reference queries, locks held on purpose): application_name
// "dora_test_support", so it is never taken for one of dora's sessions, and
// no statement timeout.
PgSessionOptions HelperSessionOptions();
// A session on `url` with HelperSessionOptions(); aborts the test binary with
// the error when it cannot connect.
std::unique_ptr<PgSession> OpenHelperSession(const std::string& url);

// Runs `sql` on `session` (autocommit, or inside its open PgTransaction);
// aborts the test binary with the statement and the error when it fails.
SqlResult MustExec(PgSession& session, const std::string& sql);

// Admin URL of the test cluster; aborts the test binary with a clear message
// when DORA_TEST_PG_URL is missing.
std::string TestClusterUrl();

// `url` with its database replaced by `dbname` (URI form).
std::string WithDatabase(const std::string& url, const std::string& dbname);

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_TEST_DATABASE_H_
