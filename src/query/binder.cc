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
#include "query/parser.h"
#include "settings/settings_schema.h"

namespace dora {
namespace {

absl::Status BindError(const Located& at, std::string what, std::string detail = "",
                       std::string suggestion = "",
                       absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  return MakePositionedError(
      {Phase::kBind, at.pos, at.len, std::move(what), std::move(detail), std::move(suggestion)},
      code);
}

// "a, b or c": the names a message expects.
std::string JoinAlternatives(const std::vector<std::string>& names) {
  if (names.size() < 2) return absl::StrJoin(names, "");
  std::vector<std::string> head(names.begin(), names.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " or ", names.back());
}

std::string Quote(const std::string& value) {
  return absl::StrCat("'", absl::StrReplaceAll(value, {{"'", "''"}}), "'");
}

absl::StatusOr<Dimension> BindDimension(const Located& name) {
  auto d = FindDimension(name.text);
  if (d) return *d;
  return BindError(name, absl::StrCat("unknown dimension '", name.text, "'"),
                   absl::StrCat("expected ", JoinAlternatives(DimensionNames())),
                   SuggestNearest(name.text, DimensionNames()));
}

absl::StatusOr<absl::Duration> BindEvery(const Located& every, const QueryContext& ctx) {
  if (absl::EqualsIgnoreCase(every.text, "auto")) return AutoBucket(ctx);
  auto d = ParseDurationSpec(every.text);
  std::string lower = absl::AsciiStrToLower(every.text);
  std::string unit = lower.empty() ? "" : lower.substr(lower.size() - 1);
  const std::vector<std::string>& units = IntervalUnits();
  if (!d.ok() || std::find(units.begin(), units.end(), unit) == units.end() || *d <= absl::ZeroDuration()) {
    return BindError(every, absl::StrCat("invalid interval '", every.text, "'"),
                     "expected a positive number of hours, days or weeks (1h, 1d, 1w) or auto");
  }
  return *d;
}

std::string Render(const BoundQuery& q, bool auto_every, const std::vector<std::string>& kind_words) {
  std::string out = q.form == QueryForm::kAnnotations   ? "annotations"
                    : q.form == QueryForm::kDataQuality ? "data_quality"
                                                        : q.metric->name;
  if (!kind_words.empty()) absl::StrAppend(&out, " ", absl::StrJoin(kind_words, ", "));
  if (q.form == QueryForm::kSamples) absl::StrAppend(&out, " samples");
  if (q.stat) absl::StrAppend(&out, " ", q.stat->name);
  if (!q.group_by.empty() && !(q.band_distribution && q.group_by.size() == 1 &&
                               q.group_by[0] == Dimension::kService)) {
    absl::StrAppend(&out, " by ",
                    absl::StrJoin(q.group_by, ", ", [](std::string* o, Dimension d) {
                      absl::StrAppend(o, DimensionName(d));
                    }));
  }
  std::vector<std::string> conds;
  for (const BoundFilter& f : q.filters) {
    std::string dim(DimensionName(f.dimension));
    if (f.values.size() == 1) {
      conds.push_back(absl::StrCat(dim, f.negated ? " != " : " = ", Quote(f.values[0])));
    } else {
      std::vector<std::string> quoted;
      for (const std::string& v : f.values) quoted.push_back(Quote(v));
      conds.push_back(absl::StrCat(dim, f.negated ? " not in (" : " in (",
                                   absl::StrJoin(quoted, ", "), ")"));
    }
  }
  // Only an environment wildcard changes the rows (it lifts the prod default).
  if (q.any_environment) conds.push_back("environment = *");
  if (!conds.empty()) absl::StrAppend(&out, " where ", absl::StrJoin(conds, " and "));
  if (q.bucket) absl::StrAppend(&out, " every ", auto_every ? "auto" : FormatDurationSpec(*q.bucket));
  if (q.band_distribution) absl::StrAppend(&out, " band distribution");
  if (q.form == QueryForm::kSamples) absl::StrAppend(&out, " limit ", q.limit);
  return out;
}

absl::Status BindMetric(const ParsedQuery& p, BoundQuery* q) {
  q->metric = FindMetric(p.metric.text);
  if (q->metric == nullptr) {
    std::vector<std::string> names = MetricNamesForSuggestion();
    names.push_back("annotations");
    names.push_back("data_quality");
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

// The first clause among `by`, `every`, `band distribution` (which only
// metric queries take), or nullptr.
const Located* MetricOnlyClause(const ParsedQuery& p) {
  return !p.group_by.empty() ? &p.group_by[0]
         : p.every           ? &*p.every
         : p.band_distribution ? &*p.band_distribution
                               : nullptr;
}

// `<lead_time|recovery_time|deploys|change_failure_rate> samples [where ...] [limit N]`.
absl::Status BindSamplesForm(const ParsedQuery& p, BoundQuery* q) {
  q->form = QueryForm::kSamples;
  if (!TakesSamples(q->metric->kind)) {
    return BindError(*p.samples, absl::StrCat("samples do not apply to ", q->metric->name),
                     "samples list the deploys behind lead_time, deploys or change_failure_rate, "
                     "or the failures behind recovery_time");
  }
  if (const Located* extra = MetricOnlyClause(p)) {
    return BindError(*extra, "samples take only where and limit clauses",
                     "use e.g. lead_time samples where service = 'api' limit 20");
  }
  q->limit = kDefaultSampleLimit;
  if (p.limit) {
    int n = 0;
    if (!absl::SimpleAtoi(p.limit->text, &n) || n < 1 || n > kMaxSampleLimit) {
      return BindError(*p.limit, absl::StrCat("invalid limit '", p.limit->text, "'"),
                       absl::StrCat("expected a whole number from 1 to ", kMaxSampleLimit));
    }
    q->limit = n;
  }
  return absl::OkStatus();
}

// `data_quality [where ...]`.
absl::Status BindDataQualityForm(const ParsedQuery& p, BoundQuery* q) {
  q->form = QueryForm::kDataQuality;
  const Located* extra = MetricOnlyClause(p);
  if (extra == nullptr && p.limit) extra = &*p.limit;
  if (extra != nullptr) {
    return BindError(*extra, "data_quality takes only a where clause",
                     "use e.g. data_quality where team = 'payments'");
  }
  return absl::OkStatus();
}

// `annotations [deploys, rollbacks, failures, incidents] [where ...]`.
absl::Status BindAnnotationForm(const ParsedQuery& p, BoundQuery* q, std::vector<std::string>* words) {
  std::vector<std::string> chosen;
  for (const Located& k : p.annotation_kinds) {
    const AnnotationKindDef* kind = FindAnnotationKind(k.text);
    if (kind == nullptr) {
      return BindError(k, absl::StrCat("unknown annotation kind '", k.text, "'"),
                       absl::StrCat("expected ", JoinAlternatives(AnnotationKindWords())),
                       SuggestNearest(k.text, AnnotationKindWords()));
    }
    if (std::find(chosen.begin(), chosen.end(), kind->word) == chosen.end()) chosen.push_back(kind->word);
  }
  *words = chosen;
  if (chosen.empty()) chosen = DefaultAnnotationKindWords();
  for (const std::string& w : chosen) {
    for (const std::string& event_kind : FindAnnotationKind(w)->event_kinds) {
      if (std::find(q->annotation_kinds.begin(), q->annotation_kinds.end(), event_kind) ==
          q->annotation_kinds.end()) {
        q->annotation_kinds.push_back(event_kind);
      }
    }
  }
  const Located* extra = MetricOnlyClause(p);
  if (extra == nullptr && p.limit) extra = &*p.limit;
  if (extra != nullptr) {
    return BindError(*extra, "annotations take only a where clause",
                     "use e.g. annotations deploys, incidents where service = 'api'");
  }
  return absl::OkStatus();
}

}  // namespace

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

absl::StatusOr<BoundQuery> BindQuery(const ParsedQuery& p, const QueryContext& ctx) {
  BoundQuery q;
  std::vector<std::string> kind_words;
  if (p.annotations) {
    q.form = QueryForm::kAnnotations;
    DORA_RETURN_IF_ERROR(BindAnnotationForm(p, &q, &kind_words));
  } else if (p.data_quality) {
    DORA_RETURN_IF_ERROR(BindDataQualityForm(p, &q));
  } else {
    DORA_RETURN_IF_ERROR(BindMetric(p, &q));
    if (p.samples) {
      DORA_RETURN_IF_ERROR(BindSamplesForm(p, &q));
    } else if (p.limit) {
      return BindError(*p.limit, "limit applies to samples queries only",
                       absl::StrCat("use e.g. ", q.metric->name, " samples limit 20"));
    }
  }

  for (const Located& name : p.group_by) {
    DORA_ASSIGN_OR_RETURN(Dimension d, BindDimension(name));
    if (std::find(q.group_by.begin(), q.group_by.end(), d) != q.group_by.end()) {
      return BindError(name, absl::StrCat("dimension '", name.text, "' is grouped twice"));
    }
    q.group_by.push_back(d);
  }

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
  // Data quality looks at every event, whatever its environment.
  if (!environment_constrained && q.form != QueryForm::kDataQuality) q.default_environment = kProductionEnvironment;

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
    return MakePositionedError({Phase::kBind, 0, 0,
                                absl::StrCat("unknown time zone '", ctx.time_zone, "'"),
                                "expected an IANA name such as UTC or Europe/Berlin", ""});
  }
  q.time_zone = ctx.time_zone;
  q.zone = tz;

  q.policy = ctx.policy;
  q.band_profile = FindBandProfile(ctx.policy.band_profile);
  if (q.band_profile == nullptr) {
    return MakePositionedError(
        {Phase::kBind, 0, 0, absl::StrCat("unknown band profile '", ctx.policy.band_profile, "'"),
         absl::StrCat("expected one of: ", absl::StrJoin(BandProfileIds(), ", ")),
         SuggestNearest(ctx.policy.band_profile, BandProfileIds())});
  }
  for (auto [name, problem] : {std::pair<const char*, std::string>{"minimum sample", MinSampleProblem(ctx.policy.min_sample)},
                                {"skew tolerance", SkewToleranceProblem(ctx.policy.skew_tolerance)},
                                {"incident link window", IncidentLinkWindowProblem(ctx.policy.incident_link_window)}}) {
    if (!problem.empty()) return MakePositionedError({Phase::kBind, 0, 0, absl::StrCat(name, " ", problem), "", ""});
  }

  bool auto_every = false;
  if (p.every) {
    auto_every = absl::EqualsIgnoreCase(p.every->text, "auto");
    DORA_ASSIGN_OR_RETURN(absl::Duration bucket, BindEvery(*p.every, ctx));
    double buckets = absl::FDivDuration(ctx.to - ctx.from, bucket);
    if (buckets > kMaxBuckets) {
      return BindError(*p.every,
                       absl::StrCat("every ", FormatDurationSpec(bucket), " makes ",
                                    static_cast<int64_t>(buckets), " buckets over this range"),
                       absl::StrCat("the limit is ", kMaxBuckets, "; use a coarser interval"), "",
                       absl::StatusCode::kOutOfRange);
    }
    q.bucket = bucket;
  }

  if (p.band_distribution && q.metric != nullptr) {
    if (!IsBanded(*q.band_profile, q.metric->kind)) {
      return BindError(*p.band_distribution,
                       absl::StrCat(q.metric->name, " has no bands in profile ", q.band_profile->id),
                       "band distribution applies to deploy_frequency, lead_time, "
                       "change_failure_rate and recovery_time");
    }
    if (q.bucket) {
      return BindError(*p.band_distribution, "band distribution cannot be combined with every");
    }
    q.band_distribution = true;
    if (q.group_by.empty()) q.group_by.push_back(Dimension::kService);
  }

  q.normalized_text = Render(q, auto_every, kind_words);
  return q;
}

absl::StatusOr<BoundQuery> CompileQuery(absl::string_view text, const QueryContext& context) {
  DORA_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(text));
  return BindQuery(parsed, context);
}

}  // namespace dora
