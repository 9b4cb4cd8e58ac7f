// Compile cases as data: every tests/compile_cases/*.case file holds cases of
//
//   === <name>
//   query: <query text>
//   from: <RFC 3339>      (optional, default 2026-01-01T00:00:00Z)
//   to: <RFC 3339>        (optional, default 2026-02-01T00:00:00Z)
//   tz: <zone>            (optional)   interval: <dur>  (optional)
//   --- sql | --- error
//   <expected SQL with its "-- $n = '...'" parameter lines, or the error message>
//
// Run with DORA_UPDATE_GOLDENS=1 to rewrite the expectations from the current
// compiler output (then review the diff).
#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time_spec.h"
#include "gtest/gtest.h"
#include "query/binder.h"
#include "sql/generator.h"

namespace dora {
namespace {

struct Case {
  std::string name;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string kind;      // "sql" or "error"
  std::string expected;
};

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  DIR* dir = opendir(DORA_COMPILE_CASES_DIR);
  if (dir == nullptr) return files;
  while (dirent* e = readdir(dir)) {
    std::string n = e->d_name;
    if (absl::EndsWith(n, ".case")) files.push_back(std::string(DORA_COMPILE_CASES_DIR) + "/" + n);
  }
  closedir(dir);
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Case> ParseCases(const std::string& text, std::string* preamble) {
  std::vector<Case> cases;
  Case* cur = nullptr;
  bool in_body = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "=== ")) {
      cases.push_back(Case{std::string(line.substr(4)), {}, "", ""});
      cur = &cases.back();
      in_body = false;
    } else if (cur == nullptr) {
      absl::StrAppend(preamble, line, "\n");
    } else if (!in_body && absl::StartsWith(line, "--- ")) {
      cur->kind = std::string(line.substr(4));
      in_body = true;
    } else if (!in_body) {
      if (absl::StripAsciiWhitespace(line).empty()) continue;
      std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits(": ", 1));
      cur->headers.push_back(kv);
    } else {
      absl::StrAppend(&cur->expected, line, "\n");
    }
  }
  for (Case& c : cases) c.expected = std::string(absl::StripTrailingAsciiWhitespace(c.expected));
  return cases;
}

std::pair<std::string, std::string> Actual(const Case& c) {
  QueryContext ctx;
  ctx.from = *ParseTimeSpec("2026-01-01T00:00:00Z", absl::Now());
  ctx.to = *ParseTimeSpec("2026-02-01T00:00:00Z", absl::Now());
  std::string query;
  for (const auto& [k, v] : c.headers) {
    if (k == "query") query = v;
    if (k == "from") ctx.from = *ParseTimeSpec(v, absl::Now());
    if (k == "to") ctx.to = *ParseTimeSpec(v, absl::Now());
    if (k == "tz") ctx.time_zone = v;
    if (k == "interval") ctx.interval = *ParseDurationSpec(v);
    if (k == "band_profile") ctx.policy.band_profile = v;
    if (k == "failure_signals") ctx.policy.failure_signals = *ParseFailureSignals(v);
  }
  auto bound = CompileQuery(query, ctx);
  if (!bound.ok()) return {"error", std::string(bound.status().message())};
  auto sql = GenerateSql(*bound);
  if (!sql.ok()) return {"error", std::string(sql.status().message())};
  return {"sql", "-- " + bound->normalized_text + "\n" + RenderForDisplay(*sql)};
}

TEST(CompileCasesTest, EveryCaseMatches) {
  const bool update = std::getenv("DORA_UPDATE_GOLDENS") != nullptr;
  std::vector<std::string> files = CaseFiles();
  ASSERT_FALSE(files.empty()) << "no .case files in " << DORA_COMPILE_CASES_DIR;
  int total = 0;
  for (const std::string& path : files) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string preamble;
    std::vector<Case> cases = ParseCases(buf.str(), &preamble);
    std::string rewritten = preamble;
    for (Case& c : cases) {
      ++total;
      auto [kind, actual] = Actual(c);
      if (update) {
        c.kind = kind;
        c.expected = actual;
      } else {
        EXPECT_EQ(kind, c.kind) << path << ": " << c.name;
        EXPECT_EQ(actual, c.expected) << path << ": " << c.name;
      }
      absl::StrAppend(&rewritten, "=== ", c.name, "\n");
      for (const auto& [k, v] : c.headers) absl::StrAppend(&rewritten, k, ": ", v, "\n");
      absl::StrAppend(&rewritten, "--- ", c.kind, "\n", c.expected, "\n\n");
    }
    if (update) std::ofstream(path) << std::string(absl::StripTrailingAsciiWhitespace(rewritten)) << "\n";
  }
  EXPECT_GE(total, 20);
}

}  // namespace
}  // namespace dora
