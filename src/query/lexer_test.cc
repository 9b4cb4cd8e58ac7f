#include "query/lexer.h"

#include "absl/strings/str_cat.h"
#include "common/phase_error.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(LexerTest, TokenizesAllKinds) {
  auto t = Tokenize("lead_time p99.9 by service where team != 'it''s' and x in (a, 1w) every 1w");
  ASSERT_TRUE(t.ok()) << t.status();
  std::vector<TokenKind> kinds;
  for (const Token& tok : *t) kinds.push_back(tok.kind);
  EXPECT_EQ(kinds, (std::vector<TokenKind>{TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent,
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

namespace dora {
namespace {

TEST(LexerLimitsTest, LongQueriesLexWithCorrectColumnsUpToTheLimit) {
  // Multi-byte characters throughout: columns count characters, not bytes.
  std::string q = "deploys count where team in (";
  while (q.size() < kMaxQueryBytes - 20) q += "'é', ";
  q += "'z')";
  auto tokens = Tokenize(q);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  const Token& last_string = (*tokens)[tokens->size() - 3];
  EXPECT_EQ(last_string.text, "z");
  int characters = 0;
  for (char c : q) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  EXPECT_EQ(tokens->back().pos, characters + 1);
  EXPECT_EQ(last_string.pos, characters - 3);
}

TEST(LexerLimitsTest, QueriesPastTheLimitAreRefusedWithTheirSize) {
  std::string q(kMaxQueryBytes + 1, ' ');
  auto tokens = Tokenize(q);
  ASSERT_FALSE(tokens.ok());
  EXPECT_NE(tokens.status().message().find(absl::StrCat("query is ", kMaxQueryBytes + 1, " bytes long")),
            std::string::npos)
      << tokens.status();
  // 16 MiB is refused without being read.
  EXPECT_FALSE(Tokenize(std::string(16u << 20, 'a')).ok());
}

}  // namespace
}  // namespace dora
