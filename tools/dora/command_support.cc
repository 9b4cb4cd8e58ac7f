#include "command_support.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/clock.h"
#include "common/phase_error.h"
#include "common/time_spec.h"
#include "metrics/bands.h"
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
  return {
      {"band-profile", true, "ID", absl::StrCat("band cut-offs: ", absl::StrJoin(BandProfileIds(), ", "),
                                                " (default dora-2024)")},
      {"skew-tolerance", true, "DUR", "clock skew tolerated before a span is excluded (default 5m)"},
      {"min-sample", true, "N", "fewest samples for a duration or rate value (default 5)"},
      {"incident-window", true, "DUR", "how long after a deploy an incident is linked to it (default 24h)"},
      {"failure-signals", true, "SET",
       "what fails a deploy: reference (default: failed and rollback deploys, as the reference design), "
       "dora-2024, or a list of failed,rollback,incident,hotfix attributed to the deploy that caused them"},
  };
}

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
  ctx.policy.band_profile = args.Get("band-profile", ctx.policy.band_profile);
  if (args.Has("failure-signals")) {
    auto signals = ParseFailureSignals(args.Get("failure-signals", ""));
    if (!signals.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--failure-signals: ", signals.status().message()));
    }
    ctx.policy.failure_signals = *signals;
  }
  if (args.Has("skew-tolerance")) {
    auto d = ParseDurationSpec(args.Get("skew-tolerance", ""));
    if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat("--skew-tolerance: ", d.status().message()));
    if (std::string p = SkewToleranceProblem(*d); !p.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--skew-tolerance: ", p));
    }
    ctx.policy.skew_tolerance = *d;
  }
  if (args.Has("incident-window")) {
    auto d = ParseDurationSpec(args.Get("incident-window", ""));
    if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat("--incident-window: ", d.status().message()));
    if (std::string p = IncidentLinkWindowProblem(*d); !p.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--incident-window: ", p));
    }
    ctx.policy.incident_link_window = *d;
  }
  if (args.Has("min-sample")) {
    int64_t n = 0;
    std::string problem = absl::SimpleAtoi(args.Get("min-sample", ""), &n) ? MinSampleProblem(n)
                                                                            : MinSampleProblem(0);
    if (!problem.empty()) return absl::InvalidArgumentError(absl::StrCat("--min-sample: ", problem));
    ctx.policy.min_sample = static_cast<int>(n);
  }
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
  err << "  " << lead << query_text.substr(begin_byte, end_byte - begin_byte) << (last < chars ? "..." : "")
      << "\n  " << std::string(lead.size() + at - first, ' ')
      << std::string(std::clamp(pos->length, 1, 80), '^') << "\n";
}

}  // namespace dora
