// Typed CLI11 options for the dora subcommands. Each helper binds a flag to
// a field of a command's options struct (commands.h) and checks the value
// with a CLI11 Validator, so a bad value fails the parse with
// CLI::ValidationError "--flag: what is wrong" (dora exits 2) before any
// command runs; a flag that is not given leaves its field at the struct's
// default, which the help shows.
#ifndef DORA_TOOLS_DORA_CLI_OPTIONS_H_
#define DORA_TOOLS_DORA_CLI_OPTIONS_H_

#include <functional>
#include <string>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/format.h"
#include "metrics/catalog.h"
#include "query/binder.h"

namespace dora {

// A whole number from `min` to `max`, in decimal (no sign for unsigned
// types). A transform: the text becomes the number's canonical spelling, so
// CLI11's conversion (which would read "010" as octal) sees what was checked.
// Error: "takes a whole number from 1 to 64, got '65'".
template <typename Int>
CLI::Validator WholeNumber(Int min, Int max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        Int value{};
        if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
          return absl::StrCat("takes a whole number from ", min, " to ", max, ", got '", text, "'");
        }
        text = absl::StrCat(value);
        return "";
      },
      "", "whole number");
}

// A finite number above zero; a transform like WholeNumber (the text becomes
// "%.17g" of the number). Error: "takes a positive number, got 'x'".
CLI::Validator PositiveNumber();

// "--flag N": a whole number from `min` to `max` into *target; the help
// ends with the range ("; a whole number from 1 to 64").
template <typename Int>
CLI::Option* AddWholeNumber(CLI::App& app, const std::string& flag, Int* target, Int min, Int max,
                            const std::string& value_name, const std::string& help) {
  return app.add_option(flag, *target, absl::StrCat(help, "; a whole number from ", min, " to ", max))
      ->transform(WholeNumber<Int>(min, max))
      ->type_name(value_name)
      ->default_str(absl::StrCat(*target));
}

// "--flag X": a positive number into *target.
CLI::Option* AddPositiveNumber(CLI::App& app, const std::string& flag, double* target, const std::string& value_name,
                               const std::string& help);

// Turns an option's text into its typed value, or says what is wrong
// (InvalidArgument, without the flag's name).
template <typename T>
using Parser = std::function<absl::StatusOr<T>(const std::string&)>;

// The check that `parse` accepts the text; its error is parse's message.
template <typename T>
CLI::Validator ParseCheck(Parser<T> parse, const std::string& name) {
  return CLI::Validator(
      [parse = std::move(parse)](std::string& text) -> std::string {
        absl::StatusOr<T> value = parse(text);
        return value.ok() ? "" : std::string(value.status().message());
      },
      "", name);
}

// An option ("--flag VALUE") whose text `parse` turns into the T stored in
// *target; `value_name` names the value in the help ("T", "DURATION").
template <typename T>
CLI::Option* AddParsedOption(CLI::App& app, const std::string& flag, T* target, Parser<T> parse,
                             const std::string& value_name, const std::string& help) {
  CLI::Option* opt = app.add_option_function<std::string>(
      flag,
      [flag, target, parse](const std::string& text) {
        absl::StatusOr<T> value = parse(text);  // already checked; kept total
        if (!value.ok()) throw CLI::ValidationError(flag, std::string(value.status().message()));
        *target = *std::move(value);
      },
      help);
  return opt->check(ParseCheck<T>(parse, flag))->type_name(value_name);
}

// A duration in ParseDurationSpec's grammar ("90s", "5m", "1h") from `min`
// to `max`, the range at the end of the help. Error: "takes a duration from
// 1s to 1h, got 'x'".
CLI::Option* AddDuration(CLI::App& app, const std::string& flag, absl::Duration* target, absl::Duration min,
                         absl::Duration max, const std::string& help);

// --from, --to, --tz and --interval into ctx's range, zone and interval.
// Relative times ("now-30d") are resolved against `now`; ctx->from and
// ctx->to start at `default_from` and `now`.
void AddTimeRange(CLI::App& app, QueryContext* ctx, absl::Time now, const std::string& default_from);

// The policy flags: one option per setting of the settings schema
// (settings/settings_schema.h) that has a CLI flag, its name, value help,
// rule, default and check from the schema and its value parsed by the
// schema's own parsers (ParseDurationSetting, ParseIntegerSetting,
// ChoiceSetting, FailureSignalsSetting), stored into *policy.
void AddPolicyOptions(CLI::App& app, QueryPolicy* policy);

// --format table|json|csv (ParseOutputFormat) into *target.
CLI::Option* AddOutputFormat(CLI::App& app, OutputFormat* target);

// A boolean flag ("--explain"): given means true; a value other than
// "--explain=true" is refused (CLI11: "explain was given a disallowed flag
// override").
CLI::Option* AddSwitch(CLI::App& app, const std::string& flag, bool* target, const std::string& help);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_CLI_OPTIONS_H_
