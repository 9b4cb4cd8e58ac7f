// lead_time_days (migrations 10 and 13) on a real PostgreSQL: the migration
// fills it from the stored deploys (and makes a bytea table of an earlier
// release again as text); the engine reads the database's text form
// exactly; its triggers keep it equal to delivery_events through the
// writer's inserts (duplicates included), the first-commit completion,
// other updates, deletes and truncation; the engine's reading of its lead
// times equals PostgreSQL's date_part for every value; and every lead time
// percentile row (whole UTC days from the table, the rest from the events)
// equals percentile_cont over the events, in UTC, a daylight-saving zone
// and a half-hour zone, over aligned and fractional-second ranges, rolling
// and `vs previous`, with the skew tolerance's edge exact.
#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/time_spec.h"
#include "engine/query_engine.h"
#include "forms/lead_samples.h"
#include "gtest/gtest.h"
#include "row_spans.h"
#include "store/event_writer.h"
#include "store/migrations.h"
#include "test_database.h"
#include "test_time.h"

namespace dora {
namespace {

using testing::T;
using testing::TestDatabase;

// Lead times of the table that differ from the events', both ways: one row
// per value with its key (the table's text read back as int8 values by SQL,
// independently of the engine's reader).
int64_t Mismatches(TestDatabase& db) {
  const std::string events =
      "SELECT (occurred_at AT TIME ZONE 'UTC')::date, environment, service, team, "
      "((extract(epoch FROM occurred_at) - extract(epoch FROM first_commit_ts)) * 1000000)::bigint "
      "FROM delivery_events WHERE event_type = 'deploy' AND success AND first_commit_ts IS NOT NULL";
  const std::string kept =
      "SELECT l.day, l.environment, l.service, l.team, "
      "CASE WHEN v[2] = '.' THEN 1000000 ELSE 1 END * "
      "('x' || encode(decode(lpad(v[1], 11, 'A') || '=', 'base64'), 'hex'))::bit(64)::bigint "
      "FROM lead_time_days l, regexp_matches(l.lead_us, '([A-Za-z0-9+/]*)([,.])', 'g') AS v";
  return db.RowsThatDiffer(events, kept, /*multiset=*/true);
}

// Deploys of q1, q2 and q3 about every 1 h 3 min from Mar 10, 2026, their
// first commits from minutes to days earlier (microseconds apart), some
// later than the deploy (within and beyond a 5-minute tolerance, one
// exactly at it), some without one; teams t1, t2 and none; some failed or of
// unknown outcome; staging deploys and incidents between them.
void InsertDeploysWithCommits(TestDatabase& db) {
  db.Exec(
      "INSERT INTO delivery_events (event_type, service, team, environment, occurred_at, first_commit_ts, success, "
      "incident_id, source, dedupe_key) "
      "SELECT CASE WHEN g % 17 = 0 THEN 'incident_open' ELSE 'deploy' END, 'q' || (g % 3 + 1), "
      "CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN 't2' ELSE 't1' END, "
      "CASE WHEN g % 13 = 0 THEN 'staging' ELSE 'prod' END, ts, "
      "CASE WHEN g % 37 = 0 THEN NULL WHEN g % 41 = 0 THEN ts + interval '5 minutes' "
      "WHEN g % 43 = 0 THEN ts + interval '5 minutes 0.000001 seconds' WHEN g % 19 = 0 THEN ts + interval '2 hours' "
      "WHEN g % 7 = 0 THEN ts + interval '90 seconds' "
      "ELSE ts - (g * 7919 % 400000) * interval '1 second' - (g * 104729 % 1000000) * interval '1 microsecond' END, "
      "CASE WHEN g % 29 = 0 THEN NULL ELSE g % 11 <> 0 END, CASE WHEN g % 17 = 0 THEN 'i' || g END, 'ci', 'm' || g "
      "FROM generate_series(1, 900) AS g, "
      "LATERAL (SELECT timestamptz '2026-03-10T00:00:00Z' + g * interval '1 hour 3 minutes 7.123457 seconds' AS ts) t");
}

TEST(LeadTimeDaysTest, MigrationFillsItAndTriggersFollowEveryChange) {
  TestDatabase db("lead_days_kept");
  db.DropKeptTablesFrom(10);
  InsertDeploysWithCommits(db);
  auto session = testing::OpenSession(db.url());
  auto r = Migrate(*session);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version_before, 9);
  ASSERT_EQ(r->applied.size(), 7u);  // and versions 11, 12, 13 (which makes it again), 14, 15 and 16
  EXPECT_EQ(r->applied[0].substr(0, 3), "10:");
  EXPECT_GT(db.Count("SELECT count(*) FROM lead_time_days"), 50);
  EXPECT_EQ(Mismatches(db), 0);

