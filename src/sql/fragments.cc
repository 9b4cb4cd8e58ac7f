#include "sql/fragments.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar.h"
#include "common/time_spec.h"
#include "metrics/event_type.h"
#include "sql/deploy_ledger.h"
#include "sql/utc_days.h"

namespace dora {
namespace {

// A PostgreSQL array literal of already-plain elements (no quoting needed).
std::string ArrayLiteral(const std::vector<std::string>& elements) {
  return absl::StrCat("{", absl::StrJoin(elements, ","), "}");
}

// An instant as an element of a timestamptz[] literal (quoted).
std::string TimestampElement(absl::Time t) { return absl::StrCat("\"", FormatRfc3339Utc(t), "\""); }

}  // namespace

std::string SqlInterval(absl::Duration d) {
  if (d % absl::Seconds(1) == absl::ZeroDuration()) return absl::StrCat(absl::ToInt64Seconds(d), " seconds");
  return absl::StrCat(absl::ToInt64Microseconds(d), " microseconds");
}

std::string SameGroup(absl::string_view left, absl::string_view right, const std::vector<std::string>& dims) {
  std::vector<std::string> l, r;
  for (const std::string& d : dims) {
    l.push_back(absl::StrCat(left, ".", d));
    r.push_back(absl::StrCat(right, ".", d));
  }
  return absl::StrCat("ARRAY[", absl::StrJoin(l, ", "), "] = ARRAY[", absl::StrJoin(r, ", "), "]");
}

namespace {

// min(bucket end, to): where the bucket's rolling window ends.
absl::Time WindowEnd(const TimeBucket& b, absl::Time to) { return std::min(b.end, to); }

}  // namespace

absl::Time RowsFrom(const BoundQuery& q) {
  if (!q.bucket || !q.rolling) return q.from;
  const std::vector<TimeBucket> buckets = MakeBuckets(q.from, q.to, *q.bucket, q.zone);
  if (buckets.empty()) return q.from;
  return std::min(q.from, CalendarSpanBefore(WindowEnd(buckets.front(), q.to), *q.rolling, q.zone));
}

SqlFragments::SqlFragments(const BoundQuery& q) : q_(&q) {
  from_ = params_.Add(FormatRfc3339Utc(RowsFrom(q)), "timestamptz");
  to_ = params_.Add(FormatRfc3339Utc(q.to), "timestamptz");
  window_from_ = q.from;
  window_to_ = q.to;
  rows_from_ = RowsFrom(q);
}

void SqlFragments::UsePreviousWindow() {
  window_to_ = q_->from;
  window_from_ = PreviousPeriodFrom(*q_);
  to_ = from_;
  from_ = params_.Add(FormatRfc3339Utc(window_from_), "timestamptz");
  rows_from_ = window_from_;
}

void SqlFragments::HoldRowsInMemory(int megabytes) {
  if (megabytes <= work_mem_mb_) return;
  const std::string previous = absl::StrCat("work_mem = '", work_mem_mb_, "MB'");
  local_settings_.erase(std::remove(local_settings_.begin(), local_settings_.end(), previous), local_settings_.end());
  work_mem_mb_ = megabytes;
  AddLocalSetting(absl::StrCat("work_mem = '", megabytes, "MB'"));
}

std::string SqlFragments::EnvironmentDefault(absl::string_view column, absl::string_view indent) {
  if (q_->default_environment.empty()) return "";
  return absl::StrCat("\n", indent, "AND ", column, " = ", params_.Add(q_->default_environment, "text"));
}

std::vector<absl::Time> SqlFragments::BinningCuts() const {
  if (!q_->bucket) return {};
  if (q_->rolling) return RollingWindowLayout(*q_).edges;
  std::vector<absl::Time> cuts;
  for (const TimeBucket& b : MakeBuckets(q_->from, q_->to, *q_->bucket, q_->zone)) {
    cuts.push_back(b.start);
    cuts.push_back(b.end);
  }
  return cuts;
}

SqlFragments::DaySplitParams SqlFragments::SplitRowsIntoUtcDays(bool weeks) {
  const UtcDaySplit split = SplitIntoUtcDays(rows_from_, window_to_, BinningCuts());
  std::vector<std::string> days, day_starts, mondays, week_starts, removed, removed_starts, span_froms, span_tos;
  for (const UtcDaySplit::DayRun& r : split.whole_days) {
    const std::string start = TimestampElement(absl::FromCivil(r.first, absl::UTCTimeZone()));
    if (!weeks) {
      for (absl::CivilDay d = r.first; d < r.end; ++d) {
        days.push_back(absl::FormatCivilTime(d));
        day_starts.push_back(start);
      }
      continue;
    }
    const WeekCover c = WeekCoverOf(r);
    for (absl::CivilDay d : c.added) {
      days.push_back(absl::FormatCivilTime(d));
      day_starts.push_back(start);
    }
    for (absl::CivilDay m = c.first; m < c.end; m += 7) {
      mondays.push_back(absl::FormatCivilTime(m));
      week_starts.push_back(start);
    }
    for (absl::CivilDay d : c.removed) {
      removed.push_back(absl::FormatCivilTime(d));
      removed_starts.push_back(start);
    }
  }
  for (const UtcDaySplit::Span& p : split.partial) {
    span_froms.push_back(TimestampElement(p.from));
    span_tos.push_back(TimestampElement(p.to));
  }
  DaySplitParams out;
  // Added one by one: the order of arguments within one StrCat is unspecified.
  if (!days.empty()) {
    const std::string day_array = params_.Add(ArrayLiteral(days), "date[]");
    const std::string starts = params_.Add(ArrayLiteral(day_starts), "timestamptz[]");
    out.whole_days = absl::StrCat("unnest(", day_array, ", ", starts, ") AS wd(day, start)");
  }
  if (!mondays.empty()) {
    const std::string monday_array = params_.Add(ArrayLiteral(mondays), "date[]");
    const std::string starts = params_.Add(ArrayLiteral(week_starts), "timestamptz[]");
    out.whole_weeks = absl::StrCat("unnest(", monday_array, ", ", starts, ") AS ww(week, start)");
  }
  if (!removed.empty()) {
    const std::string removed_array = params_.Add(ArrayLiteral(removed), "date[]");
    const std::string starts = params_.Add(ArrayLiteral(removed_starts), "timestamptz[]");
    out.removed_days = absl::StrCat("unnest(", removed_array, ", ", starts, ") AS rd(day, start)");
  }
  if (!split.partial.empty()) {
    const std::string froms = params_.Add(ArrayLiteral(span_froms), "timestamptz[]");
    const std::string tos = params_.Add(ArrayLiteral(span_tos), "timestamptz[]");
    out.partial_spans = absl::StrCat("unnest(", froms, ", ", tos, ") AS pd(lo, hi)");
  }
  return out;
}

std::string SqlFragments::KeptDaysInRange(absl::string_view alias, absl::string_view column, int margin_days) const {
  // Implied by the runs; names the range's parameters in every form of the source.
  const std::string margin = margin_days == 0 ? "" : absl::StrCat(" - ", margin_days);
  const std::string end_margin = margin_days == 0 ? "" : absl::StrCat(" + ", margin_days);
  return absl::StrCat("\n    AND ", alias, ".", column, " >= (", from_, " AT TIME ZONE 'UTC')::date", margin, " AND ",
                      alias, ".", column, " < (", to_, " AT TIME ZONE 'UTC')::date", end_margin);
}

std::string SqlFragments::CountedDeploySource() {
  const DaySplitParams split = SplitRowsIntoUtcDays(/*weeks=*/true);
  std::vector<std::string> parts;
  // Each kept row at its run's first instant: every day of a run falls in
  // the same bucket or piece (sql/utc_days.h); `sign` "-" takes it away.
  auto kept = [this](const std::string& runs, absl::string_view table, absl::string_view alias,
                     absl::string_view period, absl::string_view run_alias, absl::string_view sign, int margin) {
    return absl::StrCat(
        "\n  SELECT ", alias, ".service, ", alias, ".team, ", alias, ".environment, ", run_alias, ".start AS ts,",
        "\n         ", alias, ".success, ", alias, ".is_rollback, ", alias, ".hotfix, ", sign, alias, ".deploys AS w",
        "\n  FROM ", runs, "\n  JOIN ", table, " ", alias, " ON ", alias, ".", period, " = ", run_alias, ".", period,
        KeptDaysInRange(alias, period, margin), EnvironmentDefault(absl::StrCat(alias, ".environment"), "    "));
  };
  if (!split.whole_weeks.empty()) {
    parts.push_back(kept(split.whole_weeks, "deploy_week_counts", "dk", "week", "ww", "", kCoverMarginDays));
  }
  if (!split.removed_days.empty()) {
    // The days a run's weeks hold beyond the run (WeekCover).
    parts.push_back(kept(split.removed_days, "deploy_day_counts", "dr", "day", "rd", "-", kCoverMarginDays));
  }
  if (!split.whole_days.empty()) {
    parts.push_back(kept(split.whole_days, "deploy_day_counts", "dc", "day", "wd", "", 0));
  }
  if (!split.partial_spans.empty()) {
    parts.push_back(absl::StrCat("\n  SELECT e.service, e.team, e.environment, e.occurred_at AS ts,",
                                 "\n         e.success, e.is_rollback, e.hotfix, 1 AS w", "\n  FROM ",
                                 split.partial_spans,
                                 "\n  JOIN delivery_events e ON e.occurred_at >= pd.lo AND e.occurred_at < pd.hi",
                                 "\n    AND e.occurred_at >= ", from_, " AND e.occurred_at < ", to_, "\n    AND ",
                                 EventTypeIs("e", EventType::kDeploy), EnvironmentDefault("e.environment", "    ")));
  }
  if (parts.empty()) {
    // An empty range: no rows, with the columns' types.
    return absl::StrCat(
        "\n  SELECT NULL::text AS service, NULL::text AS team, NULL::text AS environment, NULL::timestamptz AS ts,",
        "\n         NULL::boolean AS success, NULL::boolean AS is_rollback, NULL::boolean AS hotfix, 0 AS w",
        "\n  WHERE ", from_, " < ", to_, " AND false");
  }
  return absl::StrJoin(parts, "\n  UNION ALL");
}

std::string SqlFragments::LeadTimeSource() {
  const DaySplitParams split = SplitRowsIntoUtcDays();
  std::vector<std::string> parts;
  if (!split.whole_days.empty()) {
    // As CountedDeploySource: each day's values at its run's first instant.
    parts.push_back(absl::StrCat("\n  SELECT lt.service, lt.team, lt.environment, wd.start AS ts, lt.lead_us",
                                 "\n  FROM ", split.whole_days, "\n  JOIN lead_time_days lt ON lt.day = wd.day",
                                 KeptDaysInRange("lt"), EnvironmentDefault("lt.environment", "    ")));
  }
  if (!split.partial_spans.empty()) {
    parts.push_back(absl::StrCat(
        "\n  SELECT e.service, e.team, e.environment, e.occurred_at AS ts,",
        "\n         dora_lead_text(dora_lead_us(e.occurred_at, e.first_commit_ts)) AS lead_us", "\n  FROM ",
        split.partial_spans, "\n  JOIN delivery_events e ON e.occurred_at >= pd.lo AND e.occurred_at < pd.hi",
        "\n    AND e.occurred_at >= ", from_, " AND e.occurred_at < ", to_, "\n    AND ",
        EventTypeIs("e", EventType::kDeploy), " AND e.success AND e.first_commit_ts IS NOT NULL",
        EnvironmentDefault("e.environment", "    ")));
  }
  if (parts.empty()) {
    return absl::StrCat(
        "\n  SELECT NULL::text AS service, NULL::text AS team, NULL::text AS environment, NULL::timestamptz AS ts,",
        "\n         NULL::text AS lead_us", "\n  WHERE ", from_, " < ", to_, " AND false");
  }
  return absl::StrJoin(parts, "\n  UNION ALL");
}

std::string SqlFragments::DeploySource(const DeployRows& rows) {
  if (rows.counted) return CountedDeploySource();
  std::string tolerance = params_.Add(SqlInterval(q_->policy.skew_tolerance), "interval");
  if (rows.ledger && Attributed()) {
    DeployLedgerInputs in;
    in.signals = q_->policy.failure_signals;
    in.from = from_;
    in.to = to_;
    if (!q_->default_environment.empty()) in.environment = params_.Add(q_->default_environment, "text");
    in.skew_tolerance = tolerance;
    in.link_window = params_.Add(SqlInterval(q_->policy.incident_link_window), "interval");
    in.with_first_commit = rows.first_commit;
    in.lead_time_rows_only = rows.lead_time_rows_only;
    in.with_url = rows.url;
    return DeployLedgerSource(in);
  }
  std::string s =
      absl::StrCat("\n  SELECT e.service, e.team, e.environment, e.occurred_at AS ts,",
                   "\n         e.success, e.is_rollback, e.hotfix, e.commit_sha,", rows.url ? " e.url," : "",
                   rows.first_commit ? "\n         e.first_commit_ts AS first_ts," : "",
                   "\n         date_part('epoch', e.occurred_at - e.first_commit_ts) AS lead_s,",
                   "\n         e.first_commit_ts > e.occurred_at + ", tolerance, " AS skewed",
                   rows.ledger ? ReferenceOutcomeColumns() : "", "\n  FROM delivery_events e", "\n  WHERE ",
                   EventTypeIs("e", EventType::kDeploy), "\n    AND e.occurred_at >= ", from_, " AND e.occurred_at < ",
                   to_, EnvironmentDefault("e.environment"));
  if (rows.lead_time_rows_only) absl::StrAppend(&s, "\n    AND e.success AND e.first_commit_ts IS NOT NULL");
  // The predicate of the failed and rolled-back deploys' partial index (migration 6).
  if (rows.failures_only) absl::StrAppend(&s, "\n    AND (e.success IS FALSE OR e.is_rollback IS TRUE)");
  return s;
}

std::string SqlFragments::IncidentSource(bool linked_only, bool with_url) {
  std::string window = params_.Add(SqlInterval(q_->policy.incident_link_window), "interval");
  std::string tolerance = params_.Add(SqlInterval(q_->policy.skew_tolerance), "interval");
  // incident_firsts (schema version 9) holds each incident's first open,
  // first resolution and latest deploy at or before the open: linked when
  // that deploy is within the link window.
  const std::string linked = absl::StrCat("o.deploy_at >= o.opened_at - ", window);
  return absl::StrCat("\n  SELECT o.service, coalesce(o.team, ",
                      linked_only ? "o.deploy_team" : absl::StrCat("CASE WHEN ", linked, " THEN o.deploy_team END"),
                      ") AS team, o.environment, o.opened_at AS ts,", "\n         o.incident_id, o.resolved_at,",
                      "\n         date_part('epoch', o.resolved_at - o.opened_at) AS recovery_s,",
                      "\n         o.resolved_at < o.opened_at - ", tolerance, " AS skewed,",
                      "\n         'incident'::text AS path, NULL::text AS commit_sha", with_url ? ", o.url" : "",
                      "\n  FROM incident_firsts o", "\n  WHERE o.opened_at >= ", from_, " AND o.opened_at < ", to_,
                      EnvironmentDefault("o.environment"), linked_only ? absl::StrCat("\n    AND ", linked) : "");
}

std::string SqlFragments::RecoverySource(bool first_commit, bool with_url) {
  std::string incidents = IncidentSource(/*linked_only=*/true, with_url);
  if (!Attributed()) return incidents;
  std::string deploys = DeploySource(DeployRows().WithLedger().WithFirstCommit(first_commit).WithUrl(with_url));
  return absl::StrCat(
      incidents, "\n  UNION ALL", "\n  SELECT d.service, d.team, d.environment, d.ts, NULL::text AS incident_id,",
      "\n         d.recovered_at AS resolved_at, date_part('epoch', d.recovered_at - d.ts) AS recovery_s,",
      "\n         false AS skewed, 'deploy'::text AS path, d.commit_sha", with_url ? ", d.url" : "", "\n  FROM (",
      deploys, ") AS d", "\n  WHERE d.outcome IN ", kDeploySignalledOutcomes, " AND NOT d.incident_linked");
}

std::string SqlFragments::FilterConditions() {
  std::vector<std::string> conds;
  for (const BoundFilter& f : q_->filters) {
    std::string column = absl::StrCat("s.", DimensionName(f.dimension));
    std::vector<std::string> ph;
    for (const std::string& v : f.values) ph.push_back(params_.Add(v, "text"));
    std::string in = ph.size() == 1 ? absl::StrCat(column, " = ", ph[0])
                                    : absl::StrCat(column, " IN (", absl::StrJoin(ph, ", "), ")");
    // Negation keeps rows whose dimension is NULL: "team != 'x'" includes unowned rows.
    conds.push_back(f.negated ? absl::StrCat("(", in, ") IS NOT TRUE") : in);
  }
  return absl::StrJoin(conds, "\n  AND ");
}

std::string SqlFragments::Filters() {
  const std::string conditions = FilterConditions();
  return conditions.empty() ? "" : absl::StrCat("\nWHERE ", conditions);
}

RollingLayout RollingWindowLayout(const BoundQuery& q) {
  const std::vector<TimeBucket> buckets = MakeBuckets(q.from, q.to, *q.bucket, q.zone);
  std::vector<absl::Time> starts, ends;
  for (const TimeBucket& b : buckets) {
    ends.push_back(WindowEnd(b, q.to));
    starts.push_back(CalendarSpanBefore(ends.back(), *q.rolling, q.zone));
  }
  RollingLayout out;
  out.edges = starts;
  out.edges.insert(out.edges.end(), ends.begin(), ends.end());
  std::sort(out.edges.begin(), out.edges.end());
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end()), out.edges.end());
  const auto piece = [&out](absl::Time t) {
    return static_cast<int>(std::lower_bound(out.edges.begin(), out.edges.end(), t) - out.edges.begin() + 1);
  };
  for (size_t i = 0; i < buckets.size(); ++i) {
    out.windows.push_back({absl::ToUnixSeconds(buckets[i].start), CalendarDays(starts[i], ends[i], q.zone),
                           piece(starts[i]), piece(ends[i])});
  }
  return out;
}

