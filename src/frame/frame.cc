#include "frame/frame.h"

namespace dora {

size_t Field::size() const {
  return std::visit([](const auto& v) { return v.size(); }, values);
}

Field TimeField(std::string name, TimeValues values, bool nullable) {
  return Field{std::move(name), FieldType::kTime, nullable, std::nullopt, std::nullopt, std::move(values)};
}
Field FloatField(std::string name, FloatValues values, bool nullable) {
  return Field{std::move(name), FieldType::kFloat64, nullable, std::nullopt, std::nullopt, std::move(values)};
}
Field IntField(std::string name, IntValues values, bool nullable) {
  return Field{std::move(name), FieldType::kInt64, nullable, std::nullopt, std::nullopt, std::move(values)};
}
Field StringField(std::string name, StringValues values, bool nullable) {
  return Field{std::move(name), FieldType::kString, nullable, std::nullopt, std::nullopt, std::move(values)};
}
Field BoolField(std::string name, BoolValues values, bool nullable) {
  return Field{std::move(name), FieldType::kBool, nullable, std::nullopt, std::nullopt, std::move(values)};
}

}  // namespace dora