  // The writer's batches, stored twice (the second time changes nothing);
  // half of the deploys get their first commit later, as a push arrives.
  std::vector<DeliveryEvent> batch;
  for (int i = 0; i < 40; ++i) {
    DeliveryEvent e;
    e.event_type = EventType::kDeploy;
    e.service = i % 2 ? "q1" : "w9";
    e.environment = "prod";
    e.commit_sha = absl::StrCat("c", i);
    e.occurred_at = T("2026-03-31T23:59:59.999999Z") + absl::Seconds(i * 3600 % 7200) - absl::Seconds(3600);
    if (i % 2 == 0) e.first_commit_ts = e.occurred_at - absl::Seconds(i * 611) - absl::Microseconds(i);
    e.success = i % 7 != 0;
    e.source = "ci";
    e.dedupe_key = absl::StrCat("w", i);
    batch.push_back(e);
  }
  for (int round = 0; round < 2; ++round) {
    auto stored = InsertEvents(*session, batch);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->inserted, round == 0 ? 40 : 0);
    EXPECT_EQ(Mismatches(db), 0) << "round " << round;
  }
  db.Exec(
      "UPDATE delivery_events SET first_commit_ts = occurred_at - interval '3 hours 0.25 seconds' "
      "WHERE first_commit_ts IS NULL AND event_type = 'deploy'");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET success = NOT success, team = 't9' WHERE id % 7 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET occurred_at = occurred_at + interval '11 hours 0.5 seconds' WHERE id % 3 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET environment = 'staging' WHERE id % 11 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET event_type = 'change' WHERE id % 31 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET commit_sha = 'x' || id WHERE id % 2 = 0");  // nothing it reads
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE id % 5 = 0");
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("DELETE FROM delivery_events WHERE service = 'w9'");
  EXPECT_EQ(Mismatches(db), 0);
  EXPECT_EQ(db.Count("SELECT count(*) FROM lead_time_days WHERE service = 'w9'"), 0);  // no empty rows
  db.Exec("TRUNCATE delivery_events");
  EXPECT_EQ(db.Count("SELECT count(*) FROM lead_time_days"), 0);
}

// A database whose lead_time_days still holds bytea values (version 10 as it
// was first released) gets the text table at version 13, equal to the events.
TEST(LeadTimeDaysTest, VersionThirteenRemakesTheByteaTable) {
  TestDatabase db("lead_days_bytea");
  InsertDeploysWithCommits(db);
  db.Exec("DROP TABLE lead_time_days");
  db.Exec(
      "CREATE TABLE lead_time_days (day date NOT NULL, environment text, service text NOT NULL, team text, "
      "samples integer NOT NULL, lead_us bytea NOT NULL)");
  db.Exec(
      "INSERT INTO lead_time_days SELECT (occurred_at AT TIME ZONE 'UTC')::date, environment, service, team, "
      "count(*), string_agg(int8send(dora_lead_us(occurred_at, first_commit_ts)), ''::bytea) FROM delivery_events "
      "WHERE event_type = 'deploy' AND success AND first_commit_ts IS NOT NULL GROUP BY 1, 2, 3, 4");
  db.Exec("DELETE FROM dora_schema_migrations WHERE version >= 13");
  auto session = testing::OpenSession(db.url());
  auto r = Migrate(*session);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->applied.size(), 4u);  // and versions 14, 15 and 16, again
  EXPECT_EQ(r->applied[0].substr(0, 3), "13:");
  EXPECT_EQ(db.Count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'lead_time_days'::regclass "
                     "AND attname = 'lead_us' AND atttypid = 'text'::regtype"),
            1);
  EXPECT_GT(db.Count("SELECT count(*) FROM lead_time_days"), 50);
  EXPECT_EQ(Mismatches(db), 0);
  db.Exec("UPDATE delivery_events SET first_commit_ts = first_commit_ts - interval '1 second' WHERE id % 4 = 0");
  EXPECT_EQ(Mismatches(db), 0);  // kept by the triggers made again
}

