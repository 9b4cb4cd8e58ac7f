// What a query answers after shaping: the bound query, its statement, a typed
// table and the totals and notices the form's module derived from the rows.
#ifndef DORA_FORMS_QUERY_RESULT_H_
#define DORA_FORMS_QUERY_RESULT_H_

#include <cstdint>
#include <vector>

#include "forms/result_table.h"
#include "frame/frame_meta.h"
#include "query/bound_query.h"
#include "sql/sql_statement.h"

namespace dora {

struct QueryResult {
  BoundQuery query;
  SqlStatement statement;
  // The form's result schema (its module's header comment lists the columns).
  ResultTable table;
  int64_t skewed_total = 0;           // rows excluded by the clock-skew guard
  int64_t insufficient_groups = 0;    // values nulled for n < min_sample
  int64_t insufficient_previous = 0;  // `vs previous`: previous values nulled for previous_n < min_sample
  int64_t unresolved_total = 0;       // incidents still open
  // One sentence each, for humans, with the severity Grafana shows them at
  // (clock skew: warning; everything else: info).
  std::vector<Notice> notices;
};

}  // namespace dora

#endif  // DORA_FORMS_QUERY_RESULT_H_
