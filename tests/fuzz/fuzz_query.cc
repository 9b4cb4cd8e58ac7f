// The query language end to end (lex, parse, bind, SQL). Invariants: no
// crash or UB for any text; and the SQL text never depends on a string
// literal's value (values travel only as parameters): replacing the contents
// of every quoted string changes the parameters, never the statement.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "engine/query_engine.h"

namespace {

// `q` with the inside of every '...' literal replaced by `with` ('' escapes kept as quotes).
std::string ReplaceStrings(const std::string& q, const std::string& with) {
  std::string out;
  size_t i = 0;
  while (i < q.size()) {
    if (q[i] != '\'') {
      out += q[i++];
      continue;
    }
    size_t j = i + 1;
    while (j < q.size()) {
      if (q[j] == '\'' && j + 1 < q.size() && q[j + 1] == '\'') {
        j += 2;
      } else if (q[j] == '\'') {
        break;
      } else {
        ++j;
      }
    }
    if (j >= q.size()) return out + q.substr(i);  // unterminated: left as is
    out += "'" + with + "'";
    i = j + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string q(reinterpret_cast<const char*>(data), size);
  dora::QueryContext ctx;
  ctx.from = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  ctx.to = ctx.from + absl::Hours(24 * 90);
  ctx.time_zone = size % 2 ? "Europe/Berlin" : "UTC";
  auto a = dora::Compile(q, ctx);
  if (!a.ok()) return 0;
  auto b = dora::Compile(ReplaceStrings(q, "fuzz-value"), ctx);
  auto c = dora::Compile(ReplaceStrings(q, "other"), ctx);
  if (b.ok() != c.ok()) __builtin_trap();
  if (b.ok() && b->statement.text != c->statement.text) __builtin_trap();
  return 0;
}
