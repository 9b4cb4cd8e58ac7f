// The engine's verdict on every compile case, as JSON for the frontend's
// conformance test (plugin/frontend/test/conformance.test.ts), which checks
// that the TypeScript parser and model agree with the C++ ones.
//
// Usage: parse_outcomes <out.json> <dir>...
//
// Each dir's *.case files (tests/support/compile_case_file.h) are read:
// tests/compile_cases, and tests/conformance, whose cases hold only a query
// (lexical and grammar corners the compile cases do not reach).
//
//   {"cases": [{"file", "name", "query", "bandProfile",
//               "parse":   {"ok": true} | {"ok": false, "position", "length", "what", "message"},
//               "compile": {"ok": true, "normalized"}
//                        | {"ok": false, "phase", "position", "length", "what", "contextual", "message"}}]}
//
// Files whose name starts with `variable_` hold dashboard variable queries
// (datasource/variable_values.h): their `compile` is CompileVariableQuery in
// the case's time range, and each case has "variable": true.
//
// `parse` is ParseQuery alone; `compile` is parse + bind in the case's
// context. `contextual` marks errors that come from the request rather than
// the text (time range, bucket count, time zone, band profile: no position,
// or OutOfRange), which an editor without the request cannot predict.
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/phase_error.h"
#include "compile_case_file.h"
#include "datasource/variable_values.h"
#include "forms/registry.h"
#include "nlohmann/json.hpp"
#include "query/parser.h"

namespace dora {
namespace {

using Json = nlohmann::ordered_json;

Json ErrorJson(const absl::Status& status) {
  Json e = {{"ok", false}};
  auto pos = GetPositionedError(status);
  e["phase"] = pos ? std::string(PhaseName(pos->phase)) : "";
  e["position"] = pos ? pos->position : 0;
  e["length"] = pos ? pos->length : 0;
  e["what"] = pos ? pos->what : "";
  e["contextual"] = !pos || pos->position == 0 || status.code() == absl::StatusCode::kOutOfRange;
  e["message"] = std::string(status.message());
  return e;
}

Json Outcome(const std::string& file, const CompileCase& c) {
  const std::string query = CompileCaseQuery(c);
  const QueryContext ctx = CompileCaseContext(c);
  Json out = {{"file", file}, {"name", c.name}, {"query", query}, {"bandProfile", ctx.policy.band_profile}};
  auto parsed = ParseQuery(query);
  if (parsed.ok()) {
    out["parse"] = {{"ok", true}};
  } else {
    Json e = ErrorJson(parsed.status());
    out["parse"] = {{"ok", false},
                    {"position", e["position"]},
                    {"length", e["length"]},
                    {"what", e["what"]},
                    {"message", e["message"]}};
  }
  if (file.rfind("variable_", 0) == 0) {
    out["variable"] = true;
    auto variable = CompileVariableQuery({query, ctx.from, ctx.to});
    out["compile"] =
        variable.ok() ? Json{{"ok", true}, {"normalized", variable->normalized_text}} : ErrorJson(variable.status());
    return out;
  }
  auto bound = CompileQuery(query, ctx);
  out["compile"] = bound.ok() ? Json{{"ok", true}, {"normalized", bound->normalized_text}} : ErrorJson(bound.status());
  return out;
}

int Run(const std::string& out_path, const std::vector<std::string>& dirs) {
  std::vector<std::string> files;
  for (const std::string& dir : dirs) {
    std::vector<std::string> found = CompileCaseFiles(dir);
    if (found.empty()) {
      std::cerr << "parse_outcomes: no .case files in " << dir << "\n";
      return 1;
    }
    files.insert(files.end(), found.begin(), found.end());
  }
  Json cases = Json::array();
  for (const std::string& path : files) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string preamble;
    const std::string file = path.substr(path.find_last_of('/') + 1);
    for (const CompileCase& c : ParseCompileCases(buf.str(), &preamble)) cases.push_back(Outcome(file, c));
  }
  std::ofstream out(out_path);
  out << Json{{"cases", cases}}.dump(1) << "\n";
  if (!out) {
    std::cerr << "parse_outcomes: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace dora

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: parse_outcomes <out.json> <dir>...\n";
    return 2;
  }
  return dora::Run(argv[1], std::vector<std::string>(argv + 2, argv + argc));
}
