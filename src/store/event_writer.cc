// tablewriter is the libpqxx 6 API that exposes raw COPY lines; its
// deprecation only concerns the 7.x replacement, which Debian 12 lacks.
#include "store/event_writer.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "store/pg_errors.h"

namespace dora {
namespace {

constexpr const char* kColumns =
    "event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, "
    "is_rollback, hotfix, incident_id, source, dedupe_key, payload";

void AppendEscaped(std::string* out, const std::string& s) {
  for (char c : s) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      default: out->push_back(c);
    }
  }
}

// Appends a field; every field but the first is preceded by a tab.
void AppendField(std::string* out, const std::optional<std::string>& v, bool first = false) {
  if (!first) out->push_back('\t');
  if (!v) {
    out->append("\\N");
  } else {
    AppendEscaped(out, *v);
  }
}

std::optional<std::string> Ts(const std::optional<absl::Time>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339Utc(*t);
}

std::optional<std::string> Bool(std::optional<bool> b) {
  if (!b) return std::nullopt;
  return std::string(*b ? "t" : "f");
}

}  // namespace

std::string CopyLine(const DeliveryEvent& e) {
  std::string line;
  line.reserve(256);
  AppendField(&line, e.event_type, /*first=*/true);
  AppendField(&line, e.service);
  AppendField(&line, e.team);
  AppendField(&line, e.environment);
  AppendField(&line, e.commit_sha);
  AppendField(&line, Ts(e.first_commit_ts));
  AppendField(&line, FormatRfc3339Utc(e.occurred_at));
  AppendField(&line, Bool(e.success));
  AppendField(&line, Bool(e.is_rollback));
  AppendField(&line, Bool(e.hotfix));
  AppendField(&line, e.incident_id);
  AppendField(&line, e.source);
  AppendField(&line, e.dedupe_key);
  AppendField(&line, e.payload);
  return line;
}

absl::StatusOr<InsertCounts> InsertEvents(pqxx::connection& conn,
                                          const std::vector<DeliveryEvent>& events) {
  InsertCounts counts;
  if (events.empty()) return counts;
  try {
    pqxx::work tx(conn);
    tx.exec(absl::StrCat(
        "CREATE TEMP TABLE IF NOT EXISTS dora_staging_events ON COMMIT DELETE ROWS AS "
        "SELECT ", kColumns, " FROM delivery_events WITH NO DATA"));
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      pqxx::tablewriter writer(tx, "dora_staging_events");
#pragma GCC diagnostic pop
      for (const DeliveryEvent& e : events) writer.write_raw_line(CopyLine(e));
      writer.complete();
    }
    pqxx::result r = tx.exec(absl::StrCat(
        "INSERT INTO delivery_events (", kColumns, ") SELECT ", kColumns,
        " FROM dora_staging_events ON CONFLICT (source, dedupe_key) DO NOTHING"));
    counts.inserted = static_cast<int64_t>(r.affected_rows());
    counts.duplicates = static_cast<int64_t>(events.size()) - counts.inserted;
    tx.commit();
  } catch (const std::exception& e) {
    return StatusFromPgException(e, "inserting events");
  }
  return counts;
}

}  // namespace dora
