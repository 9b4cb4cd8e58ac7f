#include "common/interrupt.h"

#include "absl/time/clock.h"

namespace dora {

absl::Status Interrupt::Check() const {
  if (cancelled && cancelled()) return absl::CancelledError("query error: the request was cancelled by its caller");
  if (HasDeadline() && absl::Now() >= deadline) {
    return absl::DeadlineExceededError("query error: the request's deadline passed before the query finished");
  }
  return absl::OkStatus();
}

}  // namespace dora
