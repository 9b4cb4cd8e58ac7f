// The dora command line. Every command is a CLI11 subcommand whose options
// are bound to its typed options struct (commands.h); parsing fills the
// struct and selects the command, running it hands the struct over.
//
//   dora <command> [flags] [args]   run a command
//   dora <command> --help | -h      its help (also: dora help <command>)
//   dora help | --help | -h         the commands, one line each
//   dora --version | -V             "dora <version>"
//
// Flags take "--name value" or "--name=value"; a flag given twice keeps its
// last value; "--" ends the flags. Usage errors (an unknown flag, which
// suggests the nearest one; a value its check refuses, named by the flag; a
// missing or extra argument; an unknown command) print "dora <command>:
// <what>" on stderr and exit 2 (kExitUsage) before anything runs.
#ifndef DORA_TOOLS_DORA_CLI_APP_H_
#define DORA_TOOLS_DORA_CLI_APP_H_

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "commands.h"

namespace dora {

// Every command's options, as the command line sets them.
struct DoraOptions {
  MigrateOptions migrate;
  QueryOptions query;
  ReportOptions report;
  VerifyOptions verify;
  DemoOptions demo;
  ServeOptions serve;
  CatalogOptions catalog;
  SettingsSchemaOptions settings_schema;
};

// Not copyable or movable: the CLI11 options point into options_. Parse at
// most once per instance.
class DoraCli {
 public:
  // `now` resolves relative times ("--from now-30d") and time defaults;
  // --version prints "dora <version>".
  DoraCli(absl::Time now, std::string version);
  DoraCli(const DoraCli&) = delete;
  DoraCli& operator=(const DoraCli&) = delete;

  // Parses `args` (without the program name). Returns the exit code when
  // parsing settles the outcome: help or version printed on `out` (0), or a
  // usage error printed on `err` (2). Returns nullopt when a command is
  // selected and its options are set; then call Run.
  std::optional<int> Parse(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

  // Runs the command Parse selected; its exit code (command_support.h).
  int Run(std::ostream& out, std::ostream& err) const;

  // The typed options, as Parse set them (defaults before).
  const DoraOptions& options() const { return options_; }

  // The help of `command` ("" for the top level); "" for an unknown command.
  std::string Help(const std::string& command) const;

  // The CLI11 definition (for tests and introspection).
  const CLI::App& app() const { return app_; }

 private:
  // When `command` is parsed, `run` with *options becomes what Run runs.
  template <typename Options>
  void OnParsed(CLI::App* command, const Options* options, int (*run)(const Options&, std::ostream&, std::ostream&));
  // The first unknown flag CLI11 left over in `command`, with a suggestion;
  // "" when there is none.
  std::string UnknownFlagError(const CLI::App* command) const;
  // Too many or too few arguments for `command`; "" when they fit.
  std::string ArgumentsError(const CLI::App* command) const;
  int UsageError(std::ostream& err, const std::string& command, const std::string& message, bool with_commands) const;

  DoraOptions options_;
  std::string help_topic_;  // dora help <topic>
  CLI::App app_;
  CLI::App* help_ = nullptr;
  std::function<int(std::ostream&, std::ostream&)> selected_;
};

// What main() does: parse `args` and run the selected command.
int RunDora(const std::vector<std::string>& args, absl::Time now, const std::string& version, std::ostream& out,
            std::ostream& err);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_CLI_APP_H_
