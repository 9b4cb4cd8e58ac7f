#include "ingest/spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/json_text.h"
#include "common/phase_error.h"
#include "common/time_spec.h"
#include "metrics/event_type.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kReadChunk = 1 << 20;

absl::Status Errno(const std::string& what) {
  return PhaseError(Phase::kSpool, absl::StatusCode::kUnavailable, absl::StrCat(what, ": ", std::strerror(errno)));
}

template <typename T>
void Put(Json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

absl::Status WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("writing");
    }
    off += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> EncodeSpoolRecord(const DeliveryEvent& e) {
  Json j;
  j["event_type"] = std::string(EventTypeName(e.event_type));
  j["service"] = e.service;
  Put(j, "team", e.team);
  Put(j, "environment", e.environment);
  Put(j, "environment_raw", e.environment_raw);
  Put(j, "commit_sha", e.commit_sha);
  if (e.first_commit_ts) j["first_commit_ts_us"] = absl::ToUnixMicros(*e.first_commit_ts);
  j["occurred_at_us"] = absl::ToUnixMicros(e.occurred_at);
  Put(j, "success", e.success);
  j["is_rollback"] = e.is_rollback;
  j["hotfix"] = e.hotfix;
  Put(j, "incident_id", e.incident_id);
  j["source"] = e.source;
  Put(j, "dedupe_key", e.dedupe_key);
  Put(j, "payload", e.payload);
  Put(j, "url", e.url);
  try {
    return j.dump();  // strict: invalid UTF-8 is an error, never silently replaced
  } catch (const std::exception& ex) {
    return PhaseError(Phase::kSpool, absl::StatusCode::kInvalidArgument,
                      absl::StrCat("cannot encode the event: ", ex.what()));
  }
}

// A time in microseconds: an integer that fits, never a float (converting
// 1e300 to an integer is undefined behaviour).
absl::Time Micros(const Json& v) {
  if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t{INT64_MAX})) {
    throw std::out_of_range("a time must be a whole number of microseconds");
  }
  return absl::FromUnixMicros(v.get<int64_t>());
}

absl::StatusOr<DeliveryEvent> DecodeSpoolRecord(absl::string_view line) {
  Json j = ParseOrderedJsonText(line);
  if (j.is_discarded() || !j.is_object())
    return PhaseError(Phase::kSpool, absl::StatusCode::kDataLoss, "unreadable record");
  DeliveryEvent e;
  try {
    auto text = [&](const char* key, std::optional<std::string>* out) {
      if (j.contains(key)) *out = j[key].get<std::string>();
    };
    const std::string type = j.at("event_type").get<std::string>();
    std::optional<EventType> event_type = ParseEventType(type);
    if (!event_type) {
      return PhaseError(Phase::kSpool, absl::StatusCode::kDataLoss,
                        absl::StrCat("record has an unknown event_type '", type.substr(0, 64), "'"));
    }
    e.event_type = *event_type;
    e.service = j.at("service").get<std::string>();
    text("team", &e.team);
    text("environment", &e.environment);
    text("environment_raw", &e.environment_raw);
    text("commit_sha", &e.commit_sha);
    if (j.contains("first_commit_ts_us")) e.first_commit_ts = Micros(j["first_commit_ts_us"]);
    e.occurred_at = Micros(j.at("occurred_at_us"));
    if (j.contains("success")) e.success = j["success"].get<bool>();
    e.is_rollback = j.at("is_rollback").get<bool>();
    e.hotfix = j.at("hotfix").get<bool>();
    text("incident_id", &e.incident_id);
    e.source = j.at("source").get<std::string>();
    text("dedupe_key", &e.dedupe_key);
    text("payload", &e.payload);
    text("url", &e.url);
  } catch (const std::exception& ex) {
    return PhaseError(Phase::kSpool, absl::StatusCode::kDataLoss, absl::StrCat("bad record: ", ex.what()));
  }
  return e;
}

absl::StatusOr<std::unique_ptr<Spool>> Spool::Open(const std::string& dir, int64_t max_bytes, const Clock& clock) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno(absl::StrCat("creating ", dir));
  const std::string path = dir + "/events.spool";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(absl::StrCat("opening ", path));
  // Recover in bounded chunks: count complete records, drop a torn tail.
  int64_t depth = 0;
  int64_t complete = 0;  // bytes up to and including the last newline
  int64_t offset = 0;
  std::string chunk(kReadChunk, '\0');
  while (true) {
    ssize_t n = pread(fd, chunk.data(), chunk.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return Errno(absl::StrCat("reading ", path));
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (chunk[static_cast<size_t>(i)] == '\n') {
        ++depth;
        complete = offset + i + 1;
      }
    }
    offset += n;
  }
  if (complete != offset) {
    if (ftruncate(fd, static_cast<off_t>(complete)) != 0 || fsync(fd) != 0) {
      close(fd);
      return Errno("discarding a torn record");
    }
  }
  return std::unique_ptr<Spool>(new Spool(path, fd, complete, depth, max_bytes, clock));
}

