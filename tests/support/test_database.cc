#include "test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "store/migrations.h"

namespace dora::testing {

std::unique_ptr<PgSession> OpenSession(const std::string& url) {
  auto session = PgSession::Connect(url, PgSessionOptions{});
  if (!session.ok()) {
    std::cerr << "cannot connect: " << session.status() << "\n";
    std::abort();
  }
  return *std::move(session);
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
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_));
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
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
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "warning: could not drop " << name_ << ": " << e.what() << "\n";
  }
}

pqxx::result TestDatabase::Exec(const std::string& sql) {
  pqxx::connection conn(url_);
  pqxx::work tx(conn);
  pqxx::result r = tx.exec(sql);
  tx.commit();
  return r;
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

int64_t TestDatabase::Count(const std::string& sql) { return Exec(sql)[0][0].as<int64_t>(); }

}  // namespace dora::testing
