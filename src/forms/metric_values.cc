#include "forms/metric_values.h"

#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "forms/frames.h"
#include "forms/lead_samples.h"
#include "forms/shaping.h"
#include "metrics/bands.h"

namespace dora {
namespace {

bool IsMetric(const BoundQuery& q, MetricKind k) { return q.metric->kind == k; }
bool Sampled(const BoundQuery& q) { return q.stat && q.stat->kind == StatKind::kPercentile; }

// The statistic of `expr` over the rows matching `filter`, named `value`;
// for percentiles, the samples themselves as an array named `samples`.
std::string StatAggregate(const BoundQuery& q, absl::string_view expr, absl::string_view filter) {
  std::string fn;
  switch (q.stat->kind) {
    case StatKind::kPercentile:
      return absl::StrCat("array_agg(", expr, ") FILTER (WHERE ", filter, ") AS samples");
    case StatKind::kMean:
      fn = "avg";
      break;
    case StatKind::kMin:
      fn = "min";
      break;
    case StatKind::kMax:
      fn = "max";
      break;
  }
  return absl::StrCat(fn, "(", expr, ") FILTER (WHERE ", filter, ") AS value");
}

bool HasSkewColumn(const MetricDef& m) { return m.value_kind == ValueKind::kDuration; }
bool HasUnresolvedColumn(const MetricDef& m) { return m.family == EventFamily::kIncidents; }

// The SQL columns after the dimensions.
enum class MetricColumn { kValue, kN, kSkewed, kUnresolved, kTime };
enum class PreviousColumn { kValue, kN };

// The SQL that aggregates the lead_us cells (forms/lead_samples.h) of the
// rows of `alias`: their concatenation.
std::string LeadTimesOf(absl::string_view alias) { return absl::StrCat("string_agg(", alias, ".lead_us, '')"); }

}  // namespace

bool SampledMetric(const BoundQuery& q) { return Sampled(q); }

bool ZeroWithoutRows(const MetricDef& m) {
  return m.value_kind == ValueKind::kCount || m.value_kind == ValueKind::kPerDay;
}

bool CountedInParts(const BoundQuery& q) {
  return q.metric->value_kind != ValueKind::kDuration && q.metric->kind != MetricKind::kDoraScore;
}

bool LeadTimesInEngine(const BoundQuery& q) { return Sampled(q) && IsMetric(q, MetricKind::kLeadTime); }

bool NeedsMinSample(const MetricDef& m) {
  return m.value_kind == ValueKind::kDuration || m.value_kind == ValueKind::kRatio;
}

absl::Status BindMetricValuedHead(const ParsedQuery& p, BoundQuery* q) {
  DORA_RETURN_IF_ERROR(BindMetricHead(p, q));
  // A metric head takes what its metric's form takes ("metric", or "score"),
  // then what the form its clauses make (series, band distribution) takes.
  const QueryFormDef& head = MetricFormFor(*q->metric);
  DORA_RETURN_IF_ERROR(CheckFormClauses(p, head, q->metric->name));
  if (p.form == QueryForm::kMetric || head.name != "metric") return absl::OkStatus();
  return CheckFormClauses(p, QueryFormNamed(std::string(QueryFormName(p.form))), q->metric->name);
}

namespace {

// Whether the metric counts deploys by their own flags (no ledger, no
// samples): its rows can be whole days of deploy_day_counts.
bool CountsDeploys(SqlFragments& sql) {
  switch (sql.query().metric->kind) {
    case MetricKind::kDeploys:
    case MetricKind::kDeployFrequency:
    case MetricKind::kReworkRate:
      return true;
    case MetricKind::kChangeFailureRate:
      return !sql.Attributed();
    default:
      return false;
  }
}

std::string MetricRowSource(SqlFragments& sql) {
  const BoundQuery& q = sql.query();
  if (CountsDeploys(sql)) return sql.DeploySource(DeployRows().Counted());
  if (LeadTimesInEngine(q)) return sql.LeadTimeSource();
  if (q.metric->family == EventFamily::kDeploys) {
    const bool ledger =
        sql.Attributed() && (IsMetric(q, MetricKind::kChangeFailureRate) || IsMetric(q, MetricKind::kRecoveryTime));
    return sql.DeploySource(DeployRows().WithLedger(ledger).LeadTimeRowsOnly(IsMetric(q, MetricKind::kLeadTime)));
  }
  if (IsMetric(q, MetricKind::kRecoveryTime)) return sql.RecoverySource(/*first_commit=*/false);
  return sql.IncidentSource(/*linked_only=*/false);
}

// A metric's aggregates as counts of rows of `s` matching conditions ("" is
// every row), so that they can be computed in one step or in two (per piece,
// then summed over a window's pieces).
struct AggregateSpec {
  enum class Value { kCount, kPerDay, kRatio, kStat };
  Value value = Value::kCount;
  std::string value_rows;  // kCount, kPerDay: the rows counted; kRatio: the numerator's rows
  std::string n_rows;      // the rows counted as n: kRatio's denominator; kStat's samples
  std::string stat_expr;   // kStat: each sample
  std::string days;        // kPerDay: the divisor
  std::optional<std::string> skewed_rows, unresolved_rows;  // none: always 0
  bool weighted = false;  // rows of `s` stand for s.w deploys each (DeployRows::counted)
};

AggregateSpec MetricAggregateSpec(SqlFragments& sql) {
  const BoundQuery& q = sql.query();
  using V = AggregateSpec::Value;
  AggregateSpec a;
  a.weighted = CountsDeploys(sql);
  switch (q.metric->kind) {
    case MetricKind::kDeploys:
      a.value_rows = a.n_rows = "s.success";
      break;
    case MetricKind::kDeployFrequency:
      // Per calendar day of the range (see common/calendar.h); series divide per bucket.
      a.value = V::kPerDay;
      a.value_rows = a.n_rows = "s.success";
      a.days =
          q.bucket ? "1" : sql.Param(ExactDecimal(CalendarDays(sql.window_from(), sql.window_to(), q.zone)), "float8");
      break;
    case MetricKind::kLeadTime:
      a.value = V::kStat;
      a.stat_expr = "greatest(s.lead_s, 0)";
      a.n_rows = "NOT s.skewed";
      a.skewed_rows = "s.skewed";
      break;
    case MetricKind::kChangeFailureRate:
    case MetricKind::kReworkRate:
      a.value = V::kRatio;
      a.value_rows = !IsMetric(q, MetricKind::kChangeFailureRate) ? "s.hotfix IS TRUE OR s.is_rollback IS TRUE"
                     : sql.Attributed()                           ? "s.outcome <> 'ok'"
                                                                  : "s.success IS FALSE OR s.is_rollback IS TRUE";
      break;
    case MetricKind::kRecoveryTime:
      a.value = V::kStat;
      a.stat_expr = "greatest(s.recovery_s, 0)";
      a.n_rows = "s.resolved_at IS NOT NULL AND NOT s.skewed";
      a.skewed_rows = "s.skewed";
      a.unresolved_rows = "s.resolved_at IS NULL";
      break;
    case MetricKind::kIncidents:
      a.unresolved_rows = "s.resolved_at IS NULL";
      break;
    case MetricKind::kDoraScore:
      break;  // composed of its components' statements (forms/dora_score_values.h)
  }
  return a;
}

// The number of rows of `s` matching `rows` ("" is every row), bigint; with
// a.weighted, the deploys they stand for.
std::string CountOf(const AggregateSpec& a, const std::string& rows) {
  const std::string filter = rows.empty() ? "" : absl::StrCat(" FILTER (WHERE ", rows, ")");
  return a.weighted ? absl::StrCat("coalesce(sum(s.w)", filter, ", 0)") : absl::StrCat("count(*)", filter);
}
std::string CountOrZero(const AggregateSpec& a, const std::optional<std::string>& rows) {
  return rows ? CountOf(a, *rows) : "0::bigint";
}

// value, n, skewed, unresolved over the rows of `s`.
std::string OneStepAggregates(const BoundQuery& q, const AggregateSpec& a) {
  using V = AggregateSpec::Value;
  std::string value;
  switch (a.value) {
    case V::kCount:
      value = absl::StrCat(CountOf(a, a.value_rows), "::float8 AS value");
      break;
    case V::kPerDay:
      value = absl::StrCat(CountOf(a, a.value_rows), "::float8 / ", a.days, " AS value");
      break;
    case V::kRatio:
      value = absl::StrCat(CountOf(a, a.value_rows), "::float8 / nullif(", CountOf(a, a.n_rows), ", 0) AS value");
      break;
    case V::kStat:
      value = StatAggregate(q, a.stat_expr, a.n_rows);
      break;
  }
  return absl::StrCat(value, ",\n       ", CountOf(a, a.n_rows), " AS n,\n       ", CountOrZero(a, a.skewed_rows),
                      " AS skewed,\n       ", CountOrZero(a, a.unresolved_rows), " AS unresolved");
}

std::string MetricAggregates(SqlFragments& sql, std::string* partial, std::string* sample_partial) {
  const AggregateSpec a = MetricAggregateSpec(sql);
  if (sql.query().metric->kind == MetricKind::kDoraScore) return "";
  if (LeadTimesInEngine(sql.query())) {
    // The engine reduces the lead times (forms/lead_samples.h): value, n
    // and skewed stand in until it does.
    return absl::StrCat("NULL::float8 AS value, 0::bigint AS n, 0::bigint AS skewed, 0::bigint AS unresolved,",
                        "\n       ", LeadTimesOf("s"), " AS lead_us");
  }
  if (Sampled(sql.query())) {
    *sample_partial = absl::StrCat(StatAggregate(sql.query(), a.stat_expr, a.n_rows), ",\n       ",
                                   CountOf(a, a.n_rows), " AS n,\n       ", CountOrZero(a, a.skewed_rows),
                                   " AS skewed,\n       ", CountOrZero(a, a.unresolved_rows), " AS unresolved");
  }
  if (CountedInParts(sql.query())) {
    *partial = absl::StrCat(CountOf(a, a.value_rows), " AS value_n,\n       ", CountOf(a, a.n_rows), " AS n,\n       ",
                            CountOrZero(a, a.skewed_rows), " AS skewed,\n       ", CountOrZero(a, a.unresolved_rows),
                            " AS unresolved");
  }
  return OneStepAggregates(sql.query(), a);
}

// value, n, skewed, unresolved of a percentile over all the rows of `s` (no
// groups): PostgreSQL's ordered-set aggregate sorts the samples once, with
// the same result as percentile_cont over the array of them.
std::string UngroupedPercentileAggregates(SqlFragments& sql) {
  const AggregateSpec a = MetricAggregateSpec(sql);
  return absl::StrCat("percentile_cont(", sql.Param(ExactDecimal(sql.query().stat->fraction), "float8"),
                      ") WITHIN GROUP (ORDER BY ", a.stat_expr, ") FILTER (WHERE ", a.n_rows, ") AS value,\n       ",
                      CountOf(a, a.n_rows), " AS n,\n       ", CountOrZero(a, a.skewed_rows), " AS skewed,\n       ",
                      CountOrZero(a, a.unresolved_rows), " AS unresolved");
}

}  // namespace

std::string MetricValueOf(SqlFragments& sql, absl::string_view alias) {
  const BoundQuery& q = sql.query();
  if (!Sampled(q) || LeadTimesInEngine(q)) return absl::StrCat(alias, ".value");
  return absl::StrCat("(SELECT percentile_cont(", sql.Param(ExactDecimal(q.stat->fraction), "float8"),
                      ") WITHIN GROUP (ORDER BY v) FROM unnest(", alias, ".samples) AS v)");
}

MetricAggregation MetricAggregationSql(SqlFragments& sql) {
  MetricAggregation m;
  m.source = MetricRowSource(sql);
  m.where = sql.Filters();
  m.aggregates = MetricAggregates(sql, &m.partial_aggregates, &m.sample_partial_aggregates);
  if (CountsDeploys(sql)) m.having = "\nHAVING sum(s.w) > 0";
  if (Sampled(sql.query())) sql.HoldRowsInMemory();
  for (Dimension d : sql.query().group_by) m.dims.emplace_back(DimensionName(d));
  return m;
}

namespace {

// One row per group over the window `sql` reads, ordered by the groups when
// `ordered`.
std::string OnePeriodSql(SqlFragments& sql, bool ordered) {
  const BoundQuery& q = sql.query();
  auto [source, where, aggregates, dims, partial, sample_partial, having] = MetricAggregationSql(sql);
  std::vector<std::string> select, ordinals;
  for (const std::string& d : dims) select.push_back(absl::StrCat("s.", d, " AS ", d));
  for (size_t i = 1; i <= dims.size(); ++i) ordinals.push_back(absl::StrCat(i));
  const bool one_percentile = Sampled(q) && dims.empty() && !LeadTimesInEngine(q);
  select.push_back(one_percentile ? UngroupedPercentileAggregates(sql) : aggregates);
  std::string text = absl::StrCat("SELECT ", absl::StrJoin(select, ",\n       "), "\nFROM (", source, ") AS s", where);
  if (!dims.empty()) absl::StrAppend(&text, "\nGROUP BY ", absl::StrJoin(ordinals, ", "), having);
  if (Sampled(q) && !one_percentile && !LeadTimesInEngine(q)) {
    // Percentiles: hash-aggregate each group's samples into an array, then
    // take percentile_cont over the small per-group arrays. Same values as
    // an ordered-set aggregate over the rows, without a global sort.
    std::vector<std::string> outer;
    for (const std::string& d : dims) outer.push_back(absl::StrCat("g.", d));
    outer.push_back(absl::StrCat(MetricValueOf(sql, "g"), " AS value"));
    outer.push_back("g.n, g.skewed, g.unresolved");
    text = absl::StrCat("SELECT ", absl::StrJoin(outer, ",\n       "), "\nFROM (\n", text, "\n) AS g");
  }
  if (ordered && !dims.empty()) absl::StrAppend(&text, "\nORDER BY ", absl::StrJoin(ordinals, ", "));
  return text;
}

// `vs previous`: both periods' rows per group, stacked with `is_previous`,
// then one row per group of either period (ungrouped lead times: the two
// periods' single rows side by side) (grouping matches NULL
// dimensions). The previous period's statistic is `previous`, its sample
// size `previous_n`; a period without the group has n = 0 and the value
// 0 for counts and per-day rates, NULL otherwise.
std::string VsPreviousSql(SqlFragments& sql) {
  const BoundQuery& q = sql.query();
  std::string current = OnePeriodSql(sql, /*ordered=*/false);
  sql.UsePreviousWindow();
  std::string previous = OnePeriodSql(sql, /*ordered=*/false);
  if (LeadTimesInEngine(q) && q.group_by.empty()) {
    // Ungrouped lead times: each period is one row (an aggregate without
    // GROUP BY), so the two sit side by side and their lead times are not
    // concatenated a second time (15 ms of 45 at 10 M events).
    return absl::StrCat(
        "SELECT c.value AS value, coalesce(c.n, 0)::bigint AS n, coalesce(c.skewed, 0)::bigint AS skewed,",
        "\n       coalesce(c.unresolved, 0)::bigint AS unresolved, p.value AS previous,",
        "\n       coalesce(p.n, 0)::bigint AS previous_n, c.lead_us AS lead_us, p.lead_us AS previous_lead_us",
        "\nFROM (\n", current, "\n) AS c\nCROSS JOIN (\n", previous, "\n) AS p");
  }
  std::vector<std::string> select, ordinals;
  for (Dimension d : q.group_by) select.push_back(absl::StrCat("p.", DimensionName(d), " AS ", DimensionName(d)));
  for (size_t i = 1; i <= q.group_by.size(); ++i) ordinals.push_back(absl::StrCat(i));
  auto of = [&q](absl::string_view column, bool prior) {
    std::string agg = absl::StrCat(column == "value" ? "max" : "sum", "(p.", column, ") FILTER (WHERE ",
                                   prior ? "" : "NOT ", "p.is_previous)");
    if (column != "value") return absl::StrCat("coalesce(", agg, ", 0)::bigint");
    return ZeroWithoutRows(*q.metric) ? absl::StrCat("coalesce(", agg, ", 0)") : agg;
  };
  select.push_back(absl::StrCat(of("value", false), " AS value"));
  select.push_back(absl::StrCat(of("n", false), " AS n"));
  select.push_back(absl::StrCat(of("skewed", false), " AS skewed"));
  select.push_back(absl::StrCat(of("unresolved", false), " AS unresolved"));
  select.push_back(absl::StrCat(of("value", true), " AS previous"));
  select.push_back(absl::StrCat(of("n", true), " AS previous_n"));
  if (LeadTimesInEngine(q)) {
    // Each period's lead times (one row per group and period; concatenated,
    // which copies them once, where taking an array's first element copied
    // them three times).
    select.push_back(absl::StrCat(LeadTimesOf("p"), " FILTER (WHERE NOT p.is_previous) AS lead_us"));
    select.push_back(absl::StrCat(LeadTimesOf("p"), " FILTER (WHERE p.is_previous) AS previous_lead_us"));
  }
  std::string text = absl::StrCat(
      "SELECT ", absl::StrJoin(select, ",\n       "), "\nFROM (\nSELECT false AS is_previous, c.* FROM (\n", current,
      "\n) AS c\nUNION ALL\nSELECT true AS is_previous, c.* FROM (\n", previous, "\n) AS c\n) AS p");
  if (!ordinals.empty()) {
    absl::StrAppend(&text, "\nGROUP BY ", absl::StrJoin(ordinals, ", "), "\nORDER BY ", absl::StrJoin(ordinals, ", "));
  }
  return text;
}

}  // namespace

std::string GroupedMetricSql(SqlFragments& sql) {
  return sql.query().vs_previous ? VsPreviousSql(sql) : OnePeriodSql(sql, /*ordered=*/true);
}

std::optional<double> RelativeChangePercent(std::optional<double> value, std::optional<double> previous) {
  if (!value || !previous || *previous == 0) return std::nullopt;
  return (*value - *previous) / std::abs(*previous) * 100;
}

absl::Status ShapeMetricRows(const SqlResult& rows, QueryResult* out) {
  const BoundQuery& q = out->query;
  std::vector<std::string> dim_names;
  for (Dimension d : q.group_by) dim_names.emplace_back(DimensionName(d));
  DORA_ASSIGN_OR_RETURN(SqlColumns dims, SqlColumns::Locate(rows, dim_names));
  std::vector<std::string> names = {"value", "n", "skewed", "unresolved"};
  if (q.bucket) names.push_back("time");
  DORA_ASSIGN_OR_RETURN(SqlColumns cols, SqlColumns::Locate(rows, names));
  std::optional<SqlColumns> prev;
  if (q.vs_previous) {
    DORA_ASSIGN_OR_RETURN(prev, SqlColumns::Locate(rows, {"previous", "previous_n"}));
  }

  // Lead times the engine reduces (LeadTimesInEngine): value, n and skewed
  // (previous, previous_n) come from them.
  // Each row's, then its previous period's, read together up front (on
  // several threads when large) and taken in row order below.
  const int lead_col = rows.ColumnIndex("lead_us");
  const int previous_lead_col = rows.ColumnIndex("previous_lead_us");
  std::vector<const std::optional<std::string>*> lead_cells;
  for (const auto& r : rows.rows) {
    for (int c : {lead_col, previous_lead_col}) {
      if (c >= 0) lead_cells.push_back(&r[c]);
    }
  }
  const std::vector<absl::StatusOr<LeadStat>> lead_stats =
      LeadPercentiles(lead_cells, q.policy.skew_tolerance, q.stat ? q.stat->fraction : 0.5);
  const size_t lead_cells_per_row = (lead_col >= 0 ? 1 : 0) + (previous_lead_col >= 0 ? 1 : 0);
  // Row `row`'s stat of its lead_us (previous: of its previous_lead_us).
  auto lead_stat = [&](size_t row, bool previous) {
    return lead_stats[row * lead_cells_per_row + (previous && lead_col >= 0 ? 1 : 0)];
  };

  const MetricDef& m = *q.metric;
  const bool banded = IsBanded(*q.band_profile, m.kind);
  ResultTable& t = out->table;
  for (const std::string& d : dim_names)
    t.columns.push_back({d, ColumnType::kString, Unit::kNone, ColumnRole::kDimension});
  if (q.bucket) t.columns.push_back({"time", ColumnType::kTime, Unit::kNone, ColumnRole::kTime});
  t.columns.push_back(
      {"value", m.value_kind == ValueKind::kCount ? ColumnType::kInt : ColumnType::kFloat, m.unit, ColumnRole::kValue});
  t.columns.push_back({"n", ColumnType::kInt});
  if (banded) t.columns.push_back({"band", ColumnType::kString, Unit::kNone, ColumnRole::kBand});
  if (q.vs_previous) {
    t.columns.push_back(
        {"previous", m.value_kind == ValueKind::kCount ? ColumnType::kInt : ColumnType::kFloat, m.unit});
    t.columns.push_back({"previous_n", ColumnType::kInt});
    t.columns.push_back({"change_pct", ColumnType::kFloat, Unit::kPercent});
  }
  if (HasSkewColumn(m)) t.columns.push_back({"skewed", ColumnType::kInt});
  if (HasUnresolvedColumn(m)) t.columns.push_back({"unresolved", ColumnType::kInt});
  t.columns.push_back({"note", ColumnType::kString});

  for (size_t ri = 0; ri < rows.rows.size(); ++ri) {
    const auto& r = rows.rows[ri];
    std::vector<Cell> row;
    for (size_t i = 0; i < dim_names.size(); ++i) {
      const auto& cell = dims.At(r, i);
      row.push_back(cell ? Cell(*cell) : Cell());
    }
    if (q.bucket) {
      DORA_ASSIGN_OR_RETURN(int64_t secs, IntCell(cols.At(r, MetricColumn::kTime), "time"));
      row.push_back(absl::FromUnixSeconds(secs));
    }
    DORA_ASSIGN_OR_RETURN(std::optional<double> value, DoubleCell(cols.At(r, MetricColumn::kValue)));
    DORA_ASSIGN_OR_RETURN(int64_t n, IntCell(cols.At(r, MetricColumn::kN), "n"));
    DORA_ASSIGN_OR_RETURN(int64_t skewed, IntCell(cols.At(r, MetricColumn::kSkewed), "skewed"));
    DORA_ASSIGN_OR_RETURN(int64_t unresolved, IntCell(cols.At(r, MetricColumn::kUnresolved), "unresolved"));
    if (lead_col >= 0) {
      DORA_ASSIGN_OR_RETURN(LeadStat stat, lead_stat(ri, /*previous=*/false));
      value = stat.value;
      n = stat.n;
      skewed = stat.skewed;
    }
    out->skewed_total += skewed;
    out->unresolved_total += unresolved;
    std::string note;
    if (NeedsMinSample(m) && n < q.policy.min_sample) {
      if (n > 0 || !q.bucket) ++out->insufficient_groups;
      value.reset();
      note = absl::StrCat("insufficient sample: n=", n, " < ", q.policy.min_sample);
    }
    auto value_cell = [&m](const std::optional<double>& v) {
      if (!v) return Cell();
      return m.value_kind == ValueKind::kCount ? Cell(static_cast<int64_t>(*v)) : Cell(*v);
    };
    row.push_back(value_cell(value));
    row.emplace_back(n);
    if (banded) {
      auto band = value ? Classify(*q.band_profile, m.kind, *value) : std::nullopt;
      row.push_back(band ? Cell(std::string(BandName(*band))) : Cell());
    }
    if (prev) {
      DORA_ASSIGN_OR_RETURN(std::optional<double> previous, DoubleCell(prev->At(r, PreviousColumn::kValue)));
      DORA_ASSIGN_OR_RETURN(int64_t previous_n, IntCell(prev->At(r, PreviousColumn::kN), "previous_n"));
      if (previous_lead_col >= 0) {
        DORA_ASSIGN_OR_RETURN(LeadStat stat, lead_stat(ri, /*previous=*/true));
        previous = stat.value;
        previous_n = stat.n;
      }
      if (NeedsMinSample(m) && previous_n < q.policy.min_sample) {
        ++out->insufficient_previous;
        previous.reset();
      }
      row.push_back(value_cell(previous));
      row.emplace_back(previous_n);
      std::optional<double> change = RelativeChangePercent(value, previous);
      row.push_back(change ? Cell(*change) : Cell());
    }
    if (HasSkewColumn(m)) row.emplace_back(skewed);
    if (HasUnresolvedColumn(m)) row.emplace_back(unresolved);
    row.push_back(note.empty() ? Cell() : Cell(note));
    t.rows.push_back(std::move(row));
  }
  return absl::OkStatus();
}

void AddMetricNotices(absl::string_view rows_word, QueryResult* r) {
  const BoundQuery& q = r->query;
  if (r->skewed_total > 0) {
    r->notices.push_back(
        {NoticeSeverity::kWarning,
         absl::StrCat(r->skewed_total,
                      q.metric->family == EventFamily::kDeploys
                          ? " deploys excluded from lead time: first commit later than the deploy by more than "
                          : " incidents excluded from recovery time: resolved before opened by more than ",
                      FormatDurationSpec(q.policy.skew_tolerance), " (clock skew)")});
  }
  if (r->insufficient_groups > 0) {
    r->notices.push_back(
        {NoticeSeverity::kInfo, absl::StrCat(r->insufficient_groups, " ", rows_word, " have fewer than ",
                                             q.policy.min_sample, " samples; their values are null")});
  }
  if (r->insufficient_previous > 0) {
    r->notices.push_back(
        {NoticeSeverity::kInfo,
         absl::StrCat(r->insufficient_previous, " ", rows_word, " have fewer than ", q.policy.min_sample,
                      " samples in the previous period; their previous values are null")});
  }
  if (q.metric->kind == MetricKind::kRecoveryTime && r->unresolved_total > 0) {
    r->notices.push_back(
        {NoticeSeverity::kInfo,
         absl::StrCat(r->unresolved_total, " linked incidents are still unresolved and not part of recovery time")});
  }
}

std::string MetricDisplayName(const BoundQuery& q) {
  return q.stat ? absl::StrCat(q.metric->name, " ", q.stat->name) : q.metric->name;
}

namespace {

// The metric value as float64 (counts too: alerting and panels want float64
// values) with `config`.
Field MetricValueField(const ResultTable& t, size_t col, const FieldConfig& config) {
  Field field = ColumnField(t, col);
  if (field.type == FieldType::kInt64) {
    FloatValues fv;
    for (const auto& v : std::get<IntValues>(field.values)) {
      fv.push_back(v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt);
    }
    field = FloatField(t.columns[col].name, std::move(fv));
  }
  field.config = config;
  return field;
}

}  // namespace

Frame MetricTableFrame(const QueryResult& r, const std::string& ref_id, const FieldConfig& value_config) {
  Frame f = PlainTableFrame(r, ref_id);
  for (size_t c = 0; c < r.table.columns.size(); ++c) {
    const ColumnRole role = r.table.columns[c].role;
    if (role == ColumnRole::kValue) f.fields[c] = MetricValueField(r.table, c, value_config);
    if (role == ColumnRole::kBand) f.fields[c].config = BandConfig();
  }
  if (!r.query.vs_previous) return f;
  const std::string range = "[from - (to - from), from): the range's length just before it";
  if (int c = r.table.ColumnIndex("previous"); c >= 0) {
    FieldConfig config = value_config;
    config.display_name_from_ds = absl::StrCat(value_config.display_name_from_ds, " (previous)");
    config.description = absl::StrCat("The same statistic, filters and minimum sample over the previous period ", range,
                                      ". ", value_config.description);
    f.fields[c] = MetricValueField(r.table, c, config);
  }
  if (int c = r.table.ColumnIndex("previous_n"); c >= 0) {
    FieldConfig config;
    config.display_name_from_ds = "n (previous)";
    config.description = absl::StrCat("Sample size of the previous period ", range);
    f.fields[c].config = config;
  }
  if (int c = r.table.ColumnIndex("change_pct"); c >= 0) {
    FieldConfig config;
    config.display_name_from_ds = "change";
    config.unit = std::string(UnitId(Unit::kPercent));
    config.description =
        "Relative change against the previous period, in percent: (value - previous) / |previous| x 100; "
        "empty when either value is empty or previous is 0";
    f.fields[c].config = config;
  }
  return f;
}

Frame NumericLongFrame(const QueryResult& r, const std::string& ref_id, ColumnRole label_role,
                       const FieldConfig& value_config) {
  const ResultTable& t = r.table;
  Frame f;
  f.name = r.query.normalized_text;
  f.ref_id = ref_id;
  f.meta = BaseMeta(r, FrameType::kNumericLong);
  if (t.rows.empty()) return f;  // the data-plane "no data" form: no fields
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const ColumnRole role = t.columns[c].role;
    if (role == ColumnRole::kValue) {
      f.fields.push_back(MetricValueField(t, c, value_config));
    } else if (role == label_role) {
      // A label's value is a string: no label (NULL, e.g. no team) is "".
      StringValues v;
      for (const auto& row : t.rows) v.push_back(IsNull(row[c]) ? std::string() : std::get<std::string>(row[c]));
      f.fields.push_back(StringField(t.columns[c].name, std::move(v), /*nullable=*/false));
    }
  }
  return f;
}

}  // namespace dora
