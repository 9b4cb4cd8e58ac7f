#include "forms/dora_score_values.h"

#include <array>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "forms/lead_samples.h"
#include "forms/metric_values.h"
#include "forms/shaping.h"
#include "metrics/dora_score.h"

namespace dora {
namespace {

// The bound query of one component: the score's query with the component's
// metric, durations on the median.
BoundQuery ComponentQuery(const BoundQuery& score, ScoreComponent c) {
  BoundQuery q = score;
  q.metric = FindMetric(ComponentName(c));
  q.stat.reset();
  if (q.metric->value_kind == ValueKind::kDuration) q.stat = DefaultStat();
  return q;
}

}  // namespace

std::string DoraScoreSql(SqlFragments& sql) {
  const BoundQuery& score = sql.query();
  std::vector<std::string> dims;
  for (Dimension d : score.group_by) dims.emplace_back(DimensionName(d));

  std::vector<std::string> ctes, select, ordinals;
  for (ScoreComponent c : kScoreComponents) {
    const BoundQuery component = ComponentQuery(score, c);
    sql.SwapQuery(component);
    ctes.push_back(absl::StrCat(ComponentName(c), " AS (\n", GroupedMetricSql(sql), "\n)"));
    sql.SwapQuery(score);
  }
  for (size_t i = 0; i < dims.size(); ++i) {
    select.push_back(absl::StrCat("k.", dims[i]));
    ordinals.push_back(absl::StrCat(i + 1));
  }
  std::string from;
  if (dims.empty()) {
    // Each component's statement has exactly one row without grouping.
    std::vector<std::string> names;
    for (ScoreComponent c : kScoreComponents) names.emplace_back(ComponentName(c));
    from = absl::StrJoin(names, "\nCROSS JOIN ");
  } else {
    // Every group any component has; NULL (no team) is a group too.
    std::vector<std::string> seen;
    for (ScoreComponent c : kScoreComponents) {
      seen.push_back(absl::StrCat("SELECT ", absl::StrJoin(dims, ", "), " FROM ", ComponentName(c)));
    }
    ctes.push_back(absl::StrCat("groups AS (\n", absl::StrJoin(seen, "\nUNION\n"), "\n)"));
    from = "groups AS k";
    for (ScoreComponent c : kScoreComponents) {
      absl::StrAppend(&from, "\nLEFT JOIN ", ComponentName(c), " ON ", SameGroup(ComponentName(c), "k", dims));
    }
  }
  for (ScoreComponent c : kScoreComponents) {
    const absl::string_view name = ComponentName(c);
    select.push_back(absl::StrCat(name, ".value AS ", name, ", ", name, ".n AS ", name, "_n"));
    // A lead time percentile's value and n come from its lead times.
    if (LeadTimesInEngine(ComponentQuery(score, c)))
      select.push_back(absl::StrCat(name, ".lead_us AS ", name, "_lead_us"));
  }
  std::string text = absl::StrCat("WITH ", absl::StrJoin(ctes, ",\n"), "\nSELECT ", absl::StrJoin(select, ",\n       "),
                                  "\nFROM ", from);
  if (!dims.empty()) absl::StrAppend(&text, "\nORDER BY ", absl::StrJoin(ordinals, ", "));
  return text;
}

absl::Status ShapeDoraScoreRows(const SqlResult& rows, QueryResult* out) {
  const BoundQuery& q = out->query;
  std::vector<std::string> dim_names;
  for (Dimension d : q.group_by) dim_names.emplace_back(DimensionName(d));
  DORA_ASSIGN_OR_RETURN(SqlColumns dims, SqlColumns::Locate(rows, dim_names));
  std::vector<std::string> names;
  for (ScoreComponent c : kScoreComponents) {
    names.emplace_back(ComponentName(c));
    names.push_back(absl::StrCat(ComponentName(c), "_n"));
  }
  DORA_ASSIGN_OR_RETURN(SqlColumns cols, SqlColumns::Locate(rows, names));
  const DisplayedBenchmark benchmark = Displayed(*q.score_benchmark);

  ResultTable& t = out->table;
  for (const std::string& d : dim_names)
    t.columns.push_back({d, ColumnType::kString, Unit::kNone, ColumnRole::kDimension});
  t.columns.push_back({"value", ColumnType::kFloat, q.metric->unit, ColumnRole::kValue});
  t.columns.push_back({"n", ColumnType::kInt});
  t.columns.push_back({"throughput", ColumnType::kFloat});
  t.columns.push_back({"stability", ColumnType::kFloat});
  for (ScoreComponent c : kScoreComponents) {
    t.columns.push_back({absl::StrCat(ComponentName(c), "_score"), ColumnType::kFloat});
  }
  t.columns.push_back({"industry_mean", ColumnType::kFloat});
  t.columns.push_back({"industry_sd", ColumnType::kFloat});
  t.columns.push_back({"z", ColumnType::kFloat});
  t.columns.push_back({"note", ColumnType::kString});

  auto cell = [](const std::optional<double>& v) { return v ? Cell(*v) : Cell(); };
  int64_t partial_groups = 0;
  for (const auto& r : rows.rows) {
    std::vector<Cell> row;
    for (size_t i = 0; i < dim_names.size(); ++i) {
      const auto& d = dims.At(r, i);
      row.push_back(d ? Cell(*d) : Cell());
    }
    std::array<std::optional<double>, kScoreComponentCount> values;
    std::vector<std::string> missing;
    for (int i = 0; i < kScoreComponentCount; ++i) {
      const MetricDef& m = *FindMetric(ComponentName(kScoreComponents[i]));
      DORA_ASSIGN_OR_RETURN(std::optional<double> value, DoubleCell(cols.At(r, 2 * i)));
      const auto& n_cell = cols.At(r, 2 * i + 1);
      int64_t n = 0;
      if (n_cell) {
        DORA_ASSIGN_OR_RETURN(n, IntCell(n_cell, "n"));
      }
      if (const int lead_col = rows.ColumnIndex(absl::StrCat(m.name, "_lead_us")); lead_col >= 0) {
        const BoundQuery component = ComponentQuery(q, kScoreComponents[i]);
        DORA_ASSIGN_OR_RETURN(LeadStat stat,
                              LeadPercentile(r[lead_col], q.policy.skew_tolerance, component.stat->fraction));
        value = stat.value;
        n = stat.n;
      }
      // A group a component has no rows for: counts and rates are 0, as the
      // metric itself answers; durations and ratios have no value.
      if (!value && ZeroWithoutRows(m)) value = 0.0;
      if (NeedsMinSample(m) && n < q.policy.min_sample) {
        value.reset();
        missing.push_back(absl::StrCat(m.name, " (insufficient sample: n=", n, " < ", q.policy.min_sample, ")"));
      } else if (!value) {
        missing.push_back(absl::StrCat(m.name, " (no value)"));
      }
      values[i] = value;
    }
    const DoraScore s = ScoreDelivery(values);
    row.push_back(cell(s.overall));
    row.emplace_back(int64_t{s.scored});
    row.push_back(cell(s.throughput));
    row.push_back(cell(s.stability));
    for (const auto& component : s.components) row.push_back(cell(component));
    row.emplace_back(benchmark.overall.mean);
    row.emplace_back(benchmark.overall.sd);
    row.push_back(s.overall ? Cell((*s.overall - benchmark.overall.mean) / benchmark.overall.sd) : Cell());
    std::string note;
    if (!missing.empty()) {
      ++partial_groups;
      note = absl::StrCat(s.scored, " of ", kScoreComponentCount,
                          " metrics scored; left out: ", absl::StrJoin(missing, ", "));
    }
    row.push_back(note.empty() ? Cell() : Cell(note));
    t.rows.push_back(std::move(row));
  }
  if (partial_groups > 0) {
    out->notices.push_back(
        {NoticeSeverity::kInfo,
         absl::StrCat(partial_groups, " groups are scored from fewer than ", kScoreComponentCount,
                      " metrics (a metric without a value is left out of the means, as the DORA Quick Check "
                      "leaves out an unanswered question); see their note")});
  }
  return absl::OkStatus();
}

}  // namespace dora
