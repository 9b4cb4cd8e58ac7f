// Typed FrameMeta and FieldConfig: only the keys and enum values that
// Grafana's decoders accept, serialised to the JSON the SDK reads.
#ifndef DORA_FRAME_FRAME_META_H_
#define DORA_FRAME_FRAME_META_H_

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace dora {

enum class NoticeSeverity { kInfo, kWarning, kError };

struct Notice {
  NoticeSeverity severity = NoticeSeverity::kInfo;
  std::string text;
};

// One entry of FrameMeta.stats, shown in Grafana's query inspector.
struct QueryStat {
  std::string display_name;
  std::string unit;  // Grafana unit id, e.g. "ms"
  double value = 0;
};

// The dataplane frame types the plugin produces.
enum class FrameType {
  kNone,             // a plain table (no type written)
  kNumericLong,      // "numeric-long": one row per group
  kTimeSeriesMulti,  // "timeseries-multi": one frame per series
};

// "numeric-long", "timeseries-multi", or "" for kNone.
const char* FrameTypeName(FrameType type);

struct FrameMeta {
  FrameType type = FrameType::kNone;  // written unless kNone
  int type_version[2] = {0, 0};       // always written
  std::string executed_query_string;
  std::vector<Notice> notices;
  std::vector<QueryStat> stats;
  std::optional<nlohmann::ordered_json> custom;  // data-source specific, any JSON
};

// A `value` mapping: one exact value shown as text, with a color.
struct ValueMapping {
  std::string value;
  std::string text;
  std::string color;
  int index = 0;
};

struct FieldConfig {
  std::string display_name_from_ds;
  std::string unit;
  std::string description;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<ValueMapping> value_mappings;  // written as one mapping of type "value"
};

nlohmann::ordered_json FrameMetaToJson(const FrameMeta& meta);
nlohmann::ordered_json FieldConfigToJson(const FieldConfig& config);

}  // namespace dora

#endif  // DORA_FRAME_FRAME_META_H_
