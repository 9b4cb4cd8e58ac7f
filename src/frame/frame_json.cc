#include "frame/frame_json.h"

#include "absl/time/time.h"

namespace dora {
namespace {

const char* TypeName(FieldType t) {
  switch (t) {
    case FieldType::kTime:
      return "time";
    case FieldType::kFloat64:
      return "float64";
    case FieldType::kInt64:
      return "int64";
    case FieldType::kString:
      return "string";
    case FieldType::kBool:
      return "bool";
  }
  return "";
}

nlohmann::ordered_json Values(const Field& f) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::visit(
      [&](const auto& values) {
        for (const auto& v : values) {
          if (!v) {
            out.push_back(nullptr);
          } else if constexpr (std::is_same_v<std::decay_t<decltype(*v)>, int64_t>) {
            if (f.type == FieldType::kTime) {
              out.push_back(absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", absl::FromUnixNanos(*v), absl::UTCTimeZone()));
            } else {
              out.push_back(*v);
            }
          } else {
            out.push_back(*v);
          }
        }
      },
      f.values);
  return out;
}

}  // namespace

nlohmann::ordered_json FrameToReadableJson(const Frame& frame) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["name"] = frame.name;
  j["refId"] = frame.ref_id;
  if (frame.meta) j["meta"] = FrameMetaToJson(*frame.meta);
  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const Field& f : frame.fields) {
    nlohmann::ordered_json fj = nlohmann::ordered_json::object();
    fj["name"] = f.name;
    fj["type"] = TypeName(f.type);
    fj["nullable"] = f.nullable;
    if (f.labels) fj["labels"] = *f.labels;
    if (f.config) fj["config"] = FieldConfigToJson(*f.config);
    fj["values"] = Values(f);
    fields.push_back(std::move(fj));
  }
  j["fields"] = std::move(fields);
  return j;
}

std::string FramesToReadableText(const std::vector<Frame>& frames) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Frame& f : frames) arr.push_back(FrameToReadableJson(f));
  return arr.dump(2) + "\n";
}

}  // namespace dora
