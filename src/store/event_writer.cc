// tablewriter is the libpqxx 6 API that exposes raw COPY lines; its
// deprecation only concerns the 7.x replacement, which Debian 12 lacks.
#include "store/event_writer.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <set>
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
        "SELECT 0::int AS ord, ", kColumns, " FROM delivery_events WITH NO DATA"));
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      pqxx::tablewriter writer(tx, "dora_staging_events");
#pragma GCC diagnostic pop
      for (size_t i = 0; i < events.size(); ++i) {
        writer.write_raw_line(absl::StrCat(i, "\t", CopyLine(events[i])));
      }
      writer.complete();
    }
    // Deploys without a first commit take it from the stored change that
    // carried the same commit (rollbacks redeploy old commits: never).
    std::string select_columns = kColumns;
    select_columns.replace(select_columns.find("first_commit_ts"), std::string("first_commit_ts").size(),
                           "coalesce(s.first_commit_ts, CASE WHEN s.event_type = 'deploy' AND s.is_rollback IS NOT TRUE "
                           "THEN (SELECT min(c.first_commit_ts) FROM delivery_events c WHERE c.event_type = 'change' "
                           "AND c.commit_sha = s.commit_sha) END)");
    pqxx::result r = tx.exec(absl::StrCat(
        "INSERT INTO delivery_events (", kColumns, ") SELECT ", select_columns,
        " FROM dora_staging_events s ORDER BY s.ord ON CONFLICT (source, dedupe_key) DO NOTHING "
        "RETURNING source, dedupe_key"));
    // ... and deploys stored earlier get it when their change arrives now.
    // Only commits of this batch's changes are looked at (through the
    // partial index of deploys still missing their first commit).
    std::set<std::string> change_commits;
    for (const DeliveryEvent& e : events) {
      if (e.event_type == "change" && e.commit_sha && e.first_commit_ts) change_commits.insert(*e.commit_sha);
    }
    if (!change_commits.empty()) {
      std::string array = "{";
      for (const std::string& sha : change_commits) {
        if (array.size() > 1) array += ",";
        array += "\"";
        for (char c : sha) {
          if (c == '"' || c == '\\') array += '\\';
          array += c;
        }
        array += "\"";
      }
      array += "}";
      tx.exec_params(
          "UPDATE delivery_events d SET first_commit_ts = ("
          "  SELECT min(c.first_commit_ts) FROM delivery_events c"
          "  WHERE c.event_type = 'change' AND c.commit_sha = d.commit_sha) "
          "WHERE d.event_type = 'deploy' AND d.first_commit_ts IS NULL AND d.is_rollback IS NOT TRUE "
          "AND d.commit_sha = ANY($1::text[])",
          array);
    }
    std::set<std::pair<std::string, std::string>> stored;
    for (const pqxx::row& row : r) {
      if (!row[1].is_null()) stored.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    counts.stored.resize(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      const DeliveryEvent& e = events[i];
      // Without a key a row is always new; with one, the first event of the
      // batch carrying a key that was inserted is the stored one.
      counts.stored[i] = !e.dedupe_key || stored.erase({e.source, *e.dedupe_key}) > 0;
      (counts.stored[i] ? counts.inserted : counts.duplicates)++;
    }
    tx.commit();
  } catch (const std::exception& e) {
    return StatusFromPgException(e, "inserting events");
  }
  return counts;
}

}  // namespace dora
