// The compile-case files (tests/compile_cases/*.case), read the one way the
// compile cases test and the frontend conformance outcomes
// (tests/conformance/parse_outcomes.cc) both use:
//
//   === <name>
//   query: <query text>
//   from: <RFC 3339>      (optional, default 2026-01-01T00:00:00Z)
//   to: <RFC 3339>        (optional, default 2026-02-01T00:00:00Z)
//   tz: <zone>  interval: <dur>  band_profile: <id>  failure_signals: <spec>  (optional)
//   --- sql | --- error
//   <expected SQL with its "-- $n = '...'" parameter lines, or the error message>
#ifndef DORA_TESTS_SUPPORT_COMPILE_CASE_FILE_H_
#define DORA_TESTS_SUPPORT_COMPILE_CASE_FILE_H_

#include <string>
#include <utility>
#include <vector>

#include "query/binder.h"

namespace dora {

struct CompileCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> headers;  // in file order
  std::string kind;                                          // "sql" or "error"
  std::string expected;                                      // trailing whitespace stripped
};

// The *.case files of `dir`, full paths, sorted; empty if there are none.
std::vector<std::string> CompileCaseFiles(const std::string& dir);

// The cases of one file; the lines before the first case go to `preamble`.
std::vector<CompileCase> ParseCompileCases(const std::string& text, std::string* preamble);

// The `query:` header ("" when absent).
std::string CompileCaseQuery(const CompileCase& c);

// The context a case compiles in: January 2026 in UTC and the default
// policy, changed by its headers. A header value that does not parse is a
// defect of the case file and aborts with its name.
QueryContext CompileCaseContext(const CompileCase& c);

}  // namespace dora

#endif  // DORA_TESTS_SUPPORT_COMPILE_CASE_FILE_H_
