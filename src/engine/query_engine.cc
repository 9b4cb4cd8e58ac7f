#include "engine/query_engine.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "engine/format.h"
#include "metrics/bands.h"
#include "metrics/environments.h"
#include "sql/generator.h"

namespace dora {
namespace {

absl::Status ShapeError(absl::string_view what) {
  return absl::InternalError(absl::StrCat("engine error: unexpected database result: ", what));
}

absl::StatusOr<int64_t> ParseInt(const std::optional<std::string>& cell, absl::string_view col) {
  int64_t v = 0;
  if (!cell || !absl::SimpleAtoi(*cell, &v)) return ShapeError(absl::StrCat("column ", col));
  return v;
}

absl::StatusOr<std::optional<double>> ParseDouble(const std::optional<std::string>& cell) {
  if (!cell) return std::optional<double>();
  double v = 0;
  if (!absl::SimpleAtod(*cell, &v)) return ShapeError(absl::StrCat("value '", *cell, "'"));
  return std::optional<double>(v);
}

bool HasSkewColumn(const MetricDef& m) { return m.value_kind == ValueKind::kDuration; }
bool HasUnresolvedColumn(const MetricDef& m) { return m.family == EventFamily::kIncidents; }
bool NeedsMinSample(const MetricDef& m) {
  return m.value_kind == ValueKind::kDuration || m.value_kind == ValueKind::kRatio;
}

struct Columns {
  std::vector<int> dims;
  int time = -1, value = -1, n = -1, skewed = -1, unresolved = -1;
};

absl::StatusOr<Columns> LocateColumns(const BoundQuery& q, const SqlResult& rows) {
  Columns c;
  for (Dimension d : q.group_by) {
    int i = rows.ColumnIndex(DimensionName(d));
    if (i < 0) return ShapeError(absl::StrCat("missing column ", DimensionName(d)));
    c.dims.push_back(i);
  }
  c.time = rows.ColumnIndex("time");
  c.value = rows.ColumnIndex("value");
  c.n = rows.ColumnIndex("n");
  c.skewed = rows.ColumnIndex("skewed");
  c.unresolved = rows.ColumnIndex("unresolved");
  if ((q.bucket && c.time < 0) || c.value < 0 || c.n < 0 || c.skewed < 0 || c.unresolved < 0) {
    return ShapeError("missing value/n/skewed/unresolved column");
  }
  return c;
}

// Grouped or series rows: one output row per SQL row.
absl::Status ShapeRows(const BoundQuery& q, const SqlResult& rows, QueryResult* out) {
  DORA_ASSIGN_OR_RETURN(Columns cols, LocateColumns(q, rows));
  const MetricDef& m = *q.metric;
  const bool banded = IsBanded(*q.band_profile, m.kind);
  ResultTable& t = out->table;
  for (Dimension d : q.group_by) t.columns.push_back({std::string(DimensionName(d)), ColumnType::kString});
  if (q.bucket) t.columns.push_back({"time", ColumnType::kTime});
  t.columns.push_back({"value", m.value_kind == ValueKind::kCount ? ColumnType::kInt : ColumnType::kFloat,
                       m.unit});
  t.columns.push_back({"n", ColumnType::kInt});
  if (banded) t.columns.push_back({"band", ColumnType::kString});
  if (HasSkewColumn(m)) t.columns.push_back({"skewed", ColumnType::kInt});
  if (HasUnresolvedColumn(m)) t.columns.push_back({"unresolved", ColumnType::kInt});
  t.columns.push_back({"note", ColumnType::kString});

  for (const auto& r : rows.rows) {
    std::vector<Cell> row;
    for (int i : cols.dims) {
      row.push_back(r[i] ? Cell(*r[i]) : Cell());
    }
    if (q.bucket) {
      DORA_ASSIGN_OR_RETURN(int64_t secs, ParseInt(r[cols.time], "time"));
      row.push_back(absl::FromUnixSeconds(secs));
    }
    DORA_ASSIGN_OR_RETURN(std::optional<double> value, ParseDouble(r[cols.value]));
    DORA_ASSIGN_OR_RETURN(int64_t n, ParseInt(r[cols.n], "n"));
    DORA_ASSIGN_OR_RETURN(int64_t skewed, ParseInt(r[cols.skewed], "skewed"));
    DORA_ASSIGN_OR_RETURN(int64_t unresolved, ParseInt(r[cols.unresolved], "unresolved"));
    out->skewed_total += skewed;
    out->unresolved_total += unresolved;
    std::string note;
    if (NeedsMinSample(m) && n < q.policy.min_sample) {
      if (n > 0 || !q.bucket) ++out->insufficient_groups;
      value.reset();
      note = absl::StrCat("insufficient sample: n=", n, " < ", q.policy.min_sample);
    }
    if (!value) {
      row.emplace_back();
    } else if (m.value_kind == ValueKind::kCount) {
      row.emplace_back(static_cast<int64_t>(*value));
    } else {
      row.emplace_back(*value);
    }
    row.emplace_back(n);
    if (banded) {
      auto band = value ? Classify(*q.band_profile, m.kind, *value) : std::nullopt;
      row.push_back(band ? Cell(std::string(BandName(*band))) : Cell());
    }
    if (HasSkewColumn(m)) row.emplace_back(skewed);
    if (HasUnresolvedColumn(m)) row.emplace_back(unresolved);
    row.push_back(note.empty() ? Cell() : Cell(note));
    t.rows.push_back(std::move(row));
  }
  return absl::OkStatus();
}

// Band distribution: classify each unit, then count units per band.
absl::Status ShapeDistribution(const BoundQuery& q, const SqlResult& rows, QueryResult* out) {
  QueryResult per_unit;
  DORA_RETURN_IF_ERROR(ShapeRows(q, rows, &per_unit));
  out->skewed_total = per_unit.skewed_total;
  out->unresolved_total = per_unit.unresolved_total;
  out->insufficient_groups = per_unit.insufficient_groups;
  const ResultTable& units = per_unit.table;
  const int band_col = units.ColumnIndex("band");
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
  t.columns = {{"band", ColumnType::kString},
               {"value", ColumnType::kInt},
               {"n", ColumnType::kInt},
               {"members", ColumnType::kString}};
  for (Band b : kAllBands) {
    const std::vector<std::string>& list = members[std::string(BandName(b))];
    t.rows.push_back({std::string(BandName(b)), static_cast<int64_t>(list.size()), classified,
                      absl::StrJoin(list, ", ")});
  }
  if (!insufficient.empty()) {
    t.rows.push_back({std::string("Insufficient sample"), static_cast<int64_t>(insufficient.size()),
                      classified, absl::StrJoin(insufficient, ", ")});
  }
  return absl::OkStatus();
}

std::string Short(const std::optional<std::string>& sha) {
  return sha ? sha->substr(0, 7) : std::string("unknown commit");
}

// Annotation events: time, timeEnd, title, text, tags (+ kind and dimensions).
absl::Status ShapeAnnotations(const BoundQuery& q, const SqlResult& rows, QueryResult* out) {
  const char* const kCols[] = {"kind", "time_us", "time_end_us", "service", "team", "environment",
                               "commit_sha", "incident_id", "hotfix", "lead_s"};
  int idx[10];
  for (int i = 0; i < 10; ++i) {
    idx[i] = rows.ColumnIndex(kCols[i]);
    if (idx[i] < 0) return ShapeError(absl::StrCat("missing column ", kCols[i]));
  }
  ResultTable& t = out->table;
  t.columns = {{"time", ColumnType::kTime},     {"timeEnd", ColumnType::kTime},  {"title", ColumnType::kString},
               {"text", ColumnType::kString},   {"tags", ColumnType::kString},   {"kind", ColumnType::kString},
               {"service", ColumnType::kString}, {"team", ColumnType::kString},  {"environment", ColumnType::kString}};
  size_t n = std::min(rows.rows.size(), static_cast<size_t>(kMaxAnnotations));
  for (size_t r = 0; r < n; ++r) {
    const auto& row = rows.rows[r];
    auto cell = [&](int i) { return row[idx[i]]; };
    const std::string kind = cell(0).value_or("");
    const std::string service = cell(3).value_or("");
    DORA_ASSIGN_OR_RETURN(int64_t us, ParseInt(cell(1), "time_us"));
    std::optional<absl::Time> end;
    if (cell(2)) {
      DORA_ASSIGN_OR_RETURN(int64_t end_us, ParseInt(cell(2), "time_end_us"));
      end = absl::FromUnixMicros(end_us);
    }
    const absl::Time at = absl::FromUnixMicros(us);
    const std::string env = cell(5).value_or(kProductionEnvironment);
    std::string title, text;
    if (kind == "incident") {
      title = absl::StrCat("Incident ", cell(7).value_or(""), " on ", service);
      text = end ? absl::StrCat("Resolved after ", HumanDuration(absl::ToDoubleSeconds(*end - at)))
                 : std::string("Still open");
    } else {
      title = absl::StrCat(kind == "rollback" ? "Rollback of " : kind == "failure" ? "Failed deploy of " : "Deploy of ",
                           service);
      text = absl::StrCat(service, " ", Short(cell(6)), " to ", env);
      if (cell(8).value_or("f") == "t") absl::StrAppend(&text, " (hotfix)");
      DORA_ASSIGN_OR_RETURN(std::optional<double> lead, ParseDouble(cell(9)));
      if (lead) absl::StrAppend(&text, "; lead time ", HumanDuration(*lead));
    }
    std::vector<std::string> tags = {kind, service};
    if (cell(4)) tags.push_back(*cell(4));
    t.rows.push_back({at, end ? Cell(*end) : Cell(), title, text, absl::StrJoin(tags, ","), kind, service,
                      cell(4) ? Cell(*cell(4)) : Cell(), env});
  }
  if (rows.rows.size() > n) {
    out->notices.push_back(absl::StrCat("showing the first ", kMaxAnnotations,
                                        " annotations; narrow the time range or filter by service"));
  }
  return absl::OkStatus();
}

// A result column copied from one SQL column; kTime columns come from
// epoch-microsecond integers.
struct CopiedColumn {
  const char* sql;
  ColumnSpec spec;
};

absl::Status CopyColumns(const SqlResult& rows, const std::vector<CopiedColumn>& columns, ResultTable* t) {
  std::vector<int> idx;
  for (const CopiedColumn& c : columns) {
    idx.push_back(rows.ColumnIndex(c.sql));
    if (idx.back() < 0) return ShapeError(absl::StrCat("missing column ", c.sql));
    t->columns.push_back(c.spec);
  }
  for (const auto& row : rows.rows) {
    std::vector<Cell>& out = t->rows.emplace_back();
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::optional<std::string>& cell = row[idx[i]];
      if (!cell) {
        out.emplace_back();
        continue;
      }
      switch (columns[i].spec.type) {
        case ColumnType::kString: out.emplace_back(*cell); break;
        case ColumnType::kTime: {
          DORA_ASSIGN_OR_RETURN(int64_t us, ParseInt(cell, columns[i].sql));
          out.emplace_back(absl::FromUnixMicros(us));
          break;
        }
        case ColumnType::kInt: {
          DORA_ASSIGN_OR_RETURN(int64_t v, ParseInt(cell, columns[i].sql));
          out.emplace_back(v);
          break;
        }
        case ColumnType::kFloat: {
          DORA_ASSIGN_OR_RETURN(std::optional<double> v, ParseDouble(cell));
          out.emplace_back(*v);
          break;
        }
      }
    }
  }
  return absl::OkStatus();
}

// Why the ledger gave a deploy its outcome, for humans.
std::string OutcomeReason(const std::string& outcome, std::optional<absl::Time> signal_at,
                          const std::optional<std::string>& signal_id) {
  const std::string at = signal_at ? FormatRfc3339Utc(*signal_at) : "";
  if (outcome == "failed") return "the deploy reported failure";
  if (outcome == "rollback") return "a rollback deploy (reference rule)";
  if (outcome == "rolled_back") return absl::StrCat("rolled back at ", at);
  if (outcome == "incident") return absl::StrCat("incident ", signal_id.value_or(""), " opened at ", at);
  if (outcome == "hotfixed") return absl::StrCat("hotfix deployed at ", at);
  return "";
}

// Inserts `reason` after the `outcome` column, from the SQL row's ledger columns.
absl::Status AddOutcomeReasons(const SqlResult& rows, ResultTable* t) {
  const int outcome = rows.ColumnIndex("outcome"), at = rows.ColumnIndex("signal_us"),
            id = rows.ColumnIndex("signal_id");
  const int after = t->ColumnIndex("outcome");
  if (outcome < 0 || at < 0 || id < 0 || after < 0) return ShapeError("missing ledger columns");
  t->columns.insert(t->columns.begin() + after + 1, ColumnSpec{"reason", ColumnType::kString});
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    const auto& row = rows.rows[r];
    std::optional<absl::Time> signal_at;
    if (row[at]) {
      DORA_ASSIGN_OR_RETURN(int64_t us, ParseInt(row[at], "signal_us"));
      signal_at = absl::FromUnixMicros(us);
    }
    std::string reason = OutcomeReason(row[outcome].value_or(""), signal_at, row[id]);
    t->rows[r].insert(t->rows[r].begin() + after + 1, reason.empty() ? Cell() : Cell(reason));
  }
  return absl::OkStatus();
}