Spool::~Spool() { close(fd_); }

absl::Status Spool::Append(const std::vector<DeliveryEvent>& events) {
  std::string data;
  for (const DeliveryEvent& e : events) {
    absl::StatusOr<std::string> line = EncodeSpoolRecord(e);
    if (!line.ok()) return line.status();
    absl::StrAppend(&data, *line, "\n");
  }
  if (pending_bytes() + static_cast<int64_t>(data.size()) > max_bytes_) {
    return PhaseError(Phase::kSpool, absl::StatusCode::kResourceExhausted,
                      absl::StrCat("the spool is full (", pending_bytes(), " bytes waiting, limit ", max_bytes_, ")"));
  }
  absl::Status st = WriteAll(fd_, data);
  if (st.ok() && fdatasync(fd_) != 0) st = Errno("fsync");
  if (!st.ok()) {
    // Whatever part reached the file is not acknowledged: cut it off so the
    // file keeps only whole, acknowledged records.
    if (ftruncate(fd_, static_cast<off_t>(size_)) != 0) return Errno("undoing a failed append");
    return st;
  }
  size_ += static_cast<int64_t>(data.size());
  depth_ += static_cast<int64_t>(events.size());
  return absl::OkStatus();
}

absl::StatusOr<Spool::Batch> Spool::Peek(size_t max_events, size_t max_bytes) {
  Batch batch;
  int64_t offset = read_offset_;
  std::string pending;  // a record split across reads
  std::string chunk(kReadChunk, '\0');
  size_t bytes = 0;
  while (offset < size_ && batch.events.size() < max_events && (batch.events.empty() || bytes < max_bytes)) {
    ssize_t n = pread(fd_, chunk.data(), static_cast<size_t>(std::min<int64_t>(kReadChunk, size_ - offset)), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno(absl::StrCat("reading ", path_));
    size_t start = 0;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      if (chunk[i] != '\n') continue;
      pending.append(chunk, start, i - start);
      start = i + 1;
      bytes += pending.size() + 1;
      ++batch.records;
      absl::StatusOr<DeliveryEvent> e = DecodeSpoolRecord(pending);
      if (e.ok()) {
        batch.events.push_back(*std::move(e));
      } else {
        Json letter{{"reason", std::string(e.status().message())}, {"unreadable_record", pending}};
        absl::Status st = AppendLine(dead_letter_path(), letter.dump(-1, ' ', false, Json::error_handler_t::replace));
        if (!st.ok()) return st;
      }
      pending.clear();
      batch.end_offset = offset + static_cast<int64_t>(i) + 1;
      if (batch.events.size() >= max_events || bytes >= max_bytes) break;
    }
    if (batch.end_offset > offset) {
      offset = batch.end_offset;  // re-read from the record boundary
      pending.clear();
    } else {
      pending.append(chunk, start, static_cast<size_t>(n) - start);
      offset += n;
    }
  }
  if (batch.end_offset == 0) batch.end_offset = read_offset_;
  return batch;
}

absl::Status Spool::Consume(const Batch& batch) {
  read_offset_ = batch.end_offset;
  depth_ -= batch.records;
  if (read_offset_ == size_) {
    if (ftruncate(fd_, 0) != 0 || fsync(fd_) != 0) return Errno("emptying after drain");
    size_ = 0;
    read_offset_ = 0;
    depth_ = 0;
  }
  return absl::OkStatus();
}

absl::Status Spool::AppendLine(const std::string& path, const std::string& line) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(absl::StrCat("opening ", path));
  absl::Status st = WriteAll(fd, line + "\n");
  if (st.ok() && fdatasync(fd) != 0) st = Errno(absl::StrCat("fsync ", path));
  close(fd);
  return st;
}

absl::Status Spool::AppendDeadLetter(const DeliveryEvent& event, absl::string_view reason) {
  absl::StatusOr<std::string> record = EncodeSpoolRecord(event);
  if (!record.ok()) return record.status();
  Json letter{{"dead_lettered_at", FormatRfc3339Utc(clock_.Now())},
              {"reason", std::string(reason)},
              {"record", Json::parse(*record)}};
  return AppendLine(dead_letter_path(), letter.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace dora
