// The one mapping from what happened to an ingest request to its HTTP
// status, and from a store or writer error to what happened.
//
//   outcome                 http  when
//   kOk                     200   /healthz, /metrics, /readyz when ready
//   kDuplicate              200   every event already stored
//   kPong                   200   a provider's ping
//   kAccepted               202   stored, or spooled during an outage
//   kIgnored                204   an event type or environment not recorded
//   kInvalid                400   bad JSON or field, data the database refuses
//   kUnauthenticated        401   missing or wrong signature or token
//   kNotFound               404   no such endpoint
//   kMethodNotAllowed       405   not POST
//   kUnsupportedMediaType   415   not JSON (or GitHub's form encoding)
//   kUnavailable            503   endpoint not configured, neither committed
//                                 nor spooled, /readyz when not ready
#ifndef DORA_INGEST_INGEST_OUTCOME_H_
#define DORA_INGEST_INGEST_OUTCOME_H_

#include "absl/status/status.h"

namespace dora {

enum class IngestOutcome {
  kOk,
  kDuplicate,
  kPong,
  kAccepted,
  kIgnored,
  kInvalid,
  kUnauthenticated,
  kNotFound,
  kMethodNotAllowed,
  kUnsupportedMediaType,
  kUnavailable,
};

int HttpStatusFor(IngestOutcome outcome);

// A failed Submit: InvalidArgument (the request's own data was refused) is
// kInvalid, Unauthenticated kUnauthenticated, anything else (the database
// and the spool both failing) kUnavailable. OK is kAccepted.
IngestOutcome IngestOutcomeForStatus(const absl::Status& status);

}  // namespace dora

#endif  // DORA_INGEST_INGEST_OUTCOME_H_
