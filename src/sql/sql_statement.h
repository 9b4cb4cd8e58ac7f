// A parameterized SQL statement: text with $n placeholders and their values.
#ifndef DORA_SQL_SQL_STATEMENT_H_
#define DORA_SQL_SQL_STATEMENT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dora {

struct SqlStatement {
  std::string text;
  // params[i] is the text form of $i+1; the statement text casts each one
  // ($1::timestamptz) so the server never guesses a type.
  std::vector<std::string> params;
  // Planner settings for this statement only ("enable_seqscan = off"), set
  // with SET LOCAL in its transaction; fixed text from the engine, never input.
  std::vector<std::string> local_settings;
};

// The planner and time settings every dora session runs with ("jit = off"),
// applied at connect by store/pg_session.cc and by RenderForPsql's script.
const std::vector<std::string>& SessionSettings();

// Builds the parameter list, reusing one $n for a repeated (value, type).
class ParamList {
 public:
  // Returns the placeholder with its cast, e.g. "$3::text".
  std::string Add(std::string value, absl::string_view sql_type);
  std::vector<std::string> Take() { return std::move(values_); }

 private:
  std::vector<std::string> values_;
  std::vector<std::string> types_;
};

// "text\n-- $1 = '...'\n..." : the statement and its parameters, for humans
// (Grafana's executedQueryString, `dora query --explain`). Array parameters
// longer than seven elements show their first four and last two and a count.
std::string RenderForDisplay(const SqlStatement& statement);

// The statement as a psql script that runs it as the engine does:
// "BEGIN;\nSET LOCAL <SessionSettings() and local_settings>;\n<text with every $n::type replaced by its full
// value as a quoted literal>;\nROLLBACK;\n" (`dora query --explain=psql`).
std::string RenderForPsql(const SqlStatement& statement);

}  // namespace dora

#endif  // DORA_SQL_SQL_STATEMENT_H_
