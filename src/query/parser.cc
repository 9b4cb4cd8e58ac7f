#include "query/parser.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "metrics/catalog.h"
#include "query/language.h"
#include "query/lexer.h"

namespace dora {
namespace {

constexpr absl::string_view kClauseList =
    "expected one of: by, where, every, rolling, band distribution, limit, vs previous";

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  absl::StatusOr<ParsedQuery> Parse() {
    ParsedQuery q;
    const Token& first = Peek();
    if (first.kind != TokenKind::kIdent) {
      return Error(first, first.kind == TokenKind::kEnd ? "empty query" : "unexpected " + DescribeToken(first),
                   "expected a metric name such as lead_time or deploys");
    }
    q.metric = Take();
    if (absl::EqualsIgnoreCase(q.metric.text, "annotations")) {
      q.form = QueryForm::kAnnotations;
      while (Peek().kind == TokenKind::kIdent && !IsClauseKeyword(Peek())) {
        q.annotation_kinds.push_back(Take());
        if (Peek().kind == TokenKind::kComma) Take();
      }
    } else if (absl::EqualsIgnoreCase(q.metric.text, "data_quality")) {
      q.form = QueryForm::kDataQuality;
    } else if (IsWord(Peek(), "samples")) {
      q.form = QueryForm::kSamples;
      q.samples = Take();
    } else if (Peek().kind == TokenKind::kIdent && !IsClauseKeyword(Peek())) {
      const Token& t = Peek();
      if (!ParseStat(t.text).has_value()) {
        std::string near = SuggestNearest(t.text, ClauseKeywords());
        if (!near.empty()) {
          return Error(t, absl::StrCat("unexpected '", t.text, "'"), "expected a stat or a clause", near);
        }
      }
      q.stat = Take();
    }
    while (Peek().kind != TokenKind::kEnd) {
      const Token& t = Peek();
      if (IsWord(t, "or")) {
        return Error(t, "'or' is not supported", "conditions are joined with and; use in (...) for alternatives");
      }
      if (t.kind != TokenKind::kIdent || !IsClauseKeyword(t)) {
        std::string near = t.kind == TokenKind::kIdent ? SuggestNearest(t.text, ClauseKeywords()) : "";
        return Error(t, "unexpected " + DescribeToken(t), std::string(kClauseList), near);
      }
      std::string kw = absl::AsciiStrToLower(t.text);
      if (kw == "by") {
        DORA_RETURN_IF_ERROR(Once(!q.group_by.empty(), t));
        DORA_RETURN_IF_ERROR(ParseBy(&q));
      } else if (kw == "where") {
        DORA_RETURN_IF_ERROR(Once(!q.where.empty(), t));
        DORA_RETURN_IF_ERROR(ParseWhere(&q));
      } else if (kw == "every") {
        DORA_RETURN_IF_ERROR(Once(q.every.has_value(), t));
        Take();
        const Token& v = Peek();
        if (v.kind != TokenKind::kNumber && !(v.kind == TokenKind::kIdent && IsWord(v, "auto"))) {
          return Error(v, "unexpected " + DescribeToken(v), "expected an interval such as 1h, 1d, 1w or auto");
        }
        q.every = Take();
      } else if (kw == "rolling") {
        DORA_RETURN_IF_ERROR(Once(q.rolling.has_value(), t));
        Take();
        if (Peek().kind != TokenKind::kNumber) {
          return Error(Peek(), "unexpected " + DescribeToken(Peek()), "expected a window such as 7d, 28d, 4w or 3mo");
        }
        q.rolling = Take();
      } else if (kw == "limit") {
        DORA_RETURN_IF_ERROR(Once(q.limit.has_value(), t));
        Take();
        if (Peek().kind != TokenKind::kNumber) {
          return Error(Peek(), "unexpected " + DescribeToken(Peek()), "expected a number of rows such as 20");
        }
        q.limit = Take();
      } else if (kw == "vs") {
        DORA_RETURN_IF_ERROR(Once(q.vs_previous.has_value(), t));
        Located vs = Take();
        const Token& w = Peek();
        if (!IsWord(w, "previous")) {
          return Error(w, "unexpected " + DescribeToken(w), "expected 'previous' after 'vs'",
                       w.kind == TokenKind::kIdent ? SuggestNearest(w.text, {"previous"}) : "");
        }
        Take();
        q.vs_previous = vs;
      } else {  // band
        DORA_RETURN_IF_ERROR(Once(q.band_distribution.has_value(), t));
        Located band = Take();
        const Token& d = Peek();
        if (d.kind != TokenKind::kIdent || !IsWord(d, "distribution")) {
          return Error(d, "unexpected " + DescribeToken(d), "expected 'distribution' after 'band'");
        }
        Take();
        q.band_distribution = band;
      }
    }
    // A metric head: its clauses choose between a value, a series and a distribution.
    if (q.form == QueryForm::kMetric) {
      q.form = q.band_distribution ? QueryForm::kBandDistribution : q.every ? QueryForm::kSeries : QueryForm::kMetric;
    }
    return q;
  }

