// The help text of dora and its subcommands, in the house style, made from
// the CLI11 definitions (names, value names, descriptions, defaults,
// required options, footers):
//
//   usage: dora query [flags] "<query>"
//
//   run a DORA query, e.g. dora query "lead_time p90 by service"
//
//   arguments:
//     "<query>"  metric [stat] [by dims] ...
//
//   flags:
//     --from T   start of the range, RFC 3339 or relative (default now-30d)
//     --explain  print the generated SQL and its parameters instead of running it
//
//   <footer>
//
// A positional shows as its option_text ("\"<query>\"") or as <name>; a
// required flag is also named in the usage line and marked "(required)"; a
// default is the option's default_str; a flag's value name is its type_name
// (the checks in cli_options.h carry no description, so CLI11 appends none).
// The top level (an app without a parent) lists its subcommands, each with
// its description, instead of flags; subcommands and options in the group ""
// (CLI11's "hidden") and the help flag are left out. Lines are not wrapped.
#ifndef DORA_TOOLS_DORA_CLI_FORMAT_H_
#define DORA_TOOLS_DORA_CLI_FORMAT_H_

#include <string>

#include "CLI/CLI.hpp"

namespace dora {

class DoraHelpFormatter : public CLI::Formatter {
 public:
  // `name` is the command path CLI11 passes ("dora query").
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
};

}  // namespace dora

#endif  // DORA_TOOLS_DORA_CLI_FORMAT_H_
