#include "test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "sql_cells.h"
#include "store/migrations.h"

namespace dora::testing {
namespace {

std::unique_ptr<PgSession> ConnectOrAbort(const std::string& url, const PgSessionOptions& options) {
  auto session = PgSession::Connect(url, options);
  if (!session.ok()) {
    std::cerr << "cannot connect: " << session.status() << "\n";
    std::abort();
  }
  return *std::move(session);
}

[[noreturn]] void AbortOnSql(const std::string& sql, const absl::Status& status) {
  std::cerr << "test SQL failed: " << status << "\n  in: " << sql.substr(0, 300) << (sql.size() > 300 ? "..." : "")
            << "\n";
  std::abort();
}

// `name` as a quoted SQL identifier ("a""b" for a"b).
std::string QuoteIdentifier(const std::string& name) {
  return absl::StrCat("\"", absl::StrReplaceAll(name, {{"\"", "\"\""}}), "\"");
}

}  // namespace

PgSessionOptions HelperSessionOptions() {
  PgSessionOptions options;
  options.application_name = "dora_test_support";
  options.statement_timeout = absl::ZeroDuration();
  return options;
}

std::unique_ptr<PgSession> OpenSession(const std::string& url) { return ConnectOrAbort(url, PgSessionOptions{}); }

std::unique_ptr<PgSession> OpenHelperSession(const std::string& url) {
  return ConnectOrAbort(url, HelperSessionOptions());
}

SqlResult MustExec(PgSession& session, const std::string& sql) {
  absl::StatusOr<SqlResult> result = session.Exec("running test SQL", sql);
  if (!result.ok()) AbortOnSql(sql, result.status());
  return *std::move(result);
}

std::string TestClusterUrl() {
  const char* url = std::getenv("DORA_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    std::cerr << "DORA_TEST_PG_URL is not set: run integration tests through ctest, which starts "
                 "the test cluster with scripts/pg.sh\n";
    std::abort();
  }
  return url;
}

std::string WithDatabase(const std::string& url, const std::string& dbname) {
  size_t slash = url.rfind('/');
  return url.substr(0, slash + 1) + dbname;
}

TestDatabase::TestDatabase(const std::string& label, bool migrate) {
  admin_url_ = TestClusterUrl();
  name_ = absl::AsciiStrToLower(absl::StrCat("dora_it_", label, "_", getpid()));
  url_ = WithDatabase(admin_url_, name_);
  {
    // CREATE and DROP DATABASE cannot run inside a transaction: autocommit.
    std::unique_ptr<PgSession> admin = OpenHelperSession(admin_url_);
    MustExec(*admin, "DROP DATABASE IF EXISTS " + QuoteIdentifier(name_));
    MustExec(*admin, "CREATE DATABASE " + QuoteIdentifier(name_));
  }
  PgPoolOptions opts;
  opts.url = url_;
  opts.max_connections = 4;
  pool_ = std::make_unique<PgPool>(opts);
  if (migrate) {
    auto r = Migrate(*OpenSession(url_));
    if (!r.ok()) {
      std::cerr << "migration failed: " << r.status() << "\n";
      std::abort();
    }
  }
}

TestDatabase::~TestDatabase() {
  pool_.reset();
  absl::StatusOr<std::unique_ptr<PgSession>> admin = PgSession::Connect(admin_url_, HelperSessionOptions());
  absl::Status dropped = admin.status();
  if (admin.ok()) {
    dropped =
        (*admin)
            ->Exec("dropping the test database", "DROP DATABASE IF EXISTS " + QuoteIdentifier(name_) + " WITH (FORCE)")
            .status();
  }
  if (!dropped.ok()) std::cerr << "warning: could not drop " << name_ << ": " << dropped << "\n";
}

SqlResult TestDatabase::Exec(const std::string& sql) {
  std::unique_ptr<PgSession> session = OpenHelperSession(url_);
  absl::StatusOr<PgTransaction> tx =
      PgTransaction::Begin(*session, "running test SQL", PgTransaction::Mode::kReadWrite);
  if (!tx.ok()) AbortOnSql(sql, tx.status());
  absl::StatusOr<SqlResult> result = tx->Exec(sql);
  if (!result.ok()) AbortOnSql(sql, result.status());
  absl::Status committed = tx->Commit();
  if (!committed.ok()) AbortOnSql(sql, committed);
  return *std::move(result);
}

void TestDatabase::ExecFile(const std::string& path) {
  std::ifstream in(path);
  if (!in.good()) {
    std::cerr << "test database: cannot read " << path << "\n";
    std::abort();
  }
  std::stringstream sql;
  sql << in.rdbuf();
  Exec(sql.str());
}

int64_t TestDatabase::Count(const std::string& sql) { return CellInt64(Exec(sql), 0, 0); }

int64_t TestDatabase::RowsThatDiffer(const std::string& a, const std::string& b, bool multiset) {
  const std::string except = multiset ? " EXCEPT ALL " : " EXCEPT ";
  return Count("SELECT (SELECT count(*) FROM (" + a + except + b + ") AS a) + (SELECT count(*) FROM (" + b + except +
               a + ") AS b)");
}

std::string TestDatabase::WriteBehindUncommitted(const std::string& first, const std::string& second) {
  std::unique_ptr<PgSession> first_session = OpenHelperSession(url_);
  MustExec(*first_session, "BEGIN");
  MustExec(*first_session, first);
  std::thread second_writer([this, &second] {
    std::unique_ptr<PgSession> session = OpenHelperSession(url_);
    MustExec(*session, second);
  });
  std::string waited_for;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(30); absl::Now() < deadline;) {
    const SqlResult waiting = Exec(
        "SELECT l.locktype FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE NOT l.granted AND a.datname = current_database() ORDER BY l.locktype LIMIT 1");
    if (!waiting.rows.empty()) {
      waited_for = CellText(waiting, 0, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  MustExec(*first_session, "COMMIT");
  second_writer.join();
  return waited_for;
}

void TestDatabase::DropKeptTablesFrom(int version) {
  Exec("DELETE FROM dora_schema_migrations WHERE version >= " + std::to_string(version));
  if (version <= 16) {
    Exec("DROP FUNCTION IF EXISTS dora_keep_unopened() CASCADE");  // and its triggers
    Exec("DROP FUNCTION IF EXISTS dora_rebuild_unopened(text[], text[], bigint[])");
    Exec("DROP TABLE IF EXISTS unopened_resolutions");
  }
  if (version <= 15) {
    Exec("DROP FUNCTION IF EXISTS dora_keep_event_weeks() CASCADE");  // and its triggers
    Exec("DROP FUNCTION IF EXISTS dora_rebuild_event_weeks(date[], text[])");
    Exec("DROP TABLE IF EXISTS event_week_counts");
  }
  if (version <= 14) {
    Exec("DROP FUNCTION IF EXISTS dora_count_deploy_weeks() CASCADE");  // and its triggers
    Exec("DROP TABLE IF EXISTS deploy_week_counts");
  }
  if (version <= 11) {
    Exec("DROP FUNCTION IF EXISTS dora_keep_event_days() CASCADE");  // and its triggers
    Exec("DROP FUNCTION IF EXISTS dora_rebuild_event_days(date[], text[])");
    Exec("DROP TABLE IF EXISTS event_day_counts");
  }
  if (version <= 10) {
    Exec("DROP FUNCTION IF EXISTS dora_keep_lead_days() CASCADE");  // and its triggers
    Exec("DROP FUNCTION IF EXISTS dora_rebuild_lead_days(date[], text[], text[], text[])");
    Exec("DROP TABLE IF EXISTS lead_time_days");
    Exec("DROP FUNCTION IF EXISTS dora_lead_us(timestamptz, timestamptz)");
    Exec("DROP FUNCTION IF EXISTS dora_lead_text(bigint)");
  }
  if (version <= 9) {
    Exec("DROP FUNCTION IF EXISTS dora_keep_incidents() CASCADE");  // and its triggers
    Exec("DROP FUNCTION IF EXISTS dora_rebuild_incidents(text[], text[])");
    Exec("DROP FUNCTION IF EXISTS dora_latest_deploy(text, text, timestamptz)");
    Exec("DROP TABLE IF EXISTS incident_firsts");
  }
  if (version <= 8) {
    Exec("DROP FUNCTION IF EXISTS dora_count_deploy_days() CASCADE");
    Exec("DROP TABLE IF EXISTS deploy_day_counts");
  }
}

}  // namespace dora::testing
