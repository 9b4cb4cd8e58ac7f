#include "store/event_writer.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/time_spec.h"

namespace dora {
namespace {

constexpr const char* kInsertStatement = "dora_insert_events";
constexpr int kColumns = 16;  // the batch's arrays, $1..$16

// One round trip per batch: the batch arrives as one array per column,
// deploys already stored that were waiting for this batch's changes are
// completed, and the new rows are inserted in input order. Both happen in
// one statement, so they commit together (autocommit is atomic per statement).
constexpr const char* kInsertSql = R"SQL(
WITH batch AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                       $6::timestamptz[], $7::timestamptz[], $8::boolean[], $9::boolean[],
                       $10::boolean[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::text[],
                       $16::text[])
    WITH ORDINALITY AS b(event_type, service, team, environment, commit_sha, first_commit_ts,
                         occurred_at, success, is_rollback, hotfix, incident_id, source,
                         dedupe_key, payload, environment_raw, url, ord)
),
batch_changes AS (
  SELECT commit_sha, min(first_commit_ts) AS first_commit_ts FROM batch
  WHERE event_type = 'change' AND commit_sha IS NOT NULL AND first_commit_ts IS NOT NULL
  GROUP BY commit_sha
),
completed AS (
  UPDATE delivery_events d
  SET first_commit_ts = least(bc.first_commit_ts,
        (SELECT min(c.first_commit_ts) FROM delivery_events c
         WHERE c.event_type = 'change' AND c.commit_sha = d.commit_sha))
  FROM batch_changes bc
  WHERE d.event_type = 'deploy' AND d.first_commit_ts IS NULL AND d.is_rollback IS NOT TRUE
    AND d.commit_sha = bc.commit_sha
),
inserted AS (
  INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, first_commit_ts,
                               occurred_at, success, is_rollback, hotfix, incident_id, source,
                               dedupe_key, payload, environment_raw, url)
  SELECT b.event_type, b.service, b.team, b.environment, b.commit_sha,
         coalesce(b.first_commit_ts,
                  CASE WHEN b.event_type = 'deploy' AND b.is_rollback IS NOT TRUE THEN
                    least((SELECT min(c.first_commit_ts) FROM delivery_events c
                           WHERE c.event_type = 'change' AND c.commit_sha = b.commit_sha),
                          (SELECT bc.first_commit_ts FROM batch_changes bc
                           WHERE bc.commit_sha = b.commit_sha))
                  END),
         b.occurred_at, b.success, b.is_rollback, b.hotfix, b.incident_id, b.source,
         b.dedupe_key, b.payload, b.environment_raw, b.url
  FROM batch b ORDER BY b.ord
  ON CONFLICT (source, dedupe_key) DO NOTHING
  RETURNING source, dedupe_key
)
SELECT source, dedupe_key FROM inserted
)SQL";

std::optional<std::string> Ts(const std::optional<absl::Time>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339Utc(*t);
}

std::optional<std::string> Bool(std::optional<bool> b) {
  if (!b) return std::nullopt;
  return std::string(*b ? "t" : "f");
}

// Builds the kColumns column arrays, element i of each from events[i].
class ColumnArrays {
 public:
  explicit ColumnArrays(size_t n) {
    for (std::string& c : columns_) {
      c.reserve(n * 16);
      c.push_back('{');
    }
  }
  void Add(const DeliveryEvent& e) {
    Put(0, std::string(EventTypeName(e.event_type)));
    Put(1, e.service);
    Put(2, e.team);
    Put(3, e.environment);
    Put(4, e.commit_sha);
    Put(5, Ts(e.first_commit_ts));
    Put(6, FormatRfc3339Utc(e.occurred_at));
    Put(7, Bool(e.success));
    Put(8, Bool(e.is_rollback));
    Put(9, Bool(e.hotfix));
    Put(10, e.incident_id);
    Put(11, e.source);
    Put(12, e.dedupe_key);
    Put(13, e.payload);
    Put(14, e.environment_raw);
    Put(15, e.url);
  }
  std::string& Finish(int i) {
    columns_[i].push_back('}');
    return columns_[i];
  }

 private:
  void Put(int i, const std::optional<std::string>& v) {
    std::string& c = columns_[i];
    if (c.size() > 1) c.push_back(',');
    AppendPgArrayElement(&c, v);
  }
  std::string columns_[kColumns];
};

}  // namespace

void AppendPgArrayElement(std::string* out, const std::optional<std::string>& value) {
  if (!value) {
    out->append("NULL");
    return;
  }
  out->push_back('"');
  for (char c : *value) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

absl::StatusOr<InsertCounts> InsertEvents(PgSession& session, const std::vector<DeliveryEvent>& events) {
  InsertCounts counts;
  if (events.empty()) return counts;
  ColumnArrays arrays(events.size());
  for (const DeliveryEvent& e : events) arrays.Add(e);
  std::vector<std::string> params;
  params.reserve(kColumns);
  for (int i = 0; i < kColumns; ++i) params.push_back(std::move(arrays.Finish(i)));
  DORA_ASSIGN_OR_RETURN(SqlResult r, session.ExecPrepared("inserting events", kInsertStatement, kInsertSql, params));
  std::set<std::pair<std::string, std::string>> stored;
  for (const auto& row : r.rows) {
    if (row[1].has_value()) stored.emplace(row[0].value_or(""), *row[1]);
  }
  counts.stored.resize(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const DeliveryEvent& e = events[i];
    // Without a key a row is always new; with one, the first event of the
    // batch carrying a key that was inserted is the stored one.
    counts.stored[i] = !e.dedupe_key || stored.erase({e.source, *e.dedupe_key}) > 0;
    (counts.stored[i] ? counts.inserted : counts.duplicates)++;
  }
  return counts;
}

}  // namespace dora