absl::Status ShapeSamples(const BoundQuery& q, const SqlResult& rows, QueryResult* out) {
  std::vector<CopiedColumn> columns = {{"service", {"service", ColumnType::kString}},
                                       {"team", {"team", ColumnType::kString}},
                                       {"environment", {"environment", ColumnType::kString}}};
  const MetricKind kind = q.metric->kind;
  if (kind == MetricKind::kRecoveryTime) {
    columns.push_back({"incident_id", {"incident_id", ColumnType::kString}});
    columns.push_back({"path", {"path", ColumnType::kString}});
    columns.push_back({"commit_sha", {"commit_sha", ColumnType::kString}});
    columns.push_back({"time_us", {"opened_at", ColumnType::kTime}});
    columns.push_back({"end_us", {"resolved_at", ColumnType::kTime}});
    columns.push_back({"value", {"value", ColumnType::kFloat, q.metric->unit}});
  } else {
    columns.push_back({"commit_sha", {"commit_sha", ColumnType::kString}});
    if (kind == MetricKind::kLeadTime) columns.push_back({"first_us", {"first_commit_at", ColumnType::kTime}});
    columns.push_back({"time_us", {"deployed_at", ColumnType::kTime}});
    columns.push_back({"outcome", {"outcome", ColumnType::kString}});
    columns.push_back({"value", {kind == MetricKind::kLeadTime ? "value" : "lead_time", ColumnType::kFloat, "s"}});
  }
  DORA_RETURN_IF_ERROR(CopyColumns(rows, columns, &out->table));
  if (kind != MetricKind::kRecoveryTime) DORA_RETURN_IF_ERROR(AddOutcomeReasons(rows, &out->table));
  if (out->table.rows.size() > static_cast<size_t>(q.limit)) {
    out->table.rows.resize(q.limit);
    const bool latest = kind == MetricKind::kDeploys || kind == MetricKind::kChangeFailureRate;
    out->notices.push_back(absl::StrCat("showing the ", q.limit, latest ? " latest" : " largest",
                                        "; raise the limit to see more"));
  }
  return absl::OkStatus();
}

