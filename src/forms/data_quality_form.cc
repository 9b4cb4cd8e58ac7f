// The data_quality form: per event source, what arrived in the window and
// what the metrics cannot use. Looks at every event, whatever its environment.
//
//   data_quality [where ...]
//
// SQL result schema, one row per source present in the window (by
// occurred_at), ordered by source: `source`, `events`, `changes`, `deploys`,
// `incidents` (opens), `deploys_without_first_commit` (successful,
// non-rollback deploys lead time cannot use), `skewed` (deploys whose first
// commit is later than the deploy beyond the skew tolerance),
// `resolved_without_open` (resolutions of incidents never opened),
// `suspected_duplicates` (deploys with a twin from another source: same
// service, environment, commit and outcome within a minute; not hidden),
// `deploy_environments` (deploys per environment name as sent, "Production ->
// prod: 3, staging: 4", so an unmapped alias is visible),
// `last_us` (latest occurred_at), `received_us` (latest ingested_at).
// Result table (one plain table frame): the same, times as `last_event_at`
// and `last_received_at`. For alerting (the data-pipeline health rule), one
// numeric-long frame: `source` as the label and `events` as the value, one
// alert instance per source; when no source sent an event in the window
// there are no rows, which Grafana evaluates as NoData.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "common/time_spec.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/metric_values.h"
#include "forms/shaping.h"
#include "metrics/event_type.h"
#include "sql/utc_days.h"

namespace dora {
namespace {

class DataQualityFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kDataQuality; }
  bool Alertable() const override { return true; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery*) const override {
    return CheckFormClauses(p, QueryFormNamed("data_quality"));
  }
  bool DefaultsToProduction() const override { return false; }
  std::string RenderHead(const ParsedQuery&, const BoundQuery&) const override { return "data_quality"; }