// What the database writes (dora_lead_text) the engine reads back exactly:
// random microsecond and whole-second values of either sign up to the
// ends of int8, each alone and all in one cell.
TEST(LeadTimeDaysTest, EngineReadsTheDatabasesLeadTextExactly) {
  TestDatabase db("lead_days_text");
  SqlResult rows = db.Exec(
      "SELECT us::text, dora_lead_text(us) FROM (SELECT (random() * 8e13 - 4e13)::bigint AS us "
      "FROM generate_series(1, 10000) UNION ALL SELECT (random() * 8e7 - 4e7)::bigint * 1000000 "
      "FROM generate_series(1, 10000) UNION ALL SELECT unnest(ARRAY[0, 1, -1, 63, 64, 1000000, -1000000, "
      "86400000000, 9223372036854775807, -9223372036854775808, 9223372036854000000, -9223372036854000000]"
      "::bigint[])) AS r");
  ASSERT_GT(rows.rows.size(), 20000u);
  std::string all;
  std::vector<int64_t> expected;
  size_t whole_seconds = 0;
  for (const auto& row : rows.rows) {
    int64_t us = 0;
    ASSERT_TRUE(absl::SimpleAtoi(*row[0], &us));
    std::vector<int64_t> read;
    absl::Status s = VisitLeadMicroseconds(*row[1], [&](int64_t v) { read.push_back(v); });
    ASSERT_TRUE(s.ok()) << *row[1] << ": " << s;
    EXPECT_EQ(read, std::vector<int64_t>{us}) << *row[1];
    whole_seconds += row[1]->back() == '.';
    all += *row[1];
    expected.push_back(us);
  }
  EXPECT_GT(whole_seconds, 10000u);
  std::vector<int64_t> read;
  ASSERT_TRUE(VisitLeadMicroseconds(all, [&](int64_t v) { read.push_back(v); }).ok());
  EXPECT_EQ(read, expected);
  // About 8 characters a value for lead times of hours (the bytea's hex was 16).
  const double chars = static_cast<double>(db.Count(
      "SELECT sum(length(dora_lead_text(g::bigint * 1000003 + 7)))::bigint FROM generate_series(1, 100000) AS g"));
  EXPECT_LT(chars / 100000, 8.5);
}

// The engine's float8 of a lead time is date_part's, bit for bit: random
// microsecond differences of either sign up to years, day edges and a
// century (the SQL multiplies a float8 by the interval: exact below 2^53).
TEST(LeadTimeDaysTest, EpochSecondsAreDatePartsBitForBit) {
  TestDatabase db("lead_days_epoch");
  SqlResult rows = db.Exec(
      "SELECT us, date_part('epoch', (timestamptz '2026-01-01' + us * interval '1 microsecond') - "
      "timestamptz '2026-01-01')::text FROM (SELECT (random() * 8e13 - 4e13)::bigint AS us "
      "FROM generate_series(1, 20000) UNION ALL SELECT unnest(ARRAY[0, 1, -1, 86400000000, -86400000000, "
      "86399999999, -86399999999, 86400000001, 3155760000000123]::bigint[])) AS r");
  ASSERT_GT(rows.rows.size(), 20000u);
  for (const auto& row : rows.rows) {
    int64_t us = 0;
    double want = 0;
    ASSERT_TRUE(absl::SimpleAtoi(*row[0], &us));
    ASSERT_TRUE(absl::SimpleAtod(*row[1], &want));
    EXPECT_EQ(PostgresEpochSeconds(us), want) << us << " us";
  }
}

class LeadTimeQueriesTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    db_ = new TestDatabase("lead_days_queries");
    InsertDeploysWithCommits(*db_);
  }
  static void TearDownTestSuite() { delete db_; }
  static TestDatabase* db_;
};
TestDatabase* LeadTimeQueriesTest::db_ = nullptr;

// percentile_cont, n and skewed over the production deploys of
// `delivery_events x` that count for lead time, as the engine computed them
// before lead_time_days; the caller adds the group and span.
std::string ExpectedLeadTime(double fraction) {
  return absl::StrCat("SELECT percentile_cont(", fraction,
                      ") WITHIN GROUP (ORDER BY greatest(date_part('epoch', x.occurred_at - x.first_commit_ts), 0)) "
                      "FILTER (WHERE x.first_commit_ts <= x.occurred_at + interval '5 minutes'), "
                      "count(*) FILTER (WHERE x.first_commit_ts <= x.occurred_at + interval '5 minutes'), "
                      "count(*) FILTER (WHERE x.first_commit_ts > x.occurred_at + interval '5 minutes') "
                      "FROM delivery_events x WHERE x.event_type = 'deploy' AND x.environment = 'prod' AND x.success "
                      "AND x.first_commit_ts IS NOT NULL");
}

