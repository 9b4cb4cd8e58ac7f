// One module per query form (metric, series, band distribution, annotations,
// samples, data_quality), the model being DuckDB's one binder per statement:
// each form's file owns its binding (FormBinding), its SQL (over the shared
// fragments of sql/fragments.h), the typed schema of its SQL rows and of its
// result table, the shaping of rows into that table, and its frames.
//
// Adding a form: a QueryForm value and its parse rule (query/parsed_query.h,
// query/parser.cc), one new <form>_form.cc here, and its line in registry.cc.
#ifndef DORA_FORMS_FORM_MODULE_H_
#define DORA_FORMS_FORM_MODULE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "forms/query_result.h"
#include "frame/frame.h"
#include "query/binder.h"
#include "sql/fragments.h"
#include "store/sql_executor.h"

namespace dora {

class FormModule : public FormBinding {
 public:
  virtual QueryForm form() const = 0;

  // Whether an alert rule can evaluate the form's frames (values with labels).
  virtual bool Alertable() const { return false; }

  // The statement's text, built from `sql` (which collects the parameters).
  // The query is bound and of this form.
  virtual std::string Sql(SqlFragments& sql) const = 0;

  // Reads `rows` (the columns Sql selects) into result->table, the totals and
  // the notices. result->query is this form's bound query.
  virtual absl::Status Shape(const SqlResult& rows, QueryResult* result) const = 0;

  // The data frames of a shaped result; `for_alerting` only when Alertable.
  virtual std::vector<Frame> Frames(const QueryResult& result, const std::string& ref_id, bool for_alerting) const = 0;

  // The name legends show: "lead_time p90", "annotations".
  virtual std::string DisplayName(const BoundQuery& q) const = 0;
};

}  // namespace dora

#endif  // DORA_FORMS_FORM_MODULE_H_