  // Plain counts per source, event type and environment name (`r`): whole
  // UTC days of the window from event_day_counts, the rest of the window
  // and a minute either side from the events (`x`, one row per kept key or
  // event, `counted` when the query counts it): `g` keeps the groups with
  // rows the query counts, and every group notes which of 64 hash classes
  // its deploys' services fall in (whatever the filters). `twins` are the
  // classes with deploys from two or more sources around the window: a
  // superset of the services with suspected duplicates (a twin is a deploy
  // of the same service from another source within a minute), so only their
  // deploys are probed, and none when every service's deploys come from one
  // source. The window's resolutions without an open are the window's rows
  // of unopened_resolutions (migration 16).
  std::string Sql(SqlFragments& sql) const override {
    // Every scan below is bounded by the window (the BRIN index on
    // occurred_at, the incident and deploy indexes, the kept days).
    sql.AvoidTableScans();
    std::string tolerance = sql.Param(SqlInterval(sql.query().policy.skew_tolerance), "interval");
    std::string where = sql.Filters();
    absl::StrAppend(&where, where.empty() ? "\n  WHERE " : "\n    AND ", "s.occurred_at >= ", sql.from(),
                    " AND s.occurred_at < ", sql.to());
    absl::StrReplaceAll({{"\nWHERE ", "\n  WHERE "}, {"\n  AND ", "\n    AND "}}, &where);
    const std::string deploy = EventTypeIs("s", EventType::kDeploy);
    const auto per_type = [](EventType type) {
      return absl::StrCat("coalesce(sum(g.n) FILTER (WHERE ", EventTypeIs("g", type), "), 0)::bigint");
    };
    const auto per_source = [](absl::string_view name) {
      return absl::StrCat("coalesce((SELECT x.n FROM ", name, " x WHERE x.source = g.source), 0)");
    };
    // The rows the counts take: the query's filters (and for events the window).
    std::string filters = sql.FilterConditions();
    absl::StrReplaceAll({{"\n  AND ", " AND "}}, &filters);
    const std::string in_window = absl::StrCat("s.occurred_at >= ", sql.from(), " AND s.occurred_at < ", sql.to());
    const std::string counted = filters.empty() ? in_window : absl::StrCat(filters, " AND ", in_window);
    const std::string margin_from = absl::StrCat(sql.from(), " - interval '1 minute'");
    const std::string margin_to = absl::StrCat(sql.to(), " + interval '1 minute'");
    const std::string event_columns = absl::StrCat(
        "\n  SELECT s.source, s.event_type, s.environment, s.environment_raw, s.service, (", counted,
        ") AS counted,\n         1 AS n, (", deploy, " AND s.success AND s.is_rollback IS NOT TRUE",
        " AND s.first_commit_ts IS NULL)::int AS without_first_commit,\n         (", deploy,
        " AND s.first_commit_ts > s.occurred_at + ", tolerance, ")::int AS skewed, s.occurred_at AS last_at,",
        " s.ingested_at AS received_at\n  FROM delivery_events s");
    // Whole UTC days inside the window, if any: [first, end), its whole ISO
    // weeks among them.
    const UtcDaySplit split = SplitIntoUtcDays(sql.window_from(), sql.window_to(), {});
    std::string rows;
    if (split.whole_days.empty()) {
      rows =
          absl::StrCat(event_columns, "\n  WHERE s.occurred_at >= ", margin_from, " AND s.occurred_at <= ", margin_to);
    } else {
      const absl::CivilDay first = split.whole_days.front().first, end = split.whole_days.front().end;
      const std::string first_day = sql.Param(absl::FormatCivilTime(first), "date");
      const std::string end_day = sql.Param(absl::FormatCivilTime(end), "date");
      const std::string first_at =
          sql.Param(FormatRfc3339Utc(absl::FromCivil(first, absl::UTCTimeZone())), "timestamptz");
      const std::string end_at = sql.Param(FormatRfc3339Utc(absl::FromCivil(end, absl::UTCTimeZone())), "timestamptz");
      const std::string tolerance_us = absl::StrCat("(extract(epoch FROM ", tolerance, ") * 1000000)::bigint");
      const std::string kept_columns =
          absl::StrCat("\n  SELECT s.source, s.event_type, s.environment, s.environment_raw, s.service, ",
                       filters.empty() ? "true" : absl::StrCat("(", filters, ")"), " AS counted,",
                       "\n         s.events AS n, s.without_first_commit,",
                       "\n         CASE WHEN s.ahead_us IS NULL THEN 0 ELSE (SELECT count(*) FROM unnest(s.ahead_us) "
                       "AS a WHERE a > ",
                       tolerance_us, ")::int END AS skewed, s.last_at, s.received_at");
      // The run's whole weeks from event_week_counts, its other days from event_day_counts.
      const WholeWeeks weeks = WholeWeeksOf(split.whole_days.front());
      std::string kept;
      if (weeks.first == weeks.end) {
        kept = absl::StrCat(kept_columns, "\n  FROM event_day_counts s WHERE s.day >= ", first_day, " AND s.day < ",
                            end_day);
      } else {
        const std::string first_week = sql.Param(absl::FormatCivilTime(weeks.first), "date");
        const std::string end_week = sql.Param(absl::FormatCivilTime(weeks.end), "date");
        kept = absl::StrCat(kept_columns, "\n  FROM event_week_counts s WHERE s.week >= ", first_week, " AND s.week < ",
                            end_week, "\n  UNION ALL", kept_columns,
                            "\n  FROM event_day_counts s WHERE (s.day >= ", first_day, " AND s.day < ", first_week,
                            ") OR (s.day >= ", end_week, " AND s.day < ", end_day, ")");
      }
      rows = absl::StrCat(kept, "\n  UNION ALL", event_columns, "\n  WHERE s.occurred_at >= ", margin_from,
                          " AND s.occurred_at < ", first_at, "\n  UNION ALL", event_columns,
                          "\n  WHERE s.occurred_at >= ", end_at, " AND s.occurred_at <= ", margin_to);
    }
    return absl::StrCat(
        "WITH x AS (", rows, "\n),", "\nr AS (", "\n  SELECT s.source, s.event_type, s.environment, s.environment_raw,",
        "\n         coalesce(sum(s.n) FILTER (WHERE s.counted), 0) AS n,",
        "\n         sum(s.without_first_commit) FILTER (WHERE s.counted) AS without_first_commit,",
        "\n         sum(s.skewed) FILTER (WHERE s.counted) AS skewed,",
        "\n         max(s.last_at) FILTER (WHERE s.counted) AS last_at,",
        "\n         max(s.received_at) FILTER (WHERE s.counted) AS received_at,",
        "\n         bit_or(1::bigint << (hashtext(s.service) & 63)) FILTER (WHERE ", deploy, ") AS deploy_services",
        "\n  FROM x AS s", "\n  GROUP BY 1, 2, 3, 4", "\n),", "\ng AS (SELECT * FROM r WHERE r.n > 0),",
        "\nlabels AS (",
        "\n  SELECT g.source, CASE WHEN g.environment_raw IS NULL OR g.environment_raw = g.environment",
        "\n                       THEN g.environment ELSE g.environment_raw || ' -> ' || g.environment END AS label,",
        "\n         sum(g.n)::bigint AS n", "\n  FROM g WHERE ", EventTypeIs("g", EventType::kDeploy), " GROUP BY 1, 2",
        "\n),", "\nunopened AS MATERIALIZED (", "\n  SELECT s.source, count(*) AS n", "\n  FROM unopened_resolutions s",
        where, "\n  GROUP BY s.source", "\n),", "\ntwins AS (", "\n  SELECT h FROM generate_series(0, 63) AS h",
        "\n  WHERE (SELECT count(DISTINCT r.source) FROM r WHERE r.deploy_services & (1::bigint << h) <> 0) >= 2",
        "\n),", "\nduplicates AS MATERIALIZED (", "\n  SELECT s.source, count(*) AS n", "\n  FROM delivery_events s",
        where, "\n    AND ", deploy, " AND (hashtext(s.service) & 63) IN (SELECT h FROM twins) AND EXISTS (",
        "\n      SELECT 1 FROM delivery_events t", "\n      WHERE ", EventTypeIs("t", EventType::kDeploy),
        " AND t.service = s.service AND t.source <> s.source",
        "\n        AND t.environment IS NOT DISTINCT FROM s.environment",
        "\n        AND t.commit_sha = s.commit_sha AND t.success IS NOT DISTINCT FROM s.success",
        "\n        AND t.occurred_at BETWEEN s.occurred_at - interval '1 minute'",
        "\n                              AND s.occurred_at + interval '1 minute')", "\n  GROUP BY s.source", "\n)",
        "\nSELECT g.source,", "\n       sum(g.n)::bigint AS events,", "\n       ", per_type(EventType::kChange),
        " AS changes,", "\n       ", per_type(EventType::kDeploy), " AS deploys,", "\n       ",
        per_type(EventType::kIncidentOpen), " AS incidents,",
        "\n       sum(g.without_first_commit)::bigint AS deploys_without_first_commit,",
        "\n       sum(g.skewed)::bigint AS skewed,", "\n       ", per_source("unopened"), " AS resolved_without_open,",
        "\n       ", per_source("duplicates"), " AS suspected_duplicates,",
        "\n       (SELECT string_agg(l.label || ': ' || l.n, ', ' ORDER BY l.n DESC, l.label)",
        "\n        FROM labels l WHERE l.source = g.source) AS deploy_environments,",
        "\n       (extract(epoch FROM max(g.last_at)) * 1000000)::bigint AS last_us,",
        "\n       (extract(epoch FROM max(g.received_at)) * 1000000)::bigint AS received_us", "\nFROM g",
        "\nGROUP BY g.source\nORDER BY g.source");
  }

