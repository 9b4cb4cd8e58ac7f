#include "store/pg_session.h"

#include <poll.h>

#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sql/sql_statement.h"
#include "store/pg_errors.h"

namespace dora {

struct PgSession::Impl {
  explicit Impl(const std::string& url) : conn(url) {}
  pqxx::connection conn;
};

namespace {

SqlResult ToSqlResult(const pqxx::result& r) {
  SqlResult result;
  for (pqxx::row::size_type c = 0; c < r.columns(); ++c) result.columns.emplace_back(r.column_name(c));
  result.rows.reserve(r.size());
  for (const pqxx::row& row : r) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(row.size());
    for (const pqxx::field& f : row) {
      if (f.is_null()) {
        cells.emplace_back(std::nullopt);
      } else {
        cells.emplace_back(std::string(f.c_str(), f.size()));
      }
    }
    result.rows.push_back(std::move(cells));
  }
  return result;
}

}  // namespace

PgSession::PgSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgSession::~PgSession() = default;

absl::StatusOr<std::unique_ptr<PgSession>> PgSession::Connect(const std::string& url, const PgSessionOptions& options) {
  try {
    auto impl = std::make_unique<Impl>(url);
    pqxx::nontransaction setup(impl->conn);
    setup.exec(absl::StrCat("SET application_name = ", setup.quote(options.application_name)));
    setup.exec(absl::StrCat("SET statement_timeout = ", absl::ToInt64Milliseconds(options.statement_timeout)));
    for (const std::string& setting : SessionSettings()) setup.exec(absl::StrCat("SET ", setting));
    setup.commit();
    return std::unique_ptr<PgSession>(new PgSession(std::move(impl)));
  } catch (const std::exception& e) {
    return StatusFromPgException(e, "connecting");
  }
}

absl::StatusOr<SqlResult> PgSession::Exec(absl::string_view doing, const std::string& sql,
                                          const std::vector<std::string>& params) {
  try {
    pqxx::nontransaction tx(impl_->conn);
    pqxx::result r = params.empty() ? tx.exec(sql) : tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    tx.commit();
    return ToSqlResult(r);
  } catch (const std::exception& e) {
    return StatusFromPgException(e, doing);
  }
}

absl::StatusOr<SqlResult> PgSession::ExecPrepared(absl::string_view doing, const std::string& name,
                                                  const std::string& sql, const std::vector<std::string>& params) {
  try {
    impl_->conn.prepare(name, sql);  // once per session; the same definition again is a no-op
    pqxx::nontransaction tx(impl_->conn);
    pqxx::result r = tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
    tx.commit();
    return ToSqlResult(r);
  } catch (const std::exception& e) {
    return StatusFromPgException(e, doing);
  }
}

std::string PgSession::Quote(absl::string_view value) const { return impl_->conn.quote(std::string(value)); }

std::string PgSession::DatabaseName() const { return impl_->conn.dbname(); }

bool PgSession::IsOpen() const { return impl_->conn.is_open(); }

bool PgSession::LooksAlive() const {
  const int fd = impl_->conn.sock();
  if (fd < 0) return false;
  // An idle session has nothing to say: anything readable is the server's
  // goodbye (a FATAL notice, or the end of the stream).
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

void PgSession::CancelQuery() {
  try {
    impl_->conn.cancel_query();
  } catch (const std::exception&) {
    // Best effort: the statement then ends at its timeout.
  }
}

absl::StatusOr<PgTransaction> PgTransaction::Begin(PgSession& session, absl::string_view doing, Mode mode) {
  absl::StatusOr<SqlResult> begun = session.Exec(doing, mode == Mode::kReadOnly ? "BEGIN READ ONLY" : "BEGIN");
  if (!begun.ok()) return begun.status();
  return PgTransaction(session, std::string(doing));
}

PgTransaction::PgTransaction(PgTransaction&& other) noexcept
    : session_(other.session_), doing_(std::move(other.doing_)), open_(std::exchange(other.open_, false)) {}

PgTransaction::~PgTransaction() {
  if (open_) (void)session_->Exec(doing_, "ROLLBACK");
}

absl::Status PgTransaction::Commit() {
  open_ = false;
  return session_->Exec(doing_, "COMMIT").status();
}

absl::StatusOr<std::optional<std::string>> SingleCell(const SqlResult& result) {
  if (result.rows.size() != 1 || result.rows[0].size() != 1) {
    return absl::InternalError(absl::StrCat("expected one value, got ", result.rows.size(), " rows"));
  }
  return result.rows[0][0];
}

}  // namespace dora
