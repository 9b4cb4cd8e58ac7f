// Compile cases as data: every tests/compile_cases/<form>.case file (format
// in tests/support/compile_case_file.h), each case compiled and compared with
// its expected SQL or error as one test, CompileCases/CompileCaseTest.Matches/
// <file>_<name>.
//
// Run with DORA_UPDATE_GOLDENS=1 to rewrite the expectations from the current
// compiler output (then review the diff).
#include <map>
#include <ostream>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "compile_case_file.h"
#include "forms/registry.h"
#include "golden.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

struct FileCase {
  std::string file;  // path
  CompileCase c;
  std::string test_name;  // <file stem>_<name>, letters, digits and '_' only
};

// What gtest prints for a case (test listings, failures).
void PrintTo(const FileCase& fc, std::ostream* os) {
  *os << fc.file.substr(fc.file.rfind('/') + 1) << ": " << fc.c.name;
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

std::vector<CompileCase> CasesOf(const std::string& path, std::string* preamble) {
  return ParseCompileCases(testing::ReadGoldenFile(path), preamble);
}

std::vector<FileCase> AllCases() {
  std::vector<FileCase> all;
  std::map<std::string, int> seen;
  for (const std::string& path : CompileCaseFiles(DORA_COMPILE_CASES_DIR)) {
    std::string preamble;
    for (CompileCase& c : CasesOf(path, &preamble)) {
      std::string name = TestName(path, c.name);
      if (int n = seen[name]++; n > 0) absl::StrAppend(&name, "_", n + 1);
      all.push_back({path, std::move(c), std::move(name)});
    }
  }
  return all;
}

std::pair<std::string, std::string> Actual(const CompileCase& c) {
  auto bound = CompileQuery(CompileCaseQuery(c), CompileCaseContext(c));
  if (!bound.ok()) return {"error", std::string(bound.status().message())};
  auto sql = GenerateSql(*bound);
  if (!sql.ok()) return {"error", std::string(sql.status().message())};
  return {"sql", "-- " + bound->normalized_text + "\n" + RenderForDisplay(*sql)};
}

class CompileCaseTest : public ::testing::TestWithParam<FileCase> {};

TEST_P(CompileCaseTest, Matches) {
  if (testing::UpdatingGoldens()) GTEST_SKIP() << "DORA_UPDATE_GOLDENS: CompileCaseFiles.Update rewrites the files";
  const FileCase& fc = GetParam();
  auto [kind, actual] = Actual(fc.c);
  EXPECT_EQ(kind, fc.c.kind) << fc.file << ": " << fc.c.name;
  EXPECT_EQ(actual, fc.c.expected) << fc.file << ": " << fc.c.name;
}

INSTANTIATE_TEST_SUITE_P(CompileCases, CompileCaseTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<FileCase>& info) { return info.param.test_name; });

TEST(CompileCaseFiles, ExistAndParse) {
  std::vector<std::string> files = CompileCaseFiles(DORA_COMPILE_CASES_DIR);
  ASSERT_FALSE(files.empty()) << "no .case files in " << DORA_COMPILE_CASES_DIR;
  for (const std::string& path : files) {
    std::string preamble;
    std::vector<CompileCase> cases = CasesOf(path, &preamble);
    EXPECT_FALSE(cases.empty()) << path;
    for (const CompileCase& c : cases) EXPECT_TRUE(c.kind == "sql" || c.kind == "error") << path << ": " << c.name;
  }
}

// With DORA_UPDATE_GOLDENS set: every file rewritten from the compiler's output.
TEST(CompileCaseFiles, Update) {
  if (!testing::UpdatingGoldens()) GTEST_SKIP() << "set DORA_UPDATE_GOLDENS=1 to rewrite the case files";
  for (const std::string& path : CompileCaseFiles(DORA_COMPILE_CASES_DIR)) {
    std::string preamble;
    std::vector<CompileCase> cases = CasesOf(path, &preamble);
    std::string rewritten = preamble;
    for (CompileCase& c : cases) {
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
