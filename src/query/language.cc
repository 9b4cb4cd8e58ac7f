#include "query/language.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metrics/catalog.h"

namespace dora {

const std::vector<std::string>& ClauseKeywords() {
  static const auto* k = new std::vector<std::string>{"by", "where", "every", "rolling", "band", "limit", "vs"};
  return *k;
}

const std::vector<std::string>& Keywords() {
  static const auto* k =
      new std::vector<std::string>{"by",   "where",        "and",  "in",      "not",   "every", "rolling",
                                   "band", "distribution", "auto", "samples", "limit", "vs",    "previous"};
  return *k;
}

std::string ClausePhrase(const std::string& keyword) {
  if (keyword == "band") return "band distribution";
  if (keyword == "vs") return "vs previous";
  return keyword;
}

const std::vector<QueryFormDef>& AllQueryForms() {
  static const auto* forms = new std::vector<QueryFormDef>{
      {"metric",
       "",
       {"by", "where", "every", "rolling", "band", "vs"},
       "A statistic per group over the range, optionally against the previous period",
       "limit applies to samples queries only",
       "<metric> samples limit 20",
       {{"rolling", "every", "rolling applies to series only (with every)", "<metric> every 1w rolling 28d"}}},
      {"series",
       "every",
       {"by", "where", "every", "rolling"},
       "A statistic per group and time bucket, optionally over a trailing window",
       "<clause> does not apply to a series (every)",
       "<metric> by service vs previous"},
      {"band_distribution",
       "band",
       {"by", "where", "band"},
       "Units (services unless by says otherwise) counted per DORA band",
       "<clause> does not apply to a band distribution",
       "<metric> by team band distribution"},
      {"score",
       "",
       {"by", "where"},
       "The DORA Quick Check score (0..10) per group over the whole range, with throughput and stability",
       "<clause> does not apply to dora_score (it takes only by and where)",
       "<metric> by service"},
      {"samples",
       "samples",
       {"where", "limit"},
       "The rows behind a metric, largest or latest first",
       "samples take only where and limit clauses",
       "lead_time samples where service = 'api' limit 20"},
      {"annotations",
       "annotations",
       {"where"},
       "Deploy, rollback, failure and incident events",
       "annotations take only a where clause",
       "annotations deploys, incidents where service = 'api'"},
      {"data_quality",
       "data_quality",
       {"where"},
       "Per event source: counts, freshness and what the metrics excluded",
       "data_quality takes only a where clause",
       "data_quality where team = 'payments'"},
  };
  return *forms;
}

const QueryFormDef& QueryFormNamed(const std::string& name) {
  for (const QueryFormDef& f : AllQueryForms()) {
    if (f.name == name) return f;
  }
  std::abort();  // a programming error: the names are the ones above
}

const QueryFormDef& MetricFormFor(const MetricDef& metric) {
  return QueryFormNamed(metric.value_kind == ValueKind::kScore ? "score" : "metric");
}

const QueryFormDef& VariableQueryForm() {
  static const auto* form = new QueryFormDef{"variable",
                                             "",
                                             {"where"},
                                             "The values a dashboard variable offers, seen in the time range",
                                             "a variable query takes only a where clause",
                                             "services where team in ($team)"};
  return *form;
}

const std::vector<std::string>& VariableQueryHeads() {
  static const auto* heads = [] {
    auto* out = new std::vector<std::string>;
    for (const std::string& d : DimensionNames()) out->push_back(d + "s");
    return out;
  }();
  return *heads;
}

const std::vector<std::string>& ConditionOperators() {
  static const auto* ops = new std::vector<std::string>{"=", "!=", "in", "not in"};
  return *ops;
}

const std::vector<std::string>& IntervalUnits() {
  static const auto* units = new std::vector<std::string>{"h", "d", "w", "mo"};
  return *units;
}

const std::vector<std::string>& IntervalSuggestions() {
  static const auto* intervals = new std::vector<std::string>{"1h", "1d", "1w", "1mo", "auto"};
  return *intervals;
}

const std::vector<std::string>& WindowUnits() {
  static const auto* units = new std::vector<std::string>{"d", "w", "mo"};
  return *units;
}

const std::vector<std::string>& WindowSuggestions() {
  static const auto* windows = new std::vector<std::string>{"7d", "28d", "90d", "3mo"};
  return *windows;
}

namespace {

// A clause as the synopsis writes it: keyword (or phrase) and argument.
std::string ClauseSynopsis(const std::string& keyword) {
  if (keyword == "by") return "by <dims>";
  if (keyword == "where") return "where <conditions>";
  if (keyword == "every") return absl::StrCat("every <n>", absl::StrJoin(IntervalUnits(), "|"), "|auto");
  if (keyword == "rolling") return absl::StrCat("rolling <n>", absl::StrJoin(WindowUnits(), "|"));
  if (keyword == "limit") return "limit <n>";
  return ClausePhrase(keyword);
}

// The words a form's query starts with.
std::string FormHead(const QueryFormDef& form) {
  if (form.name == "metric") return "<metric> [stat]";
  if (form.name == "score") {
    for (const MetricDef& m : AllMetrics()) {
      if (m.value_kind == ValueKind::kScore) return m.name;
    }
  }
  if (form.name == "samples") return "<metric> samples";
  if (form.name == "annotations") return absl::StrCat(form.word, " [<kinds>]");
  return form.word;
}

}  // namespace

std::vector<std::string> QuerySynopsis() {
  const std::vector<std::string>& keywords = ClauseKeywords();
  std::vector<std::string> lines;
  for (const QueryFormDef& form : AllQueryForms()) {
    if (std::find(keywords.begin(), keywords.end(), form.word) != keywords.end()) continue;
    std::string line = FormHead(form);
    for (const std::string& clause : keywords) {
      if (std::find(form.clauses.begin(), form.clauses.end(), clause) == form.clauses.end()) continue;
      const bool nested = std::any_of(form.requirements.begin(), form.requirements.end(),
                                      [&](const ClauseRequirement& r) { return r.clause == clause; });
      if (nested) continue;
      std::string inner;
      for (const ClauseRequirement& r : form.requirements) {
        if (r.needs == clause) absl::StrAppend(&inner, " [", ClauseSynopsis(r.clause), "]");
      }
      absl::StrAppend(&line, " [", ClauseSynopsis(clause), inner, "]");
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace dora
