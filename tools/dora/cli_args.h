// The dora subcommands' flag tables, parsed by CLI11: `--name value`,
// `--name=value`, boolean `--name`, positionals, `--` ends the flags.
#ifndef DORA_TOOLS_DORA_CLI_ARGS_H_
#define DORA_TOOLS_DORA_CLI_ARGS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dora {

struct FlagSpec {
  std::string name;  // without dashes
  bool takes_value = true;
  std::string value_name;  // for help: "T", "N", "ZONE"
  std::string help;
  // Optional CLI11 check of the value: returns "" when it is acceptable, else
  // what is wrong (the parse error reads "--name: what").
  std::function<std::string(const std::string&)> check = nullptr;
};

struct ParsedArgs {
  std::map<std::string, std::string> values;  // flags with values, and booleans as "true"
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback) const;
};

// Unknown flags, missing values and failed checks are InvalidArgument
// errors naming the flag; an unknown flag suggests the nearest known one.
// `--help` and `-h` are always accepted (as "help"). A flag given twice
// keeps its last value.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

// Aligned help lines for the given flags.
std::string FlagsHelp(const std::vector<FlagSpec>& specs);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_CLI_ARGS_H_
