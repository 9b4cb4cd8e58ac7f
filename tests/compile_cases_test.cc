// Compile cases as data: every tests/compile_cases/<form>.case file holds cases of
//
//   === <name>
//   query: <query text>
//   from: <RFC 3339>      (optional, default 2026-01-01T00:00:00Z)
//   to: <RFC 3339>        (optional, default 2026-02-01T00:00:00Z)
//   tz: <zone>            (optional)   interval: <dur>  (optional)
//   band_profile: <id>    (optional)   failure_signals: <spec>  (optional)
//   --- sql | --- error
//   <expected SQL with its "-- $n = '...'" parameter lines, or the error message>
//
// Each case is one test, CompileCases/Case.Matches/<file>_<name>. Run with
// DORA_UPDATE_GOLDENS=1 to rewrite the expectations from the current
// compiler output (then review the diff).
#include <dirent.h>

#include <algorithm>
#include <map>
#include <ostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time_spec.h"
#include "forms/registry.h"
#include "golden.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

struct Case {
  std::string file;  // path
  std::string name;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string kind;  // "sql" or "error"
  std::string expected;
  std::string test_name;  // <file stem>_<name>, letters, digits and '_' only
};

// What gtest prints for a case (test listings, failures).
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file.substr(c.file.rfind('/') + 1) << ": " << c.name;
}

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

std::vector<Case> ParseCases(const std::string& path, const std::string& text, std::string* preamble) {
  std::vector<Case> cases;
  Case* cur = nullptr;
  bool in_body = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "=== ")) {
      cases.push_back(Case{path, std::string(line.substr(4)), {}, "", "", ""});
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

std::string TestName(const std::string& path, const std::string& name) {
  std::string stem = path.substr(path.rfind('/') + 1);
  stem = stem.substr(0, stem.size() - std::string(".case").size());
  std::string out = stem + "_";
  for (char ch : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(ch))) {
      out.push_back(ch);
    } else if (out.back() != '_') {
      out.push_back('_');
    }
  }
  while (out.back() == '_') out.pop_back();
  return out;
}

std::vector<Case> AllCases() {
  std::vector<Case> all;
  std::map<std::string, int> seen;
  for (const std::string& path : CaseFiles()) {
    std::string preamble;
    for (Case& c : ParseCases(path, testing::ReadGoldenFile(path), &preamble)) {
      c.test_name = TestName(path, c.name);
      if (int n = seen[c.test_name]++; n > 0) absl::StrAppend(&c.test_name, "_", n + 1);
      all.push_back(std::move(c));
    }
  }
  return all;
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

class CompileCase : public ::testing::TestWithParam<Case> {};

TEST_P(CompileCase, Matches) {
  if (testing::UpdatingGoldens()) GTEST_SKIP() << "DORA_UPDATE_GOLDENS: CompileCaseFiles.Update rewrites the files";
  const Case& c = GetParam();
  auto [kind, actual] = Actual(c);
  EXPECT_EQ(kind, c.kind) << c.file << ": " << c.name;
  EXPECT_EQ(actual, c.expected) << c.file << ": " << c.name;
}

INSTANTIATE_TEST_SUITE_P(CompileCases, CompileCase, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.test_name; });

TEST(CompileCaseFiles, ExistAndParse) {
  std::vector<std::string> files = CaseFiles();
  ASSERT_FALSE(files.empty()) << "no .case files in " << DORA_COMPILE_CASES_DIR;
  for (const std::string& path : files) {
    std::string preamble;
    std::vector<Case> cases = ParseCases(path, testing::ReadGoldenFile(path), &preamble);
    EXPECT_FALSE(cases.empty()) << path;
    for (const Case& c : cases) EXPECT_TRUE(c.kind == "sql" || c.kind == "error") << path << ": " << c.name;
  }
}

// With DORA_UPDATE_GOLDENS set: every file rewritten from the compiler's output.
TEST(CompileCaseFiles, Update) {
  if (!testing::UpdatingGoldens()) GTEST_SKIP() << "set DORA_UPDATE_GOLDENS=1 to rewrite the case files";
  for (const std::string& path : CaseFiles()) {
    std::string preamble;
    std::vector<Case> cases = ParseCases(path, testing::ReadGoldenFile(path), &preamble);
    std::string rewritten = preamble;
    for (Case& c : cases) {
      std::tie(c.kind, c.expected) = Actual(c);
      absl::StrAppend(&rewritten, "=== ", c.name, "\n");
      for (const auto& [k, v] : c.headers) absl::StrAppend(&rewritten, k, ": ", v, "\n");
      absl::StrAppend(&rewritten, "--- ", c.kind, "\n", c.expected, "\n\n");
    }
    testing::WriteGoldenFile(path, std::string(absl::StripTrailingAsciiWhitespace(rewritten)) + "\n");
  }
}

}  // namespace
}  // namespace dora
