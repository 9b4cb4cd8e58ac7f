#include "cli_args.h"

#include <algorithm>
#include <deque>

#include "CLI/CLI.hpp"
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
  CLI::App app;
  app.set_help_flag();  // `--help` is an ordinary flag: each command prints its own help
  app.allow_extras();   // unknown flags are reported below, with a suggestion
  bool help = false;
  app.add_flag("-h,--help", help);
  std::deque<std::string> texts;  // stable addresses for the option values
  std::vector<std::pair<const FlagSpec*, CLI::Option*>> options;
  for (const FlagSpec& spec : specs) {
    CLI::Option* opt = nullptr;
    if (spec.takes_value) {
      opt = app.add_option("--" + spec.name, texts.emplace_back(), spec.help)
                ->type_name(spec.value_name)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
      if (spec.check) opt->check(spec.check);
    } else {
      opt = app.add_flag("--" + spec.name, spec.help)->disable_flag_override();
    }
    options.emplace_back(&spec, opt);
  }
  app.add_option("args", out.positional);
  // Everything after `--` is positional (read here: CLI11 with extras allowed keeps the `--`).
  auto dashes = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> reversed(std::make_reverse_iterator(dashes), args.rend());  // CLI11 parses it reversed
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    // CLI11 names the flag: "--min-sample: ...", "--from: 1 required T missing".
    return absl::InvalidArgumentError(e.what());
  }
  for (const std::string& extra : app.remaining()) {
    if (extra == "-" || !absl::StartsWith(extra, "-")) {
      out.positional.push_back(extra);
      continue;
    }
    std::string body = extra.substr(extra.rfind('-', 1) + 1);
    body = body.substr(0, body.find('='));
    std::vector<std::string> names;
    for (const FlagSpec& s : specs) names.push_back(s.name);
    std::string near = SuggestNearest(body, names);
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown flag '", extra, "'", near.empty() ? "" : absl::StrCat(" \xE2\x80\x94 did you mean '--", near, "'?")));
  }
  if (dashes != args.end()) out.positional.insert(out.positional.end(), dashes + 1, args.end());
  if (help) out.values["help"] = "true";
  for (const auto& [spec, opt] : options) {
    if (opt->count() == 0) continue;
    out.values[spec->name] = spec->takes_value ? opt->as<std::string>() : "true";
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
