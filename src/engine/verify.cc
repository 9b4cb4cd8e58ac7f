#include "engine/verify.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/time_spec.h"

namespace dora {
namespace {

absl::StatusOr<SqlResult> Sql(SqlExecutor& ex, std::string text, std::vector<std::string> params = {}) {
  return ex.Query(SqlStatement{std::move(text), std::move(params), {}});
}

int64_t IntCell(const SqlResult& r, size_t row, size_t col) {
  int64_t v = 0;
  if (row < r.rows.size() && col < r.rows[row].size() && r.rows[row][col]) {
    (void)absl::SimpleAtoi(*r.rows[row][col], &v);
  }
  return v;
}

// The events of every UTC day the range [$1, $2] touches.
constexpr char kEventsOfTheRangesDays[] =
    "occurred_at >= (($1::timestamptz AT TIME ZONE 'UTC')::date)::timestamp AT TIME ZONE 'UTC' "
    "AND occurred_at < ((($2::timestamptz AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')";

// The events of every ISO week (Monday to Sunday, UTC days) the range touches.
constexpr char kEventsOfTheRangesWeeks[] =
    "occurred_at >= date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' "
    "AND occurred_at < (date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC') + interval '7 days') "
    "AT TIME ZONE 'UTC'";

// The rows of a weekly kept table for the same weeks.
constexpr char kKeptWeeksOfTheRange[] =
    "week >= date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC')::date "
    "AND week <= date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC')::date";

// A table kept by triggers against the events over the range: the rows of
// `expected` (computed from delivery_events here, independently of the
// triggers) and of `kept` that differ, both ways (as multisets with
// `multiset`); FAIL names how many, the least `first_column` among them
// ("<n><differ><first>") and what would be wrong.
struct KeptTableComparison {
  const char* name;
  std::string expected;
  std::string kept;
  bool multiset;
  const char* first_column;
  const char* pass_detail;
  const char* differ;
  const char* wrong;
};

absl::StatusOr<CheckResult> CompareKeptTable(SqlExecutor& ex, const KeptTableComparison& k,
                                             const std::vector<std::string>& range) {
  const std::string except = k.multiset ? " EXCEPT ALL " : " EXCEPT ";
  DORA_ASSIGN_OR_RETURN(SqlResult drift,
                        Sql(ex,
                            absl::StrCat("SELECT count(*), min(d.", k.first_column, ") FROM ((", k.expected, except,
                                         k.kept, ") UNION ALL (", k.kept, except, k.expected, ")) AS d"),
                            range));
  CheckResult c{k.name, CheckOutcome::kPass, k.pass_detail};
  if (const int64_t n = IntCell(drift, 0, 0); n > 0) {
    c.outcome = CheckOutcome::kFail;
    c.detail = absl::StrCat(n, k.differ, drift.rows.at(0).at(1).value_or("?"), "; ", k.wrong,
                            " would be wrong there (were its triggers disabled?)");
  }
  return c;
}

CheckResult NoNegativeLeadTimes(const QueryResult& min_lead, int64_t raw_skewed) {
  CheckResult c{"no negative lead times reach lead_time", CheckOutcome::kPass, ""};
  const int value = min_lead.table.ColumnWithRole(ColumnRole::kValue);
  double lowest = 0;
  for (const auto& row : min_lead.table.rows) {
    if (const double* v = std::get_if<double>(&row[value])) lowest = std::min(lowest, *v);
  }
  if (lowest < 0) {
    c.outcome = CheckOutcome::kFail;
    c.detail = absl::StrCat("minimum lead time ", lowest, "s is negative");
    return c;
  }
  c.detail = absl::StrCat(raw_skewed,
                          " prod deploys have occurred_at < first_commit_ts in the table; the "
                          "skew guard clamps small gaps to 0 and excludes the rest (",
                          min_lead.skewed_total, " excluded)");
  return c;
}

}  // namespace

absl::string_view CheckOutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass:
      return "PASS";
    case CheckOutcome::kWarn:
      return "WARN";
    case CheckOutcome::kFail:
      return "FAIL";
  }
  return "";
}

