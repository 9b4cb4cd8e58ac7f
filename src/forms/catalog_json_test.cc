#include "query/catalog_json.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "forms/frames.h"
#include "forms/registry.h"
#include "gtest/gtest.h"
#include "metrics/bands.h"
#include "metrics/catalog.h"
#include "nlohmann/json.hpp"
#include "query/language.h"

namespace dora {
namespace {

using Json = nlohmann::json;

Json Catalog() { return Json::parse(CatalogJson()); }

bool Compiles(const std::string& text) {
  QueryContext ctx;
  ctx.from = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  ctx.to = ctx.from + absl::Hours(24 * 31);
  return CompileQuery(text, ctx).ok();
}

TEST(CatalogJsonTest, SameBytesEveryTime) { EXPECT_EQ(CatalogJson(), CatalogJson()); }

TEST(CatalogJsonTest, ListsEveryMetric) {
  Json j = Catalog();
  ASSERT_EQ(j["metrics"].size(), AllMetrics().size());
  for (size_t i = 0; i < AllMetrics().size(); ++i) {
    const MetricDef& m = AllMetrics()[i];
    EXPECT_EQ(j["metrics"][i]["name"], m.name);
    EXPECT_EQ(j["metrics"][i]["aliases"], Json(m.aliases));
    EXPECT_EQ(j["metrics"][i]["takesSamples"], TakesSamples(m.kind));
    EXPECT_EQ(j["metrics"][i]["takesStat"], m.value_kind == ValueKind::kDuration);
    EXPECT_EQ(j["metrics"][i]["form"], MetricFormFor(m).name);
    EXPECT_TRUE(Compiles(m.name)) << m.name;
    EXPECT_EQ(Compiles(m.name + " samples"), TakesSamples(m.kind)) << m.name;
  }
}

// The stat rules the frontend reads are the ones ParseStat applies.
TEST(CatalogJsonTest, StatRulesAgreeWithTheBinder) {
  Json j = Catalog();
  for (const auto& s : j["stats"]) EXPECT_TRUE(Compiles("lead_time " + s.get<std::string>())) << s;
  for (const auto& [word, canonical] : j["statWords"].items()) {
    EXPECT_EQ(ParseStat(word)->name, canonical.get<std::string>()) << word;
  }
  EXPECT_EQ(j["percentile"]["exclusiveMin"], 0);
  EXPECT_EQ(j["percentile"]["exclusiveMax"], 100);
  EXPECT_FALSE(Compiles("lead_time p0"));
  EXPECT_FALSE(Compiles("lead_time p100"));
  EXPECT_TRUE(Compiles("lead_time p0.1"));
  EXPECT_TRUE(Compiles("lead_time p99.99"));
}

// Each form accepts exactly the clauses the document lists for it (a
// series' or a band distribution's own clause is already in its query).
TEST(CatalogJsonTest, FormClausesAgreeWithTheBinder) {
  const std::map<std::string, std::string> form_query = {{"metric", "lead_time"},
                                                         {"series", "lead_time every 1d"},
                                                         {"band_distribution", "lead_time band distribution"},
                                                         {"score", "dora_score"},
                                                         {"samples", "lead_time samples"},
                                                         {"annotations", "annotations"},
                                                         {"data_quality", "data_quality"}};
  const std::map<std::string, std::string> clause_text = {
      {"by", "by service"},          {"where", "where team = 'a'"}, {"every", "every 1d"}, {"rolling", "rolling 28d"},
      {"band", "band distribution"}, {"limit", "limit 5"},          {"vs", "vs previous"}};
  Json j = Catalog();
  ASSERT_EQ(j["forms"].size(), form_query.size());
  for (const auto& form : j["forms"]) {
    const std::string query = form_query.at(form["name"].get<std::string>());
    for (const std::string& clause : ClauseKeywords()) {
      if (form["word"] == clause) continue;
      const std::string phrase = j["clausePhrases"][clause].get<std::string>();
      EXPECT_EQ(phrase, clause_text.at(clause).substr(0, phrase.size())) << clause;  // the text written
      const auto& listed = form["clauses"];
      bool accepted = std::find(listed.begin(), listed.end(), clause) != listed.end();
      // A clause that needs another is tried with it, and refused without it.
      ASSERT_EQ(clause_text.count(clause), 1u) << clause;
      std::string text = clause_text.at(clause);
      for (const auto& r : form["requirements"]) {
        if (r["clause"] != clause) continue;
        EXPECT_FALSE(Compiles(absl::StrCat(query, " ", text))) << form["name"] << " " << clause;
        const std::string needs = r["needs"].get<std::string>();
        ASSERT_EQ(clause_text.count(needs), 1u) << needs;
        text = absl::StrCat(clause_text.at(needs), " ", text);
      }
      EXPECT_EQ(Compiles(absl::StrCat(query, " ", text)), accepted) << form["name"] << " " << clause;
    }
  }
}

// dora_score is a metric of the score form: by and where only, no stat, no
// samples; the benchmark editions are the policy's choices.
TEST(CatalogJsonTest, ScoreMetricAndBenchmarks) {
  Json j = Catalog();
  const Json* score = nullptr;
  for (const auto& m : j["metrics"]) {
    if (m["name"] == "dora_score") score = &m;
  }
  ASSERT_NE(score, nullptr);
  EXPECT_EQ((*score)["kind"], "score");
  EXPECT_EQ((*score)["form"], "score");
  EXPECT_TRUE(Compiles("dora_score by service, team where team = 'a'"));
  EXPECT_FALSE(Compiles("dora_score p50"));
  EXPECT_FALSE(Compiles("dora_score every 1w"));
  EXPECT_FALSE(Compiles("dora_score band distribution"));
  EXPECT_EQ(j["scoreBenchmarks"], Json({"2025"}));
  EXPECT_EQ(j["defaultScoreBenchmark"], "2025");
}

TEST(CatalogJsonTest, AnnotationKindsAgreeWithTheBinder) {
  Json j = Catalog();
  ASSERT_EQ(j["annotationKinds"].size(), 4u);
  for (const auto& k : j["annotationKinds"]) {
    EXPECT_TRUE(Compiles("annotations " + k["name"].get<std::string>())) << k;
  }
  EXPECT_EQ(j["defaultAnnotationKinds"], Json({"deploys", "incidents"}));
  EXPECT_FALSE(Compiles("annotations deployments"));
}

TEST(CatalogJsonTest, WordsIntervalsAndProfiles) {
  Json j = Catalog();
  for (const auto& k : j["clauseKeywords"]) {
    EXPECT_NE(std::find(j["keywords"].begin(), j["keywords"].end(), k), j["keywords"].end()) << k;
  }
  for (const auto& iv : j["intervals"]) EXPECT_TRUE(Compiles("deploys every " + iv.get<std::string>())) << iv;
  EXPECT_FALSE(Compiles("deploys every 1m"));
  for (const auto& w : j["windows"]) EXPECT_TRUE(Compiles("deploys every 1d rolling " + w.get<std::string>())) << w;
  for (const auto& u : j["windowUnits"])
    EXPECT_TRUE(Compiles("deploys every 1w rolling 40" + u.get<std::string>())) << u;
  EXPECT_FALSE(Compiles("deploys every 1d rolling 40h"));
  EXPECT_EQ(j["dimensions"], Json({"service", "team", "environment"}));
  EXPECT_EQ(j["samples"], Json::parse(R"({"defaultLimit":20,"maxLimit":1000})"));
  EXPECT_EQ(j["bands"], Json({"Elite", "High", "Medium", "Low"}));
  // The frames' band colours (BandConfig's value mappings) are the catalog's.
  EXPECT_EQ(j["bandColors"], Json::parse(R"({"Elite":"green","High":"blue","Medium":"orange","Low":"red"})"));
  for (const auto& m : BandConfig().value_mappings) EXPECT_EQ(j["bandColors"][m.value], m.color) << m.value;
  EXPECT_EQ(j["bandProfiles"][0]["id"], j["defaultBandProfile"]);
  EXPECT_EQ(j["bandProfiles"][0]["metrics"],
            Json({"deploy_frequency", "lead_time", "change_failure_rate", "recovery_time"}));
  // The cut-offs are the band ladders': a value at a cut-off is in the better
  // band only when the ladder is inclusive.
  const Json& cfr = j["bandProfiles"][0]["cutoffs"]["change_failure_rate"];
  EXPECT_EQ(cfr, Json::parse(R"({"lowerIsBetter":true,"inclusive":true,"Elite":0.05,"High":0.1,"Medium":0.2})"));
  const BandProfile& profile = *FindBandProfile(j["bandProfiles"][0]["id"].get<std::string>());
  EXPECT_EQ(Classify(profile, MetricKind::kChangeFailureRate, cfr["High"].get<double>()), Band::kHigh);
  const Json& lead = j["bandProfiles"][0]["cutoffs"]["lead_time"];
  EXPECT_EQ(lead["High"], 604800.0);
  EXPECT_EQ(Classify(profile, MetricKind::kLeadTime, lead["High"].get<double>()), Band::kMedium);
}

}  // namespace
}  // namespace dora
