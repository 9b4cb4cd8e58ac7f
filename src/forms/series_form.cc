// The series form: a statistic per group and time bucket.
//
//   deploys by team every 1w
//   lead_time p50 by service every 1w rolling 28d
//
// SQL (schema in forms/metric_values.h): zero-filled, every (group, bucket)
// pair in the range gets a row; the buckets come from common/calendar.h as
// arrays (key, label, days) and SQL only bins each row's timestamp into a
// key. With `rolling` each point is the metric over the window ending at
// min(bucket end, to): counts, rates and percentiles take each row once, in
// its piece of the windows (SqlFragments::RollingPiece), and the engine
// combines each window's pieces (forms/rolling_series.h, the same rows zero-filled
// the same way); other statistics of samples count each row in every bucket
// whose window holds it (BucketSql). Result table: forms/metric_values.h,
// with `time`. Frames:
// timeseries-multi, one frame per group: `time` plus `value` carrying the
// group's dimensions as labels; no rows is one typed frame without fields.
#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/metric_values.h"
#include "forms/rolling_series.h"
#include "forms/shaping.h"

namespace dora {
namespace {

// The zero-filled answer over `agg` (one row per group and bucket key) and
// `buckets` (time, days, bucket): every group at every bucket.
std::string ZeroFilledSeries(SqlFragments& sql, const std::vector<std::string>& dims) {
  const BoundQuery& q = sql.query();
  std::vector<std::string> join_on, outer_dims, order;
  for (const std::string& d : dims) {
    outer_dims.push_back(absl::StrCat("g.", d, " AS ", d));
    order.push_back(absl::StrCat("g.", d));
  }
  if (!dims.empty()) join_on.push_back(SameGroup("a", "g", dims));
  join_on.push_back("a.bucket = b.bucket");
  order.push_back("b.time");

  std::string value = MetricValueOf(sql, "a");
  if (q.metric->value_kind == ValueKind::kCount) value = "coalesce(a.value, 0)";
  // Deploys per calendar day of the part of the bucket inside the range, or
  // of the rolling window.
  if (q.metric->kind == MetricKind::kDeployFrequency) value = "coalesce(a.value, 0) / b.days";

  std::string text;
  if (!dims.empty()) {
    absl::StrAppend(&text, ",\ngroups AS (SELECT DISTINCT ", absl::StrJoin(dims, ", "), " FROM agg)");
  }
  std::vector<std::string> select = outer_dims;
  select.push_back("b.time AS time");
  select.push_back(absl::StrCat(value, " AS value"));
  select.push_back("coalesce(a.n, 0) AS n");
  select.push_back("coalesce(a.skewed, 0) AS skewed");
  select.push_back("coalesce(a.unresolved, 0) AS unresolved");
  if (LeadTimesInEngine(q)) select.push_back("a.lead_us AS lead_us");
  absl::StrAppend(&text, "\nSELECT ", absl::StrJoin(select, ",\n       "), "\nFROM buckets b");
  if (!dims.empty()) absl::StrAppend(&text, " CROSS JOIN groups g");
  absl::StrAppend(&text, "\nLEFT JOIN agg a ON ", absl::StrJoin(join_on, " AND "), "\nORDER BY ",
                  absl::StrJoin(order, ", "));
  return text;
}

std::string SeriesSql(SqlFragments& sql) {
  const BoundQuery& q = sql.query();
  MetricAggregation m = MetricAggregationSql(sql);
  if (WindowsFromPieces(q)) return RollingPartsSql(sql, m);
  const BucketSql buckets = sql.Buckets();

  std::vector<std::string> agg_select, group_cols;
  for (const std::string& d : m.dims) agg_select.push_back(absl::StrCat("s.", d, " AS ", d));
  agg_select.push_back(absl::StrCat(buckets.bin, " AS bucket"));
  agg_select.push_back(m.aggregates);
  for (size_t i = 1; i <= m.dims.size() + 1; ++i) group_cols.push_back(absl::StrCat(i));

  std::string text =
      absl::StrCat("WITH agg AS (\nSELECT ", absl::StrJoin(agg_select, ",\n       "), "\nFROM (", m.source, ") AS s",
                   buckets.join, m.where, "\nGROUP BY ", absl::StrJoin(group_cols, ", "), m.having,
                   "\n),\nbuckets AS (\n  SELECT * FROM ", buckets.relation, "\n)");
  return absl::StrCat(text, ZeroFilledSeries(sql, m.dims));
}

class SeriesFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kSeries; }
  bool Alertable() const override { return true; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery* q) const override { return BindMetricValuedHead(p, q); }
  std::string RenderHead(const ParsedQuery&, const BoundQuery& q) const override { return MetricDisplayName(q); }

