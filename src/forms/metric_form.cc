// The metric form: a statistic per group over the whole range.
//
//   lead_time p90 by service where team = 'payments'
//
//   deploys by service vs previous
//
// `vs previous` adds the statistic over the previous period, the range's
// exact length just before it ([from - (to - from), from), as instants), and
// the relative change. SQL and result table: forms/metric_values.h. Frames:
// for panels one plain table frame (no data-plane type, typeVersion [0,0]): a
// string field per dimension, `value`, `n`, `band`, `previous`,
// `previous_n`, `change_pct`, `skewed`, `unresolved`, `note` as the table
// has them; for alerting one numeric-long frame (typeVersion [0,1]) of only
// the dimensions and `value`, so every row is one alert instance whose labels
// are the dimensions (no rows: the typed frame without fields).
//
// dora_score (forms/dora_score_values.h) has its own statement and table:
// the panel frame carries its sub-scores, benchmark and notes; the alerting
// frame is the same dimensions-and-value frame.
#include "forms/dora_score_values.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/metric_values.h"

namespace dora {
namespace {

bool IsScore(const BoundQuery& q) { return q.metric->value_kind == ValueKind::kScore; }

class MetricFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kMetric; }
  bool Alertable() const override { return true; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery* q) const override { return BindMetricValuedHead(p, q); }
  absl::Status BindTail(const ParsedQuery& p, BoundQuery* q) const override {
    if (!p.vs_previous) return absl::OkStatus();
    // PostgreSQL's timestamptz starts in 4713 BC; RFC 3339 at year 1.
    if (PreviousPeriodFrom(*q) < absl::FromCivil(absl::CivilSecond(1, 1, 1), absl::UTCTimeZone())) {
      return BindError(*p.vs_previous, "the previous period would start before the year 1", "use a shorter time range",
                       "", absl::StatusCode::kOutOfRange);
    }
    q->vs_previous = true;
    return absl::OkStatus();
  }
  std::string RenderHead(const ParsedQuery&, const BoundQuery& q) const override { return MetricDisplayName(q); }
  std::string RenderTail(const BoundQuery& q) const override { return q.vs_previous ? " vs previous" : ""; }

  std::string Sql(SqlFragments& sql) const override {
    return IsScore(sql.query()) ? DoraScoreSql(sql) : GroupedMetricSql(sql);
  }

  absl::Status Shape(const SqlResult& rows, QueryResult* result) const override {
    if (IsScore(result->query)) return ShapeDoraScoreRows(rows, result);
    absl::Status s = ShapeMetricRows(rows, result);
    if (!s.ok()) return s;
    AddMetricNotices("groups", result);
    return absl::OkStatus();
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool for_alerting) const override {
    const int value = r.table.ColumnWithRole(ColumnRole::kValue);
    FieldConfig config = ValueConfig(r.query, DisplayName(r.query), r.table.columns[value].unit);
    if (for_alerting) return OnlyFrame(NumericLongFrame(r, ref_id, ColumnRole::kDimension, config));
    return OnlyFrame(MetricTableFrame(r, ref_id, config));
  }

  std::string DisplayName(const BoundQuery& q) const override { return MetricDisplayName(q); }
};

}  // namespace

const FormModule& MetricForm() {
  static const MetricFormModule* module = new MetricFormModule();
  return *module;
}

}  // namespace dora
