// A local, append-only spool of events that could not be committed to
// PostgreSQL. An event is acknowledged to its sender only after it is either
// committed or appended here and fsynced, so a database outage or a crash
// loses nothing that was acknowledged. Draining replays the spool in order,
// in bounded batches; replays are harmless because every ingested event
// carries a dedupe key.
//
// Format: one JSON object per line (the DeliveryEvent fields, times in
// microseconds). For an event whose times are whole microseconds (what
// PostgreSQL stores; ingest truncates before acknowledging), decoding the
// record gives the event back exactly, and encoding that gives the same
// bytes. A trailing line
// without its newline is a write the crash interrupted before the fsync and
// the acknowledgement; it is discarded on Open.
//
// Dead letters: a spooled event the database refuses as data (not as an
// outage) is appended, with the reason, to events.deadletter in the same
// directory (mode 0600, fdatasync before the drain moves past the event), so
// it cannot block the spool and is never lost. A crash between the two
// writes leaves the event in both; it is dead-lettered again on the next
// drain (the file may then hold it twice, never zero times).
//
// Not thread-safe: the IngestWriter serializes every call.
#ifndef DORA_INGEST_SPOOL_H_
#define DORA_INGEST_SPOOL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "store/delivery_event.h"

namespace dora {

class Spool {
 public:
  // Creates `dir` (0700) if needed and opens (or recovers) dir/events.spool,
  // reading it in bounded chunks. `max_bytes` caps the undrained records.
  // `clock` (not owned, must outlive the spool) stamps dead letters.
  static absl::StatusOr<std::unique_ptr<Spool>> Open(const std::string& dir, int64_t max_bytes,
                                                     const Clock& clock = SystemClock());
  ~Spool();

  // Appends and fsyncs; returns only after the events are durable.
  // ResourceExhausted when the undrained records would pass `max_bytes`
  // (nothing appended); InvalidArgument when an event cannot be encoded
  // exactly (invalid UTF-8: CheckStorable rejects those first).
  absl::Status Append(const std::vector<DeliveryEvent>& events);

  // The next undrained records, at most `max_events` and about `max_bytes`
  // (always at least one record when any is left). Records that cannot be
  // decoded (disk corruption) are moved to the dead-letter file as they are.
  struct Batch {
    std::vector<DeliveryEvent> events;
    int64_t records = 0;     // records read, unreadable ones included
    int64_t end_offset = 0;  // where the records after this batch start
  };
  absl::StatusOr<Batch> Peek(size_t max_events, size_t max_bytes);

  // Marks `batch` drained; when nothing undrained is left the file is
  // emptied (and fsynced).
  absl::Status Consume(const Batch& batch);

  // Appends one dead letter (JSON line: reason, and the spool record) and
  // fdatasyncs.
  absl::Status AppendDeadLetter(const DeliveryEvent& event, absl::string_view reason);

  int64_t depth() const { return depth_; }                        // undrained records
  int64_t pending_bytes() const { return size_ - read_offset_; }  // undrained bytes
  int64_t max_bytes() const { return max_bytes_; }
  const std::string& path() const { return path_; }
  std::string dead_letter_path() const { return path_ + ".deadletter"; }

 private:
  Spool(std::string path, int fd, int64_t size, int64_t depth, int64_t max_bytes, const Clock& clock)
      : path_(std::move(path)), fd_(fd), size_(size), depth_(depth), max_bytes_(max_bytes), clock_(clock) {}
  absl::Status AppendLine(const std::string& path, const std::string& line);

  std::string path_;
  int fd_;
  int64_t size_;             // bytes in the file
  int64_t read_offset_ = 0;  // records before it are drained
  int64_t depth_;
  int64_t max_bytes_;
  const Clock& clock_;
};

// One spool line (without the newline) and back; exposed for tests and the
// fuzz target. Encoding fails only on strings that are not valid UTF-8.
absl::StatusOr<std::string> EncodeSpoolRecord(const DeliveryEvent& event);
absl::StatusOr<DeliveryEvent> DecodeSpoolRecord(absl::string_view line);

}  // namespace dora

#endif  // DORA_INGEST_SPOOL_H_