absl::Status ShapeDataQuality(const SqlResult& rows, QueryResult* out) {
  return CopyColumns(rows,
                     {{"source", {"source", ColumnType::kString}},
                      {"events", {"events", ColumnType::kInt}},
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

void AddNotices(const BoundQuery& q, QueryResult* r) {
  if (q.is_table_form()) return;
  if (r->skewed_total > 0) {
    absl::StrAppend(&r->notices.emplace_back(), r->skewed_total,
                    q.metric->family == EventFamily::kDeploys
                        ? " deploys excluded from lead time: first commit later than the deploy by more than "
                        : " incidents excluded from recovery time: resolved before opened by more than ",
                    FormatDurationSpec(q.policy.skew_tolerance), " (clock skew)");
  }
  if (r->insufficient_groups > 0) {
    absl::StrAppend(&r->notices.emplace_back(), r->insufficient_groups,
                    q.band_distribution ? " units" : (q.bucket ? " buckets" : " groups"),
                    " have fewer than ", q.policy.min_sample, " samples; their values are null");
  }
  if (q.metric->kind == MetricKind::kRecoveryTime && r->unresolved_total > 0) {
    absl::StrAppend(&r->notices.emplace_back(), r->unresolved_total,
                    " linked incidents are still unresolved and not part of recovery time");
  }
}

}  // namespace

int ResultTable::ColumnIndex(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<CompiledQuery> Compile(absl::string_view text, const QueryContext& context) {
  CompiledQuery c;
  DORA_ASSIGN_OR_RETURN(c.bound, CompileQuery(text, context));
  DORA_ASSIGN_OR_RETURN(c.statement, GenerateSql(c.bound));
  return c;
}

absl::StatusOr<QueryResult> ShapeResult(const BoundQuery& query, SqlStatement statement,
                                        const SqlResult& rows) {
  QueryResult result;
  result.query = query;
  result.statement = std::move(statement);
  if (query.form == QueryForm::kAnnotations) {
    DORA_RETURN_IF_ERROR(ShapeAnnotations(query, rows, &result));
  } else if (query.form == QueryForm::kSamples) {
    DORA_RETURN_IF_ERROR(ShapeSamples(query, rows, &result));
  } else if (query.form == QueryForm::kDataQuality) {
    DORA_RETURN_IF_ERROR(ShapeDataQuality(rows, &result));
  } else if (query.band_distribution) {
    DORA_RETURN_IF_ERROR(ShapeDistribution(query, rows, &result));
  } else {
    DORA_RETURN_IF_ERROR(ShapeRows(query, rows, &result));
  }
  AddNotices(query, &result);
  return result;
}

absl::StatusOr<QueryResult> QueryEngine::Run(absl::string_view text,
                                             const QueryContext& context) const {
  DORA_ASSIGN_OR_RETURN(CompiledQuery compiled, Compile(text, context));
  return Execute(std::move(compiled));
}

absl::StatusOr<QueryResult> QueryEngine::Execute(CompiledQuery compiled, const Interrupt& interrupt) const {
  DORA_ASSIGN_OR_RETURN(SqlResult rows, executor_->Query(compiled.statement, interrupt));
  return ShapeResult(compiled.bound, std::move(compiled.statement), rows);
}

}  // namespace dora
