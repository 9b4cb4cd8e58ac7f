#include "cli_options.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "common/time_spec.h"
#include "settings/settings_schema.h"
#include "settings/settings_schema_json.h"

namespace dora {
namespace {

// The value help of a policy flag: "DUR", "N", "ID", "SET".
std::string PolicyValueName(const SettingSpec& spec) {
  switch (spec.type) {
    case SettingType::kDuration:
      return "DUR";
    case SettingType::kInteger:
      return "N";
    case SettingType::kChoice:
      return "ID";
    default:
      return "SET";
  }
}

// The schema's description and rule; the default is the option's default_str.
std::string PolicyHelp(const SettingSpec& spec) {
  std::string help = spec.description;
  if (spec.type == SettingType::kChoice) absl::StrAppend(&help, ": ", SettingRuleText(spec));
  if (spec.type == SettingType::kInteger || spec.type == SettingType::kDuration) {
    absl::StrAppend(&help, "; ", absl::AsciiStrToLower(SettingRuleText(spec)));
  }
  return help;
}

// One policy flag: `parse` is the schema's parser for the setting's type.
template <typename T>
void AddSetting(CLI::App& app, const SettingSpec& spec, T* target,
                absl::StatusOr<T> (*parse)(const SettingSpec&, absl::string_view)) {
  Parser<T> parser = [&spec, parse](const std::string& text) { return parse(spec, text); };
  AddParsedOption<T>(app, spec.Flag(), target, parser, PolicyValueName(spec), PolicyHelp(spec))
      ->default_str(spec.default_text);
}

}  // namespace

CLI::Validator PositiveNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        if (!absl::SimpleAtod(text, &value) || !(value > 0) || !std::isfinite(value)) {
          return absl::StrCat("takes a positive number, got '", text, "'");
        }
        text = absl::StrFormat("%.17g", value);
        return "";
      },
      "", "positive number");
}

CLI::Option* AddPositiveNumber(CLI::App& app, const std::string& flag, double* target, const std::string& value_name,
                               const std::string& help) {
  return app.add_option(flag, *target, help)
      ->transform(PositiveNumber())
      ->type_name(value_name)
      ->default_str(absl::StrCat(*target));
}

CLI::Option* AddDuration(CLI::App& app, const std::string& flag, absl::Duration* target, absl::Duration min,
                         absl::Duration max, const std::string& help) {
  Parser<absl::Duration> parse = [min, max](const std::string& text) -> absl::StatusOr<absl::Duration> {
    absl::StatusOr<absl::Duration> d = ParseDurationSpec(text);
    if (d.ok() && *d >= min && *d <= max) return *d;
    return absl::InvalidArgumentError(absl::StrCat("takes a duration from ", absl::FormatDuration(min), " to ",
                                                   absl::FormatDuration(max), ", got '", text, "'"));
  };
  const std::string range =
      absl::StrCat("; a duration from ", absl::FormatDuration(min), " to ", absl::FormatDuration(max));
  return AddParsedOption<absl::Duration>(app, flag, target, parse, "DURATION", help + range)
      ->default_str(FormatDurationSpec(*target));
}

void AddTimeRange(CLI::App& app, QueryContext* ctx, absl::Time now, const std::string& default_from) {
  Parser<absl::Time> at = [now](const std::string& text) { return ParseTimeSpec(text, now); };
  ctx->from = at(default_from).value_or(now);
  ctx->to = now;
  AddParsedOption<absl::Time>(app, "--from", &ctx->from, at, "T", "start of the range, RFC 3339 or relative")
      ->default_str(default_from);
  AddParsedOption<absl::Time>(app, "--to", &ctx->to, at, "T", "end of the range, exclusive")->default_str("now");
  app.add_option("--tz", ctx->time_zone, "IANA time zone for day and week buckets")
      ->type_name("ZONE")
      ->default_str(ctx->time_zone);
  Parser<absl::Duration> interval = [](const std::string& text) { return ParseDurationSpec(text); };
  AddParsedOption<absl::Duration>(app, "--interval", &ctx->interval, interval, "DUR",
                                  "interval that `every auto` adapts to (default range/200)");
}

void AddPolicyOptions(CLI::App& app, QueryPolicy* policy) {
  for (const SettingSpec& spec : AllSettings()) {
    if (spec.cli_flag.empty()) continue;
    switch (spec.id) {
      case SettingId::kBandProfile:
        AddSetting(app, spec, &policy->band_profile, ChoiceSetting);
        break;
      case SettingId::kScoreBenchmark:
        AddSetting(app, spec, &policy->score_benchmark, ChoiceSetting);
        break;
      case SettingId::kFailureSignals:
        AddSetting(app, spec, &policy->failure_signals, FailureSignalsSetting);
        break;
      case SettingId::kSkewTolerance:
        AddSetting(app, spec, &policy->skew_tolerance, ParseDurationSetting);
        break;
      case SettingId::kIncidentLinkWindow:
        AddSetting(app, spec, &policy->incident_link_window, ParseDurationSetting);
        break;
      case SettingId::kMinSample:
        AddSetting(app, spec, &policy->min_sample, ParseIntegerSetting);
        break;
      default:
        // A schema flag with no QueryPolicy field: refused when given
        // (cli_options_test checks that every schema flag is read).
        app.add_option(spec.Flag(), spec.description)
            ->check(CLI::Validator([](std::string&) { return std::string("the CLI does not read this setting"); }, ""));
    }
  }
}

CLI::Option* AddOutputFormat(CLI::App& app, OutputFormat* target) {
  Parser<OutputFormat> parse = [](const std::string& text) { return ParseOutputFormat(text); };
  // ParseOutputFormat owns the names; the struct's default is kTable.
  return AddParsedOption<OutputFormat>(app, "--format", target, parse, "FMT", "table, json or csv")
      ->default_str("table");
}

CLI::Option* AddSwitch(CLI::App& app, const std::string& flag, bool* target, const std::string& help) {
  return app.add_flag(flag, *target, help)->disable_flag_override();
}

}  // namespace dora
