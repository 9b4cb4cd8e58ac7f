// The one seam through which the core reads the current time.
#ifndef DORA_COMMON_CLOCK_H_
#define DORA_COMMON_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dora {

// Thread-safe: implementations may be called concurrently.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// Wall-clock time. Stateless; the returned reference lives forever.
const Clock& SystemClock();

// A clock that moves only when told to (tests): Now() is the instant it
// was built with plus every Advance. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_COMMON_CLOCK_H_
