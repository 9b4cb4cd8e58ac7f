#include "forms/registry.h"

#include "common/phase_error.h"
#include "common/status_macros.h"
#include "query/parser.h"

namespace dora {

// Each form's module, defined in its <form>_form.cc.
const FormModule& MetricForm();
const FormModule& SeriesForm();
const FormModule& BandDistributionForm();
const FormModule& AnnotationsForm();
const FormModule& SamplesForm();
const FormModule& DataQualityForm();

const FormModule& FormFor(QueryForm form) {
  switch (form) {
    case QueryForm::kMetric:
      return MetricForm();
    case QueryForm::kSeries:
      return SeriesForm();
    case QueryForm::kBandDistribution:
      return BandDistributionForm();
    case QueryForm::kAnnotations:
      return AnnotationsForm();
    case QueryForm::kSamples:
      return SamplesForm();
    case QueryForm::kDataQuality:
      return DataQualityForm();
  }
  return MetricForm();
}

absl::StatusOr<BoundQuery> CompileQuery(absl::string_view text, const QueryContext& context) {
  DORA_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(text));
  return BindQuery(parsed, context, FormFor(parsed.form));
}

absl::StatusOr<SqlStatement> GenerateSql(const BoundQuery& query) {
  const bool bound = query.form == QueryForm::kAnnotations   ? !query.annotation_kinds.empty()
                     : query.form == QueryForm::kDataQuality ? true
                                                             : query.metric != nullptr;
  if (!bound) return PhaseError(Phase::kSql, absl::StatusCode::kInternal, "query is not bound");
  if (HasMetricValues(query.form) && query.metric->value_kind == ValueKind::kDuration && !query.stat) {
    return PhaseError(Phase::kSql, absl::StatusCode::kInternal, "duration metric bound without a stat");
  }
  SqlFragments sql(query);
  std::string text = FormFor(query.form).Sql(sql);
  return sql.Finish(std::move(text));
}

}  // namespace dora
