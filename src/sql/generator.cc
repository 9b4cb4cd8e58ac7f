#include "sql/generator.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/calendar.h"
#include "common/time_spec.h"
#include "sql/deploy_ledger.h"

namespace dora {
namespace {

// An interval literal that is exactly `d` (whole seconds, else microseconds).
std::string Interval(absl::Duration d) {
  if (d % absl::Seconds(1) == absl::ZeroDuration()) return absl::StrCat(absl::ToInt64Seconds(d), " seconds");
  return absl::StrCat(absl::ToInt64Microseconds(d), " microseconds");
}

// A PostgreSQL array literal of already-plain elements (no quoting needed).
std::string ArrayLiteral(const std::vector<std::string>& elements) {
  return absl::StrCat("{", absl::StrJoin(elements, ","), "}");
}

class Generator {
 public:
  explicit Generator(const BoundQuery& q) : q_(q) {
    from_ = params_.Add(FormatRfc3339Utc(q.from), "timestamptz");
    to_ = params_.Add(FormatRfc3339Utc(q.to), "timestamptz");
  }

  SqlStatement Generate() {
    if (q_.form == QueryForm::kAnnotations) return SqlStatement{Annotations(), params_.Take()};
    if (q_.form == QueryForm::kSamples) return SqlStatement{Samples(), params_.Take()};
    if (q_.form == QueryForm::kDataQuality) return SqlStatement{DataQuality(), params_.Take()};
    std::string source = q_.metric->family == EventFamily::kDeploys ? DeploySource(NeedsLedger())
                         : IsMetric(MetricKind::kRecoveryTime)   ? RecoverySource()
                                                                 : IncidentSource();
    std::string where = Filters();
    std::string aggregates = Aggregates();
    std::vector<std::string> dims;
    for (Dimension d : q_.group_by) dims.emplace_back(DimensionName(d));

    std::string text;
    if (!q_.bucket) {
      std::vector<std::string> select, ordinals;
      for (const std::string& d : dims) select.push_back(absl::StrCat("s.", d, " AS ", d));
      for (size_t i = 1; i <= dims.size(); ++i) ordinals.push_back(absl::StrCat(i));
      select.push_back(aggregates);
      text = absl::StrCat("SELECT ", absl::StrJoin(select, ",\n       "), "\nFROM (", source,
                          ") AS s", where);
      if (!dims.empty()) absl::StrAppend(&text, "\nGROUP BY ", absl::StrJoin(ordinals, ", "));
      if (Sampled()) {
        // Percentiles: hash-aggregate each group's samples into an array, then
        // take percentile_cont over the small per-group arrays. Same values as
        // an ordered-set aggregate over the rows, without a global sort.
        std::vector<std::string> outer;
        for (const std::string& d : dims) outer.push_back(absl::StrCat("g.", d));
        outer.push_back(absl::StrCat(ValueOf("g"), " AS value"));
        outer.push_back("g.n, g.skewed, g.unresolved");
        text = absl::StrCat("SELECT ", absl::StrJoin(outer, ",\n       "), "\nFROM (\n", text, "\n) AS g");
      }
      if (!dims.empty()) absl::StrAppend(&text, "\nORDER BY ", absl::StrJoin(ordinals, ", "));
    } else {
      text = Series(source, where, aggregates, dims);
    }
    return SqlStatement{std::move(text), params_.Take()};
  }

 private:
  bool IsMetric(MetricKind k) const { return q_.metric != nullptr && q_.metric->kind == k; }

  std::string EnvironmentDefault(absl::string_view column, absl::string_view indent = "    ") {
    if (q_.default_environment.empty()) return "";
    return absl::StrCat("\n", indent, "AND ", column, " = ", params_.Add(q_.default_environment, "text"));
  }

  bool Attributed() const { return q_.policy.failure_signals.attributed; }

