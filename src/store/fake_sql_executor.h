// An in-memory SqlExecutor for unit tests: records every statement and
// answers with the next queued result (or error).
#ifndef DORA_STORE_FAKE_SQL_EXECUTOR_H_
#define DORA_STORE_FAKE_SQL_EXECUTOR_H_

#include <deque>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "store/sql_executor.h"

namespace dora {

class FakeSqlExecutor final : public SqlExecutor {
 public:
  void QueueResult(absl::StatusOr<SqlResult> result) {
    absl::MutexLock lock(&mu_);
    queued_.push_back(std::move(result));
  }

  using SqlExecutor::Query;
  absl::StatusOr<SqlResult> Query(const SqlStatement& statement, const Interrupt& interrupt) override {
    absl::Status stop = interrupt.Check();
    if (!stop.ok()) return stop;
    absl::MutexLock lock(&mu_);
    statements_.push_back(statement);
    if (queued_.empty()) return absl::InternalError("FakeSqlExecutor: no result queued");
    auto r = std::move(queued_.front());
    queued_.pop_front();
    return r;
  }

  std::vector<SqlStatement> statements() const {
    absl::MutexLock lock(&mu_);
    return statements_;
  }

 private:
  mutable absl::Mutex mu_;
  std::deque<absl::StatusOr<SqlResult>> queued_ ABSL_GUARDED_BY(mu_);
  std::vector<SqlStatement> statements_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_STORE_FAKE_SQL_EXECUTOR_H_
