// Spool records read back from disk (a torn or corrupted file). Invariants:
// decoding never crashes, and anything it accepts re-encodes to a record that
// decodes to the same event.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/spool.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  auto e = dora::DecodeSpoolRecord(line);
  if (!e.ok()) return 0;
  auto encoded = dora::EncodeSpoolRecord(*e);
  if (!encoded.ok()) return 0;  // strings that are not UTF-8 are refused, never altered
  auto back = dora::DecodeSpoolRecord(*encoded);
  if (!back.ok()) __builtin_trap();
  auto again = dora::EncodeSpoolRecord(*back);
  if (!again.ok() || *again != *encoded) __builtin_trap();
  return 0;
}