  // Whether deploy rows need their ledger outcome (sql/deploy_ledger.h).
  bool NeedsLedger() const {
    if (q_.form == QueryForm::kSamples) return true;
    return Attributed() && (IsMetric(MetricKind::kChangeFailureRate) || IsMetric(MetricKind::kRecoveryTime));
  }

  // Production deploy rows in the window with the columns every deploy metric
  // needs, and with `ledger` the failure ledger's columns (sql/deploy_ledger.h).
  std::string DeploySource(bool ledger = false) {
    std::string tolerance = params_.Add(Interval(q_.policy.skew_tolerance), "interval");
    const bool lead_rows = IsMetric(MetricKind::kLeadTime);
    if (ledger && Attributed()) {
      DeployLedgerInputs in;
      in.signals = q_.policy.failure_signals;
      in.from = from_;
      in.to = to_;
      if (!q_.default_environment.empty()) in.environment = params_.Add(q_.default_environment, "text");
      in.skew_tolerance = tolerance;
      in.link_window = params_.Add(Interval(q_.policy.incident_link_window), "interval");
      in.with_first_commit = q_.form == QueryForm::kSamples;
      in.lead_time_rows_only = lead_rows;
      return DeployLedgerSource(in);
    }
    std::string s = absl::StrCat(
        "\n  SELECT e.service, e.team, e.environment, e.occurred_at AS ts,",
        "\n         e.success, e.is_rollback, e.hotfix, e.commit_sha,",
        q_.form == QueryForm::kSamples ? "\n         e.first_commit_ts AS first_ts," : "",
        "\n         date_part('epoch', e.occurred_at - e.first_commit_ts) AS lead_s,",
        "\n         e.first_commit_ts > e.occurred_at + ", tolerance, " AS skewed",
        ledger ? ReferenceOutcomeColumns() : "",
        "\n  FROM delivery_events e",
        "\n  WHERE e.event_type = 'deploy'",
        "\n    AND e.occurred_at >= ", from_, " AND e.occurred_at < ", to_,
        EnvironmentDefault("e.environment"));
    if (lead_rows) absl::StrAppend(&s, "\n    AND e.success AND e.first_commit_ts IS NOT NULL");
    return s;
  }

  // One row per incident opened in the window: an incident is a (service,
  // incident_id) pair, as in the reference design; its first open ever is
  // the one that counts, if it falls in the window. With its first
  // resolution and the latest deploy of the same service and environment
  // within the link window before it opened.
  std::string IncidentSource() {
    std::string window = params_.Add(Interval(q_.policy.incident_link_window), "interval");
    std::string tolerance = params_.Add(Interval(q_.policy.skew_tolerance), "interval");
    bool linked_only = IsMetric(MetricKind::kRecoveryTime);
    return absl::StrCat(
        "\n  SELECT o.service, coalesce(o.team, ld.team) AS team, o.environment, o.opened_at AS ts,",
        "\n         o.incident_id, rs.resolved_at,",
        "\n         date_part('epoch', rs.resolved_at - o.opened_at) AS recovery_s,",
        "\n         rs.resolved_at < o.opened_at - ", tolerance, " AS skewed,",
        "\n         'incident'::text AS path, NULL::text AS commit_sha",
        "\n  FROM (",
        "\n    SELECT i.incident_id, i.service, i.team, ", IncidentEnvironmentSql("i"), " AS environment,",
        "\n           i.occurred_at AS opened_at",
        "\n    FROM delivery_events i",
        "\n    WHERE i.event_type = 'incident_open' AND i.incident_id IS NOT NULL",
        "\n      AND i.occurred_at >= ", from_, " AND i.occurred_at < ", to_,
        EnvironmentDefault(IncidentEnvironmentSql("i"), "      "),
        "\n      AND NOT EXISTS (",
        "\n        SELECT 1 FROM delivery_events p",
        "\n        WHERE p.event_type = 'incident_open' AND p.incident_id = i.incident_id",
        "\n          AND p.service = i.service",
        "\n          AND (p.occurred_at, p.id) < (i.occurred_at, i.id))",
        "\n  ) AS o",
        linked_only ? "\n  JOIN LATERAL (" : "\n  LEFT JOIN LATERAL (",
        "\n    SELECT d.team FROM delivery_events d",
        "\n    WHERE d.event_type = 'deploy' AND d.service = o.service",
        "\n      AND d.environment = o.environment",
        "\n      AND d.occurred_at <= o.opened_at AND d.occurred_at >= o.opened_at - ", window,
        "\n    ORDER BY d.occurred_at DESC LIMIT 1",
        "\n  ) AS ld ON true",
        "\n  LEFT JOIN LATERAL (",
        "\n    SELECT min(r.occurred_at) AS resolved_at FROM delivery_events r",
        "\n    WHERE r.event_type = 'incident_resolved' AND r.incident_id = o.incident_id",
        "\n      AND r.service = o.service",
        "\n  ) AS rs ON true");
  }

