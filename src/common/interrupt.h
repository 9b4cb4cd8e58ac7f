// When a caller stops waiting for work done on its behalf: a deadline, a
// cancellation check, or both. Long-running stages (the database statement
// above all) check it and stop, so nothing keeps a core or a connection busy
// for an answer nobody will read.
#ifndef DORA_COMMON_INTERRUPT_H_
#define DORA_COMMON_INTERRUPT_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace dora {

struct Interrupt {
  absl::Time deadline = absl::InfiniteFuture();
  // Thread-safe, cheap; null means the caller never cancels.
  std::function<bool()> cancelled;

  bool HasDeadline() const { return deadline != absl::InfiniteFuture(); }

  // OK while the caller still waits; else Cancelled or DeadlineExceeded,
  // with a message saying which.
  absl::Status Check() const;

  // The DeadlineExceeded status Check() returns once the deadline passed. A
  // stage that enforced the deadline itself (a statement timeout derived from
  // it) reports this, whatever its own clock read at that moment.
  absl::Status DeadlinePassed() const;
};

}  // namespace dora

#endif  // DORA_COMMON_INTERRUPT_H_
