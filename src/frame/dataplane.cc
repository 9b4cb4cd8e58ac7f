#include "frame/dataplane.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dora {
namespace {

FrameType TypeOf(const Frame& f) { return f.meta ? f.meta->type : FrameType::kNone; }

bool IsNumber(const Field& f) { return f.type == FieldType::kFloat64 || f.type == FieldType::kInt64; }

absl::Status Broken(size_t frame, const std::string& what) {
  return absl::FailedPreconditionError(absl::StrCat("frame ", frame, ": ", what));
}

absl::Status BrokenField(size_t frame, const Field& field, const std::string& what) {
  return Broken(frame, absl::StrCat("field '", field.name, "' ", what));
}

bool HasNull(const Field& f) {
  return std::visit(
      [](const auto& values) {
        for (const auto& v : values) {
          if (!v) return true;
        }
        return false;
      },
      f.values);
}

absl::Status CheckNumericLong(const std::vector<Frame>& frames) {
  if (frames.size() != 1) return Broken(1, "numeric-long is a single frame");
  const Frame& f = frames[0];
  if (f.rows() == 0)
    return Broken(0, "fields but no rows: an empty answer is the no-data form, a frame without fields");
  std::vector<const Field*> dims;
  int numbers = 0;
  for (const Field& field : f.fields) {
    if (field.labels) return BrokenField(0, field, "has labels: numeric-long dimensions are string fields");
    if (IsNumber(field)) {
      ++numbers;
    } else if (field.type == FieldType::kString) {
      if (field.nullable || HasNull(field)) return BrokenField(0, field, "is a dimension with nulls");
      dims.push_back(&field);
    } else {
      return BrokenField(0, field, "is neither a dimension (string) nor the metric (number)");
    }
  }
  if (numbers != 1) return Broken(0, absl::StrCat(numbers, " numeric fields: every number is a metric, one is wanted"));
  if (f.rows() > 1 && dims.empty()) return Broken(0, "several rows and no dimension to tell them apart");
  std::set<std::vector<std::string>> seen;
  for (size_t row = 0; row < f.rows(); ++row) {
    std::vector<std::string> key;
    for (const Field* d : dims) key.push_back(*std::get<StringValues>(d->values)[row]);
    if (!seen.insert(key).second) {
      return Broken(0, absl::StrCat("row ", row, " repeats the dimensions (", absl::StrJoin(key, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTimeSeriesMulti(const std::vector<Frame>& frames) {
  std::set<std::string> series;
  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    if (f.fields.size() != 2 || f.fields[0].type != FieldType::kTime || !IsNumber(f.fields[1])) {
      return Broken(i, "timeseries-multi frames hold a time field and one numeric field, nothing else");
    }
    const Field& time = f.fields[0];
    if (time.nullable || HasNull(time)) return BrokenField(i, time, "is a time field with nulls");
    const IntValues& t = std::get<IntValues>(time.values);
    for (size_t r = 1; r < t.size(); ++r) {
      if (*t[r] <= *t[r - 1]) return BrokenField(i, time, absl::StrCat("is not ascending at row ", r));
    }
    std::string key = f.fields[1].name;
    if (f.fields[1].labels) {
      for (const auto& [k, v] : *f.fields[1].labels) absl::StrAppend(&key, "\x1f", k, "=", v);
    }
    if (!series.insert(key).second) return BrokenField(i, f.fields[1], "repeats another frame's name and labels");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckDeclaredType(const std::vector<Frame>& frames) {
  if (frames.empty()) return absl::OkStatus();  // no frame at all: Grafana's NoData
  const FrameType type = TypeOf(frames[0]);
  for (size_t i = 0; i < frames.size(); ++i) {
    if (TypeOf(frames[i]) != type) return Broken(i, "declares another type than the first frame");
    const int* v = frames[i].meta ? frames[i].meta->type_version : nullptr;
    const bool zero = v == nullptr || (v[0] == 0 && v[1] == 0);
    if (type == FrameType::kNone && !zero) return Broken(i, "has a typeVersion but no type");
    if (type != FrameType::kNone && (v == nullptr || v[0] != 0 || v[1] != 1)) {
      return Broken(i, absl::StrCat(FrameTypeName(type), " is typeVersion [0,1]"));
    }
  }
  if (type == FrameType::kNone) return absl::OkStatus();
  for (size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].fields.empty() && frames.size() > 1) return Broken(i, "no fields, but not the only frame (no data)");
  }
  if (frames.size() == 1 && frames[0].fields.empty()) return absl::OkStatus();  // no data
  switch (type) {
    case FrameType::kNumericLong:
      return CheckNumericLong(frames);
    case FrameType::kTimeSeriesMulti:
      return CheckTimeSeriesMulti(frames);
    case FrameType::kNone:
      break;
  }
  return absl::OkStatus();
}

}  // namespace dora