  // Recovery samples: linked incidents (IncidentSource), and under an
  // attributed failure policy also deploy-signalled failures without a linked
  // incident, from the failed deploy to the next successful one.
  std::string RecoverySource() {
    std::string incidents = IncidentSource();
    if (!Attributed()) return incidents;
    std::string deploys = DeploySource(/*ledger=*/true);
    return absl::StrCat(
        incidents, "\n  UNION ALL",
        "\n  SELECT d.service, d.team, d.environment, d.ts, NULL::text AS incident_id,",
        "\n         d.recovered_at AS resolved_at, date_part('epoch', d.recovered_at - d.ts) AS recovery_s,",
        "\n         false AS skewed, 'deploy'::text AS path, d.commit_sha",
        "\n  FROM (", deploys, ") AS d",
        "\n  WHERE d.outcome IN ", kDeploySignalledOutcomes, " AND NOT d.incident_linked");
  }

  std::string Filters() {
    std::vector<std::string> conds;
    for (const BoundFilter& f : q_.filters) {
      std::string column = absl::StrCat("s.", DimensionName(f.dimension));
      std::vector<std::string> ph;
      for (const std::string& v : f.values) ph.push_back(params_.Add(v, "text"));
      std::string in = ph.size() == 1 ? absl::StrCat(column, " = ", ph[0])
                                      : absl::StrCat(column, " IN (", absl::StrJoin(ph, ", "), ")");
      // Negation keeps rows whose dimension is NULL: "team != 'x'" includes unowned rows.
      conds.push_back(f.negated ? absl::StrCat("(", in, ") IS NOT TRUE") : in);
    }
    if (conds.empty()) return "";
    return absl::StrCat("\nWHERE ", absl::StrJoin(conds, "\n  AND "));
  }

  bool Sampled() const { return q_.stat && q_.stat->kind == StatKind::kPercentile; }

  // The statistic of `expr` over the rows matching `filter`, named `value`;
  // for percentiles, the samples themselves as an array named `samples`
  // (reduced by ValueOf).
  std::string StatAggregate(absl::string_view expr, absl::string_view filter) {
    const Stat& st = *q_.stat;
    std::string fn;
    switch (st.kind) {
      case StatKind::kPercentile:
        return absl::StrCat("array_agg(", expr, ") FILTER (WHERE ", filter, ") AS samples");
      case StatKind::kMean: fn = "avg"; break;
      case StatKind::kMin: fn = "min"; break;
      case StatKind::kMax: fn = "max"; break;
    }
    return absl::StrCat(fn, "(", expr, ") FILTER (WHERE ", filter, ") AS value");
  }

  // The value column of an aggregated relation `alias`.
  std::string ValueOf(absl::string_view alias) {
    if (!Sampled()) return absl::StrCat(alias, ".value");
    return absl::StrCat("(SELECT percentile_cont(",
                        params_.Add(ExactDecimal(q_.stat->fraction), "float8"),
                        ") WITHIN GROUP (ORDER BY v) FROM unnest(", alias, ".samples) AS v)");
  }

