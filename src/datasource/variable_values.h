// Variable queries: the values a dashboard variable offers, narrowed by the
// other variables and the dashboard's time range.
//
//   variable_query := ('services' | 'teams' | 'environments') ['where' condition ('and' condition)*]
//
// e.g. `services where team in ('payments', 'search')`. The text is read by
// the query language's own parser and binder (query/parser.h, query/binder.h):
// the conditions, `*`, quoting, positions and error messages are the
// language's. The head word is a catalog dimension's name plus "s"; no clause
// but `where` is accepted. Every environment counts (there is no production
// default): `environment = 'prod'` narrows it.
#ifndef DORA_DATASOURCE_VARIABLE_VALUES_H_
#define DORA_DATASOURCE_VARIABLE_VALUES_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"
#include "sql/sql_statement.h"

namespace dora {

struct VariableValuesRequest {
  std::string query;               // the variable query, already interpolated
  std::optional<absl::Time> from;  // inclusive; unset: from the first event
  std::optional<absl::Time> to;    // exclusive; unset: to the last event
};

struct VariableValuesQuery {
  Dimension dimension;
  std::string normalized_text;  // e.g. "services where team = 'payments'"
  // One text column: the dimension's distinct non-NULL values among the events
  // that occurred in [from, to) and pass the conditions, sorted. Values only
  // reach SQL as parameters.
  SqlStatement sql;
};

// Positioned parse or bind errors (common/phase_error.h) naming the word and
// what was expected; InvalidArgument for from >= to.
absl::StatusOr<VariableValuesQuery> CompileVariableQuery(const VariableValuesRequest& request);

}  // namespace dora

#endif  // DORA_DATASOURCE_VARIABLE_VALUES_H_
