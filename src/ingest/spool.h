// A local, append-only spool of events that could not be committed to
// PostgreSQL. An event is acknowledged to its sender only after it is either
// committed or appended here and fsynced, so a database outage or a crash
// loses nothing that was acknowledged. Draining replays the spool in order;
// replays are harmless because every ingested event carries a dedupe key.
//
// Format: one JSON object per line (the DeliveryEvent fields). A trailing
// line without its newline is a write the crash interrupted before the fsync
// and the acknowledgement; it is discarded.
//
// Not thread-safe: one owner (the IngestWriter's thread) calls it.
#ifndef DORA_INGEST_SPOOL_H_
#define DORA_INGEST_SPOOL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/delivery_event.h"

namespace dora {

class Spool {
 public:
  // Creates `dir` if needed and opens (or recovers) dir/events.spool.
  static absl::StatusOr<std::unique_ptr<Spool>> Open(const std::string& dir);
  ~Spool();

  // Appends and fsyncs; returns only after the events are durable.
  absl::Status Append(const std::vector<DeliveryEvent>& events);

  // Records waiting to be drained.
  int64_t depth() const { return depth_; }

  // Reads every record in order and hands them to `store` in batches of at
  // most `batch`; when all batches succeed, empties the spool (and fsyncs).
  // On the first failure the spool is left as it was.
  absl::Status Drain(const std::function<absl::Status(const std::vector<DeliveryEvent>&)>& store, size_t batch);

  const std::string& path() const { return path_; }

 private:
  Spool(std::string path, int fd, int64_t depth) : path_(std::move(path)), fd_(fd), depth_(depth) {}
  absl::StatusOr<std::vector<DeliveryEvent>> ReadAll() const;

  std::string path_;
  int fd_;
  int64_t depth_;
};

// One spool line (without the newline) and back; exposed for tests.
std::string EncodeSpoolRecord(const DeliveryEvent& event);
absl::StatusOr<DeliveryEvent> DecodeSpoolRecord(const std::string& line);

}  // namespace dora

#endif  // DORA_INGEST_SPOOL_H_
