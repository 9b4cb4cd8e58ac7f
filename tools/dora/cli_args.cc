#include "cli_args.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/phase_error.h"

namespace dora {

std::string ParsedArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  ParsedArgs out;
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positional || a == "-" || !absl::StartsWith(a, "-")) {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      out.values["help"] = "true";
      continue;
    }
    std::string body = a.substr(a.rfind('-', 1) + 1);
    std::optional<std::string> inline_value;
    if (size_t eq = body.find('='); eq != std::string::npos) {
      inline_value = body.substr(eq + 1);
      body = body.substr(0, eq);
    }
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == body; });
    if (spec == specs.end()) {
      std::vector<std::string> names;
      for (const FlagSpec& s : specs) names.push_back(s.name);
      std::string near = SuggestNearest(body, names);
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown flag '", a, "'", near.empty() ? "" : absl::StrCat(" \xE2\x80\x94 did you mean '--", near, "'?")));
    }
    if (!spec->takes_value) {
      if (inline_value) return absl::InvalidArgumentError(absl::StrCat("flag --", body, " takes no value"));
      out.values[body] = "true";
      continue;
    }
    if (inline_value) {
      out.values[body] = *inline_value;
    } else if (i + 1 < args.size()) {
      out.values[body] = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag --", body, " needs a value (", spec->value_name, ")"));
    }
  }
  return out;
}

std::string FlagsHelp(const std::vector<FlagSpec>& specs) {
  std::string out;
  size_t width = 0;
  std::vector<std::string> lefts;
  for (const FlagSpec& s : specs) {
    lefts.push_back(absl::StrCat("--", s.name, s.takes_value ? " " + s.value_name : ""));
    width = std::max(width, lefts.back().size());
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    absl::StrAppend(&out, "  ", lefts[i], std::string(width - lefts[i].size() + 2, ' '), specs[i].help, "\n");
  }
  return out;
}

}  // namespace dora
