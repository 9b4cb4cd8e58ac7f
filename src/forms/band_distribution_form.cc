// The band distribution form: each unit (service by default, or the `by`
// dimensions) classified into a DORA band, then units counted per band.
//
//   lead_time p90 band distribution
//
// SQL: the metric form's (forms/metric_values.h), one row per unit. Result
// table: `band` (kBand), `value` (units in the band, kValue), `n` (units
// classified), `members` (comma-separated unit labels); one row per band,
// best first, then "Insufficient sample" when some units had too few
// samples. Frames: for panels one plain table frame of those four columns
// (no data-plane type); for alerting one numeric-long frame of `band` (the
// label) and `value`. `value` is shown as "units", described as units per band.
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/metric_values.h"
#include "metrics/bands.h"

namespace dora {
namespace {

// The `value` field's config: a count of units, described as such (not as the metric).
FieldConfig UnitsConfig(const BoundQuery& q) {
  FieldConfig c;
  c.display_name_from_ds = "units";
  c.unit = std::string(UnitId(Unit::kShort));
  std::vector<std::string> dims;
  for (Dimension d : q.group_by) dims.emplace_back(DimensionName(d));
  c.description = absl::StrCat("Number of units (one per ", absl::StrJoin(dims, " and "), ") in each ",
                               q.band_profile->id, " band of ", MetricDisplayName(q),
                               " over the range; Insufficient sample: units without a value (too few samples)");
  return c;
}

class BandDistributionFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kBandDistribution; }
  bool Alertable() const override { return true; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery* q) const override { return BindMetricValuedHead(p, q); }
  absl::Status BindTail(const ParsedQuery& p, BoundQuery* q) const override {
    if (!IsBanded(*q->band_profile, q->metric->kind)) {
      return BindError(*p.band_distribution,
                       absl::StrCat(q->metric->name, " has no bands in profile ", q->band_profile->id),
                       "band distribution applies to deploy_frequency, lead_time, "
                       "change_failure_rate and recovery_time");
    }
    if (q->group_by.empty()) q->group_by.push_back(Dimension::kService);
    return absl::OkStatus();
  }
  std::string RenderHead(const ParsedQuery&, const BoundQuery& q) const override { return MetricDisplayName(q); }
  // Units are services unless the query says otherwise.
  bool RendersGroupBy(const BoundQuery& q) const override {
    return !q.group_by.empty() && !(q.group_by.size() == 1 && q.group_by[0] == Dimension::kService);
  }
  std::string RenderTail(const BoundQuery&) const override { return " band distribution"; }

  std::string Sql(SqlFragments& sql) const override { return GroupedMetricSql(sql); }

  absl::Status Shape(const SqlResult& rows, QueryResult* out) const override {
    const BoundQuery& q = out->query;
    QueryResult per_unit;
    per_unit.query = q;
    DORA_RETURN_IF_ERROR(ShapeMetricRows(rows, &per_unit));
    out->skewed_total = per_unit.skewed_total;
    out->unresolved_total = per_unit.unresolved_total;
    out->insufficient_groups = per_unit.insufficient_groups;
    const ResultTable& units = per_unit.table;
    const int band_col = units.ColumnWithRole(ColumnRole::kBand);
    const size_t dims = q.group_by.size();

    std::map<std::string, std::vector<std::string>> members;
    std::vector<std::string> insufficient;
    for (const auto& row : units.rows) {
      std::vector<std::string> label;
      for (size_t i = 0; i < dims; ++i) {
        label.push_back(IsNull(row[i]) ? "(none)" : std::get<std::string>(row[i]));
      }
      std::string unit = absl::StrJoin(label, "/");
      if (IsNull(row[band_col])) {
        insufficient.push_back(unit);
      } else {
        members[std::get<std::string>(row[band_col])].push_back(unit);
      }
    }
    int64_t classified = 0;
    for (const auto& [band, list] : members) classified += static_cast<int64_t>(list.size());

    ResultTable& t = out->table;
    t.columns = {{"band", ColumnType::kString, Unit::kNone, ColumnRole::kBand},
                 {"value", ColumnType::kInt, Unit::kNone, ColumnRole::kValue},
                 {"n", ColumnType::kInt},
                 {"members", ColumnType::kString}};
    for (Band b : kAllBands) {
      const std::vector<std::string>& list = members[std::string(BandName(b))];
      t.rows.push_back(
          {std::string(BandName(b)), static_cast<int64_t>(list.size()), classified, absl::StrJoin(list, ", ")});
    }
    if (!insufficient.empty()) {
      t.rows.push_back({std::string("Insufficient sample"), static_cast<int64_t>(insufficient.size()), classified,
                        absl::StrJoin(insufficient, ", ")});
    }
    AddMetricNotices("units", out);
    return absl::OkStatus();
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool for_alerting) const override {
    if (for_alerting) return OnlyFrame(NumericLongFrame(r, ref_id, ColumnRole::kBand, UnitsConfig(r.query)));
    return OnlyFrame(MetricTableFrame(r, ref_id, UnitsConfig(r.query)));
  }

  std::string DisplayName(const BoundQuery& q) const override { return MetricDisplayName(q); }
};

}  // namespace

const FormModule& BandDistributionForm() {
  static const BandDistributionFormModule* module = new BandDistributionFormModule();
  return *module;
}

}  // namespace dora
