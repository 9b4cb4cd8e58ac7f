#include "forms/frames.h"

#include "absl/strings/str_cat.h"
#include "metrics/failure_signals.h"
#include "sql/sql_statement.h"

namespace dora {

FrameMeta BaseMeta(const QueryResult& r, FrameType type) {
  FrameMeta m;
  m.type = type;
  m.type_version[1] = 1;
  m.executed_query_string = RenderForDisplay(r.statement);
  m.notices = r.notices;
  m.custom = nlohmann::ordered_json{{"query", r.query.normalized_text},
                                    {"skewed", r.skewed_total},
                                    {"insufficientGroups", r.insufficient_groups},
                                    {"unresolved", r.unresolved_total},
                                    {"bandProfile", r.query.band_profile->id}};
  return m;
}

Field ColumnField(const ResultTable& t, size_t col) {
  const ColumnSpec& spec = t.columns[col];
  switch (spec.type) {
    case ColumnType::kString: {
      StringValues v;
      v.reserve(t.rows.size());
      for (const auto& row : t.rows)
        v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(std::get<std::string>(row[col])));
      return StringField(spec.name, std::move(v));
    }
    case ColumnType::kTime: {
      IntValues v;
      v.reserve(t.rows.size());
      bool nulls = false;
      for (const auto& row : t.rows) {
        nulls |= IsNull(row[col]);
        v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(absl::ToUnixNanos(std::get<absl::Time>(row[col]))));
      }
      return TimeField(spec.name, std::move(v), nulls);
    }
    case ColumnType::kFloat: {
      FloatValues v;
      for (const auto& row : t.rows)
        v.push_back(IsNull(row[col]) ? std::nullopt : std::optional(std::get<double>(row[col])));
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

std::vector<Frame> OnlyFrame(Frame frame) {
  std::vector<Frame> frames;
  frames.push_back(std::move(frame));
  return frames;
}

Frame PlainTableFrame(const QueryResult& r, const std::string& ref_id) {
  Frame f;
  f.name = r.query.normalized_text;
  f.ref_id = ref_id;
  f.meta = BaseMeta(r, FrameType::kNone);
  f.meta->type_version[1] = 0;
  for (size_t c = 0; c < r.table.columns.size(); ++c) {
    Field field = ColumnField(r.table, c);
    if (r.table.columns[c].unit != Unit::kNone) {
      field.config = FieldConfig();
      field.config->unit = std::string(UnitId(r.table.columns[c].unit));
    }
    f.fields.push_back(std::move(field));
  }
  return f;
}

FieldConfig BandConfig() {
  FieldConfig c;
  c.display_name_from_ds = "band";
  int index = 0;
  for (Band b : kAllBands) {
    std::string name(BandName(b));
    c.value_mappings.push_back({name, name, std::string(BandColor(b)), index++});
  }
  return c;
}

FieldConfig ValueConfig(const BoundQuery& q, const std::string& display_name, Unit unit) {
  FieldConfig c;
  c.display_name_from_ds = display_name;
  c.unit = std::string(UnitId(unit));
  c.description = q.metric->description;
  // The failure-signal policy in force, where a panel shows it (tooltips).
  if (q.metric->kind == MetricKind::kChangeFailureRate || q.metric->kind == MetricKind::kRecoveryTime) {
    absl::StrAppend(&c.description, ". Failure signals: ", DescribeFailureSignals(q.policy.failure_signals));
  }
  if (unit == Unit::kPercentUnit) {
    c.min = 0;
    c.max = 1;
  }
  if (q.metric->value_kind == ValueKind::kScore) {
    c.min = 0;
    c.max = 10;
  }
  return c;
}

}  // namespace dora
