// Bulk, idempotent insertion of delivery events.
#ifndef DORA_STORE_EVENT_WRITER_H_
#define DORA_STORE_EVENT_WRITER_H_

#include <cstdint>
#include <vector>

#include <pqxx/connection>

#include "absl/status/statusor.h"
#include "store/delivery_event.h"


namespace dora {

struct InsertCounts {
  int64_t inserted = 0;
  int64_t duplicates = 0;  // same (source, dedupe_key) already stored
};

// Inserts `events` in one transaction through COPY into a staging table, then
// INSERT .. ON CONFLICT (source, dedupe_key) DO NOTHING. Either all new rows
// are committed or none are. Requires schema version >= 2.
absl::StatusOr<InsertCounts> InsertEvents(pqxx::connection& conn,
                                          const std::vector<DeliveryEvent>& events);

// The COPY text-format line for one event (exposed for tests): tab-separated,
// backslash escapes, \N for NULL, no trailing newline.
std::string CopyLine(const DeliveryEvent& event);

}  // namespace dora

#endif  // DORA_STORE_EVENT_WRITER_H_
