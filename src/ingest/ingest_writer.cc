#include "ingest/ingest_writer.h"

#include <fstream>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "store/pg_errors.h"

namespace dora {

struct IngestWriter::Pending {
  std::vector<DeliveryEvent> events;
  absl::StatusOr<SubmitResult> result;
  absl::Notification done;
};

absl::StatusOr<std::unique_ptr<IngestWriter>> IngestWriter::Start(IngestWriterOptions options) {
  auto spool = Spool::Open(options.spool_dir);
  if (!spool.ok()) return spool.status();
  std::unique_ptr<IngestWriter> w(new IngestWriter(std::move(options), *std::move(spool)));
  // Learn whether the database is there before the first request asks /readyz,
  // and refuse a schema this build does not write: every event would be
  // rejected (an older schema lacks columns) until `dora migrate` runs.
  try {
    pqxx::connection probe(w->options_.database_url);
    absl::StatusOr<int> version = ReadSchemaVersion(probe);
    if (version.ok() && *version != LatestSchemaVersion()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema version ", *version, " is not the one this dora writes (", LatestSchemaVersion(), "): ",
          *version < LatestSchemaVersion() ? "run `dora migrate` before `dora serve`" : "upgrade dora"));
    }
    w->stats_.database_ok = true;
  } catch (const std::exception& e) {
    w->last_failure_ = absl::Now();
    Log(LogLevel::kWarn, "database unavailable at start; events will be spooled",
        {{"error", std::string(StatusFromPgException(e, "connecting").message())}});
  }
  for (int i = 0; i < std::max(1, w->options_.writers); ++i) w->threads_.emplace_back([p = w.get()] { p->Run(); });
  return w;
}

IngestWriter::IngestWriter(IngestWriterOptions options, std::unique_ptr<Spool> spool)
    : options_(std::move(options)), spool_(std::move(spool)) {
  absl::MutexLock lock(&spool_mu_);
  stats_.spool_depth = spool_->depth();
}

bool IngestWriter::SpoolEmpty() {
  absl::MutexLock lock(&spool_mu_);
  return spool_->depth() == 0;
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
  p->done.WaitForNotification();
  return p->result;
}

IngestWriter::Stats IngestWriter::GetStats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

bool IngestWriter::DatabaseWorthTrying() const {
  absl::MutexLock lock(&mu_);
  return stats_.database_ok || absl::Now() - last_failure_ >= options_.retry_interval;
}

absl::StatusOr<std::vector<bool>> IngestWriter::Insert(Connection& conn, const std::vector<DeliveryEvent>& events) {
  try {
    if (conn == nullptr) {
      conn = std::make_unique<pqxx::connection>(options_.database_url);
      // Batches are small; JIT compiling their plans costs more than running them.
      pqxx::nontransaction setup(*conn);
      setup.exec("SET jit = off");
      setup.exec("SET application_name = 'dora-serve'");
    }
  } catch (const std::exception& e) {
    return StatusFromPgException(e, "connecting");
  }
  auto r = InsertEvents(*conn, events);
  if (!r.ok() && r.status().code() == absl::StatusCode::kUnavailable) conn.reset();
  if (!r.ok()) return r.status();
  return r->stored;
}

// Stores drained events; a record PostgreSQL rejects as data (not as an
// outage) goes to the dead-letter file so it cannot block the spool forever.
absl::Status IngestWriter::StoreDraining(Connection& conn, const std::vector<DeliveryEvent>& events) {
  auto r = Insert(conn, events);
  if (r.ok() || r.status().code() == absl::StatusCode::kUnavailable) return r.status();
  for (const DeliveryEvent& e : events) {
    auto one = Insert(conn, {e});
    if (one.ok()) continue;
    if (one.status().code() == absl::StatusCode::kUnavailable) return one.status();
    std::ofstream(spool_->path() + ".deadletter", std::ios::app) << EncodeSpoolRecord(e) << "\n";
    Log(LogLevel::kError, "spooled event rejected by the database; moved to the dead-letter file",
        {{"source", e.source}, {"dedupe_key", e.dedupe_key.value_or("")}, {"error", std::string(one.status().message())}});
    absl::MutexLock lock(&mu_);
    ++stats_.dead_letters;
  }
  return absl::OkStatus();
}

absl::Status IngestWriter::TryDrain(Connection& conn) {
  absl::MutexLock spool_lock(&spool_mu_);
  if (spool_->depth() == 0) return absl::OkStatus();
  if (!DatabaseWorthTrying()) return absl::UnavailableError("database still down");
  const int64_t before = spool_->depth();
  absl::Status st = spool_->Drain(
      [this, &conn](const std::vector<DeliveryEvent>& e) { return StoreDraining(conn, e); }, options_.max_batch);
  absl::MutexLock lock(&mu_);
  stats_.spool_depth = spool_->depth();
  if (st.ok()) {
    stats_.database_ok = true;
    Log(LogLevel::kInfo, "spool drained", {{"events", absl::StrCat(before)}});
  } else {
    stats_.database_ok = false;
    last_failure_ = absl::Now();
  }
  return st;
}

void IngestWriter::Process(Connection& conn, std::vector<std::shared_ptr<Pending>> batch) {
  std::vector<DeliveryEvent> events;
  for (const auto& p : batch) events.insert(events.end(), p->events.begin(), p->events.end());
  // Order: nothing new is committed while older events wait in the spool.
  bool committed = false;
  if (TryDrain(conn).ok() && DatabaseWorthTrying()) {
    auto stored = Insert(conn, events);
    if (stored.ok()) {
      size_t i = 0;
      for (const auto& p : batch) {
        SubmitResult r;
        r.stored.assign(stored->begin() + i, stored->begin() + i + p->events.size());
        i += p->events.size();
        p->result = r;
      }
      committed = true;
      absl::MutexLock lock(&mu_);
      stats_.database_ok = true;
      ++stats_.committed_batches;
    } else if (stored.status().code() != absl::StatusCode::kUnavailable) {
      // The data itself was refused: isolate the request that carries it.
      if (batch.size() > 1) {
        for (const auto& p : batch) Process(conn, {p});
        return;
      }
      batch[0]->result = absl::InvalidArgumentError(absl::StrCat("cannot store the event: ", stored.status().message()));
      batch[0]->done.Notify();
      return;
    } else {
      absl::MutexLock lock(&mu_);
      if (stats_.database_ok) Log(LogLevel::kWarn, "database unavailable; spooling", {{"error", std::string(stored.status().message())}});
      stats_.database_ok = false;
      last_failure_ = absl::Now();
    }
  }
  if (!committed) {
    absl::MutexLock spool_lock(&spool_mu_);
    absl::Status st = spool_->Append(events);
    absl::MutexLock lock(&mu_);
    stats_.spool_depth = spool_->depth();
    stats_.spool_ok = st.ok();
    for (const auto& p : batch) {
      if (st.ok()) {
        SubmitResult r;
        r.stored.assign(p->events.size(), true);
        r.spooled = true;
        p->result = r;
      } else {
        p->result = absl::UnavailableError(
            absl::StrCat("the database is unreachable and the spool failed: ", st.message()));
      }
    }
    if (st.ok()) stats_.spooled_events += static_cast<int64_t>(events.size());
  }
  for (const auto& p : batch) p->done.Notify();
}

void IngestWriter::Run() {
  Connection conn;
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
      Process(conn, std::move(batch));
    } else if (!SpoolEmpty()) {
      (void)TryDrain(conn);
    }
    if (stop && !had_work) break;
  }
  if (!SpoolEmpty()) (void)TryDrain(conn);
}

}  // namespace dora
