#include "query/parser.h"

#include "query/lexer.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(ParserTest, ParsesEveryClause) {
  auto q = ParseQuery(
      "lead_time p90 by service, team where team = 'payments' and environment "
      "not in (prod, 'staging') every 1w");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->metric.text, "lead_time");
  EXPECT_EQ(q->stat->text, "p90");
  ASSERT_EQ(q->group_by.size(), 2u);
  EXPECT_EQ(q->group_by[1].text, "team");
  ASSERT_EQ(q->where.size(), 2u);
  EXPECT_EQ(q->where[0].op, ConditionOp::kEq);
  EXPECT_EQ(q->where[1].op, ConditionOp::kNotIn);
  EXPECT_EQ(q->where[1].values.size(), 2u);
  EXPECT_EQ(q->every->text, "1w");
  EXPECT_FALSE(q->band_distribution.has_value());
  EXPECT_EQ(q->form, QueryForm::kSeries);
}

TEST(ParserTest, RollingKeepsItsWindowToken) {
  auto q = ParseQuery("lead_time p50 by service every 1w rolling 28d");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->form, QueryForm::kSeries);
  ASSERT_TRUE(q->rolling.has_value());
  EXPECT_EQ(q->rolling->text, "28d");
  EXPECT_EQ(q->rolling->pos, 43);
  // Without every the form stays a metric; the binder refuses the clause.
  EXPECT_EQ(ParseQuery("deploys rolling 7d")->form, QueryForm::kMetric);
  EXPECT_FALSE(ParseQuery("deploys every 1d rolling").ok());
}

TEST(ParserTest, TheHeadAndClausesChooseTheForm) {
  EXPECT_EQ(ParseQuery("deploys by team")->form, QueryForm::kMetric);
  EXPECT_EQ(ParseQuery("deploys every 1d")->form, QueryForm::kSeries);
  EXPECT_EQ(ParseQuery("cfr band distribution")->form, QueryForm::kBandDistribution);
  EXPECT_EQ(ParseQuery("cfr band distribution every 1d")->form, QueryForm::kBandDistribution);
  EXPECT_EQ(ParseQuery("ANNOTATIONS deploys")->form, QueryForm::kAnnotations);
  EXPECT_EQ(ParseQuery("lead_time samples every 1d")->form, QueryForm::kSamples);
  EXPECT_EQ(ParseQuery("Data_Quality")->form, QueryForm::kDataQuality);
  EXPECT_EQ(QueryFormName(QueryForm::kBandDistribution), "band_distribution");
}

TEST(ParserTest, VsPreviousIsAClauseKeepingTheMetricForm) {
  auto q = ParseQuery("deploys VS previous by service");
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->vs_previous.has_value());
  EXPECT_EQ(q->vs_previous->pos, 9);
  EXPECT_EQ(q->form, QueryForm::kMetric);
  EXPECT_EQ(q->group_by.size(), 1u);
  // The clause does not choose the form: `every` still makes a series.
  EXPECT_EQ(ParseQuery("deploys every 1d vs previous")->form, QueryForm::kSeries);
  // `vs` is a clause keyword, so it is never a value nor a stat.
  EXPECT_FALSE(ParseQuery("deploys where service = vs").ok());
  EXPECT_TRUE(ParseQuery("deploys where service = 'vs'").ok());
  EXPECT_TRUE(ParseQuery("deploys where service = previous").ok());
}

TEST(ParserTest, ClausesInAnyOrderAndCaseInsensitiveKeywords) {
  auto q = ParseQuery("DEPLOYS EVERY 1d WHERE team IN ('a') BY service");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->every->text, "1d");
  EXPECT_EQ(q->where[0].op, ConditionOp::kIn);
  EXPECT_EQ(q->group_by[0].text, "service");
}

TEST(ParserTest, BandDistribution) {
  auto q = ParseQuery("lead_time p90 band distribution");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->band_distribution->pos, 15);
  EXPECT_FALSE(ParseQuery("lead_time band").ok());
}

TEST(ParserTest, ErrorsArePositioned) {
  EXPECT_EQ(ParseQuery("").status().message(),
            "parse error: empty query at 1, expected a metric name such as lead_time or deploys");
  EXPECT_EQ(ParseQuery("deploys by").status().message(),
            "parse error: unexpected end of query at 11, expected a dimension: service, team or environment");
  EXPECT_EQ(ParseQuery("deploys where team").status().message(),
            "parse error: unexpected end of query at 19, expected =, !=, in or not in");
  EXPECT_EQ(ParseQuery("deploys by service by team").status().message(),
            "parse error: duplicate 'by' clause at 20, each clause may appear once");
  EXPECT_EQ(ParseQuery("deploys where team in ('a' 'b')").status().message(),
            "parse error: unexpected string 'b' at 28, expected ',' or ')' in the value list");
}

TEST(ParserTest, SamplesLimitAndWildcard) {
  auto q = ParseQuery("lead_time samples where team in (*) and service = api limit 5");
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->samples.has_value());
  EXPECT_FALSE(q->stat.has_value());
  ASSERT_TRUE(q->limit.has_value());
  EXPECT_EQ(q->limit->text, "5");
  ASSERT_EQ(q->where.size(), 2u);
  ASSERT_TRUE(q->where[0].wildcard.has_value());
  EXPECT_EQ(q->where[0].wildcard->pos, 34);
  EXPECT_TRUE(q->where[0].values.empty());
  EXPECT_FALSE(q->where[1].wildcard.has_value());
  auto dq = ParseQuery("data_quality where team = payments");
  ASSERT_TRUE(dq.ok()) << dq.status();
  EXPECT_EQ(dq->form, QueryForm::kDataQuality);
  EXPECT_EQ(q->form, QueryForm::kSamples);
}

TEST(ParserTest, MisspelledKeywordGetsASuggestion) {
  EXPECT_EQ(
      ParseQuery("lead_time p90 bye service").status().message(),
      "parse error: unexpected 'bye' at 15, expected one of: by, where, every, rolling, band distribution, limit, "
      "vs previous \xE2\x80\x94 did you mean 'by'?");
  EXPECT_EQ(ParseQuery("lead_time wher team = x").status().message(),
            "parse error: unexpected 'wher' at 11, expected a stat or a clause \xE2\x80\x94 did you mean 'where'?");
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

TEST(ParserLimitsTest, InListsHoldAtMostTheLimit) {
  auto list = [](size_t n) {
    std::string q = "deploys count where service in (";
    for (size_t i = 0; i < n; ++i) q += (i ? ", 's" : "'s") + std::to_string(i) + "'";
    return q + ")";
  };
  auto ok = ParseQuery(list(kMaxListValues));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->where[0].values.size(), kMaxListValues);
  auto too_many = ParseQuery(list(kMaxListValues + 1));
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("more than 2000 values in one list"), std::string::npos)
      << too_many.status();
}

}  // namespace
}  // namespace dora
