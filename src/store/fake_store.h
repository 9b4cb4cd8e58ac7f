// An in-memory Store for unit tests: events kept in a vector, deduplicated
// on (source, dedupe_key) like the table; failures injected per kind
// (every call failing, the data refused, inserts held until released).
// Thread-safe. Header-only, so production code never links it.
#ifndef DORA_STORE_FAKE_STORE_H_
#define DORA_STORE_FAKE_STORE_H_

#include <algorithm>
#include <deque>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/phase_error.h"
#include "store/store.h"

namespace dora {

class FakeStore final : public Store {
 public:
  FakeStore() { facts_.schema_version = LatestSchemaVersion(); }

  // Every call fails with `status` (an outage, a missing privilege) until
  // called again with OkStatus().
  void FailEverything(absl::Status status) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(status);
  }
  // An insert whose batch holds an event `refused` matches fails with
  // InvalidArgument, as PostgreSQL refusing the data (nothing stored).
  void RefuseEvents(std::function<bool(const DeliveryEvent&)> refused) {
    absl::MutexLock lock(&mu_);
    refused_ = std::move(refused);
  }
  // While held, InsertEvents blocks (a lock or a stalled server).
  void HoldInserts(bool held) {
    absl::MutexLock lock(&mu_);
    held_ = held;
  }
  void SetSchemaVersion(int version) {
    absl::MutexLock lock(&mu_);
    facts_.schema_version = version;
  }
  // What Describe answers (schema_version is SetSchemaVersion's).
  void SetFacts(DatabaseFacts facts) {
    absl::MutexLock lock(&mu_);
    const int version = facts_.schema_version;
    facts_ = std::move(facts);
    facts_.schema_version = version;
  }
  void QueueResult(absl::StatusOr<SqlResult> result) {
    absl::MutexLock lock(&mu_);
    queued_.push_back(std::move(result));
  }

  std::vector<DeliveryEvent> events() const {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  int insert_calls() const {
    absl::MutexLock lock(&mu_);
    return insert_calls_;
  }
  std::vector<RoleSpec> created_roles() const {
    absl::MutexLock lock(&mu_);
    return roles_;
  }

  using SqlExecutor::Query;
  absl::StatusOr<SqlResult> Query(const SqlStatement&, const Interrupt& interrupt) override {
    absl::Status stop = interrupt.Check();
    if (!stop.ok()) return stop;
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    if (queued_.empty()) return absl::InternalError("FakeStore: no result queued");
    auto r = std::move(queued_.front());
    queued_.pop_front();
    return r;
  }

  absl::StatusOr<InsertCounts> InsertEvents(const std::vector<DeliveryEvent>& events) override {
    absl::MutexLock lock(&mu_);
    ++insert_calls_;
    mu_.Await(absl::Condition(
        +[](bool* held) { return !*held; }, &held_));
    if (!failure_.ok()) return failure_;
    for (const DeliveryEvent& e : events) {
      if (refused_ && refused_(e)) {
        return PhaseError(Phase::kDatabase, absl::StatusCode::kInvalidArgument,
                          "inserting events: the data was refused");
      }
    }
    InsertCounts counts;
    for (const DeliveryEvent& e : events) {
      const bool fresh = !e.dedupe_key || keys_.emplace(e.source, *e.dedupe_key).second;
      counts.stored.push_back(fresh);
      (fresh ? counts.inserted : counts.duplicates)++;
      if (fresh) events_.push_back(e);
    }
    return counts;
  }

  absl::StatusOr<int64_t> DeleteEventsByKeyPrefix(const std::string& prefix, const std::string& kept_prefix) override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    auto doomed = [&](const DeliveryEvent& e) {
      return e.dedupe_key && absl::StartsWith(*e.dedupe_key, prefix) && !absl::StartsWith(*e.dedupe_key, kept_prefix);
    };
    int64_t deleted = 0;
    for (const DeliveryEvent& e : events_) {
      if (doomed(e)) {
        keys_.erase({e.source, *e.dedupe_key});
        ++deleted;
      }
    }
    events_.erase(std::remove_if(events_.begin(), events_.end(), doomed), events_.end());
    return deleted;
  }

  absl::StatusOr<int> SchemaVersion() override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    return facts_.schema_version;
  }

  absl::StatusOr<MigrationReport> Migrate() override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    MigrationReport r;
    r.version_before = facts_.schema_version;
    r.version_after = facts_.schema_version = LatestSchemaVersion();
    return r;
  }

  absl::Status CreateRoles(const RoleSpec& spec) override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    roles_.push_back(spec);
    return absl::OkStatus();
  }

  absl::StatusOr<DatabaseFacts> Describe() override {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    return facts_;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  std::function<bool(const DeliveryEvent&)> refused_ ABSL_GUARDED_BY(mu_);
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  DatabaseFacts facts_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::StatusOr<SqlResult>> queued_ ABSL_GUARDED_BY(mu_);
  std::vector<DeliveryEvent> events_ ABSL_GUARDED_BY(mu_);
  std::set<std::pair<std::string, std::string>> keys_ ABSL_GUARDED_BY(mu_);
  int insert_calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<RoleSpec> roles_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_STORE_FAKE_STORE_H_
