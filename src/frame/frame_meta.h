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

struct FrameMeta {
  std::string type;                // "numeric-long", "timeseries-multi", ... ("" omitted)
  int type_version[2] = {0, 0};    // always written
  std::string executed_query_string;
  std::vector<Notice> notices;
  std::vector<QueryStat> stats;
  std::string preferred_visualisation_type;  // "graph", "table", ... ("" omitted)
  std::string data_topic;                    // "annotations" or ""
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
  std::string no_value;
  std::optional<int> decimals;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<ValueMapping> value_mappings;  // written as one mapping of type "value"
};

nlohmann::ordered_json FrameMetaToJson(const FrameMeta& meta);
nlohmann::ordered_json FieldConfigToJson(const FieldConfig& config);

}  // namespace dora

#endif  // DORA_FRAME_FRAME_META_H_
