// The words of the query language that are not catalog names: clause
// keywords, the other reserved words, the query forms and what each accepts,
// interval units and condition operators. The parser reads its keywords from
// here and the catalog document (catalog_json.h) publishes all of them, so the
// editor's parser and completion follow the engine's.
//
// Thread safety: everything here is immutable after static initialisation.
#ifndef DORA_QUERY_LANGUAGE_H_
#define DORA_QUERY_LANGUAGE_H_

#include <string>
#include <vector>

namespace dora {

struct MetricDef;

// Words that start a clause: by, where, every, rolling, band, limit, vs. The
// parser never takes them as a name, a stat, an annotation kind or a bare value.
const std::vector<std::string>& ClauseKeywords();

// A clause as written in full, from its keyword: "band distribution",
// "vs previous", else the keyword itself.
std::string ClausePhrase(const std::string& keyword);

// Every reserved word, the clause keywords included (completion and
// highlighting): by, where, and, in, not, every, rolling, band, distribution,
// auto, samples, limit, vs, previous.
const std::vector<std::string>& Keywords();

// A query form: what follows the first word decides it. `word` selects the
// form: the first word for annotations and data_quality, the word after the
// metric for samples, the clause keyword for series (every) and band
// distribution (band), empty for the metric form. `clauses` are the clause
// keywords the form accepts: the binder refuses the others with `refusal`
// and "use e.g. <example>" (query/binder.h CheckFormClauses), where `<clause>`
// in the refusal is the refused clause's phrase and `<metric>` in the example
// the query's metric; the editor says the same. A metric head is checked
// against "metric" (every clause a metric head takes; every and band turn it
// into a series or a band distribution), then against its own form.
// `requirements`: clauses the form takes only together with another one
// (`rolling` needs `every`), refused the same way with their own refusal.
struct ClauseRequirement {
  std::string clause;
  std::string needs;
  std::string refusal;
  std::string example;
};
struct QueryFormDef {
  std::string name;  // QueryFormName(), or "score": "metric", "series", "band_distribution", "score", ...
  std::string word;
  std::vector<std::string> clauses;
  std::string description;
  std::string refusal;
  std::string example;
  std::vector<ClauseRequirement> requirements;
};
const std::vector<QueryFormDef>& AllQueryForms();
// The form named `name`; every name above has one (aborts otherwise).
const QueryFormDef& QueryFormNamed(const std::string& name);
// The form whose clauses a metric-valued query of `metric` may have: "score"
// for dora_score (by and where only), "metric" for the others.
const QueryFormDef& MetricFormFor(const MetricDef& metric);

// The language in a few lines, as `dora query --help` prints it: one line
// per form a query starts as (series and band distribution are the metric
// form with `every` or `band`), its head and then each clause it accepts, in
// ClauseKeywords() order with its argument; a clause that needs another
// (`rolling` needs `every`) is nested in it. E.g. "<metric> [stat] [by <dims>]
// [where <conditions>] [every <n>h|d|w|mo|auto [rolling <n>d|w|mo]] ...".
std::vector<std::string> QuerySynopsis();

// A dashboard variable's query (datasource/variable_values.h), not a form of
// the query language: `services where team in ($team)`. Its head words are
// VariableQueryHeads(); `clauses`, `refusal` and `example` are read as for a
// query form. The catalog publishes both as `variableQuery` for the variable
// editor.
const QueryFormDef& VariableQueryForm();
// Each dimension's name plus "s", in DimensionNames() order: services, teams,
// environments.
const std::vector<std::string>& VariableQueryHeads();

// The condition operators as the editor offers them (`<>` is also read as !=).
const std::vector<std::string>& ConditionOperators();

// `every` takes a positive whole number with one of these units, or auto;
// IntervalSuggestions() are the ones the editor offers.
const std::vector<std::string>& IntervalUnits();
const std::vector<std::string>& IntervalSuggestions();

// `rolling` takes a positive whole number with one of these units (calendar
// days, weeks, months); WindowSuggestions() are the ones the editor offers.
const std::vector<std::string>& WindowUnits();
const std::vector<std::string>& WindowSuggestions();

}  // namespace dora

#endif  // DORA_QUERY_LANGUAGE_H_
