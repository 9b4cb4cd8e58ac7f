#include "frame/frame_meta.h"

#include <cmath>

namespace dora {
namespace {

const char* SeverityName(NoticeSeverity s) {
  switch (s) {
    case NoticeSeverity::kInfo:
      return "info";
    case NoticeSeverity::kWarning:
      return "warning";
    case NoticeSeverity::kError:
      return "error";
  }
  return "info";
}

// Grafana writes NaN and infinities as null.
nlohmann::ordered_json Number(double v) {
  if (std::isnan(v) || std::isinf(v)) return nullptr;
  return v;
}

}  // namespace

const char* FrameTypeName(FrameType type) {
  switch (type) {
    case FrameType::kNone:
      return "";
    case FrameType::kNumericLong:
      return "numeric-long";
    case FrameType::kTimeSeriesMulti:
      return "timeseries-multi";
  }
  return "";
}

nlohmann::ordered_json FrameMetaToJson(const FrameMeta& m) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (m.type != FrameType::kNone) j["type"] = FrameTypeName(m.type);
  j["typeVersion"] = {m.type_version[0], m.type_version[1]};
  if (m.custom) j["custom"] = *m.custom;
  if (!m.stats.empty()) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::array();
    for (const QueryStat& st : m.stats) {
      stats.push_back({{"displayName", st.display_name}, {"unit", st.unit}, {"value", Number(st.value)}});
    }
    j["stats"] = std::move(stats);
  }
  if (!m.notices.empty()) {
    nlohmann::ordered_json notices = nlohmann::ordered_json::array();
    for (const Notice& n : m.notices) notices.push_back({{"severity", SeverityName(n.severity)}, {"text", n.text}});
    j["notices"] = std::move(notices);
  }
  if (!m.executed_query_string.empty()) j["executedQueryString"] = m.executed_query_string;
  return j;
}

nlohmann::ordered_json FieldConfigToJson(const FieldConfig& c) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (!c.display_name_from_ds.empty()) j["displayNameFromDS"] = c.display_name_from_ds;
  if (!c.description.empty()) j["description"] = c.description;
  if (!c.unit.empty()) j["unit"] = c.unit;
  if (c.min) j["min"] = Number(*c.min);
  if (c.max) j["max"] = Number(*c.max);
  if (!c.value_mappings.empty()) {
    nlohmann::ordered_json options = nlohmann::ordered_json::object();
    for (const ValueMapping& m : c.value_mappings) {
      nlohmann::ordered_json result = {{"text", m.text}};
      if (!m.color.empty()) result["color"] = m.color;
      result["index"] = m.index;
      options[m.value] = std::move(result);
    }
    j["mappings"] = nlohmann::ordered_json::array({{{"type", "value"}, {"options", std::move(options)}}});
  }
  return j;
}

}  // namespace dora
