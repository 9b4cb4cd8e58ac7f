#include "datasource/query_model.h"

#include "absl/strings/str_cat.h"
#include "common/json_text.h"
#include "common/phase_error.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

absl::Status FieldError(const char* field, const char* expected, const nlohmann::json& got) {
  std::string shown = got.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
  return PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                    absl::StrCat("the query model's `", field, "` must be ", expected, ", not ", shown));
}

}  // namespace

absl::StatusOr<QueryModel> ParseQueryModel(absl::string_view json) {
  std::string problem;
  nlohmann::json model = ParseJsonText(json.empty() ? absl::string_view("{}") : json, &problem);
  if (model.is_discarded()) {
    return PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                      absl::StrCat("the query model is not valid JSON: ", problem));
  }
  if (!model.is_object()) {
    return PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument, "the query model is not a JSON object");
  }
  QueryModel out;
  if (auto it = model.find("expr"); it != model.end() && !it->is_null()) {
    if (!it->is_string()) return FieldError("expr", "a string", *it);
    out.expr = it->get<std::string>();
  }
  if (auto it = model.find("hide"); it != model.end() && !it->is_null()) {
    if (!it->is_boolean()) return FieldError("hide", "true or false", *it);
    out.hide = it->get<bool>();
  }
  if (auto it = model.find("timezone"); it != model.end() && !it->is_null()) {
    if (!it->is_string()) return FieldError("timezone", "a string such as \"Europe/Berlin\"", *it);
    out.timezone = it->get<std::string>();
  }
  return out;
}

}  // namespace dora