 private:
  const Token& Peek() const { return tokens_[index_]; }
  Located Take() {
    const Token& t = tokens_[index_];
    if (t.kind != TokenKind::kEnd) ++index_;
    return Located{t.text, t.pos, t.len};
  }
  static bool IsWord(const Token& t, absl::string_view word) {
    return t.kind == TokenKind::kIdent && absl::EqualsIgnoreCase(t.text, word);
  }
  static bool IsClauseKeyword(const Token& t) {
    for (const std::string& k : ClauseKeywords()) {
      if (IsWord(t, k)) return true;
    }
    return false;
  }
  static absl::Status Error(const Token& t, std::string what, std::string detail, std::string suggestion = "") {
    return MakePositionedError(
        {Phase::kParse, t.pos, t.len, std::move(what), std::move(detail), std::move(suggestion)});
  }
  absl::Status Once(bool seen, const Token& t) {
    if (!seen) return absl::OkStatus();
    return Error(t, absl::StrCat("duplicate '", absl::AsciiStrToLower(t.text), "' clause"),
                 "each clause may appear once");
  }

  absl::Status ExpectName(absl::string_view what_for, Located* out) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdent || IsClauseKeyword(t)) {
      return Error(t, "unexpected " + DescribeToken(t), absl::StrCat("expected ", what_for));
    }
    *out = Take();
    return absl::OkStatus();
  }

  absl::Status ParseBy(ParsedQuery* q) {
    Take();
    do {
      Located name;
      DORA_RETURN_IF_ERROR(ExpectName("a dimension: service, team or environment", &name));
      q->group_by.push_back(name);
    } while (Peek().kind == TokenKind::kComma && (Take(), true));
    return absl::OkStatus();
  }

  // A value, or `*` (recorded in c->wildcard instead of a value).
  absl::Status ParseValueOrWildcard(ParsedCondition* c) {
    if (Peek().kind == TokenKind::kStar) {
      c->wildcard = Take();
      return absl::OkStatus();
    }
    Located v;
    DORA_RETURN_IF_ERROR(ParseValue(&v));
    c->values.push_back(v);
    return absl::OkStatus();
  }

  absl::Status ParseValue(Located* out) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kString || t.kind == TokenKind::kNumber ||
        (t.kind == TokenKind::kIdent && !IsClauseKeyword(t))) {
      *out = Take();
      return absl::OkStatus();
    }
    return Error(t, "unexpected " + DescribeToken(t), "expected a value such as 'payments'");
  }

  absl::Status ParseWhere(ParsedQuery* q) {
    Take();
    while (true) {
      ParsedCondition c;
      DORA_RETURN_IF_ERROR(ExpectName("a dimension: service, team or environment", &c.dimension));
      const Token& op = Peek();
      c.op_pos = op.pos;
      if (op.kind == TokenKind::kEq || op.kind == TokenKind::kNotEq) {
        c.op = op.kind == TokenKind::kEq ? ConditionOp::kEq : ConditionOp::kNotEq;
        Take();
        DORA_RETURN_IF_ERROR(ParseValueOrWildcard(&c));
      } else if (IsWord(op, "in") || IsWord(op, "not")) {
        c.op = ConditionOp::kIn;
        if (IsWord(op, "not")) {
          Take();
          if (!IsWord(Peek(), "in")) {
            return Error(Peek(), "unexpected " + DescribeToken(Peek()), "expected 'in' after 'not'");
          }
          c.op = ConditionOp::kNotIn;
        }
        Take();
        if (Peek().kind != TokenKind::kLParen) {
          return Error(Peek(), "unexpected " + DescribeToken(Peek()), "expected '(' to open the value list");
        }
        Take();
        do {
          if (c.values.size() == kMaxListValues) {
            return Error(Peek(), absl::StrCat("more than ", kMaxListValues, " values in one list"),
                         "narrow the variable's selection, or leave the condition out for all values");
          }
          DORA_RETURN_IF_ERROR(ParseValueOrWildcard(&c));
        } while (Peek().kind == TokenKind::kComma && (Take(), true));
        if (Peek().kind != TokenKind::kRParen) {
          return Error(Peek(), "unexpected " + DescribeToken(Peek()), "expected ',' or ')' in the value list");
        }
        Take();
      } else {
        return Error(op, "unexpected " + DescribeToken(op), "expected =, !=, in or not in");
      }
      q->where.push_back(std::move(c));
      if (!IsWord(Peek(), "and")) break;
      Take();
    }
    return absl::OkStatus();
  }

  std::vector<Token> tokens_;
  size_t index_ = 0;
};

}  // namespace

absl::string_view QueryFormName(QueryForm form) {
  switch (form) {
    case QueryForm::kMetric:
      return "metric";
    case QueryForm::kSeries:
      return "series";
    case QueryForm::kBandDistribution:
      return "band_distribution";
    case QueryForm::kAnnotations:
      return "annotations";
    case QueryForm::kSamples:
      return "samples";
    case QueryForm::kDataQuality:
      return "data_quality";
  }
  return "";
}

absl::StatusOr<ParsedQuery> ParseQuery(absl::string_view text) {
  DORA_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  return Parser(std::move(tokens)).Parse();
}

}  // namespace dora