absl::StatusOr<std::vector<CheckResult>> RunVerification(SqlExecutor& ex, const QueryContext& ctx) {
  std::vector<CheckResult> out;
  QueryEngine engine(&ex);
  QueryContext all = ctx;
  all.policy.min_sample = 1;
  const std::vector<std::string> range = {FormatRfc3339Utc(ctx.from), FormatRfc3339Utc(ctx.to)};
  const std::string in_range = " AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz";

  // 1. Clock-skew guard (reference check 2).
  DORA_ASSIGN_OR_RETURN(SqlResult skew, Sql(ex,
                                            "SELECT count(*) FROM delivery_events WHERE event_type = 'deploy' "
                                            "AND environment = 'prod' AND occurred_at < first_commit_ts" +
                                                in_range,
                                            range));
  DORA_ASSIGN_OR_RETURN(QueryResult min_lead, engine.Run("lead_time min by service", all));
  out.push_back(NoNegativeLeadTimes(min_lead, IntCell(skew, 0, 0)));

  // 2. The change failure rate denominator includes successes (reference check 3).
  DORA_ASSIGN_OR_RETURN(SqlResult cfr,
                        Sql(ex,
                            "SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success), "
                            "count(*) FILTER (WHERE is_rollback), count(*) FROM delivery_events "
                            "WHERE event_type = 'deploy' AND environment = 'prod'" +
                                in_range,
                            range));
  DORA_ASSIGN_OR_RETURN(QueryResult engine_cfr, engine.Run("change_failure_rate", all));
  {
    int64_t ok = IntCell(cfr, 0, 0), failed = IntCell(cfr, 0, 1), rollbacks = IntCell(cfr, 0, 2),
            total = IntCell(cfr, 0, 3);
    int64_t denominator = std::get<int64_t>(engine_cfr.table.rows.at(0)[engine_cfr.table.ColumnIndex("n")]);
    CheckResult c{"change failure rate denominator includes successful deploys", CheckOutcome::kPass,
                  absl::StrCat("ok=", ok, " failed=", failed, " rollbacks=", rollbacks, "; denominator ", denominator,
                               " of ", total, " prod deploys")};
    if (denominator != total) c.outcome = CheckOutcome::kFail;
    if (total == 0) {
      c.outcome = CheckOutcome::kWarn;
      c.detail = "no prod deploys in the range";
    }
    out.push_back(c);
  }

  // 3. Every resolved incident has a matching open of the same service (reference
  //    check 4, NULL-safe; an incident is a service and incident id, as the
  //    reference MTTR query groups them).
  DORA_ASSIGN_OR_RETURN(
      SqlResult orphans,
      Sql(ex,
          "SELECT DISTINCT r.incident_id FROM delivery_events r "
          "WHERE r.event_type = 'incident_resolved'" +
              std::string(" AND r.occurred_at >= $1::timestamptz AND r.occurred_at < $2::timestamptz") +
              " AND NOT EXISTS (SELECT 1 FROM delivery_events o "
              "WHERE o.event_type = 'incident_open' AND o.incident_id = r.incident_id "
              "AND o.service = r.service) "
              "ORDER BY 1 LIMIT 20",
          range));
  {
    CheckResult c{"every resolved incident has a matching open", CheckOutcome::kPass, "0 orphans"};
    if (!orphans.rows.empty()) {
      std::vector<std::string> ids;
      for (const auto& row : orphans.rows) ids.push_back(row[0].value_or("(null incident_id)"));
      c.outcome = CheckOutcome::kFail;
      c.detail = absl::StrCat(orphans.rows.size() == 20 ? "20+" : absl::StrCat(orphans.rows.size()),
                              " resolved incidents without an open: ", absl::StrJoin(ids, ", "));
    }
    out.push_back(c);
  }

  // 4. Deploys that cannot have a lead time.
  DORA_ASSIGN_OR_RETURN(SqlResult missing, Sql(ex,
                                               "SELECT count(*) FROM delivery_events WHERE event_type = 'deploy' "
                                               "AND environment = 'prod' AND success AND is_rollback IS NOT TRUE "
                                               "AND first_commit_ts IS NULL" +
                                                   in_range,
                                               range));
  {
    int64_t n = IntCell(missing, 0, 0);
    CheckResult c{"successful prod deploys carry first_commit_ts", CheckOutcome::kPass, "0 without"};
    if (n > 0) {
      c.outcome = CheckOutcome::kWarn;
      c.detail = absl::StrCat(
          n, " successful prod deploys (not rollbacks) have no first_commit_ts and are left out of lead time");
    }
    out.push_back(c);
  }

  // 5. The per-day deploy counts counting queries read equal the events, for
  //    every UTC day the range touches (keys that differ, both ways).
  const std::string days =
      "day >= ($1::timestamptz AT TIME ZONE 'UTC')::date AND day <= ($2::timestamptz AT TIME ZONE 'UTC')::date";
  DORA_ASSIGN_OR_RETURN(
      CheckResult day_counts,
      CompareKeptTable(ex,
                       {"deploy_day_counts equals the deploys of each day",
                        absl::StrCat("SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, environment, service, "
                                     "team, success, is_rollback, hotfix, count(*)::int FROM delivery_events "
                                     "WHERE event_type = 'deploy' AND ",
                                     kEventsOfTheRangesDays, " GROUP BY 1, 2, 3, 4, 5, 6, 7"),
                        "SELECT * FROM deploy_day_counts WHERE " + days, /*multiset=*/false, "day", "0 keys differ",
                        " day, environment, service, team and outcome keys differ from the events, the first on ",
                        "counting queries"},
                       range));
  out.push_back(day_counts);

  // 5b. The per-week deploy counts equal the events, for every ISO week of
  //     UTC days the range touches.
  DORA_ASSIGN_OR_RETURN(
      CheckResult week_counts,
      CompareKeptTable(
          ex,
          {"deploy_week_counts equals the deploys of each week",
           absl::StrCat("SELECT date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date AS week, environment, "
                        "service, team, success, is_rollback, hotfix, count(*)::int FROM delivery_events "
                        "WHERE event_type = 'deploy' AND ",
                        kEventsOfTheRangesWeeks, " GROUP BY 1, 2, 3, 4, 5, 6, 7"),
           absl::StrCat("SELECT * FROM deploy_week_counts WHERE ", kKeptWeeksOfTheRange),
           /*multiset=*/false, "week", "0 keys differ",
           " week, environment, service, team and outcome keys differ from the events, the first in the week of ",
           "counting queries"},
          range));
  out.push_back(week_counts);

  // 6. The incidents opened in the range as incident_firsts holds them equal
  //    the events' own first open, first resolution and latest deploy.
  const std::string events_incidents = R"sql(
    SELECT o.service, o.incident_id, o.id, o.occurred_at, o.team, o.env, o.url,
           (SELECT min(x.occurred_at) FROM delivery_events x WHERE x.event_type = 'incident_resolved'
              AND x.incident_id = o.incident_id AND x.service = o.service),
           dl.occurred_at, dl.team
    FROM (SELECT DISTINCT ON (service, incident_id) service, incident_id, id, occurred_at, team,
                 coalesce(environment, 'prod') AS env, url
          FROM delivery_events WHERE event_type = 'incident_open' AND incident_id IS NOT NULL
          ORDER BY service, incident_id, occurred_at, id) AS o
    LEFT JOIN LATERAL (SELECT d.occurred_at, d.team FROM delivery_events d
                       WHERE d.event_type = 'deploy' AND d.service = o.service AND d.environment = o.env
                         AND d.occurred_at <= o.occurred_at
                       ORDER BY d.occurred_at DESC, d.id DESC LIMIT 1) AS dl ON true
    WHERE o.occurred_at >= $1::timestamptz AND o.occurred_at < $2::timestamptz)sql";
  DORA_ASSIGN_OR_RETURN(
      CheckResult incidents,
      CompareKeptTable(ex,
                       {"incident_firsts equals the incidents' events", events_incidents,
                        "SELECT service, incident_id, open_id, opened_at, team, environment, url, resolved_at, "
                        "deploy_at, deploy_team FROM incident_firsts "
                        "WHERE opened_at >= $1::timestamptz AND opened_at < $2::timestamptz",
                        /*multiset=*/false, "incident_id", "0 incidents differ",
                        " incident rows differ from the events, e.g. incident ", "recovery time and incident queries"},
                       range));
  out.push_back(incidents);

  // 6b. The range's resolutions without an open as unopened_resolutions
  //     holds them equal the events'.
  DORA_ASSIGN_OR_RETURN(
      CheckResult unopened,
      CompareKeptTable(
          ex,
          {"unopened_resolutions equals the resolutions without an open",
           "SELECT e.id, e.occurred_at, e.source, e.service, e.team, e.environment, e.incident_id "
           "FROM delivery_events e WHERE e.event_type = 'incident_resolved' "
           "AND e.occurred_at >= $1::timestamptz AND e.occurred_at < $2::timestamptz "
           "AND NOT EXISTS (SELECT 1 FROM delivery_events o WHERE o.event_type = 'incident_open' "
           "AND o.incident_id = e.incident_id AND o.service = e.service)",
           "SELECT id, occurred_at, source, service, team, environment, incident_id "
           "FROM unopened_resolutions WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz",
           /*multiset=*/false, "id", "0 resolutions differ", " resolutions differ from the events', e.g. event id ",
           "data_quality's resolved_without_open"},
          range));
  out.push_back(unopened);

  // 7. The lead times lead time percentiles read equal the events', for every
  //    UTC day the range touches: each key's values as a multiset (values
  //    that differ, both ways).
  DORA_ASSIGN_OR_RETURN(
      CheckResult leads,
      CompareKeptTable(ex,
                       {"lead_time_days equals the lead times of each day",
                        absl::StrCat("SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, environment, service, "
                                     "team, ((extract(epoch FROM occurred_at) - extract(epoch FROM "
                                     "first_commit_ts)) * 1000000)::bigint FROM delivery_events "
                                     "WHERE event_type = 'deploy' AND success AND first_commit_ts IS NOT NULL AND ",
                                     kEventsOfTheRangesDays),
                        "SELECT l.day, l.environment, l.service, l.team, "
                        "CASE WHEN v[2] = '.' THEN 1000000 ELSE 1 END * "
                        "('x' || encode(decode(lpad(v[1], 11, 'A') || '=', 'base64'), 'hex'))::bit(64)::bigint "
                        "FROM lead_time_days l, regexp_matches(l.lead_us, '([A-Za-z0-9+/]*)([,.])', 'g') AS v "
                        "WHERE l." +
                            days,
                        /*multiset=*/true, "day", "0 values differ",
                        " lead times differ from the events', the first on ", "lead time percentiles"},
                       range));
  out.push_back(leads);

  // 8. The per-day event counts data_quality reads equal the events, for
  //    every UTC day the range touches (keys that differ, both ways; the
  //    first commits ahead of their deploys as sorted arrays).
  DORA_ASSIGN_OR_RETURN(
      CheckResult event_counts,
      CompareKeptTable(
          ex,
          {"event_day_counts equals the events of each day",
           absl::StrCat("SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, source, event_type, environment, "
                        "environment_raw, service, team, count(*)::int, count(*) FILTER (WHERE event_type = 'deploy' "
                        "AND success AND is_rollback IS NOT TRUE AND first_commit_ts IS NULL)::int, "
                        "array_agg(((extract(epoch FROM first_commit_ts) - extract(epoch FROM occurred_at)) * "
                        "1000000)::bigint ORDER BY first_commit_ts - occurred_at) FILTER (WHERE event_type = 'deploy' "
                        "AND first_commit_ts > occurred_at), max(occurred_at), max(ingested_at) FROM delivery_events "
                        "WHERE ",
                        kEventsOfTheRangesDays, " GROUP BY 1, 2, 3, 4, 5, 6, 7"),
           "SELECT day, source, event_type, environment, environment_raw, service, team, events, "
           "without_first_commit, (SELECT array_agg(a ORDER BY a) FROM unnest(ahead_us) AS a), last_at, received_at "
           "FROM event_day_counts WHERE " +
               days,
           /*multiset=*/false, "day", "0 keys differ",
           " day, source, type, environment, service and team keys differ from the events, the first on ",
           "data_quality"},
          range));
  out.push_back(event_counts);

  // 8b. The per-week event counts, for every ISO week of UTC days the range
  //     touches.
  DORA_ASSIGN_OR_RETURN(
      CheckResult event_week_counts,
      CompareKeptTable(
          ex,
          {"event_week_counts equals the events of each week",
           absl::StrCat("SELECT date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date AS week, source, event_type, "
                        "environment, environment_raw, service, team, count(*)::int, count(*) FILTER (WHERE "
                        "event_type = 'deploy' AND success AND is_rollback IS NOT TRUE AND first_commit_ts IS "
                        "NULL)::int, array_agg(((extract(epoch FROM first_commit_ts) - extract(epoch FROM "
                        "occurred_at)) * 1000000)::bigint ORDER BY first_commit_ts - occurred_at) FILTER (WHERE "
                        "event_type = 'deploy' AND first_commit_ts > occurred_at), max(occurred_at), "
                        "max(ingested_at) FROM delivery_events WHERE ",
                        kEventsOfTheRangesWeeks, " GROUP BY 1, 2, 3, 4, 5, 6, 7"),
           absl::StrCat("SELECT week, source, event_type, environment, environment_raw, service, team, events, "
                        "without_first_commit, (SELECT array_agg(a ORDER BY a) FROM unnest(ahead_us) AS a), last_at, "
                        "received_at FROM event_week_counts WHERE ",
                        kKeptWeeksOfTheRange),
           /*multiset=*/false, "week", "0 keys differ",
           " week, source, type, environment, service and team keys differ from the events, the first in the week "
           "of ",
           "data_quality"},
          range));
  out.push_back(event_week_counts);
  return out;
}

}  // namespace dora
