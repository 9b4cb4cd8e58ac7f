#include "ingest/ingest_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "store/migrations.h"

namespace dora {
namespace {

// A fixed phrase per failure class for /readyz and responses: the
// database's own message (which may quote data or SQL) goes to the log only.
std::string DescribeDatabaseFailure(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kPermissionDenied:
      return "the database role lacks a privilege dora serve needs (dora migrate --print-roles shows them)";
    case absl::StatusCode::kFailedPrecondition:
      return "delivery_events or one of its columns is missing: run dora migrate";
    case absl::StatusCode::kUnauthenticated:
      return "the database refused the credentials";
    case absl::StatusCode::kDeadlineExceeded:
      return "database statements time out (a lock or an overloaded server)";
    case absl::StatusCode::kUnavailable:
      return "the database is unreachable";
    default:
      return "the database refuses writes; the server log has the details";
  }
}

IngestWriter::DatabaseState StateFor(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
      return IngestWriter::DatabaseState::kUnavailable;
    default:
      return IngestWriter::DatabaseState::kMisconfigured;
  }
}

}  // namespace

bool IsEventFault(const absl::Status& status) { return status.code() == absl::StatusCode::kInvalidArgument; }

struct IngestWriter::Pending {
  std::vector<DeliveryEvent> events;
  // Guarded by the writer's mu_: a submission is answered once, either by a
  // writer or, past its deadline, by its own thread (then `abandoned`).
  bool abandoned = false;
  absl::StatusOr<SubmitResult> result;
  absl::Notification done;
};

absl::StatusOr<std::unique_ptr<IngestWriter>> IngestWriter::Start(IngestWriterOptions options, Store* store,
                                                                  const Clock& clock) {
  auto spool = Spool::Open(options.spool_dir, options.spool_max_bytes, clock);
  if (!spool.ok()) return spool.status();
  std::unique_ptr<IngestWriter> w(new IngestWriter(std::move(options), store, clock, *std::move(spool)));
  // Learn whether the database is there before the first request asks /readyz,
  // and refuse a schema this build does not write: every event would be
  // rejected (an older schema lacks columns) until `dora migrate` runs.
  absl::StatusOr<int> version = store->SchemaVersion();
  if (version.ok() && *version != LatestSchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "database schema version ", *version, " is not the one this dora writes (", LatestSchemaVersion(),
        "): ", *version < LatestSchemaVersion() ? "run `dora migrate` before `dora serve`" : "upgrade dora"));
  }
  const absl::StatusCode code = version.status().code();
  if (code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kUnauthenticated) {
    w->RecordDatabaseFailure(version.status());
    Log(LogLevel::kWarn, "database unavailable at start; events will be spooled",
        {{"error", std::string(version.status().message())}});
  } else {
    absl::MutexLock lock(&w->mu_);
    w->stats_.database = DatabaseState::kOk;
  }
  for (int i = 0; i < std::max(1, w->options_.writers); ++i) w->threads_.emplace_back([p = w.get()] { p->Run(); });
  return w;
}

IngestWriter::IngestWriter(IngestWriterOptions options, Store* store, const Clock& clock, std::unique_ptr<Spool> spool)
    : options_(std::move(options)), store_(store), clock_(clock), spool_(std::move(spool)) {
  absl::MutexLock spool_lock(&spool_mu_);
  absl::MutexLock lock(&mu_);
  stats_.spool_depth = spool_->depth();
  stats_.spool_bytes = spool_->pending_bytes();
  stats_.spool_max_bytes = spool_->max_bytes();
}

IngestWriter::~IngestWriter() { Stop(); }

void IngestWriter::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

absl::StatusOr<SubmitResult> IngestWriter::Submit(std::vector<DeliveryEvent> events) {
  auto p = std::make_shared<Pending>();
  p->events = std::move(events);
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::UnavailableError("ingest writer is shutting down");
    queue_.push_back(p);
  }
  if (p->done.WaitForNotificationWithTimeout(options_.submit_deadline)) return p->result;
  {
    absl::MutexLock lock(&mu_);
    if (p->done.HasBeenNotified()) return p->result;
    p->abandoned = true;
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (*it == p) {
        queue_.erase(it);
        break;
      }
    }
    ++stats_.submit_deadlines;
  }
  Log(LogLevel::kWarn, "a submission passed its deadline; spooling its events",
      {{"events", absl::StrCat(p->events.size())}, {"deadline", absl::FormatDuration(options_.submit_deadline)}});
  absl::Status st = AppendToSpool(p->events);
  if (!st.ok())
    return absl::UnavailableError(absl::StrCat("the database is too slow and the spool failed: ", st.message()));
  SubmitResult r;
  r.stored.assign(p->events.size(), true);
  r.spooled = true;
  return r;
}