  absl::Status Shape(const SqlResult& rows, QueryResult* out) const override {
    return CopyColumns(rows,
                       {{"source", {"source", ColumnType::kString, Unit::kNone, ColumnRole::kDimension}},
                        {"events", {"events", ColumnType::kInt, Unit::kNone, ColumnRole::kValue}},
                        {"changes", {"changes", ColumnType::kInt}},
                        {"deploys", {"deploys", ColumnType::kInt}},
                        {"incidents", {"incidents", ColumnType::kInt}},
                        {"deploys_without_first_commit", {"deploys_without_first_commit", ColumnType::kInt}},
                        {"skewed", {"skewed", ColumnType::kInt}},
                        {"resolved_without_open", {"resolved_without_open", ColumnType::kInt}},
                        {"suspected_duplicates", {"suspected_duplicates", ColumnType::kInt}},
                        {"deploy_environments", {"deploy_environments", ColumnType::kString}},
                        {"last_us", {"last_event_at", ColumnType::kTime}},
                        {"received_us", {"last_received_at", ColumnType::kTime}}},
                       &out->table);
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool for_alerting) const override {
    if (!for_alerting) return OnlyFrame(PlainTableFrame(r, ref_id));
    FieldConfig events;
    events.display_name_from_ds = "events";
    events.description = "Events of every type this source sent in the window";
    return OnlyFrame(NumericLongFrame(r, ref_id, ColumnRole::kDimension, events));
  }

  std::string DisplayName(const BoundQuery&) const override { return "data_quality"; }
};

}  // namespace

const FormModule& DataQualityForm() {
  static const DataQualityFormModule* module = new DataQualityFormModule();
  return *module;
}

}  // namespace dora
