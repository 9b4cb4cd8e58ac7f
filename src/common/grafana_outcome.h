// The one mapping from absl status codes to what Grafana shows for a failed
// query: the HTTP-like status of the DataResponse and who is at fault.
//
//   code                        http  source      typical cause
//   InvalidArgument             400   downstream  bad query text, bad setting
//   OutOfRange                  400   downstream  time range / bucket limits
//   NotFound                    404   downstream  unknown resource path
//   FailedPrecondition          400   downstream  schema missing or too new
//   Unauthenticated             401   downstream  database refused credentials
//   PermissionDenied            403   downstream  database refused access
//   Unavailable                 503   downstream  database unreachable
//   DeadlineExceeded            503   downstream  statement timeout
//   ResourceExhausted           503   downstream  connection pool exhausted
//   Cancelled                   503   downstream  request cancelled
//   anything else (Internal...) 500   plugin      a bug in this plugin
#ifndef DORA_COMMON_GRAFANA_OUTCOME_H_
#define DORA_COMMON_GRAFANA_OUTCOME_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dora {

enum class ErrorSource { kDownstream, kPlugin };

struct GrafanaOutcome {
  int http_status = 200;
  ErrorSource source = ErrorSource::kDownstream;
};

GrafanaOutcome OutcomeForStatus(const absl::Status& status);

// "downstream" or "plugin", as Grafana's errorSource field spells them.
absl::string_view ErrorSourceName(ErrorSource source);

}  // namespace dora

#endif  // DORA_COMMON_GRAFANA_OUTCOME_H_
