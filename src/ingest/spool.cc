#include "ingest/spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

absl::Status Errno(const std::string& what) {
  return absl::UnavailableError(absl::StrCat("spool error: ", what, ": ", std::strerror(errno)));
}

template <typename T>
void Put(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

}  // namespace

std::string EncodeSpoolRecord(const DeliveryEvent& e) {
  nlohmann::json j;
  j["event_type"] = e.event_type;
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
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<DeliveryEvent> DecodeSpoolRecord(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return absl::DataLossError("spool error: unreadable record");
  DeliveryEvent e;
  try {
    e.event_type = j.at("event_type").get<std::string>();
    e.service = j.at("service").get<std::string>();
    if (j.contains("team")) e.team = j["team"].get<std::string>();
    if (j.contains("environment")) e.environment = j["environment"].get<std::string>();
    if (j.contains("environment_raw")) e.environment_raw = j["environment_raw"].get<std::string>();
    if (j.contains("commit_sha")) e.commit_sha = j["commit_sha"].get<std::string>();
    if (j.contains("first_commit_ts_us")) e.first_commit_ts = absl::FromUnixMicros(j["first_commit_ts_us"].get<int64_t>());
    e.occurred_at = absl::FromUnixMicros(j.at("occurred_at_us").get<int64_t>());
    if (j.contains("success")) e.success = j["success"].get<bool>();
    e.is_rollback = j.value("is_rollback", false);
    e.hotfix = j.value("hotfix", false);
    if (j.contains("incident_id")) e.incident_id = j["incident_id"].get<std::string>();
    e.source = j.at("source").get<std::string>();
    if (j.contains("dedupe_key")) e.dedupe_key = j["dedupe_key"].get<std::string>();
    if (j.contains("payload")) e.payload = j["payload"].get<std::string>();
  } catch (const std::exception& ex) {
    return absl::DataLossError(absl::StrCat("spool error: bad record: ", ex.what()));
  }
  return e;
}

absl::StatusOr<std::unique_ptr<Spool>> Spool::Open(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Errno(absl::StrCat("creating ", dir));
  const std::string path = dir + "/events.spool";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Errno(absl::StrCat("opening ", path));
  // Recover: keep complete lines only.
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t complete = content.rfind('\n');
  complete = complete == std::string::npos ? 0 : complete + 1;
  if (complete != content.size()) {
    if (ftruncate(fd, static_cast<off_t>(complete)) != 0 || fsync(fd) != 0) {
      close(fd);
      return Errno("discarding a torn record");
    }
  }
  int64_t depth = 0;
  for (size_t i = 0; i < complete; ++i) depth += content[i] == '\n';
  return std::unique_ptr<Spool>(new Spool(path, fd, depth));
}

Spool::~Spool() { close(fd_); }

absl::Status Spool::Append(const std::vector<DeliveryEvent>& events) {
  std::string data;
  for (const DeliveryEvent& e : events) absl::StrAppend(&data, EncodeSpoolRecord(e), "\n");
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd_, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("writing");
    }
    off += static_cast<size_t>(n);
  }
  if (fdatasync(fd_) != 0) return Errno("fsync");
  depth_ += static_cast<int64_t>(events.size());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<DeliveryEvent>> Spool::ReadAll() const {
  std::ifstream in(path_, std::ios::binary);
  std::vector<DeliveryEvent> out;
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: torn (cannot happen after Open, kept for safety)
    auto e = DecodeSpoolRecord(line);
    if (!e.ok()) return e.status();
    out.push_back(*std::move(e));
  }
  return out;
}

absl::Status Spool::Drain(const std::function<absl::Status(const std::vector<DeliveryEvent>&)>& store, size_t batch) {
  if (depth_ == 0) return absl::OkStatus();
  auto events = ReadAll();
  if (!events.ok()) return events.status();
  for (size_t i = 0; i < events->size(); i += batch) {
    std::vector<DeliveryEvent> part(events->begin() + i, events->begin() + std::min(events->size(), i + batch));
    absl::Status st = store(part);
    if (!st.ok()) return st;
  }
  if (ftruncate(fd_, 0) != 0 || fsync(fd_) != 0) return Errno("emptying after drain");
  depth_ = 0;
  return absl::OkStatus();
}

}  // namespace dora
