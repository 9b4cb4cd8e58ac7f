// Group commit with a durable fallback. HTTP handlers Submit() the events of
// one request and block; writer threads (each with its own connection) take
// everything pending and commit it in one transaction, so throughput does not
// pay one fsync per request, and while one batch waits for its commit the
// next one is already being written. Each submission completes with
// per-event results. When PostgreSQL cannot
// be reached the batch is appended to the fsynced spool instead and
// acknowledged; the spool is drained, in order, before any new event is
// committed once the database is back.
//
// Thread-safe: Submit may be called from any number of threads.
#ifndef DORA_INGEST_INGEST_WRITER_H_
#define DORA_INGEST_INGEST_WRITER_H_

#include <deque>
#include <pqxx/connection>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ingest/spool.h"
#include "store/delivery_event.h"

namespace dora {

struct IngestWriterOptions {
  std::string database_url;
  std::string spool_dir;
  size_t max_batch = 1000;                       // events per transaction
  int writers = 2;                               // concurrent transactions
  absl::Duration retry_interval = absl::Seconds(1);  // after a database failure
};

struct SubmitResult {
  std::vector<bool> stored;  // per event: new (true) or a duplicate (false)
  bool spooled = false;      // held in the spool; counted as stored
};

class IngestWriter {
 public:
  // Opens the spool and starts the writer threads. A reachable database
  // whose schema version is not LatestSchemaVersion() is FailedPrecondition
  // (run `dora migrate`); an unreachable one is not an error (events spool).
  static absl::StatusOr<std::unique_ptr<IngestWriter>> Start(IngestWriterOptions options);
  ~IngestWriter();

  // Blocks until the events are committed or spooled. Errors: Unavailable
  // when neither was possible, InvalidArgument when PostgreSQL rejected the
  // request's own data (nothing of it stored).
  absl::StatusOr<SubmitResult> Submit(std::vector<DeliveryEvent> events);

  // Completes queued submissions, then stops the thread. Idempotent.
  void Stop();

  struct Stats {
    int64_t spool_depth = 0;
    bool database_ok = false;  // the last database contact succeeded
    bool spool_ok = true;      // the last spool append succeeded
    int64_t committed_batches = 0;
    int64_t spooled_events = 0;
    int64_t dead_letters = 0;
  };
  Stats GetStats() const;

 private:
  struct Pending;
  explicit IngestWriter(IngestWriterOptions options, std::unique_ptr<Spool> spool);
  using Connection = std::unique_ptr<pqxx::connection>;  // one per writer thread
  void Run();
  void Process(Connection& conn, std::vector<std::shared_ptr<Pending>> batch);
  absl::Status TryDrain(Connection& conn);
  absl::StatusOr<std::vector<bool>> Insert(Connection& conn, const std::vector<DeliveryEvent>& events);
  absl::Status StoreDraining(Connection& conn, const std::vector<DeliveryEvent>& events);
  bool DatabaseWorthTrying() const;
  bool SpoolEmpty();

  const IngestWriterOptions options_;
  // Spool operations are serialized; the spool is drained before anything
  // new is committed, so events reach the table in arrival order per source.
  absl::Mutex spool_mu_;
  std::unique_ptr<Spool> spool_ ABSL_GUARDED_BY(spool_mu_);
  mutable absl::Mutex mu_;
  std::deque<std::shared_ptr<Pending>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  absl::Time last_failure_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::vector<std::thread> threads_;
};

}  // namespace dora

#endif  // DORA_INGEST_INGEST_WRITER_H_
