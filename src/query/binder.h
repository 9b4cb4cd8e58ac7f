// Binds a parsed query against the catalog and the request it arrived with.
#ifndef DORA_QUERY_BINDER_H_
#define DORA_QUERY_BINDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "metrics/catalog.h"
#include "query/bound_query.h"
#include "query/language.h"
#include "query/parsed_query.h"

namespace dora {

// What a query is evaluated against, besides its text.
struct QueryContext {
  absl::Time from;                // inclusive
  absl::Time to;                  // exclusive
  std::string time_zone = "UTC";  // IANA zone for `every` day/week buckets
  // Grafana's suggested interval; `every auto` uses it. Zero means derive it
  // from the range and max_data_points.
  absl::Duration interval = absl::ZeroDuration();
  int max_data_points = 200;
  QueryPolicy policy;
};

// At most this many buckets per series; more is an OutOfRange bind error.
inline constexpr int kMaxBuckets = 5000;

// The part of binding that belongs to one query form; each form's module in
// src/forms/ implements it, and BindQuery calls it around the clauses every
// form shares (by, where, the time range and zone, the policy, every).
class FormBinding {
 public:
  virtual ~FormBinding() = default;

  // First: the query's head (metric, stat, kinds) and which clauses the form
  // refuses; q->form is already parsed.form. Sets what the form has of
  // q->metric, q->stat, q->annotation_kinds, q->limit.
  virtual absl::Status BindHead(const ParsedQuery& parsed, BoundQuery* q) const = 0;
  // Whether rows are restricted to the production environment unless the
  // query filters or groups by environment.
  virtual bool DefaultsToProduction() const { return true; }
  // Last, with the shared clauses bound (bucket, band profile known).
  virtual absl::Status BindTail(const ParsedQuery& parsed, BoundQuery* q) const;

  // The normalized text: RenderHead, then ` by ...` when RendersGroupBy,
  // ` where ...`, ` every ...`, then RenderTail.
  virtual std::string RenderHead(const ParsedQuery& parsed, const BoundQuery& q) const = 0;
  virtual bool RendersGroupBy(const BoundQuery& q) const { return !q.group_by.empty(); }
  virtual std::string RenderTail(const BoundQuery& q) const { return ""; }
};

// Errors are positioned bind errors (InvalidArgument, or OutOfRange for
// bucket limits) naming what was wrong and, for names, the nearest valid one.
// `form` is the module of parsed.form (forms/registry.h: CompileQuery finds it).
absl::StatusOr<BoundQuery> BindQuery(const ParsedQuery& parsed, const QueryContext& context, const FormBinding& form);

// A positioned bind error (Phase::kBind) at `at`.
absl::Status BindError(const Located& at, std::string what, std::string detail = "", std::string suggestion = "",
                       absl::StatusCode code = absl::StatusCode::kInvalidArgument);

// "a, b or c": the names a bind error says it expected.
std::string JoinAlternatives(const std::vector<std::string>& names);

// The first clause of `parsed`, in ClauseKeywords() order, that `form` does
// not take, refused at the clause with the form's refusal (`<clause>`
// replaced by the clause's phrase) and example (`<metric>` replaced by
// `metric`), then the first of the form's requirements not met (a clause
// without the clause it needs), refused with the requirement's refusal and
// example; OK otherwise. Every form takes `where`.
absl::Status CheckFormClauses(const ParsedQuery& parsed, const QueryFormDef& form, absl::string_view metric = "");

// Binds the metric head and its stat (duration metrics get the default stat
// unless `samples`); unknown names suggest the nearest metric or form word.
absl::Status BindMetricHead(const ParsedQuery& parsed, BoundQuery* q);

// Picks the `every auto` bucket: the smallest of 1h, 1d, 1w that is at least
// the interval, or whole weeks beyond that.
absl::Duration AutoBucket(const QueryContext& context);

}  // namespace dora

#endif  // DORA_QUERY_BINDER_H_