  // value, n, skewed, unresolved (and `days` for deploy_frequency series) over s.
  std::string Aggregates() {
    const std::string zero = "0::bigint";
    switch (q_.metric->kind) {
      case MetricKind::kDeploys:
        return absl::StrCat("count(*) FILTER (WHERE s.success)::float8 AS value,\n",
                            "       count(*) FILTER (WHERE s.success) AS n,\n       ", zero,
                            " AS skewed,\n       ", zero, " AS unresolved");
      case MetricKind::kDeployFrequency: {
        // Per calendar day of the range (see common/calendar.h); series divide per bucket.
        std::string days =
            q_.bucket ? "1" : params_.Add(ExactDecimal(CalendarDays(q_.from, q_.to, q_.zone)), "float8");
        return absl::StrCat("count(*) FILTER (WHERE s.success)::float8 / ", days, " AS value,\n",
                            "       count(*) FILTER (WHERE s.success) AS n,\n       ", zero,
                            " AS skewed,\n       ", zero, " AS unresolved");
      }
      case MetricKind::kLeadTime:
        return absl::StrCat(StatAggregate("greatest(s.lead_s, 0)", "NOT s.skewed"), ",\n",
                            "       count(*) FILTER (WHERE NOT s.skewed) AS n,\n",
                            "       count(*) FILTER (WHERE s.skewed) AS skewed,\n       ", zero,
                            " AS unresolved");
      case MetricKind::kChangeFailureRate:
      case MetricKind::kReworkRate: {
        std::string failed = !IsMetric(MetricKind::kChangeFailureRate) ? "s.hotfix IS TRUE OR s.is_rollback IS TRUE"
                             : Attributed() ? "s.outcome <> 'ok'"
                                            : "s.success IS FALSE OR s.is_rollback IS TRUE";
        return absl::StrCat("count(*) FILTER (WHERE ", failed,
                            ")::float8 / nullif(count(*), 0) AS value,\n       count(*) AS n,\n       ",
                            zero, " AS skewed,\n       ", zero, " AS unresolved");
      }
      case MetricKind::kRecoveryTime:
        return absl::StrCat(
            StatAggregate("greatest(s.recovery_s, 0)", "s.resolved_at IS NOT NULL AND NOT s.skewed"),
            ",\n",
            "       count(*) FILTER (WHERE s.resolved_at IS NOT NULL AND NOT s.skewed) AS n,\n",
            "       count(*) FILTER (WHERE s.skewed) AS skewed,\n",
            "       count(*) FILTER (WHERE s.resolved_at IS NULL) AS unresolved");
      case MetricKind::kIncidents:
        return absl::StrCat("count(*)::float8 AS value,\n       count(*) AS n,\n       ", zero,
                            " AS skewed,\n",
                            "       count(*) FILTER (WHERE s.resolved_at IS NULL) AS unresolved");
    }
    return "";
  }

  // Deploys and incidents as events, oldest first, capped at kMaxAnnotations
  // (one extra row tells the engine that the cap was hit).
  std::string Annotations() {
    std::vector<std::string> kinds;
    for (const std::string& k : q_.annotation_kinds) kinds.push_back(params_.Add(k, "text"));
    std::string deploys = DeploySource();
    std::string incidents = IncidentSource();
    std::string where = Filters();
    absl::StrAppend(&where, where.empty() ? "\nWHERE " : "\n  AND ", "s.kind IN (", absl::StrJoin(kinds, ", "), ")");
    return absl::StrCat(
        "SELECT s.kind, (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,",
        "\n       (extract(epoch FROM s.ts_end) * 1000000)::bigint AS time_end_us,",
        "\n       s.service, s.team, s.environment, s.commit_sha, s.incident_id, s.hotfix, s.lead_s",
        "\nFROM (",
        "\nSELECT CASE WHEN d.is_rollback THEN 'rollback' WHEN d.success IS FALSE THEN 'failure' ELSE 'deploy' END AS kind,",
        "\n       d.ts, NULL::timestamptz AS ts_end, d.service, d.team, d.environment, d.commit_sha,",
        "\n       NULL::text AS incident_id, d.hotfix,\n       CASE WHEN d.skewed OR d.lead_s IS NULL THEN NULL ELSE greatest(d.lead_s, 0) END AS lead_s",
        "\nFROM (", deploys, ") AS d",
        "\nUNION ALL",
        "\nSELECT 'incident', i.ts, i.resolved_at, i.service, i.team, i.environment, NULL, i.incident_id, NULL, NULL",
        "\nFROM (", incidents, ") AS i",
        "\n) AS s", where,
        "\nORDER BY s.ts, s.kind, s.service",
        "\nLIMIT ", kMaxAnnotations + 1);
  }

