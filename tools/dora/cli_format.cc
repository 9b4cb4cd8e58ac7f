#include "cli_format.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace dora {
namespace {

using Row = std::pair<std::string, std::string>;  // left column, description

bool Shown(const CLI::App* app, const CLI::Option* opt) {
  return opt != app->get_help_ptr() && opt != app->get_help_all_ptr() && !opt->get_group().empty();
}

// A positional shows as its option_text ("\"<query>\"") or as <name>.
std::string PositionalName(const CLI::Option* opt) {
  return opt->get_option_text().empty() ? absl::StrCat("<", opt->get_name(), ">") : opt->get_option_text();
}

// "--from T", "--explain"; the value name is the option's type_name (its
// checks have no description, so CLI11 adds nothing to it).
std::string FlagName(const CLI::Option* opt) {
  std::vector<std::string> names;
  for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
  std::string out = absl::StrJoin(names, ", ");
  if (opt->get_type_size() != 0 && !opt->get_type_name().empty()) absl::StrAppend(&out, " ", opt->get_type_name());
  return out;
}

std::string Describe(const CLI::Option* opt) {
  std::string out = opt->get_description();
  if (opt->get_required() && !opt->get_positional()) absl::StrAppend(&out, " (required)");
  if (!opt->get_default_str().empty()) absl::StrAppend(&out, " (default ", opt->get_default_str(), ")");
  return out;
}

// "title:" and the rows, the descriptions aligned two spaces past the
// longest left column of `width`.
std::string Section(const std::string& title, const std::vector<Row>& rows, size_t width) {
  if (rows.empty()) return "";
  std::string out = absl::StrCat("\n", title, ":\n");
  for (const auto& [left, text] : rows) {
    absl::StrAppend(&out, "  ", left, text.empty() ? "" : std::string(width - left.size() + 2, ' ') + text, "\n");
  }
  return out;
}

size_t Width(const std::vector<Row>& a, const std::vector<Row>& b) {
  size_t width = 0;
  for (const auto* rows : {&a, &b}) {
    for (const Row& r : *rows) width = std::max(width, r.first.size());
  }
  return width;
}

std::string Footer(const CLI::App* app) {
  std::string footer(absl::StripTrailingAsciiWhitespace(app->get_footer()));
  return footer.empty() ? "" : absl::StrCat("\n", footer, "\n");
}

std::string TopLevelHelp(const CLI::App* app, const std::string& name) {
  std::vector<Row> commands;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    commands.emplace_back(sub->get_name(), sub->get_description());
  }
  std::string out = absl::StrCat("usage: ", name, " <command> [flags]\n");
  if (!app->get_description().empty()) absl::StrAppend(&out, "\n", app->get_description(), "\n");
  return absl::StrCat(out, Section("commands", commands, Width(commands, {})), Footer(app));
}

}  // namespace

std::string DoraHelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const {
  if (app->get_parent() == nullptr) return TopLevelHelp(app, name);
  std::vector<Row> arguments, flags;
  std::string usage = absl::StrCat("usage: ", name);
  bool optional_flags = false;
  for (const CLI::Option* opt : app->get_options()) {
    if (!Shown(app, opt)) continue;
    if (opt->get_positional()) {
      arguments.emplace_back(PositionalName(opt), Describe(opt));
    } else {
      flags.emplace_back(FlagName(opt), Describe(opt));
      if (opt->get_required()) {
        absl::StrAppend(&usage, " ", FlagName(opt));
      } else {
        optional_flags = true;
      }
    }
  }
  if (optional_flags) absl::StrAppend(&usage, " [flags]");
  for (const Row& a : arguments) absl::StrAppend(&usage, " ", a.first);
  std::string out = absl::StrCat(usage, "\n");
  if (!app->get_description().empty()) absl::StrAppend(&out, "\n", app->get_description(), "\n");
  const size_t width = Width(arguments, flags);
  return absl::StrCat(out, Section("arguments", arguments, width), Section("flags", flags, width), Footer(app));
}

}  // namespace dora
