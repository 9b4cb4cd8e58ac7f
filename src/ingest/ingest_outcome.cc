#include "ingest/ingest_outcome.h"

namespace dora {

int HttpStatusFor(IngestOutcome outcome) {
  switch (outcome) {
    case IngestOutcome::kOk:
    case IngestOutcome::kDuplicate:
    case IngestOutcome::kPong:
      return 200;
    case IngestOutcome::kAccepted:
      return 202;
    case IngestOutcome::kIgnored:
      return 204;
    case IngestOutcome::kInvalid:
      return 400;
    case IngestOutcome::kUnauthenticated:
      return 401;
    case IngestOutcome::kNotFound:
      return 404;
    case IngestOutcome::kMethodNotAllowed:
      return 405;
    case IngestOutcome::kUnsupportedMediaType:
      return 415;
    case IngestOutcome::kUnavailable:
      return 503;
  }
  return 500;  // not reached: every outcome is listed
}

IngestOutcome IngestOutcomeForStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return IngestOutcome::kAccepted;
    case absl::StatusCode::kInvalidArgument:
      return IngestOutcome::kInvalid;
    case absl::StatusCode::kUnauthenticated:
      return IngestOutcome::kUnauthenticated;
    default:
      return IngestOutcome::kUnavailable;
  }
}

}  // namespace dora