std::string SqlFragments::RollingPiece() {
  std::vector<std::string> edges;
  for (absl::Time t : RollingWindowLayout(*q_).edges) edges.push_back(TimestampElement(t));
  // Piece k (from 1) is [edges[k-1], edges[k]), as width_bucket(ts, edges)
  // numbers it; rows outside the edges belong to no window and no piece.
  return absl::StrCat("width_bucket(s.ts, ", params_.Add(ArrayLiteral(edges), "timestamptz[]"), ")");
}

BucketSql SqlFragments::Buckets() {
  const std::vector<TimeBucket> buckets = MakeBuckets(q_->from, q_->to, *q_->bucket, q_->zone);
  BucketSql out;
  if (q_->rolling) {
    std::vector<std::string> labels, days, starts, ends;
    for (const TimeBucket& b : buckets) {
      const absl::Time end = WindowEnd(b, q_->to);
      const absl::Time start = CalendarSpanBefore(end, *q_->rolling, q_->zone);
      labels.push_back(absl::StrCat(absl::ToUnixSeconds(b.start)));
      days.push_back(ExactDecimal(CalendarDays(start, end, q_->zone)));
      starts.push_back(TimestampElement(start));
      ends.push_back(TimestampElement(end));
    }
    // Added one by one: the order of arguments within one StrCat is unspecified.
    const std::string end_array = params_.Add(ArrayLiteral(ends), "timestamptz[]");
    const std::string start_array = params_.Add(ArrayLiteral(starts), "timestamptz[]");
    out.join = absl::StrCat("\nCROSS JOIN LATERAL generate_series(width_bucket(s.ts, ", end_array,
                            ") + 1, width_bucket(s.ts, ", start_array, ")) AS w(bucket)");
    out.bin = "w.bucket";
    const std::string label_array = params_.Add(ArrayLiteral(labels), "bigint[]");
    const std::string day_array = params_.Add(ArrayLiteral(days), "float8[]");
    out.relation =
        absl::StrCat("unnest(", label_array, ", ", day_array, ") WITH ORDINALITY\n    AS b(time, days, bucket)");
    return out;
  }
  const BucketScheme scheme = SchemeForWidth(*q_->bucket);
  const bool calendar = scheme != BucketScheme::kElapsed;
  std::vector<std::string> keys, labels, days;
  for (const TimeBucket& b : buckets) {
    keys.push_back(absl::StrCat("\"", b.key, "\""));
    labels.push_back(absl::StrCat(absl::ToUnixSeconds(b.start)));
    days.push_back(ExactDecimal(b.days));
  }
  if (scheme == BucketScheme::kCalendarMonths) {
    // The local month counted from January of the origin year, floored to
    // the bucket's N-month step: the key of MakeBuckets' month bucket.
    const std::string local = absl::StrCat("(s.ts AT TIME ZONE ", params_.Add(q_->time_zone, "text"), ")");
    const std::string n = params_.Add(absl::StrCat(q_->bucket->months), "int4");
    out.bin = absl::StrCat(
        "TIMESTAMP '", kCalendarBucketOrigin, "' + make_interval(months => (floor(((date_part('year', ", local, ") - ",
        kCalendarOriginYear, ") * 12 + date_part('month', ", local, ") - 1) / ", n, ") * ", n, ")::int)");
  } else if (scheme == BucketScheme::kCalendarDays) {
    std::string iv = params_.Add(SqlInterval(q_->bucket->elapsed), "interval");
    out.bin = absl::StrCat("date_bin(", iv, ", s.ts AT TIME ZONE ", params_.Add(q_->time_zone, "text"), ", TIMESTAMP '",
                           kCalendarBucketOrigin, "')");
  } else {
    std::string iv = params_.Add(SqlInterval(q_->bucket->elapsed), "interval");
    out.bin = absl::StrCat("date_bin(", iv, ", s.ts, ",
                           params_.Add(FormatRfc3339Utc(ElapsedBucketOrigin(q_->zone)), "timestamptz"), ")");
  }
  // Added one by one: the order of arguments within one StrCat is unspecified.
  const std::string key_array = params_.Add(ArrayLiteral(keys), calendar ? "timestamp[]" : "timestamptz[]");
  const std::string label_array = params_.Add(ArrayLiteral(labels), "bigint[]");
  const std::string day_array = params_.Add(ArrayLiteral(days), "float8[]");
  out.relation =
      absl::StrCat("unnest(", key_array, ", ", label_array, ", ", day_array, ")\n    AS b(bucket, time, days)");
  return out;
}

}  // namespace dora
