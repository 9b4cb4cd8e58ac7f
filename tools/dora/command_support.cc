#include "command_support.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/clock.h"
#include "common/phase_error.h"
#include "common/time_spec.h"
#include "settings/settings_schema.h"
#include "settings/settings_schema_json.h"
#include "store/pg_store.h"

namespace dora {

std::vector<FlagSpec> TimeRangeFlags(const std::string& default_from) {
  return {
      {"from", true, "T", absl::StrCat("start of the range, RFC 3339 or relative (default ", default_from, ")")},
      {"to", true, "T", "end of the range, exclusive (default now)"},
      {"tz", true, "ZONE", "IANA time zone for day and week buckets (default UTC)"},
      {"interval", true, "DUR", "interval that `every auto` adapts to (default range/200)"},
  };
}

std::vector<FlagSpec> PolicyFlags() {
  std::vector<FlagSpec> flags;
  for (const SettingSpec& spec : AllSettings()) {
    if (spec.cli_flag.empty()) continue;
    const char* value_name = spec.type == SettingType::kDuration  ? "DUR"
                             : spec.type == SettingType::kInteger ? "N"
                             : spec.type == SettingType::kChoice  ? "ID"
                                                                  : "SET";
    std::string help = spec.description;
    if (spec.type == SettingType::kChoice) absl::StrAppend(&help, ": ", SettingRuleText(spec));
    if (spec.type == SettingType::kInteger || spec.type == SettingType::kDuration) {
      absl::StrAppend(&help, "; ", absl::AsciiStrToLower(SettingRuleText(spec)));
    }
    absl::StrAppend(&help, " (default ", spec.default_text, ")");
    // The CLI11 check is the schema's own (the one the data source settings pass).
    auto check = [id = spec.id](const std::string& text) -> std::string {
      const SettingSpec& s = Setting(id);
      absl::Status st = s.type == SettingType::kDuration  ? ParseDurationSetting(s, text).status()
                        : s.type == SettingType::kInteger ? ParseIntegerSetting(s, text).status()
                        : s.type == SettingType::kChoice  ? ChoiceSetting(s, text).status()
                                                          : FailureSignalsSetting(s, text).status();
      return st.ok() ? "" : std::string(st.message());
    };
    flags.push_back({spec.cli_flag, true, value_name, help, check});
  }
  return flags;
}

std::function<std::string(const std::string&)> WholeNumberCheck(int64_t max) {
  return [max](const std::string& text) -> std::string {
    int64_t v = 0;
    if (absl::SimpleAtoi(text, &v) && v >= 1 && v <= max) return "";
    return absl::StrCat("takes a whole number from 1 to ", max, ", got '", text, "'");
  };
}

std::function<std::string(const std::string&)> PositiveNumberCheck() {
  return [](const std::string& text) -> std::string {
    double v = 0;
    if (absl::SimpleAtod(text, &v) && v > 0 && std::isfinite(v)) return "";
    return absl::StrCat("takes a positive number, got '", text, "'");
  };
}

std::function<std::string(const std::string&)> DurationCheck(absl::Duration min, absl::Duration max) {
  return [min, max](const std::string& text) -> std::string {
    auto d = ParseDurationSpec(text);
    if (d.ok() && *d >= min && *d <= max) return "";
    return absl::StrCat("takes a duration from ", absl::FormatDuration(min), " to ", absl::FormatDuration(max),
                        ", got '", text, "'");
  };
}

namespace {

absl::Status FlagError(const SettingSpec& spec, const absl::Status& problem) {
  return absl::InvalidArgumentError(absl::StrCat(spec.Flag(), ": ", problem.message()));
}

// Reads the policy flags given in `args` into `policy`, each checked by the
// settings schema (as the data source settings are).
absl::Status PolicyFromArgs(const ParsedArgs& args, QueryPolicy* policy) {
  for (const SettingSpec& spec : AllSettings()) {
    if (spec.cli_flag.empty() || !args.Has(spec.cli_flag)) continue;
    const std::string text = args.Get(spec.cli_flag, "");
    switch (spec.id) {
      case SettingId::kBandProfile: {
        auto v = ChoiceSetting(spec, text);
        if (!v.ok()) return FlagError(spec, v.status());
        policy->band_profile = *v;
        break;
      }
      case SettingId::kFailureSignals: {
        auto v = FailureSignalsSetting(spec, text);
        if (!v.ok()) return FlagError(spec, v.status());
        policy->failure_signals = *v;
        break;
      }
      case SettingId::kSkewTolerance:
      case SettingId::kIncidentLinkWindow: {
        auto v = ParseDurationSetting(spec, text);
        if (!v.ok()) return FlagError(spec, v.status());
        (spec.id == SettingId::kSkewTolerance ? policy->skew_tolerance : policy->incident_link_window) = *v;
        break;
      }
      case SettingId::kMinSample: {
        auto v = ParseIntegerSetting(spec, text);
        if (!v.ok()) return FlagError(spec, v.status());
        policy->min_sample = *v;
        break;
      }
      default:
        return absl::InternalError(absl::StrCat(spec.Flag(), ": the schema gives a flag the CLI does not read"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<QueryContext> ContextFromArgs(const ParsedArgs& args, const std::string& default_from) {
  QueryContext ctx;
  absl::Time now = SystemClock().Now();
  auto from = ParseTimeSpec(args.Get("from", default_from), now);
  if (!from.ok()) return absl::InvalidArgumentError(absl::StrCat("--from: ", from.status().message()));
  auto to = ParseTimeSpec(args.Get("to", "now"), now);
  if (!to.ok()) return absl::InvalidArgumentError(absl::StrCat("--to: ", to.status().message()));
  ctx.from = *from;
  ctx.to = *to;
  ctx.time_zone = args.Get("tz", "UTC");
  if (args.Has("interval")) {
    auto iv = ParseDurationSpec(args.Get("interval", ""));
    if (!iv.ok()) return absl::InvalidArgumentError(absl::StrCat("--interval: ", iv.status().message()));
    ctx.interval = *iv;
  }
  if (absl::Status st = PolicyFromArgs(args, &ctx.policy); !st.ok()) return st;
  return ctx;
}

absl::StatusOr<std::unique_ptr<Store>> OpenDatabase() {
  auto url = DatabaseUrlFromEnv();
  if (!url.ok()) return url.status();
  PgPoolOptions opts;
  opts.url = *url;
  opts.max_connections = 2;
  opts.statement_timeout = absl::Minutes(10);
  opts.application_name = "dora-cli";
  return std::make_unique<PgStore>(opts);
}

void PrintError(std::ostream& err, const std::string& command, const absl::Status& status,
                const std::string& query_text) {
  err << "dora " << command << ": " << status.message() << "\n";
  auto pos = GetPositionedError(status);
  if (!pos || pos->position <= 0 || query_text.empty()) return;
  // At most 80 characters of the query around the position (queries may be 64 KiB long).
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t i = 0; i < query_text.size(); ++i) {
    if ((static_cast<unsigned char>(query_text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t chars = starts.size();
  const size_t at = std::min(static_cast<size_t>(pos->position - 1), chars);
  const size_t first = at > 40 ? at - 40 : 0;
  const size_t last = std::min(chars, first + 80);
  const size_t begin_byte = first < chars ? starts[first] : query_text.size();
  const size_t end_byte = last < chars ? starts[last] : query_text.size();
  const std::string lead = first > 0 ? "..." : "";
  err << "  " << lead << query_text.substr(begin_byte, end_byte - begin_byte) << (last < chars ? "..." : "") << "\n  "
      << std::string(lead.size() + at - first, ' ') << std::string(std::clamp(pos->length, 1, 80), '^') << "\n";
}

}  // namespace dora
