#include "query/binder.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "metrics/environments.h"
#include "query/language.h"
#include "settings/settings_schema.h"

namespace dora {
namespace {

// `'value'` with quotes doubled, as the normalized text writes values.
std::string QuoteValue(const std::string& value) {
  return absl::StrCat("'", absl::StrReplaceAll(value, {{"'", "''"}}), "'");
}

absl::StatusOr<Dimension> BindDimension(const Located& name) {
  auto d = FindDimension(name.text);
  if (d) return *d;
  return BindError(name, absl::StrCat("unknown dimension '", name.text, "'"),
                   absl::StrCat("expected ", JoinAlternatives(DimensionNames())),
                   SuggestNearest(name.text, DimensionNames()));
}

// `<n><unit>` with a unit of IntervalUnits() (`mo`: calendar months), or auto.
absl::StatusOr<BucketWidth> BindEvery(const Located& every, const QueryContext& ctx) {
  if (absl::EqualsIgnoreCase(every.text, "auto")) return BucketWidth{AutoBucket(ctx)};
  const std::string lower = absl::AsciiStrToLower(every.text);
  const size_t digits = std::min(lower.find_first_not_of("0123456789"), lower.size());
  const std::string unit = lower.substr(digits);
  const std::vector<std::string>& units = IntervalUnits();
  int64_t months = 0;
  if (unit == "mo" && digits > 0 && absl::SimpleAtoi(lower.substr(0, digits), &months) && months > 0 &&
      months <= int64_t{10000} * 12) {  // ten thousand years, as ParseDurationSpec
    return BucketWidth::Months(months);
  }
  auto d = ParseDurationSpec(every.text);
  if (unit == "mo" || !d.ok() || std::find(units.begin(), units.end(), unit) == units.end() ||
      *d <= absl::ZeroDuration()) {
    return BindError(every, absl::StrCat("invalid interval '", every.text, "'"),
                     "expected a positive number of hours, days, weeks or months (1h, 1d, 1w, 1mo) or auto");
  }
  return BucketWidth{*d};
}

// `<n><unit>` with a unit of WindowUnits(): whole calendar days, weeks or
// months, at most kMaxWindowDays days or kMaxWindowMonths months.
constexpr int64_t kMaxWindowDays = 36600, kMaxWindowMonths = 1200;  // a hundred years
absl::StatusOr<CalendarSpan> BindWindow(const Located& window) {
  const std::string lower = absl::AsciiStrToLower(window.text);
  const size_t digits = std::min(lower.find_first_not_of("0123456789"), lower.size());
  const std::string unit = lower.substr(digits);
  const std::vector<std::string>& units = WindowUnits();
  int64_t count = 0;
  CalendarSpan span;
  if (digits > 0 && absl::SimpleAtoi(lower.substr(0, digits), &count) && count > 0 &&
      std::find(units.begin(), units.end(), unit) != units.end()) {
    if (unit == "mo") {
      span.months = count;
    } else if (count <= kMaxWindowDays) {
      span.days = unit == "w" ? 7 * count : count;
    }
  }
  if (span.months > kMaxWindowMonths || span.days > kMaxWindowDays || (span.months == 0 && span.days == 0)) {
    return BindError(window, absl::StrCat("invalid window '", window.text, "'"),
                     "expected a whole number of calendar days, weeks or months (7d, 4w, 3mo) up to 100 years");
  }
  return span;
}

// Whether `span` can be shorter than one bucket of `width`: a month counts
// 28 days in a window and 31 in a bucket.
bool ShorterThanBucket(const CalendarSpan& span, const BucketWidth& width) {
  if (width.months > 0) return span.months > 0 ? span.months < width.months : span.days < 31 * width.months;
  return absl::Hours(24) * (span.months > 0 ? 28 * span.months : span.days) < width.elapsed;
}

// The shortest window no bucket of `width` is longer than, as `rolling` writes it.
CalendarSpan ShortestWindow(const BucketWidth& width) {
  if (width.months > 0) return CalendarSpan{0, width.months};
  absl::Duration rem;
  const int64_t days = absl::IDivDuration(width.elapsed, absl::Hours(24), &rem);
  return CalendarSpan{rem > absl::ZeroDuration() ? days + 1 : days};
}

std::string Render(const ParsedQuery& p, const BoundQuery& q, bool auto_every, const FormBinding& form) {
  std::string out = form.RenderHead(p, q);
  if (form.RendersGroupBy(q)) {
    absl::StrAppend(&out, " by ", absl::StrJoin(q.group_by, ", ", [](std::string* o, Dimension d) {
      absl::StrAppend(o, DimensionName(d));
    }));
  }
  std::vector<std::string> conds;
  for (const BoundFilter& f : q.filters) {
    std::string dim(DimensionName(f.dimension));
    if (f.values.size() == 1) {
      conds.push_back(absl::StrCat(dim, f.negated ? " != " : " = ", QuoteValue(f.values[0])));
    } else {
      std::vector<std::string> quoted;
      for (const std::string& v : f.values) quoted.push_back(QuoteValue(v));
      conds.push_back(absl::StrCat(dim, f.negated ? " not in (" : " in (", absl::StrJoin(quoted, ", "), ")"));
    }
  }
  // Only an environment wildcard changes the rows (it lifts the prod default).
  if (q.any_environment) conds.push_back("environment = *");
  if (!conds.empty()) absl::StrAppend(&out, " where ", absl::StrJoin(conds, " and "));
  if (q.bucket) absl::StrAppend(&out, " every ", auto_every ? "auto" : FormatBucketWidth(*q.bucket));
  if (q.rolling) absl::StrAppend(&out, " rolling ", FormatCalendarSpan(*q.rolling));
  absl::StrAppend(&out, form.RenderTail(q));
  return out;
}

// `by`: each dimension once.
absl::Status BindGroupBy(const ParsedQuery& p, BoundQuery* out) {
  BoundQuery& q = *out;
  for (const Located& name : p.group_by) {
    DORA_ASSIGN_OR_RETURN(Dimension d, BindDimension(name));
    if (std::find(q.group_by.begin(), q.group_by.end(), d) != q.group_by.end()) {
      return BindError(name, absl::StrCat("dimension '", name.text, "' is grouped twice"));
    }
    q.group_by.push_back(d);
  }

  return absl::OkStatus();
}

// `where`: filters, wildcards dropped; whether the environment is constrained
// (grouped, filtered or wildcarded), which lifts the production default.
absl::StatusOr<bool> BindWhere(const ParsedQuery& p, BoundQuery* out) {
  BoundQuery& q = *out;
  bool environment_constrained =
      std::find(q.group_by.begin(), q.group_by.end(), Dimension::kEnvironment) != q.group_by.end();
  for (const ParsedCondition& c : p.where) {
    BoundFilter f;
    DORA_ASSIGN_OR_RETURN(f.dimension, BindDimension(c.dimension));
    f.negated = c.op == ConditionOp::kNotEq || c.op == ConditionOp::kNotIn;
    if (c.wildcard) {
      // `team in (*)`: a dashboard's All selection; the condition keeps every
      // row, those without a team included, so it is dropped.
      if (f.negated) {
        return BindError(*c.wildcard, "'*' (any value) cannot be negated",
                         "!= * and not in (*) would match nothing; remove the condition");
      }
      if (f.dimension == Dimension::kEnvironment) {
        environment_constrained = true;
        q.any_environment = true;
      }
      continue;
    }
    for (const Located& v : c.values) {
      if (v.text.find('\0') != std::string::npos) {
        return BindError(v, "value contains a NUL character", "PostgreSQL text cannot hold it");
      }
      f.values.push_back(v.text);
    }
    if (f.dimension == Dimension::kEnvironment) environment_constrained = true;
    q.filters.push_back(std::move(f));
  }
  return environment_constrained;
}

// The request: time range, zone and policy.
absl::Status BindContext(const QueryContext& ctx, BoundQuery* out) {
  BoundQuery& q = *out;
  q.from = ctx.from;
  q.to = ctx.to;
  if (!(ctx.from < ctx.to)) {
    return MakePositionedError({Phase::kBind, 0, 0,
                                absl::StrCat("empty time range: from ", FormatRfc3339Utc(ctx.from),
                                             " is not before to ", FormatRfc3339Utc(ctx.to)),
                                "", ""});
  }
  absl::TimeZone tz;
  if (ctx.time_zone.empty() || !absl::LoadTimeZone(ctx.time_zone, &tz)) {
    return MakePositionedError({Phase::kBind, 0, 0, absl::StrCat("unknown time zone '", ctx.time_zone, "'"),
                                "expected an IANA name such as UTC or Europe/Berlin", ""});
  }
  q.time_zone = ctx.time_zone;
  q.zone = tz;

  q.policy = ctx.policy;
  q.band_profile = FindBandProfile(ctx.policy.band_profile);
  if (q.band_profile == nullptr) {
    return MakePositionedError({Phase::kBind, 0, 0,
                                absl::StrCat("unknown band profile '", ctx.policy.band_profile, "'"),
                                absl::StrCat("expected one of: ", absl::StrJoin(BandProfileIds(), ", ")),
                                SuggestNearest(ctx.policy.band_profile, BandProfileIds())});
  }
  q.score_benchmark = FindScoreBenchmark(ctx.policy.score_benchmark);
  if (q.score_benchmark == nullptr) {
    return MakePositionedError({Phase::kBind, 0, 0,
                                absl::StrCat("unknown score benchmark '", ctx.policy.score_benchmark, "'"),
                                absl::StrCat("expected one of: ", absl::StrJoin(ScoreBenchmarkIds(), ", ")),
                                SuggestNearest(ctx.policy.score_benchmark, ScoreBenchmarkIds())});
  }
  for (auto [name, problem] :
       {std::pair<const char*, std::string>{"minimum sample", MinSampleProblem(ctx.policy.min_sample)},
        {"skew tolerance", SkewToleranceProblem(ctx.policy.skew_tolerance)},
        {"incident link window", IncidentLinkWindowProblem(ctx.policy.incident_link_window)}}) {
    if (!problem.empty()) return MakePositionedError({Phase::kBind, 0, 0, absl::StrCat(name, " ", problem), "", ""});
  }
  return absl::OkStatus();
}

// `every`: the bucket, within kMaxBuckets; whether it was `auto`.
absl::StatusOr<bool> BindEveryClause(const ParsedQuery& p, const QueryContext& ctx, BoundQuery* out) {
  BoundQuery& q = *out;
  bool auto_every = false;
  if (p.every) {
    auto_every = absl::EqualsIgnoreCase(p.every->text, "auto");
    DORA_ASSIGN_OR_RETURN(BucketWidth bucket, BindEvery(*p.every, ctx));
    // Months count the calendar buckets; other widths the range over the
    // width (the limit `every auto` keeps to).
    const double buckets = bucket.months > 0
                               ? static_cast<double>(CountMonthBuckets(ctx.from, ctx.to, bucket.months, q.zone))
                               : absl::FDivDuration(ctx.to - ctx.from, bucket.elapsed);
    if (buckets > kMaxBuckets) {
      return BindError(*p.every,
                       absl::StrCat("every ", FormatBucketWidth(bucket), " makes ", static_cast<int64_t>(buckets),
                                    " buckets over this range"),
                       absl::StrCat("the limit is ", kMaxBuckets, "; use a coarser interval"), "",
                       absl::StatusCode::kOutOfRange);
    }
    q.bucket = bucket;
  }
  return auto_every;
}

// `rolling` (a series: q.bucket set): the window, at least one bucket long
// and at most kMaxRollingBuckets buckets. Under `every auto` the bucket comes
// from the request, so a mismatch is an OutOfRange (request) error.
absl::Status BindRollingClause(const ParsedQuery& p, bool auto_every, BoundQuery* out) {
  BoundQuery& q = *out;
  if (!p.rolling || !q.bucket) return absl::OkStatus();
  DORA_ASSIGN_OR_RETURN(CalendarSpan span, BindWindow(*p.rolling));
  const BucketWidth& width = *q.bucket;
  const std::string every =
      auto_every ? absl::StrCat("auto (", FormatBucketWidth(width), " for this range)") : FormatBucketWidth(width);
  const absl::StatusCode code = auto_every ? absl::StatusCode::kOutOfRange : absl::StatusCode::kInvalidArgument;
  if (ShorterThanBucket(span, width)) {
    return BindError(*p.rolling,
                     absl::StrCat("rolling ", FormatCalendarSpan(span), " is shorter than a bucket of every ", every),
                     absl::StrCat("a window holds at least one whole bucket; use rolling ",
                                  FormatCalendarSpan(ShortestWindow(width)), " or longer"),
                     "", code);
  }
  const double day_s = 86400, month_s = 365.2425 / 12 * day_s;
  const double window_s = span.months > 0 ? span.months * month_s : span.days * day_s;
  const double bucket_s = width.months > 0 ? width.months * month_s : absl::ToDoubleSeconds(width.elapsed);
  if (window_s / bucket_s > kMaxRollingBuckets) {
    return BindError(*p.rolling,
                     absl::StrCat("rolling ", FormatCalendarSpan(span), " spans ",
                                  static_cast<int64_t>(window_s / bucket_s), " buckets of every ", every),
                     absl::StrCat("the limit is ", kMaxRollingBuckets, "; use a shorter window or a coarser interval"),
                     "", absl::StatusCode::kOutOfRange);
  }
  q.rolling = span;
  return absl::OkStatus();
}

}  // namespace

absl::Status BindError(const Located& at, std::string what, std::string detail, std::string suggestion,
                       absl::StatusCode code) {
  return MakePositionedError({Phase::kBind, at.pos, at.len, std::move(what), std::move(detail), std::move(suggestion)},
                             code);
}

std::string JoinAlternatives(const std::vector<std::string>& names) {
  if (names.size() < 2) return absl::StrJoin(names, "");
  std::vector<std::string> head(names.begin(), names.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " or ", names.back());
}

absl::Status FormBinding::BindTail(const ParsedQuery&, BoundQuery*) const { return absl::OkStatus(); }

absl::Status CheckFormClauses(const ParsedQuery& p, const QueryFormDef& form, absl::string_view metric) {
  auto clause_at = [&p](const std::string& keyword) -> const Located* {
    if (keyword == "by") return p.group_by.empty() ? nullptr : &p.group_by[0];
    if (keyword == "every") return p.every ? &*p.every : nullptr;
    if (keyword == "rolling") return p.rolling ? &*p.rolling : nullptr;
    if (keyword == "band") return p.band_distribution ? &*p.band_distribution : nullptr;
    if (keyword == "limit") return p.limit ? &*p.limit : nullptr;
    if (keyword == "vs") return p.vs_previous ? &*p.vs_previous : nullptr;
    return nullptr;  // where
  };
  for (const std::string& keyword : ClauseKeywords()) {
    const Located* at = clause_at(keyword);
    if (at == nullptr || std::find(form.clauses.begin(), form.clauses.end(), keyword) != form.clauses.end()) continue;
    return BindError(*at, absl::StrReplaceAll(form.refusal, {{"<clause>", ClausePhrase(keyword)}}),
                     absl::StrCat("use e.g. ", absl::StrReplaceAll(form.example, {{"<metric>", metric}})));
  }
  for (const ClauseRequirement& r : form.requirements) {
    const Located* at = clause_at(r.clause);
    if (at == nullptr || clause_at(r.needs) != nullptr) continue;
    return BindError(*at, r.refusal, absl::StrCat("use e.g. ", absl::StrReplaceAll(r.example, {{"<metric>", metric}})));
  }
  return absl::OkStatus();
}

absl::Status BindMetricHead(const ParsedQuery& p, BoundQuery* q) {
  q->metric = FindMetric(p.metric.text);
  if (q->metric == nullptr) {
    std::vector<std::string> names = MetricNamesForSuggestion();
    for (const QueryFormDef& f : AllQueryForms()) {
      if (f.word == f.name) names.push_back(f.word);  // the forms a query starts with
    }
    return BindError(p.metric, absl::StrCat("unknown metric '", p.metric.text, "'"), "",
                     SuggestNearest(p.metric.text, names));
  }
  const bool is_duration = q->metric->value_kind == ValueKind::kDuration;
  if (p.stat) {
    auto stat = ParseStat(p.stat->text);
    if (!stat) {
      return BindError(*p.stat, absl::StrCat("unknown stat '", p.stat->text, "'"),
                       absl::StrCat("expected ", JoinAlternatives(StatNames())),
                       SuggestNearest(p.stat->text, StatNames()));
    }
    if (!is_duration) {
      return BindError(*p.stat, absl::StrCat("stat '", p.stat->text, "' does not apply to ", q->metric->name),
                       "stats apply to lead_time and recovery_time only");
    }
    q->stat = *stat;
  } else if (is_duration && !p.samples) {
    q->stat = DefaultStat();
  }
  return absl::OkStatus();
}

absl::Duration AutoBucket(const QueryContext& ctx) {
  absl::Duration interval = ctx.interval;
  if (interval <= absl::ZeroDuration()) {
    interval = (ctx.to - ctx.from) / std::max(1, ctx.max_data_points);
  }
  // Never more buckets than the cap: a long range with a short panel
  // interval gets coarser buckets rather than an error.
  interval = std::max(interval, (ctx.to - ctx.from) / kMaxBuckets);
  for (absl::Duration step : {absl::Hours(1), absl::Hours(24), absl::Hours(24 * 7)}) {
    if (interval <= step) return step;
  }
  const absl::Duration week = absl::Hours(24 * 7);
  return week * static_cast<int64_t>(std::ceil(absl::FDivDuration(interval, week)));
}

absl::StatusOr<BoundQuery> BindQuery(const ParsedQuery& p, const QueryContext& ctx, const FormBinding& form) {
  BoundQuery q;
  q.form = p.form;
  DORA_RETURN_IF_ERROR(form.BindHead(p, &q));
  DORA_RETURN_IF_ERROR(BindGroupBy(p, &q));
  DORA_ASSIGN_OR_RETURN(bool environment_constrained, BindWhere(p, &q));
  if (!environment_constrained && form.DefaultsToProduction()) q.default_environment = kProductionEnvironment;
  DORA_RETURN_IF_ERROR(BindContext(ctx, &q));
  DORA_ASSIGN_OR_RETURN(bool auto_every, BindEveryClause(p, ctx, &q));
  DORA_RETURN_IF_ERROR(BindRollingClause(p, auto_every, &q));
  DORA_RETURN_IF_ERROR(form.BindTail(p, &q));
  q.normalized_text = Render(p, q, auto_every, form);
  return q;
}

}  // namespace dora