// Every row of every lead time query (a window, daily or weekly buckets, a
// rolling 7-day window in UTC, `vs previous`) equals PostgreSQL's
// percentile over the events of that row's group and span.
TEST_P(LeadTimeQueriesTest, EveryRowEqualsPostgresOverItsSpan) {
  const std::string zone = GetParam();
  struct Range {
    const char* from;
    const char* to;
  };
  const Range ranges[] = {{"2026-03-11T00:00:00Z", "2026-04-01T00:00:00Z"},
                          {"2026-03-11T05:17:03.25Z", "2026-04-01T19:00:00.5Z"}};
  struct Case {
    std::string query;
    std::string group;
    double fraction;
  };
  size_t compared = 0;
  for (const Range& range : ranges) {
    for (const char* tail : {"", " every 1d", " every 1w", " every 1d rolling 7d", " vs previous"}) {
      const absl::string_view t_view(tail);
      const bool rolling = t_view.find("rolling") != absl::string_view::npos;
      const bool previous = t_view.find("previous") != absl::string_view::npos;
      if (rolling && zone != "UTC") continue;  // other zones' rolling windows: rolling_windows_integration_test
      const Case cases[] = {{absl::StrCat("lead_time p90 by service", tail), "service", 0.9},
                            {absl::StrCat("lead_time p50 by team", tail), "team", 0.5},
                            {absl::StrCat("lead_time p75", tail), "", 0.75}};
      for (const Case& c : cases) {
        QueryContext ctx;
        ctx.from = T(range.from);
        ctx.to = T(range.to);
        ctx.time_zone = zone;
        ctx.policy.min_sample = 1;
        QueryEngine engine(&db_->pool());
        auto r = engine.Run(c.query, ctx);
        ASSERT_TRUE(r.ok()) << c.query << ": " << r.status();
        const ResultTable& t = r->table;
        const auto spans = testing::RowSpans(
            t, ctx.from, ctx.to,
            rolling ? std::optional<testing::RollingSpan>({absl::Hours(24), absl::Hours(24 * 7)}) : std::nullopt);
        for (size_t i = 0; i < t.rows.size(); ++i) {
          const auto& row = t.rows[i];
          const auto [lo, hi] = spans[i];
          std::string group;
          if (!c.group.empty()) {
            const Cell& g = row[t.ColumnIndex(c.group)];
            group = IsNull(g) ? absl::StrCat(" AND x.", c.group, " IS NULL")
                              : absl::StrCat(" AND x.", c.group, " = '", std::get<std::string>(g), "'");
          }
          auto expect_span = [&](absl::Time from, absl::Time to, const char* value_col, const char* n_col,
                                 const char* skewed_col) {
            SqlResult want =
                db_->Exec(absl::StrCat(ExpectedLeadTime(c.fraction), group, " AND x.occurred_at >= '",
                                       FormatRfc3339Utc(from), "' AND x.occurred_at < '", FormatRfc3339Utc(to), "'"));
            ASSERT_EQ(want.rows.size(), 1u);
            const std::string at = absl::StrCat(c.query, " ", zone, " ", value_col, " [", FormatRfc3339Utc(from), ", ",
                                                FormatRfc3339Utc(to), ")");
            EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex(n_col)]), std::stoll(*want.rows[0][1])) << at;
            if (skewed_col != nullptr) {
              EXPECT_EQ(std::get<int64_t>(row[t.ColumnIndex(skewed_col)]), std::stoll(*want.rows[0][2])) << at;
            }
            const std::optional<double> value = NumericCell(row[t.ColumnIndex(value_col)]);
            if (!want.rows[0][0]) {
              EXPECT_FALSE(value.has_value()) << at;
            } else {
              double expected = 0;
              ASSERT_TRUE(absl::SimpleAtod(*want.rows[0][0], &expected));
              EXPECT_EQ(value, expected) << at;
            }
            ++compared;
          };
          // skewed is the range's, not the previous period's.
          expect_span(lo, hi, "value", "n", previous ? nullptr : "skewed");
          if (previous) expect_span(lo - (hi - lo), lo, "previous", "previous_n", nullptr);
        }
      }
    }
  }
  EXPECT_GT(compared, 200u);
}

INSTANTIATE_TEST_SUITE_P(Zones, LeadTimeQueriesTest,
                         ::testing::Values("UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (ch == '/') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace dora
