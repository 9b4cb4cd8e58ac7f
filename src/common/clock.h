// The one seam through which the core reads the current time.
#ifndef DORA_COMMON_CLOCK_H_
#define DORA_COMMON_CLOCK_H_

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

// A clock that always returns the instant it was built with (tests, replays).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override { return now_; }

 private:
  absl::Time now_;
};

}  // namespace dora

#endif  // DORA_COMMON_CLOCK_H_
