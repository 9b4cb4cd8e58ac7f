#include "query/bound_query.h"

namespace dora {
namespace {

constexpr AnnotationKind kAnnotationKinds[] = {AnnotationKind::kDeploy, AnnotationKind::kFailure,
                                               AnnotationKind::kRollback, AnnotationKind::kIncident};

}  // namespace

absl::string_view AnnotationKindName(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::kDeploy: return "deploy";
    case AnnotationKind::kFailure: return "failure";
    case AnnotationKind::kRollback: return "rollback";
    case AnnotationKind::kIncident: return "incident";
  }
  return "";
}

std::optional<AnnotationKind> FindAnnotationKind(absl::string_view name) {
  for (AnnotationKind k : kAnnotationKinds) {
    if (AnnotationKindName(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace dora
