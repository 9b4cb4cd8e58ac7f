#include "sql/sql_statement.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace dora {

const std::vector<std::string>& SessionSettings() {
  static const auto* settings = new std::vector<std::string>{
      "TimeZone = 'UTC'",
      // dora's statements are short (analytical queries whose row estimates,
      // from generate_series, can trip JIT compilation; small insert
      // batches): compiling their plans costs far more than running them.
      "jit = off",
      // Starting parallel workers cost 10-30 ms per statement in the
      // dashboard benchmark (bench/README.md), more than most dashboard
      // statements' whole serial run, and a dashboard's panels already run
      // concurrently. Ten times the default setup cost keeps parallel plans
      // for statements whose serial plan is far larger (a 2-year scan).
      "parallel_setup_cost = 10000",
  };
  return *settings;
}

std::string ParamList::Add(std::string value, absl::string_view sql_type) {
  for (size_t i = 0; i < values_.size(); ++i) {
    if (values_[i] == value && types_[i] == sql_type) return absl::StrCat("$", i + 1, "::", sql_type);
  }
  values_.push_back(std::move(value));
  types_.emplace_back(sql_type);
  return absl::StrCat("$", values_.size(), "::", sql_type);
}

namespace {

// Long array parameters (a series' buckets) shortened to their first and
// last elements and a count.
std::string Abbreviated(const std::string& param) {
  constexpr size_t kHead = 4, kTail = 2;
  if (param.size() < 2 || param.front() != '{' || param.back() != '}') return param;
  std::vector<absl::string_view> elements = absl::StrSplit(absl::string_view(param).substr(1, param.size() - 2), ',');
  if (elements.size() <= kHead + kTail + 1) return param;
  std::vector<absl::string_view> shown(elements.begin(), elements.begin() + kHead);
  shown.push_back("...");
  shown.insert(shown.end(), elements.end() - kTail, elements.end());
  return absl::StrCat("{", absl::StrJoin(shown, ","), "} (", elements.size(), " elements)");
}

std::string QuotedLiteral(absl::string_view value) {
  return absl::StrCat("'", absl::StrReplaceAll(value, {{"'", "''"}}), "'");
}

}  // namespace

std::string RenderForPsql(const SqlStatement& statement) {
  std::string out = "BEGIN;\n";
  for (const std::string& setting : SessionSettings()) absl::StrAppend(&out, "SET LOCAL ", setting, ";\n");
  for (const std::string& setting : statement.local_settings) absl::StrAppend(&out, "SET LOCAL ", setting, ";\n");
  const std::string& text = statement.text;
  size_t copied = 0;
  for (size_t at = text.find('$'); at != std::string::npos; at = text.find('$', at + 1)) {
    size_t end = at + 1;
    while (end < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == at + 1 || text.compare(end, 2, "::") != 0) continue;
    size_t index = 0;
    if (!absl::SimpleAtoi(absl::string_view(text).substr(at + 1, end - at - 1), &index) || index == 0 ||
        index > statement.params.size()) {
      continue;
    }
    absl::StrAppend(&out, absl::string_view(text).substr(copied, at - copied),
                    QuotedLiteral(statement.params[index - 1]));
    copied = end;
  }
  absl::StrAppend(&out, absl::string_view(text).substr(copied), ";\nROLLBACK;\n");
  return out;
}

std::string RenderForDisplay(const SqlStatement& statement) {
  std::string out;
  for (const std::string& setting : statement.local_settings) absl::StrAppend(&out, "SET LOCAL ", setting, ";\n");
  absl::StrAppend(&out, statement.text);
  for (size_t i = 0; i < statement.params.size(); ++i) {
    absl::StrAppend(&out, "\n-- $", i + 1, " = '",
                    absl::StrReplaceAll(Abbreviated(statement.params[i]), {{"'", "''"}, {"\n", "\\n"}}), "'");
  }
  return out;
}

}  // namespace dora
