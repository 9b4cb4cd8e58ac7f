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
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/metric_values.h"
#include "forms/shaping.h"
#include "metrics/event_type.h"

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

  std::string Sql(SqlFragments& sql) const override {
    std::string tolerance = sql.Param(SqlInterval(sql.query().policy.skew_tolerance), "interval");
    std::string where = sql.Filters();
    absl::StrAppend(&where, where.empty() ? "\n  WHERE " : "\n    AND ", "s.occurred_at >= ", sql.from(),
                    " AND s.occurred_at < ", sql.to());
    absl::StrReplaceAll({{"\nWHERE ", "\n  WHERE "}, {"\n  AND ", "\n    AND "}}, &where);
    return absl::StrCat(
        "WITH s AS (", "\n  SELECT s.source, s.event_type, s.service, s.environment, s.environment_raw, s.commit_sha,",
        "\n         s.success, s.is_rollback, s.first_commit_ts, s.incident_id, s.occurred_at, s.ingested_at",
        "\n  FROM delivery_events s", where, "\n),", "\nenvironments AS (",
        "\n  SELECT e.source, string_agg(e.label || ': ' || e.n, ', ' ORDER BY e.n DESC, e.label) AS names",
        "\n  FROM (SELECT s.source,",
        "\n               CASE WHEN s.environment_raw IS NULL OR s.environment_raw = s.environment",
        "\n                    THEN s.environment ELSE s.environment_raw || ' -> ' || s.environment END AS label,",
        "\n               count(*) AS n", "\n        FROM s WHERE ", EventTypeIs("s", EventType::kDeploy),
        " GROUP BY 1, 2) AS e", "\n  GROUP BY e.source", "\n)", "\nSELECT s.source,", "\n       count(*) AS events,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kChange), ") AS changes,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kDeploy), ") AS deploys,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kIncidentOpen), ") AS incidents,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kDeploy), " AND s.success",
        "\n                          AND s.is_rollback IS NOT TRUE AND s.first_commit_ts IS NULL)",
        " AS deploys_without_first_commit,", "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kDeploy),
        "\n                          AND s.first_commit_ts > s.occurred_at + ", tolerance, ") AS skewed,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kIncidentResolved), " AND NOT EXISTS (",
        "\n         SELECT 1 FROM delivery_events o", "\n         WHERE ", EventTypeIs("o", EventType::kIncidentOpen),
        " AND o.incident_id = s.incident_id", "\n           AND o.service = s.service))", " AS resolved_without_open,",
        "\n       count(*) FILTER (WHERE ", EventTypeIs("s", EventType::kDeploy), " AND EXISTS (",
        "\n         SELECT 1 FROM delivery_events t", "\n         WHERE ", EventTypeIs("t", EventType::kDeploy),
        " AND t.service = s.service AND t.source <> s.source",
        "\n           AND t.environment IS NOT DISTINCT FROM s.environment",
        "\n           AND t.commit_sha = s.commit_sha AND t.success IS NOT DISTINCT FROM s.success",
        "\n           AND t.occurred_at BETWEEN s.occurred_at - interval '1 minute'",
        "\n                                 AND s.occurred_at + interval '1 minute'))", " AS suspected_duplicates,",
        "\n       min(env.names) AS deploy_environments,",
        "\n       (extract(epoch FROM max(s.occurred_at)) * 1000000)::bigint AS last_us,",
        "\n       (extract(epoch FROM max(s.ingested_at)) * 1000000)::bigint AS received_us",
        "\nFROM s LEFT JOIN environments env ON env.source = s.source", "\nGROUP BY s.source\nORDER BY s.source");
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
    if (!for_alerting) return {PlainTableFrame(r, ref_id)};
    FieldConfig events;
    events.display_name_from_ds = "events";
    events.description = "Events of every type this source sent in the window";
    return {NumericLongFrame(r, ref_id, ColumnRole::kDimension, events)};
  }

  std::string DisplayName(const BoundQuery&) const override { return "data_quality"; }
};

}  // namespace

const FormModule& DataQualityForm() {
  static const DataQualityFormModule* module = new DataQualityFormModule();
  return *module;
}

}  // namespace dora
