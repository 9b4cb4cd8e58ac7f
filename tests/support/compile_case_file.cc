#include "compile_case_file.h"

#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time_spec.h"
#include "metrics/failure_signals.h"

namespace dora {
namespace {

template <typename T>
T OrDie(absl::StatusOr<T> value, const CompileCase& c, const std::string& header) {
  if (!value.ok()) {
    std::fprintf(stderr, "compile case '%s': bad %s header: %s\n", c.name.c_str(), header.c_str(),
                 std::string(value.status().message()).c_str());
    std::abort();
  }
  return *std::move(value);
}

}  // namespace

std::vector<std::string> CompileCaseFiles(const std::string& dir_path) {
  std::vector<std::string> files;
  DIR* dir = opendir(dir_path.c_str());
  if (dir == nullptr) return files;
  while (dirent* e = readdir(dir)) {
    std::string n = e->d_name;
    if (absl::EndsWith(n, ".case")) files.push_back(absl::StrCat(dir_path, "/", n));
  }
  closedir(dir);
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<CompileCase> ParseCompileCases(const std::string& text, std::string* preamble) {
  std::vector<CompileCase> cases;
  CompileCase* cur = nullptr;
  bool in_body = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "=== ")) {
      cases.push_back(CompileCase{std::string(line.substr(4)), {}, "", ""});
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
  for (CompileCase& c : cases) c.expected = std::string(absl::StripTrailingAsciiWhitespace(c.expected));
  return cases;
}

std::string CompileCaseQuery(const CompileCase& c) {
  for (const auto& [k, v] : c.headers) {
    if (k == "query") return v;
  }
  return "";
}

QueryContext CompileCaseContext(const CompileCase& c) {
  QueryContext ctx;
  ctx.from = OrDie(ParseTimeSpec("2026-01-01T00:00:00Z", absl::Now()), c, "from");
  ctx.to = OrDie(ParseTimeSpec("2026-02-01T00:00:00Z", absl::Now()), c, "to");
  for (const auto& [k, v] : c.headers) {
    if (k == "from") ctx.from = OrDie(ParseTimeSpec(v, absl::Now()), c, k);
    if (k == "to") ctx.to = OrDie(ParseTimeSpec(v, absl::Now()), c, k);
    if (k == "tz") ctx.time_zone = v;
    if (k == "interval") ctx.interval = OrDie(ParseDurationSpec(v), c, k);
    if (k == "band_profile") ctx.policy.band_profile = v;
    if (k == "failure_signals") ctx.policy.failure_signals = OrDie(ParseFailureSignals(v), c, k);
  }
  return ctx;
}

}  // namespace dora
