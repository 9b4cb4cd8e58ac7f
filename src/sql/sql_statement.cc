#include "sql/sql_statement.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace dora {

std::string ParamList::Add(std::string value, absl::string_view sql_type) {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (values_[i] == value && types_[i] == sql_type) return absl::StrCat("$", i + 1, "::", sql_type);
  }
  values_.push_back(std::move(value));
  types_.emplace_back(sql_type);
  return absl::StrCat("$", values_.size(), "::", sql_type);
}

std::string RenderForDisplay(const SqlStatement& statement) {
  std::string out = statement.text;
  for (size_t i = 0; i < statement.params.size(); ++i) {
    absl::StrAppend(&out, "\n-- $", i + 1, " = '",
                    absl::StrReplaceAll(statement.params[i], {{"'", "''"}, {"\n", "\\n"}}), "'");
  }
  return out;
}

}  // namespace dora
