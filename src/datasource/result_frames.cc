#include "datasource/result_frames.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sql/sql_statement.h"

namespace dora {
namespace {

const char* BandColor(const std::string& band) {
  if (band == "Elite") return "green";
  if (band == "High") return "blue";
  if (band == "Medium") return "orange";
  if (band == "Low") return "red";
  return "";
}

FieldConfig BandConfig() {
  FieldConfig c;
  c.display_name_from_ds = "band";
  int index = 0;
  for (Band b : kAllBands) {
    std::string name(BandName(b));
    c.value_mappings.push_back({name, name, BandColor(name), index++});
  }
  return c;
}

FrameMeta BaseMeta(const QueryResult& r, const char* type) {
  FrameMeta m;
  m.type = type;
  m.type_version[1] = 1;
  m.executed_query_string = RenderForDisplay(r.statement);
  for (const std::string& n : r.notices) {
    bool skew = absl::StrContains(n, "clock skew");
    m.notices.push_back({skew ? NoticeSeverity::kWarning : NoticeSeverity::kInfo, n});
  }
  m.custom = nlohmann::ordered_json{{"query", r.query.normalized_text},
                                    {"skewed", r.skewed_total},
                                    {"insufficientGroups", r.insufficient_groups},
                                    {"unresolved", r.unresolved_total},
                                    {"bandProfile", r.query.band_profile->id}};
  return m;
}

// One frame field from one result column.
Field ColumnField(const ResultTable& t, size_t col) {
  const ColumnSpec& spec = t.columns[col];
  switch (spec.type) {
    case ColumnType::kString: {
      StringValues v;
      for (const auto& row : t.rows) v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(std::get<std::string>(row[col])));
      return StringField(spec.name, std::move(v));
    }
    case ColumnType::kTime: {
      IntValues v;
      bool nulls = false;
      for (const auto& row : t.rows) {
        nulls |= IsNull(row[col]);
        v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(absl::ToUnixNanos(std::get<absl::Time>(row[col]))));
      }
      return TimeField(spec.name, std::move(v), nulls);
    }
    case ColumnType::kFloat: {
      FloatValues v;
      for (const auto& row : t.rows) v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(std::get<double>(row[col])));
      return FloatField(spec.name, std::move(v));
    }
    case ColumnType::kInt: {
      IntValues v;
      bool nulls = false;
      for (const auto& row : t.rows) {
        nulls |= IsNull(row[col]);
        v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(std::get<int64_t>(row[col])));
      }
      return IntField(spec.name, std::move(v), nulls);
    }
  }
  return Field{};
}

FieldConfig ValueConfig(const BoundQuery& q, const std::string& unit) {
  FieldConfig c;
  c.display_name_from_ds = DisplayNameFor(q);
  c.unit = unit;
  c.description = q.metric->description;
  // The failure-signal policy in force, where a panel shows it (tooltips).
  if (q.metric->kind == MetricKind::kChangeFailureRate || q.metric->kind == MetricKind::kRecoveryTime) {
    absl::StrAppend(&c.description, ". Failure signals: ", DescribeFailureSignals(q.policy.failure_signals));
  }
  if (unit == "percentunit") {
    c.min = 0;
    c.max = 1;
  }
  return c;
}

bool IsDimension(const std::string& name) {
  return name == "service" || name == "team" || name == "environment";
}

std::vector<Frame> TableFrames(const QueryResult& r, const std::string& ref_id, bool for_alerting) {
  const ResultTable& t = r.table;
  Frame f;
  f.name = r.query.normalized_text;
  f.ref_id = ref_id;
  f.meta = BaseMeta(r, "numeric-long");
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const std::string& name = t.columns[c].name;
    bool dimension = r.query.band_distribution ? name == "band" : IsDimension(name);
    if (for_alerting && !dimension && name != "value") continue;
    Field field = ColumnField(t, c);
    if (name == "value") {
      if (field.type == FieldType::kInt64) {  // counts: alerting and panels want float64 values
        FloatValues fv;
        for (const auto& v : std::get<IntValues>(field.values)) {
          fv.push_back(v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt);
        }
        field = FloatField("value", std::move(fv));
      }
      field.config = r.query.band_distribution ? ValueConfig(r.query, "short") : ValueConfig(r.query, t.columns[c].unit);
      if (r.query.band_distribution) field.config->display_name_from_ds = "units";
    } else if (name == "band") {
      field.config = BandConfig();
    }
    f.fields.push_back(std::move(field));
  }
  return {std::move(f)};
}

std::vector<Frame> SeriesFrames(const QueryResult& r, const std::string& ref_id) {
  const ResultTable& t = r.table;
  std::vector<size_t> dims;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (IsDimension(t.columns[c].name)) dims.push_back(c);
  }
  const size_t time_col = t.ColumnIndex("time"), value_col = t.ColumnIndex("value");
  // Rows arrive ordered by dimensions, then time: cut a frame at each new group.
  std::vector<Frame> frames;
  std::string current_key;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
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
      value.config = ValueConfig(r.query, t.columns[value_col].unit);
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
  frames.front().meta = BaseMeta(r, "timeseries-multi");
  for (size_t i = 1; i < frames.size(); ++i) {
    FrameMeta m;
    m.type = "timeseries-multi";
    m.type_version[1] = 1;
    frames[i].meta = m;
  }
  return frames;
}

}  // namespace

std::string DisplayNameFor(const BoundQuery& q) {
  if (q.form == QueryForm::kAnnotations) return "annotations";
  if (q.form == QueryForm::kDataQuality) return "data_quality";
  if (q.form == QueryForm::kSamples) return absl::StrCat(q.metric->name, " samples");
  return q.stat ? absl::StrCat(q.metric->name, " ", q.stat->name) : q.metric->name;
}

std::vector<Frame> FramesForResult(const QueryResult& result, const std::string& ref_id, bool for_alerting) {
  if (result.query.is_table_form()) {
    Frame f;
    f.name = result.query.normalized_text;
    f.ref_id = ref_id;
    f.meta = BaseMeta(result, "");
    f.meta->type_version[1] = 0;
    for (size_t c = 0; c < result.table.columns.size(); ++c) {
      Field field = ColumnField(result.table, c);
      if (!result.table.columns[c].unit.empty()) {
        field.config = FieldConfig();
        field.config->unit = result.table.columns[c].unit;
      }
      f.fields.push_back(std::move(field));
    }
    return {std::move(f)};
  }
  if (result.query.bucket) return SeriesFrames(result, ref_id);
  return TableFrames(result, ref_id, for_alerting);
}

}  // namespace dora