  // The rows behind a metric, one each: the largest lead times or recovery
  // times, or the most recent deploys with their ledger outcome.
  std::string Samples() {
    const bool lead = IsMetric(MetricKind::kLeadTime);
    const bool recovery = IsMetric(MetricKind::kRecoveryTime);
    std::string where = Filters();
    if (lead || recovery) {
      absl::StrAppend(&where, where.empty() ? "\nWHERE " : "\n  AND ",
                      lead ? "NOT s.skewed" : "s.resolved_at IS NOT NULL AND NOT s.skewed");
    }
    const char* outcome =
        "\n       s.outcome, (extract(epoch FROM s.signal_at) * 1000000)::bigint AS signal_us, s.signal_id";
    std::string columns, order;
    if (lead) {
      columns = absl::StrCat("s.commit_sha,\n       (extract(epoch FROM s.first_ts) * 1000000)::bigint AS first_us,",
                             "\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,", outcome, ",",
                             "\n       greatest(s.lead_s, 0) AS value");
      order = "value DESC, s.ts DESC, s.service";
    } else if (recovery) {
      columns = "s.incident_id, s.path, s.commit_sha,\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,"
                "\n       (extract(epoch FROM s.resolved_at) * 1000000)::bigint AS end_us,"
                "\n       greatest(s.recovery_s, 0) AS value";
      order = "value DESC, s.ts DESC, s.service";
    } else {
      columns = absl::StrCat("s.commit_sha,\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,", outcome,
                             ",\n       CASE WHEN s.skewed OR s.success IS NOT TRUE THEN NULL",
                             " ELSE greatest(s.lead_s, 0) END AS value");
      order = "s.ts DESC, s.service";
    }
    std::string source = lead || !recovery ? DeploySource(/*ledger=*/true) : RecoverySource();
    return absl::StrCat("SELECT s.service, s.team, s.environment, ", columns, "\nFROM (", source, ") AS s", where,
                        "\nORDER BY ", order, "\nLIMIT ", q_.limit + 1);
  }

