#include "datasource/variable_values.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "query/binder.h"
#include "query/language.h"
#include "query/parser.h"
#include "sql/fragments.h"

namespace dora {
namespace {

std::optional<Dimension> DimensionOfHead(absl::string_view head) {
  const std::vector<std::string>& heads = VariableQueryHeads();
  for (size_t i = 0; i < heads.size(); ++i) {
    if (absl::EqualsIgnoreCase(head, heads[i])) return FindDimension(DimensionNames()[i]);
  }
  return std::nullopt;
}

class VariableBinding : public FormBinding {
 public:
  absl::Status BindHead(const ParsedQuery& p, BoundQuery*) const override {
    const QueryFormDef& form = VariableQueryForm();
    if (!DimensionOfHead(p.metric.text)) {
      return BindError(p.metric, absl::StrCat("unknown variable query '", p.metric.text, "'"),
                       absl::StrCat("expected ", JoinAlternatives(VariableQueryHeads())),
                       SuggestNearest(p.metric.text, VariableQueryHeads()));
    }
    // `services p90`, `teams samples`: a word where only `where` may follow.
    if (p.samples) return BindError(*p.samples, form.refusal, "use e.g. " + form.example);
    if (p.stat) return BindError(*p.stat, form.refusal, "use e.g. " + form.example);
    return CheckFormClauses(p, form);
  }
  bool DefaultsToProduction() const override { return false; }
  std::string RenderHead(const ParsedQuery& p, const BoundQuery&) const override {
    return absl::AsciiStrToLower(p.metric.text);
  }
  bool RendersGroupBy(const BoundQuery&) const override { return false; }
};

}  // namespace

absl::StatusOr<VariableValuesQuery> CompileVariableQuery(const VariableValuesRequest& request) {
  DORA_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(request.query));
  QueryContext ctx;
  // Without a range: every event (0001-01-01 .. 9999-12-31 in PostgreSQL terms).
  ctx.from = request.from.value_or(absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  ctx.to = request.to.value_or(absl::FromCivil(absl::CivilSecond(9999, 12, 31, 0, 0, 0), absl::UTCTimeZone()));
  VariableBinding binding;
  DORA_ASSIGN_OR_RETURN(BoundQuery bound, BindQuery(parsed, ctx, binding));
  VariableValuesQuery out;
  out.dimension = *DimensionOfHead(parsed.metric.text);
  out.normalized_text = bound.normalized_text;
  SqlFragments sql(bound);
  const std::string column = absl::StrCat("s.", DimensionName(out.dimension));
  std::string filters = sql.Filters();
  out.sql = sql.Finish(absl::StrCat("SELECT DISTINCT ", column, "\nFROM delivery_events s",
                                    filters.empty() ? "\nWHERE " : absl::StrCat(filters, "\n  AND "),
                                    "s.occurred_at >= ", sql.from(), " AND s.occurred_at < ", sql.to(), "\n  AND ",
                                    column, " IS NOT NULL", "\nORDER BY 1"));
  return out;
}

}  // namespace dora
