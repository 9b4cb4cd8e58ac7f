#include "common/grafana_outcome.h"

namespace dora {

GrafanaOutcome OutcomeForStatus(const absl::Status& status) {
  using absl::StatusCode;
  switch (status.code()) {
    case StatusCode::kOk:
      return {200, ErrorSource::kDownstream};
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kFailedPrecondition:
      return {400, ErrorSource::kDownstream};
    case StatusCode::kNotFound:
      return {404, ErrorSource::kDownstream};
    case StatusCode::kUnauthenticated:
      return {401, ErrorSource::kDownstream};
    case StatusCode::kPermissionDenied:
      return {403, ErrorSource::kDownstream};
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kResourceExhausted:
    case StatusCode::kCancelled:
      return {503, ErrorSource::kDownstream};
    default:
      return {500, ErrorSource::kPlugin};
  }
}

absl::string_view ErrorSourceName(ErrorSource source) {
  return source == ErrorSource::kPlugin ? "plugin" : "downstream";
}

}  // namespace dora