  // Per source: what arrived in the window and what the metrics cannot use.
  std::string DataQuality() {
    std::string tolerance = params_.Add(Interval(q_.policy.skew_tolerance), "interval");
    std::string where = Filters();
    absl::StrAppend(&where, where.empty() ? "\n  WHERE " : "\n    AND ", "s.occurred_at >= ", from_,
                    " AND s.occurred_at < ", to_);
    absl::StrReplaceAll({{"\nWHERE ", "\n  WHERE "}, {"\n  AND ", "\n    AND "}}, &where);
    return absl::StrCat(
        "WITH s AS (",
        "\n  SELECT s.source, s.event_type, s.service, s.environment, s.environment_raw, s.commit_sha,",
        "\n         s.success, s.is_rollback, s.first_commit_ts, s.incident_id, s.occurred_at, s.ingested_at",
        "\n  FROM delivery_events s", where,
        "\n),",
        "\nenvironments AS (",
        "\n  SELECT e.source, string_agg(e.label || ': ' || e.n, ', ' ORDER BY e.n DESC, e.label) AS names",
        "\n  FROM (SELECT s.source,",
        "\n               CASE WHEN s.environment_raw IS NULL OR s.environment_raw = s.environment",
        "\n                    THEN s.environment ELSE s.environment_raw || ' -> ' || s.environment END AS label,",
        "\n               count(*) AS n",
        "\n        FROM s WHERE s.event_type = 'deploy' GROUP BY 1, 2) AS e",
        "\n  GROUP BY e.source",
        "\n)",
        "\nSELECT s.source,",
        "\n       count(*) AS events,",
        "\n       count(*) FILTER (WHERE s.event_type = 'change') AS changes,",
        "\n       count(*) FILTER (WHERE s.event_type = 'deploy') AS deploys,",
        "\n       count(*) FILTER (WHERE s.event_type = 'incident_open') AS incidents,",
        "\n       count(*) FILTER (WHERE s.event_type = 'deploy' AND s.success",
        "\n                          AND s.is_rollback IS NOT TRUE AND s.first_commit_ts IS NULL)",
        " AS deploys_without_first_commit,",
        "\n       count(*) FILTER (WHERE s.event_type = 'deploy'",
        "\n                          AND s.first_commit_ts > s.occurred_at + ", tolerance, ") AS skewed,",
        "\n       count(*) FILTER (WHERE s.event_type = 'incident_resolved' AND NOT EXISTS (",
        "\n         SELECT 1 FROM delivery_events o",
        "\n         WHERE o.event_type = 'incident_open' AND o.incident_id = s.incident_id",
        "\n           AND o.service = s.service))",
        " AS resolved_without_open,",
        "\n       count(*) FILTER (WHERE s.event_type = 'deploy' AND EXISTS (",
        "\n         SELECT 1 FROM delivery_events t",
        "\n         WHERE t.event_type = 'deploy' AND t.service = s.service AND t.source <> s.source",
        "\n           AND t.environment IS NOT DISTINCT FROM s.environment",
        "\n           AND t.commit_sha = s.commit_sha AND t.success IS NOT DISTINCT FROM s.success",
        "\n           AND t.occurred_at BETWEEN s.occurred_at - interval '1 minute'",
        "\n                                 AND s.occurred_at + interval '1 minute'))",
        " AS suspected_duplicates,",
        "\n       min(env.names) AS deploy_environments,",
        "\n       (extract(epoch FROM max(s.occurred_at)) * 1000000)::bigint AS last_us,",
        "\n       (extract(epoch FROM max(s.ingested_at)) * 1000000)::bigint AS received_us",
        "\nFROM s LEFT JOIN environments env ON env.source = s.source",
        "\nGROUP BY s.source\nORDER BY s.source");
  }

