// Time and duration specs (--from now-..., every ..., settings durations).
// Invariants: no crash or UB (UBSan catches overflow and bad float casts);
// a parsed duration formats to a spec that parses back to the same duration.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/time_spec.h"
#include "ingest/json_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  auto d = dora::ParseDurationSpec(in);
  if (d.ok()) {
    auto again = dora::ParseDurationSpec(dora::FormatDurationSpec(*d));
    if (!again.ok() || *again != *d) __builtin_trap();
  }
  // Settings durations: whole milliseconds, never negative, and the same
  // duration when written back in milliseconds.
  auto sd = dora::ParseSettingDuration(in);
  if (sd.ok()) {
    if (*sd < absl::ZeroDuration() || *sd % absl::Milliseconds(1) != absl::ZeroDuration()) __builtin_trap();
    auto again = dora::ParseSettingDuration(std::to_string(absl::ToInt64Milliseconds(*sd)) + "ms");
    if (!again.ok() || *again != *sd) __builtin_trap();
  }
  auto t = dora::ParseTimeSpec(in, absl::FromUnixSeconds(1780000000));
  if (t.ok()) (void)dora::FormatRfc3339Utc(*t);
  auto e = dora::ParseEventTime(in);
  if (e.ok()) {
    auto back = dora::ParseEventTime(dora::FormatRfc3339Utc(*e));
    if (!back.ok() || absl::ToUnixMicros(*back) != absl::ToUnixMicros(*e)) __builtin_trap();
  }
  return 0;
}
