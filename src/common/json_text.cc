#include "common/json_text.h"

#include "absl/strings/str_cat.h"

namespace dora {
namespace {

template <typename Json>
Json Parse(absl::string_view text, std::string* problem) {
  const size_t nul = text.find('\0');
  if (nul != absl::string_view::npos) {
    if (problem != nullptr) *problem = absl::StrCat("a NUL byte at offset ", nul);
    return Json(Json::value_t::discarded);
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const std::exception& e) {
    if (problem != nullptr) {
      // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." -> "parse error at ..."
      absl::string_view what = e.what();
      if (size_t close = what.find("] "); !what.empty() && what[0] == '[' && close != absl::string_view::npos) {
        what.remove_prefix(close + 2);
      }
      *problem = std::string(what);
    }
    return Json(Json::value_t::discarded);
  }
}

}  // namespace

nlohmann::json ParseJsonText(absl::string_view text, std::string* problem) {
  return Parse<nlohmann::json>(text, problem);
}

nlohmann::ordered_json ParseOrderedJsonText(absl::string_view text, std::string* problem) {
  return Parse<nlohmann::ordered_json>(text, problem);
}

}  // namespace dora
