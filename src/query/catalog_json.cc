#include "query/catalog_json.h"

#include "metrics/bands.h"
#include "metrics/catalog.h"
#include "metrics/dora_score.h"
#include "nlohmann/json.hpp"
#include "query/bound_query.h"
#include "query/language.h"
#include "query/lexer.h"

namespace dora {
namespace {

using Json = nlohmann::ordered_json;

const char* ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kCount:
      return "count";
    case ValueKind::kPerDay:
      return "per_day";
    case ValueKind::kDuration:
      return "duration";
    case ValueKind::kRatio:
      return "ratio";
    case ValueKind::kScore:
      return "score";
  }
  return "";
}

Json Metrics() {
  Json metrics = Json::array();
  for (const MetricDef& m : AllMetrics()) {
    metrics.push_back({{"name", m.name},
                       {"aliases", m.aliases},
                       {"unit", std::string(UnitId(m.unit))},
                       {"kind", ValueKindName(m.value_kind)},
                       {"takesStat", m.value_kind == ValueKind::kDuration},
                       {"takesSamples", TakesSamples(m.kind)},
                       {"form", MetricFormFor(m).name},
                       {"description", m.description}});
  }
  return metrics;
}

Json StatWordsJson() {
  Json words = Json::object();
  for (const StatWord& w : StatWords()) words[w.word] = w.stat.name;
  return words;
}

Json Forms() {
  Json forms = Json::array();
  for (const QueryFormDef& f : AllQueryForms()) {
    Json requirements = Json::array();
    for (const ClauseRequirement& r : f.requirements) {
      requirements.push_back(
          {{"clause", r.clause}, {"needs", r.needs}, {"refusal", r.refusal}, {"example", r.example}});
    }
    forms.push_back({{"name", f.name},
                     {"word", f.word},
                     {"clauses", f.clauses},
                     {"requirements", requirements},
                     {"description", f.description},
                     {"refusal", f.refusal},
                     {"example", f.example}});
  }
  return forms;
}

Json ClausePhrases() {
  Json phrases = Json::object();
  for (const std::string& k : ClauseKeywords()) phrases[k] = ClausePhrase(k);
  return phrases;
}

Json AnnotationKinds() {
  Json kinds = Json::array();
  for (const AnnotationKindDef& k : AllAnnotationKinds()) {
    Json events = Json::array();
    for (AnnotationKind e : k.event_kinds) events.push_back(std::string(AnnotationKindName(e)));
    kinds.push_back({{"name", k.word}, {"events", events}, {"description", k.description}});
  }
  return kinds;
}

Json Bands() {
  Json bands = Json::array();
  for (Band b : kAllBands) bands.push_back(std::string(BandName(b)));
  return bands;
}

Json BandColors() {
  Json colors = Json::object();
  for (Band b : kAllBands) colors[std::string(BandName(b))] = std::string(BandColor(b));
  return colors;
}

Json BandProfiles() {
  Json profiles = Json::array();
  for (const BandProfile& p : AllBandProfiles()) {
    Json banded = Json::array();
    Json cutoffs = Json::object();
    for (const MetricDef& m : AllMetrics()) {
      if (!IsBanded(p, m.kind)) continue;
      banded.push_back(m.name);
      // The ladder as Classify reads it (metrics/bands.h), in the metric's
      // unit: what alert rule thresholds and chart thresholds are checked
      // against.
      const BandLadder& l = p.ladders.at(m.kind);
      cutoffs[m.name] = {{"lowerIsBetter", l.lower_is_better},
                         {"inclusive", l.inclusive},
                         {"Elite", l.elite},
                         {"High", l.high},
                         {"Medium", l.medium}};
    }
    profiles.push_back({{"id", p.id}, {"description", p.description}, {"metrics", banded}, {"cutoffs", cutoffs}});
  }
  return profiles;
}

}  // namespace

std::string CatalogJson() {
  Json doc = {{"metrics", Metrics()},
              {"stats", StatNames()},
              {"defaultStat", DefaultStat().name},
              {"statWords", StatWordsJson()},
              {"percentile",
               {{"prefix", "p"}, {"exclusiveMin", kPercentileExclusiveMin}, {"exclusiveMax", kPercentileExclusiveMax}}},
              {"dimensions", DimensionNames()},
              {"operators", ConditionOperators()},
              {"intervals", IntervalSuggestions()},
              {"intervalUnits", IntervalUnits()},
              {"windows", WindowSuggestions()},
              {"windowUnits", WindowUnits()},
              {"keywords", Keywords()},
              {"clauseKeywords", ClauseKeywords()},
              {"clausePhrases", ClausePhrases()},
              {"forms", Forms()},
              {"annotationKinds", AnnotationKinds()},
              {"defaultAnnotationKinds", DefaultAnnotationKindWords()},
              {"samples", {{"defaultLimit", kDefaultSampleLimit}, {"maxLimit", kMaxSampleLimit}}},
              {"limits", {{"maxQueryBytes", kMaxQueryBytes}, {"maxListValues", kMaxListValues}}},
              {"bands", Bands()},
              {"bandColors", BandColors()},
              {"bandProfiles", BandProfiles()},
              {"defaultBandProfile", QueryPolicy().band_profile},
              {"scoreBenchmarks", ScoreBenchmarkIds()},
              {"defaultScoreBenchmark", QueryPolicy().score_benchmark},
              {"variableQuery",
               {{"heads", VariableQueryHeads()},
                {"clauses", VariableQueryForm().clauses},
                {"description", VariableQueryForm().description},
                {"refusal", VariableQueryForm().refusal},
                {"example", VariableQueryForm().example}}}};
  return doc.dump();
}

}  // namespace dora
