#include "query/lexer.h"

#include "common/phase_error.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(LexerTest, TokenizesAllKinds) {
  auto t = Tokenize("lead_time p99.9 by service where team != 'it''s' and x in (a, 1w) every 1w");
  ASSERT_TRUE(t.ok()) << t.status();
  std::vector<TokenKind> kinds;
  for (const Token& tok : *t) kinds.push_back(tok.kind);
  EXPECT_EQ(kinds, (std::vector<TokenKind>{
                       TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent,
                       TokenKind::kIdent, TokenKind::kIdent, TokenKind::kNotEq, TokenKind::kString,
                       TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent, TokenKind::kLParen,
                       TokenKind::kIdent, TokenKind::kComma, TokenKind::kNumber, TokenKind::kRParen,
                       TokenKind::kIdent, TokenKind::kNumber, TokenKind::kEnd}));
  EXPECT_EQ((*t)[7].text, "it's");
  EXPECT_EQ((*t)[7].pos, 42);
  EXPECT_EQ((*t)[7].len, 7);
}

TEST(LexerTest, PositionsCountCharactersNotBytes) {
  auto t = Tokenize("deploys where service = 'café' and team = x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)[5].text, "and");
  EXPECT_EQ((*t)[5].pos, 32);
}

TEST(LexerTest, UnterminatedStringIsPositioned) {
  auto t = Tokenize("deploys where team = 'pay");
  ASSERT_FALSE(t.ok());
  auto e = GetPositionedError(t.status());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->phase, Phase::kParse);
  EXPECT_EQ(e->position, 22);
  EXPECT_EQ(e->what, "unterminated string");
}

TEST(LexerTest, StrayCharacterIsPositioned) {
  auto t = Tokenize("deploys; drop table x");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "parse error: unexpected character ';' at 8");
  auto dq = Tokenize("deploys where team = \"x\"");
  ASSERT_FALSE(dq.ok());
  EXPECT_NE(dq.status().message().find("strings use single quotes"), std::string::npos);
}

}  // namespace
}  // namespace dora