  // Zero-filled series: every (group, bucket) pair in the range gets a row.
  // The buckets come from common/calendar.h as arrays (key, label, days);
  // SQL only bins each row's timestamp into a key.
  std::string Series(const std::string& source, const std::string& where,
                     const std::string& aggregates, const std::vector<std::string>& dims) {
    const std::vector<TimeBucket> buckets = MakeBuckets(q_.from, q_.to, *q_.bucket, q_.zone);
    const bool calendar = SchemeForWidth(*q_.bucket) == BucketScheme::kCalendarDays;
    std::vector<std::string> keys, labels, days;
    for (const TimeBucket& b : buckets) {
      keys.push_back(absl::StrCat("\"", b.key, "\""));
      labels.push_back(absl::StrCat(absl::ToUnixSeconds(b.start)));
      days.push_back(ExactDecimal(b.days));
    }
    std::string iv = params_.Add(Interval(*q_.bucket), "interval");
    std::string bin;
    if (calendar) {
      bin = absl::StrCat("date_bin(", iv, ", s.ts AT TIME ZONE ", params_.Add(q_.time_zone, "text"),
                         ", TIMESTAMP '", kCalendarBucketOrigin, "')");
    } else {
      bin = absl::StrCat("date_bin(", iv, ", s.ts, ",
                         params_.Add(FormatRfc3339Utc(ElapsedBucketOrigin(q_.zone)), "timestamptz"), ")");
    }
    // Added one by one: the order of arguments within one StrCat is unspecified.
    const std::string key_array = params_.Add(ArrayLiteral(keys), calendar ? "timestamp[]" : "timestamptz[]");
    const std::string label_array = params_.Add(ArrayLiteral(labels), "bigint[]");
    const std::string day_array = params_.Add(ArrayLiteral(days), "float8[]");

    std::vector<std::string> agg_select, group_cols, join_on, outer_dims, order;
    for (const std::string& d : dims) {
      agg_select.push_back(absl::StrCat("s.", d, " AS ", d));
      join_on.push_back(absl::StrCat("a.", d, " IS NOT DISTINCT FROM g.", d));
      outer_dims.push_back(absl::StrCat("g.", d, " AS ", d));
      order.push_back(absl::StrCat("g.", d));
    }
    agg_select.push_back(absl::StrCat(bin, " AS bucket"));
    agg_select.push_back(aggregates);
    for (size_t i = 1; i <= dims.size() + 1; ++i) group_cols.push_back(absl::StrCat(i));
    join_on.push_back("a.bucket = b.bucket");
    order.push_back("b.time");

    std::string value = ValueOf("a");
    if (q_.metric->value_kind == ValueKind::kCount) value = "coalesce(a.value, 0)";
    // Deploys per calendar day of the part of the bucket inside the range.
    if (IsMetric(MetricKind::kDeployFrequency)) value = "coalesce(a.value, 0) / b.days";

    std::string text = absl::StrCat(
        "WITH agg AS (\nSELECT ", absl::StrJoin(agg_select, ",\n       "), "\nFROM (", source,
        ") AS s", where, "\nGROUP BY ", absl::StrJoin(group_cols, ", "), "\n),\nbuckets AS (",
        "\n  SELECT * FROM unnest(", key_array, ", ", label_array, ", ", day_array,
        ")\n    AS b(bucket, time, days)\n)");
    if (!dims.empty()) {
      std::vector<std::string> plain;
      for (const std::string& d : dims) plain.push_back(d);
      absl::StrAppend(&text, ",\ngroups AS (SELECT DISTINCT ", absl::StrJoin(plain, ", "), " FROM agg)");
    }
    std::vector<std::string> select = outer_dims;
    select.push_back("b.time AS time");
    select.push_back(absl::StrCat(value, " AS value"));
    select.push_back("coalesce(a.n, 0) AS n");
    select.push_back("coalesce(a.skewed, 0) AS skewed");
    select.push_back("coalesce(a.unresolved, 0) AS unresolved");
    absl::StrAppend(&text, "\nSELECT ", absl::StrJoin(select, ",\n       "), "\nFROM buckets b");
    if (!dims.empty()) absl::StrAppend(&text, " CROSS JOIN groups g");
    absl::StrAppend(&text, "\nLEFT JOIN agg a ON ", absl::StrJoin(join_on, " AND "), "\nORDER BY ",
                    absl::StrJoin(order, ", "));
    return text;
  }

  const BoundQuery& q_;
  ParamList params_;
  std::string from_;
  std::string to_;
};

}  // namespace

absl::StatusOr<SqlStatement> GenerateSql(const BoundQuery& query) {
  if (query.form == QueryForm::kAnnotations ? query.annotation_kinds.empty()
                                             : query.metric == nullptr && query.form != QueryForm::kDataQuality) {
    return absl::InternalError("sql: query is not bound");
  }
  if (query.form == QueryForm::kMetric && query.metric->value_kind == ValueKind::kDuration && !query.stat) {
    return absl::InternalError("sql: duration metric bound without a stat");
  }
  return Generator(query).Generate();
}

}  // namespace dora