  std::string Sql(SqlFragments& sql) const override { return SeriesSql(sql); }

  absl::Status Shape(const SqlResult& rows, QueryResult* result) const override {
    absl::Status s;
    if (WindowsFromPieces(result->query)) {
      absl::StatusOr<SqlResult> series = SeriesFromPieces(rows, result->query);
      s = series.ok() ? ShapeMetricRows(*series, result) : series.status();
    } else {
      s = ShapeMetricRows(rows, result);
    }
    if (!s.ok()) return s;
    AddMetricNotices("buckets", result);
    return absl::OkStatus();
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool) const override {
    const ResultTable& t = r.table;
    std::vector<size_t> dims;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].role == ColumnRole::kDimension) dims.push_back(c);
    }
    const size_t time_col = t.ColumnWithRole(ColumnRole::kTime), value_col = t.ColumnWithRole(ColumnRole::kValue);
    // Rows arrive ordered by dimensions, then time: cut a frame at each new group.
    std::vector<Frame> frames;
    std::string current_key;
    for (const auto& row : t.rows) {
      std::map<std::string, std::string> labels;
      std::string key;
      std::vector<std::string> shown;
      for (size_t c : dims) {
        std::string v = IsNull(row[c]) ? "" : std::get<std::string>(row[c]);
        labels[t.columns[c].name] = v;
        shown.push_back(v.empty() ? "no " + t.columns[c].name : v);
        absl::StrAppend(&key, v.size(), ":", v, "|");
      }
      if (frames.empty() || key != current_key) {
        current_key = key;
        Frame f;
        f.name = r.query.normalized_text;
        f.ref_id = ref_id;
        f.fields.push_back(TimeField("time", {}));
        Field value = FloatField("value", {});
        value.labels = labels;
        value.config = ValueConfig(r.query, DisplayName(r.query), t.columns[value_col].unit);
        // One legend entry per group: "lead_time p90 (checkout)".
        if (!shown.empty()) {
          absl::StrAppend(&value.config->display_name_from_ds, " (", absl::StrJoin(shown, ", "), ")");
        }
        f.fields.push_back(std::move(value));
        frames.push_back(std::move(f));
      }
      Frame& f = frames.back();
      std::get<IntValues>(f.fields[0].values).push_back(absl::ToUnixNanos(std::get<absl::Time>(row[time_col])));
      const Cell& v = row[value_col];
      std::optional<double> value;
      if (const double* d = std::get_if<double>(&v)) value = *d;
      if (const int64_t* n = std::get_if<int64_t>(&v)) value = static_cast<double>(*n);
      std::get<FloatValues>(f.fields[1].values).push_back(value);
    }
    if (frames.empty()) {  // dataplane "no data": one typed frame without fields
      Frame f;
      f.ref_id = ref_id;
      frames.push_back(std::move(f));
    }
    frames.front().meta = BaseMeta(r, FrameType::kTimeSeriesMulti);
    for (size_t i = 1; i < frames.size(); ++i) {
      FrameMeta m;
      m.type = FrameType::kTimeSeriesMulti;
      m.type_version[1] = 1;
      frames[i].meta = m;
    }
    return frames;
  }

  std::string DisplayName(const BoundQuery& q) const override { return MetricDisplayName(q); }
};

}  // namespace

const FormModule& SeriesForm() {
  static const SeriesFormModule* module = new SeriesFormModule();
  return *module;
}

}  // namespace dora
