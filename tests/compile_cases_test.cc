// Compile cases as data: every tests/compile_cases/*.case file (format in
// tests/support/compile_case_file.h) compiled and compared with its expected
// SQL or error.
//
// Run with DORA_UPDATE_GOLDENS=1 to rewrite the expectations from the current
// compiler output (then review the diff).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "compile_case_file.h"
#include "gtest/gtest.h"
#include "query/binder.h"
#include "sql/generator.h"

namespace dora {
namespace {

std::pair<std::string, std::string> Actual(const CompileCase& c) {
  auto bound = CompileQuery(CompileCaseQuery(c), CompileCaseContext(c));
  if (!bound.ok()) return {"error", std::string(bound.status().message())};
  auto sql = GenerateSql(*bound);
  if (!sql.ok()) return {"error", std::string(sql.status().message())};
  return {"sql", "-- " + bound->normalized_text + "\n" + RenderForDisplay(*sql)};
}

TEST(CompileCasesTest, EveryCaseMatches) {
  const bool update = std::getenv("DORA_UPDATE_GOLDENS") != nullptr;
  std::vector<std::string> files = CompileCaseFiles(DORA_COMPILE_CASES_DIR);
  ASSERT_FALSE(files.empty()) << "no .case files in " << DORA_COMPILE_CASES_DIR;
  int total = 0;
  for (const std::string& path : files) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string preamble;
    std::vector<CompileCase> cases = ParseCompileCases(buf.str(), &preamble);
    std::string rewritten = preamble;
    for (CompileCase& c : cases) {
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
