#include "store/pg_pool.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "store/pg_errors.h"

namespace dora {

int SqlResult::ColumnIndex(absl::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

PgPool::PgPool(PgPoolOptions options) : options_(std::move(options)) {}

PgPool::~PgPool() = default;

absl::StatusOr<std::unique_ptr<PgSession>> PgPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto can_take = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.max_connections;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&can_take), options_.acquire_timeout)) {
      return PhaseError(Phase::kDatabase, absl::StatusCode::kResourceExhausted,
                        absl::StrCat("all ", options_.max_connections, " connections busy for ",
                                     absl::FormatDuration(options_.acquire_timeout)));
    }
    ++in_use_;
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->LooksAlive()) return conn;
      // Closed by the server while idle (a restart, pg_terminate_backend):
      // replaced here, before a statement finds out the hard way.
      conn.reset();
    } else {
      ++open_;  // reserve a slot while connecting outside the lock
    }
  }
  std::string url = options_.url;
  if (options_.url_source) {
    absl::StatusOr<std::string> resolved = options_.url_source();
    if (!resolved.ok()) {
      absl::MutexLock lock(&mu_);
      --open_;
      --in_use_;
      return PhaseError(Phase::kDatabase, resolved.status().code(),
                        absl::StrCat("connecting: ", resolved.status().message()));
    }
    url = *std::move(resolved);
  }
  PgSessionOptions session;
  session.application_name = options_.application_name;
  session.statement_timeout = options_.statement_timeout;
  absl::StatusOr<std::unique_ptr<PgSession>> conn = PgSession::Connect(url, session);
  if (!conn.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    --in_use_;
  }
  return conn;
}

void PgPool::Release(std::unique_ptr<PgSession> conn, bool healthy) {
  absl::MutexLock lock(&mu_);
  --in_use_;
  if (healthy && conn && conn->IsOpen()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
}

absl::StatusOr<SqlResult> PgPool::Query(const SqlStatement& statement, const Interrupt& interrupt) {
  DORA_RETURN_IF_ERROR(interrupt.Check());
  absl::StatusOr<SqlResult> out = QueryOnce(statement, interrupt);
  // An idle connection may have died with a database restart; the statement
  // is read-only, so one retry on a fresh connection is safe.
  if (!out.ok() && out.status().code() == absl::StatusCode::kUnavailable && interrupt.Check().ok()) {
    out = QueryOnce(statement, interrupt);
  }
  // A statement stopped because the caller gave up reports why.
  if (!out.ok()) {
    absl::Status stop = interrupt.Check();
    if (!stop.ok()) return stop;
  }
  return out;
}

absl::StatusOr<SqlResult> PgPool::QueryOnce(const SqlStatement& statement, const Interrupt& interrupt) {
  absl::StatusOr<SqlResult> out;
  bool timeout_is_the_deadline = false;
  absl::Status st = WithConnection([&](PgSession& conn) -> absl::Status {
    DORA_ASSIGN_OR_RETURN(PgTransaction tx,
                          PgTransaction::Begin(conn, "running statement", PgTransaction::Mode::kReadOnly));
    for (const std::string& setting : statement.local_settings) {
      DORA_RETURN_IF_ERROR(tx.Exec(absl::StrCat("SET LOCAL ", setting)).status());
    }
    if (interrupt.HasDeadline()) {
      // The deadline caps this statement's timeout (never raises it).
      const absl::Duration left = interrupt.deadline - absl::Now();
      if (left <= absl::ZeroDuration()) return interrupt.Check();
      if (options_.statement_timeout == absl::ZeroDuration() || left < options_.statement_timeout) {
        DORA_RETURN_IF_ERROR(tx.Exec(absl::StrCat("SET LOCAL statement_timeout = ",
                                                  std::max<int64_t>(1, absl::ToInt64Milliseconds(left))))
                                 .status());
        timeout_is_the_deadline = true;
      }
    }
    // A cancellable caller gets a watcher that cancels the statement on the
    // server as soon as the caller gives up.
    absl::Notification finished;
    std::thread watcher;
    if (interrupt.cancelled) {
      watcher = std::thread([&] {
        while (!finished.WaitForNotificationWithTimeout(absl::Milliseconds(50))) {
          if (interrupt.cancelled()) {
            conn.CancelQuery();
            return;
          }
        }
      });
    }
    struct JoinOnExit {
      absl::Notification& done;
      std::thread& t;
      ~JoinOnExit() {
        done.Notify();
        if (t.joinable()) t.join();
      }
    } join_on_exit{finished, watcher};
    out = tx.Exec(statement.text, statement.params);
    if (!out.ok()) return out.status();
    return tx.Commit();
  });
  // The server's timer and this process's clock need not agree to the
  // millisecond: a timeout set from the deadline is the deadline.
  if (timeout_is_the_deadline && st.code() == absl::StatusCode::kDeadlineExceeded) {
    return interrupt.DeadlinePassed();
  }
  if (!st.ok()) return st;
  return out;
}

absl::Status PgPool::WithConnection(const std::function<absl::Status(PgSession&)>& fn, Reuse reuse) {
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  absl::Status st = fn(**conn);
  bool healthy = (*conn)->IsOpen();
  if (!st.ok()) {
    healthy &= reuse == Reuse::kUnlessBroken ? st.code() != absl::StatusCode::kUnavailable
                                             : st.code() == absl::StatusCode::kInvalidArgument;
  }
  Release(std::move(*conn), healthy);
  return st;
}

PgPool::Usage PgPool::GetUsage() const {
  absl::MutexLock lock(&mu_);
  return Usage{open_, in_use_, options_.max_connections};
}

absl::StatusOr<std::string> DatabaseUrlFromEnv() {
  const char* url = std::getenv("DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    return absl::FailedPreconditionError(
        "DATABASE_URL is not set: start the local database with "
        "`eval \"$(scripts/pg.sh start)\"` or export a libpq connection string");
  }
  return std::string(url);
}

}  // namespace dora
