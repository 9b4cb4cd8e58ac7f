// Tokenizer for the DORA query language.
#ifndef DORA_QUERY_LEXER_H_
#define DORA_QUERY_LEXER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dora {

enum class TokenKind {
  kIdent,   // metric, stat, keyword, dimension or bare value: [A-Za-z_][A-Za-z0-9_.\-/:]*
  kNumber,  // digits, optionally followed by letters: "1w", "24h", "42"
  kString,  // single-quoted; `text` holds the unescaped value ('' -> ')
  kLParen,
  kRParen,
  kComma,
  kEq,     // =
  kNotEq,  // != or <>
  kStar,   // * : the "any value" wildcard (what a dashboard's All selection becomes)
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // identifier/number text, or unescaped string value
  int pos = 0;       // 1-based character column of the first character
  int len = 0;       // characters covered in the source, quotes included
};

// The longest query text accepted (bytes) and the most values one
// `in (...)` list may hold. Both are parse errors past the limit.
inline constexpr size_t kMaxQueryBytes = 64 * 1024;
inline constexpr size_t kMaxListValues = 2000;

// Splits `query` into tokens ending with a kEnd token. A stray character or an
// unterminated string is a parse error naming its position; so is a query
// longer than kMaxQueryBytes. Linear in the query's length.
absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view query);

// Human description of a token for messages: "'by'", "string 'x'", "end of query".
std::string DescribeToken(const Token& token);

}  // namespace dora

#endif  // DORA_QUERY_LEXER_H_