IngestWriter::Stats IngestWriter::GetStats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void IngestWriter::RecordDatabaseFailure(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  const DatabaseState state = StateFor(status);
  const std::string problem = DescribeDatabaseFailure(status);
  if (stats_.database != state || stats_.database_problem != problem) {
    Log(state == DatabaseState::kMisconfigured ? LogLevel::kError : LogLevel::kWarn,
        "database writes failing; spooling", {{"problem", problem}, {"error", std::string(status.message())}});
  }
  stats_.database = state;
  stats_.database_problem = problem;
  last_failure_ = clock_.Now();
}

void IngestWriter::RecordDatabaseOk() {
  absl::MutexLock lock(&mu_);
  stats_.database = DatabaseState::kOk;
  stats_.database_problem.clear();
}

bool IngestWriter::DatabaseWorthTrying() const {
  absl::MutexLock lock(&mu_);
  return stats_.database == DatabaseState::kOk || clock_.Now() - last_failure_ >= options_.retry_interval;
}

void IngestWriter::Complete(const std::shared_ptr<Pending>& p, absl::StatusOr<SubmitResult> result) {
  absl::MutexLock lock(&mu_);
  if (p->abandoned || p->done.HasBeenNotified()) return;
  p->result = std::move(result);
  p->done.Notify();
}

absl::Status IngestWriter::AppendToSpool(const std::vector<DeliveryEvent>& events) {
  absl::MutexLock spool_lock(&spool_mu_);
  absl::Status st = spool_->Append(events);
  absl::MutexLock lock(&mu_);
  stats_.spool_depth = spool_->depth();
  stats_.spool_bytes = spool_->pending_bytes();
  stats_.spool_ok = st.ok() || st.code() == absl::StatusCode::kResourceExhausted;
  stats_.spool_full = st.code() == absl::StatusCode::kResourceExhausted;
  if (st.ok()) stats_.spooled_events += static_cast<int64_t>(events.size());
  return st;
}

// No event waits in the spool. A drain still finishing its bookkeeping does
// not count: everything it consumed is stored, so new events may go straight
// to the database without overtaking anything.
bool IngestWriter::SpoolIdle() {
  absl::MutexLock lock(&spool_mu_);
  return spool_->depth() == 0;
}

absl::StatusOr<std::vector<bool>> IngestWriter::Insert(const std::vector<DeliveryEvent>& events) {
  absl::StatusOr<InsertCounts> r = store_->InsertEvents(events);
  if (!r.ok()) return r.status();
  return std::move(r->stored);
}

// Stores drained events; a record PostgreSQL refuses as data goes to the
// dead-letter file (durably) so it cannot block the spool.
absl::Status IngestWriter::StoreDraining(const std::vector<DeliveryEvent>& events, bool* dead_lettered) {
  auto r = Insert(events);
  if (r.ok() || !IsEventFault(r.status())) return r.status();
  for (const DeliveryEvent& e : events) {
    auto one = Insert({e});
    if (one.ok()) continue;
    if (!IsEventFault(one.status())) return one.status();
    {
      absl::MutexLock spool_lock(&spool_mu_);
      absl::Status st = spool_->AppendDeadLetter(e, one.status().message());
      if (!st.ok()) return st;
    }
    *dead_lettered = true;
    Log(LogLevel::kError, "spooled event refused by the database; moved to the dead-letter file",
        {{"source", e.source},
         {"dedupe_key", e.dedupe_key.value_or("")},
         {"error", std::string(one.status().message())}});
    absl::MutexLock lock(&mu_);
    ++stats_.dead_letters;
  }
  return absl::OkStatus();
}

