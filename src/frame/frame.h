// The data frame model: what the engine's answers become before they are
// encoded for Grafana (Arrow IPC) or for humans (readable JSON goldens).
//
// Frames carry only the field types Grafana's dataplane needs: time
// (nanoseconds since the epoch), float64, int64, string and bool, each
// optionally nullable. Metadata is typed (frame_meta.h), so a frame can only
// say things Grafana's strict decoders accept.
#ifndef DORA_FRAME_FRAME_H_
#define DORA_FRAME_FRAME_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "frame/frame_meta.h"

namespace dora {

enum class FieldType { kTime, kFloat64, kInt64, kString, kBool };

using IntValues = std::vector<std::optional<int64_t>>;
using TimeValues = IntValues;  // epoch nanoseconds, for kTime fields
using FloatValues = std::vector<std::optional<double>>;
using StringValues = std::vector<std::optional<std::string>>;
using BoolValues = std::vector<std::optional<bool>>;

struct Field {
  std::string name;
  FieldType type = FieldType::kFloat64;
  // A non-nullable field must hold no nullopt values (the writer checks).
  bool nullable = false;
  std::optional<std::map<std::string, std::string>> labels;
  std::optional<FieldConfig> config;
  std::variant<IntValues, FloatValues, StringValues, BoolValues> values;  // IntValues for kTime too

  size_t size() const;
};

struct Frame {
  std::string name;
  std::string ref_id;
  std::optional<FrameMeta> meta;
  std::vector<Field> fields;

  // Rows of the first field; every field must have the same length.
  size_t rows() const { return fields.empty() ? 0 : fields[0].size(); }
};

// Field constructors that keep type and values consistent.
Field TimeField(std::string name, TimeValues values, bool nullable = false);
Field FloatField(std::string name, FloatValues values, bool nullable = true);
Field IntField(std::string name, IntValues values, bool nullable = false);
Field StringField(std::string name, StringValues values, bool nullable = true);
Field BoolField(std::string name, BoolValues values, bool nullable = false);

}  // namespace dora

#endif  // DORA_FRAME_FRAME_H_
