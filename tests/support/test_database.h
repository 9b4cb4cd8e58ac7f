// A fresh, migrated database on the test cluster for one test binary.
//
// The cluster is started by ctest's `pg_cluster_start` fixture (scripts/pg.sh
// with DORA_PG_DIR under the build tree); its admin URL arrives in
// DORA_TEST_PG_URL. Each TestDatabase creates a uniquely named database,
// migrates it, and drops it on destruction.
#ifndef DORA_TESTS_SUPPORT_TEST_DATABASE_H_
#define DORA_TESTS_SUPPORT_TEST_DATABASE_H_

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "store/pg_pool.h"
#include "store/pg_session.h"

namespace dora::testing {

class TestDatabase {
 public:
  // `migrate` = false leaves the database empty (migration tests).
  explicit TestDatabase(const std::string& label, bool migrate = true);
  ~TestDatabase();

  const std::string& url() const { return url_; }
  PgPool& pool() { return *pool_; }

  // Runs SQL outside any engine code (fixtures, reference queries).
  pqxx::result Exec(const std::string& sql);
  // Runs the SQL script at `path` (fixtures); aborts with a message when the
  // file cannot be read.
  void ExecFile(const std::string& path);
  int64_t Count(const std::string& sql);  // first column of the first row

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<PgPool> pool_;
};

// A store session on `url` (dora's session settings); aborts the test
// binary with the error when it cannot connect.
std::unique_ptr<PgSession> OpenSession(const std::string& url);

// Admin URL of the test cluster; aborts the test binary with a clear message
// when DORA_TEST_PG_URL is missing.
std::string TestClusterUrl();

// `url` with its database replaced by `dbname` (URI form).
std::string WithDatabase(const std::string& url, const std::string& dbname);

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_TEST_DATABASE_H_
