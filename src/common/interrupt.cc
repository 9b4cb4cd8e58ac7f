#include "common/interrupt.h"

#include "absl/time/clock.h"
#include "common/phase_error.h"

namespace dora {

absl::Status Interrupt::Check() const {
  if (cancelled && cancelled()) {
    return PhaseError(Phase::kQuery, absl::StatusCode::kCancelled, "the request was cancelled by its caller");
  }
  if (HasDeadline() && absl::Now() >= deadline) return DeadlinePassed();
  return absl::OkStatus();
}

absl::Status Interrupt::DeadlinePassed() const {
  return PhaseError(Phase::kQuery, absl::StatusCode::kDeadlineExceeded,
                    "the request's deadline passed before the query finished");
}

}  // namespace dora