absl::Status IngestWriter::TryDrain() {
  {
    absl::MutexLock spool_lock(&spool_mu_);
    if (draining_ || spool_->depth() == 0) return absl::OkStatus();
    draining_ = true;
  }
  int64_t drained = 0;
  absl::Status st = absl::OkStatus();
  while (st.ok()) {
    absl::StatusOr<Spool::Batch> batch;
    {
      absl::MutexLock spool_lock(&spool_mu_);
      batch = spool_->Peek(options_.max_batch, options_.max_drain_bytes);
    }
    if (!batch.ok()) {
      st = batch.status();
      break;
    }
    if (batch->records == 0) break;
    bool dead_lettered = false;
    st = StoreDraining(batch->events, &dead_lettered);
    if (!st.ok()) break;
    if (dead_lettered && options_.after_dead_letter) options_.after_dead_letter();
    absl::MutexLock spool_lock(&spool_mu_);
    st = spool_->Consume(*batch);
    drained += batch->records;
    absl::MutexLock lock(&mu_);
    // A stored batch proves the database works: readers never see the spool
    // emptied while the state still says unavailable.
    stats_.database = DatabaseState::kOk;
    stats_.database_problem.clear();
    stats_.spool_depth = spool_->depth();
    stats_.spool_bytes = spool_->pending_bytes();
    if (spool_->pending_bytes() < spool_->max_bytes()) stats_.spool_full = false;
  }
  {
    absl::MutexLock spool_lock(&spool_mu_);
    draining_ = false;
  }
  if (st.ok()) {
    RecordDatabaseOk();
    if (drained > 0) Log(LogLevel::kInfo, "spool drained", {{"events", absl::StrCat(drained)}});
  } else {
    RecordDatabaseFailure(st);
  }
  return st;
}

void IngestWriter::SpoolAndComplete(const std::vector<std::shared_ptr<Pending>>& batch) {
  std::vector<DeliveryEvent> events;
  std::vector<std::shared_ptr<Pending>> live;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& p : batch) {
      if (p->abandoned) continue;  // its own thread spooled it
      live.push_back(p);
      events.insert(events.end(), p->events.begin(), p->events.end());
    }
  }
  if (live.empty()) return;
  absl::Status st = AppendToSpool(events);
  for (const auto& p : live) {
    if (st.ok()) {
      SubmitResult r;
      r.stored.assign(p->events.size(), true);
      r.spooled = true;
      Complete(p, r);
    } else {
      Complete(
          p, absl::UnavailableError(absl::StrCat("the database is unavailable and the spool failed: ", st.message())));
    }
  }
}

void IngestWriter::Process(std::vector<std::shared_ptr<Pending>> batch) {
  // Order: while older events wait in the spool, new ones join them there.
  if (!SpoolIdle()) {
    if (DatabaseWorthTrying()) (void)TryDrain();
    if (!SpoolIdle()) {
      SpoolAndComplete(batch);
      return;
    }
  }
  if (!DatabaseWorthTrying()) {
    SpoolAndComplete(batch);
    return;
  }
  std::vector<DeliveryEvent> events;
  for (const auto& p : batch) events.insert(events.end(), p->events.begin(), p->events.end());
  auto stored = Insert(events);
  if (stored.ok()) {
    RecordDatabaseOk();
    {
      absl::MutexLock lock(&mu_);
      ++stats_.committed_batches;
    }
    size_t i = 0;
    for (const auto& p : batch) {
      SubmitResult r;
      r.stored.assign(stored->begin() + i, stored->begin() + i + p->events.size());
      i += p->events.size();
      Complete(p, r);
    }
    return;
  }
  if (IsEventFault(stored.status())) {
    // The data itself was refused: isolate the request that carries it.
    if (batch.size() > 1) {
      for (const auto& p : batch) Process({p});
      return;
    }
    Log(LogLevel::kWarn, "the database refused an event's data", {{"error", std::string(stored.status().message())}});
    Complete(batch[0], absl::InvalidArgumentError(
                           "cannot store the event: the database refused its data; the server log has the details"));
    return;
  }
  RecordDatabaseFailure(stored.status());
  SpoolAndComplete(batch);
}

void IngestWriter::Run() {
  while (true) {
    std::vector<std::shared_ptr<Pending>> batch;
    bool stop = false;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || stopping_; };
      mu_.AwaitWithTimeout(absl::Condition(&ready), options_.retry_interval);
      size_t n = 0;
      while (!queue_.empty() && (batch.empty() || n + queue_.front()->events.size() <= options_.max_batch)) {
        n += queue_.front()->events.size();
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      stop = stopping_ && queue_.empty();
    }
    const bool had_work = !batch.empty();
    if (had_work) {
      Process(std::move(batch));
    } else if (!SpoolIdle() && DatabaseWorthTrying()) {
      (void)TryDrain();
    }
    if (stop && !had_work) break;
  }
  if (!SpoolIdle() && DatabaseWorthTrying()) (void)TryDrain();
}

}  // namespace dora
