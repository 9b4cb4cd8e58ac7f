#include "query/lexer.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/phase_error.h"

namespace dora {
namespace {

bool IsIdentStart(char c) { return absl::ascii_isalpha(c) || c == '_'; }
bool IsIdentPart(char c) { return absl::ascii_isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':'; }

// Maps byte offsets to 1-based character columns (UTF-8 aware). Offsets are
// asked for in increasing order while lexing, so each lookup resumes where
// the last one stopped: linear in the query's length overall.
class Columns {
 public:
  explicit Columns(absl::string_view s) : s_(s) {}
  int At(size_t byte_offset) {
    byte_offset = std::min(byte_offset, s_.size());
    if (byte_offset < offset_) {
      offset_ = 0;
      col_ = 1;
    }
    for (; offset_ < byte_offset; ++offset_) {
      if ((static_cast<unsigned char>(s_[offset_]) & 0xC0) != 0x80) ++col_;
    }
    return col_;
  }

 private:
  absl::string_view s_;
  size_t offset_ = 0;
  int col_ = 1;
};

}  // namespace

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view q) {
  if (q.size() > kMaxQueryBytes) {
    return MakePositionedError({Phase::kParse, 1, 1,
                                absl::StrCat("query is ", q.size(), " bytes long; the limit is ", kMaxQueryBytes),
                                "a long in (...) list belongs in a variable with fewer values", ""});
  }
  Columns cols(q);
  std::vector<Token> out;
  size_t i = 0;
  auto emit = [&](TokenKind kind, std::string text, size_t begin, size_t end) {
    int pos = cols.At(begin);
    out.push_back(Token{kind, std::move(text), pos, cols.At(end) - pos});
  };
  while (i < q.size()) {
    char c = q[i];
    if (absl::ascii_isspace(c)) {
      ++i;
      continue;
    }
    size_t begin = i;
    if (IsIdentStart(c)) {
      while (i < q.size() && IsIdentPart(q[i])) ++i;
      emit(TokenKind::kIdent, std::string(q.substr(begin, i - begin)), begin, i);
    } else if (absl::ascii_isdigit(c)) {
      while (i < q.size() && (absl::ascii_isalnum(q[i]) || q[i] == '.')) ++i;
      emit(TokenKind::kNumber, std::string(q.substr(begin, i - begin)), begin, i);
    } else if (c == '\'') {
      std::string value;
      ++i;
      bool closed = false;
      while (i < q.size()) {
        if (q[i] == '\'') {
          if (i + 1 < q.size() && q[i + 1] == '\'') {
            value.push_back('\'');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        value.push_back(q[i++]);
      }
      if (!closed) {
        return MakePositionedError({Phase::kParse, cols.At(begin), 1, "unterminated string",
                                    "expected a closing ' (write '' for a quote inside)", ""});
      }
      emit(TokenKind::kString, std::move(value), begin, i);
    } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '*') {
      ++i;
      TokenKind kind = c == '('   ? TokenKind::kLParen
                       : c == ')' ? TokenKind::kRParen
                       : c == ',' ? TokenKind::kComma
                       : c == '*' ? TokenKind::kStar
                                  : TokenKind::kEq;
      emit(kind, std::string(1, c), begin, i);
    } else if ((c == '!' || c == '<') && i + 1 < q.size() && q[i + 1] == (c == '!' ? '=' : '>')) {
      i += 2;
      emit(TokenKind::kNotEq, std::string(q.substr(begin, 2)), begin, i);
    } else {
      size_t end = i + 1;
      while (end < q.size() && (static_cast<unsigned char>(q[end]) & 0xC0) == 0x80) ++end;
      return MakePositionedError({Phase::kParse, cols.At(begin), 1,
                                  absl::StrCat("unexpected character '", q.substr(i, end - i), "'"),
                                  c == '"' ? "strings use single quotes" : "", ""});
    }
  }
  out.push_back(Token{TokenKind::kEnd, "", cols.At(q.size()), 0});
  return out;
}

std::string DescribeToken(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd:
      return "end of query";
    case TokenKind::kString:
      return absl::StrCat("string '", t.text, "'");
    default:
      return absl::StrCat("'", t.text, "'");
  }
}

}  // namespace dora
