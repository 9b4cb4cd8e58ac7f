// Group commit with a durable fallback. HTTP handlers Submit() the events of
// one request and block; writer threads (each with its own store session) take
// everything pending and commit it in one transaction, so throughput does not
// pay one fsync per request, and while one batch waits for its commit the
// next one is already being written. Each submission completes with
// per-event results.
//
// Failures are classified once (IsEventFault): PostgreSQL refusing the
// event's own data (SQLSTATE 22xxx, 23xxx) fails that request with
// InvalidArgument and nothing else; everything else (unreachable, timed out,
// missing table or privilege, wrong password) is the server's problem: the
// batch is appended to the fsynced spool and acknowledged, and the spool is
// drained, in order and in bounded batches, before anything new is
// committed. While the spool holds anything, new batches join it.
//
// No submission waits forever: after `submit_deadline` its events are
// spooled by the waiting thread itself (a writer stuck behind a lock may
// still commit them later; dedupe keys make that harmless). Writer
// statements run under the store's statement timeout. GetStats never waits
// on the database.
//
// Thread-safe: Submit may be called from any number of threads.
#ifndef DORA_INGEST_INGEST_WRITER_H_
#define DORA_INGEST_INGEST_WRITER_H_

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "ingest/spool.h"
#include "store/delivery_event.h"
#include "store/store.h"

namespace dora {

struct IngestWriterOptions {
  std::string spool_dir;
  size_t max_batch = 1000;                            // events per transaction
  size_t max_drain_bytes = 8 << 20;                   // spool bytes read per drain batch
  int writers = 2;                                    // concurrent transactions
  absl::Duration retry_interval = absl::Seconds(1);   // after a database failure
  absl::Duration submit_deadline = absl::Seconds(5);  // then the request's events are spooled
  int64_t spool_max_bytes = int64_t{1} << 30;         // undrained spool bytes; past it 503
  // Test-only fault injection: called after a dead letter is written and
  // before the drain moves past it (a test makes it exit the process).
  std::function<void()> after_dead_letter;
};

struct SubmitResult {
  std::vector<bool> stored;  // per event: new (true) or a duplicate (false)
  bool spooled = false;      // held in the spool; counted as stored
};

// Whether a database error is the event's own fault (the data was refused)
// rather than the server's (an outage or a misconfiguration).
bool IsEventFault(const absl::Status& status);

class IngestWriter {
 public:
  // Opens the spool and starts the writer threads. `store` and `clock` are
  // not owned and must outlive the writer. A reachable database whose
  // schema version is not LatestSchemaVersion() is FailedPrecondition (run
  // `dora migrate`); an unreachable one (Unavailable) or one refusing the
  // credentials is not an error (events spool, /readyz tells). Any other
  // failure to read the version is left to the first write to classify.
  static absl::StatusOr<std::unique_ptr<IngestWriter>> Start(IngestWriterOptions options, Store* store,
                                                             const Clock& clock = SystemClock());
  ~IngestWriter();

  // Blocks until the events are committed or spooled, at most about
  // `submit_deadline` plus one spool append. Errors: Unavailable when
  // neither was possible (the spool full or failing), InvalidArgument when
  // PostgreSQL refused the request's own data (nothing of it stored; the
  // message names no SQL).
  absl::StatusOr<SubmitResult> Submit(std::vector<DeliveryEvent> events);

  // Completes queued submissions, then stops the threads. Idempotent.
  void Stop();

  enum class DatabaseState {
    kOk,
    kUnavailable,    // unreachable or timing out: the spool covers it
    kMisconfigured,  // reachable but refusing every write (privilege, table, password)
  };
  struct Stats {
    DatabaseState database = DatabaseState::kUnavailable;
    std::string database_problem;  // the last failure, for /readyz and logs (no SQL)
    bool spool_ok = true;          // the last spool append succeeded
    bool spool_full = false;       // the last append was refused for space
    int64_t spool_depth = 0;
    int64_t spool_bytes = 0;
    int64_t spool_max_bytes = 0;
    int64_t committed_batches = 0;
    int64_t spooled_events = 0;
    int64_t dead_letters = 0;
    int64_t submit_deadlines = 0;  // submissions spooled by their own thread
  };
  Stats GetStats() const;

 private:
  struct Pending;
  IngestWriter(IngestWriterOptions options, Store* store, const Clock& clock, std::unique_ptr<Spool> spool);
  void Run();
  void Process(std::vector<std::shared_ptr<Pending>> batch);
  void Complete(const std::shared_ptr<Pending>& p, absl::StatusOr<SubmitResult> result);
  void SpoolAndComplete(const std::vector<std::shared_ptr<Pending>>& batch);
  absl::Status AppendToSpool(const std::vector<DeliveryEvent>& events);
  bool SpoolIdle();
  absl::Status TryDrain();
  absl::Status StoreDraining(const std::vector<DeliveryEvent>& events, bool* dead_lettered);
  absl::StatusOr<std::vector<bool>> Insert(const std::vector<DeliveryEvent>& events);
  void RecordDatabaseFailure(const absl::Status& status);
  void RecordDatabaseOk();
  bool DatabaseWorthTrying() const;

  const IngestWriterOptions options_;
  Store* const store_;
  const Clock& clock_;
  // Spool operations are serialized and short (no database I/O under it).
  absl::Mutex spool_mu_;
  std::unique_ptr<Spool> spool_ ABSL_GUARDED_BY(spool_mu_);
  bool draining_ ABSL_GUARDED_BY(spool_mu_) = false;
  mutable absl::Mutex mu_;
  std::deque<std::shared_ptr<Pending>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  absl::Time last_failure_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::vector<std::thread> threads_;
};

}  // namespace dora

#endif  // DORA_INGEST_INGEST_WRITER_H_
