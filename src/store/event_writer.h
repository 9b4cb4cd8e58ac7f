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
  int64_t duplicates = 0;    // same (source, dedupe_key) already stored
  std::vector<bool> stored;  // per input event: true if this call stored it
};

// Inserts `events` in one transaction through COPY into a staging table, then
// INSERT .. ON CONFLICT (source, dedupe_key) DO NOTHING, in input order.
// Either all new rows are committed or none are. Requires schema version >= 3.
//
// A deploy without first_commit_ts takes the earliest first_commit_ts of the
// stored `change` events with the same commit_sha; stored deploys still
// missing it are completed when such a change arrives. Rollbacks are never
// completed this way (they redeploy an old commit).
absl::StatusOr<InsertCounts> InsertEvents(pqxx::connection& conn,
                                          const std::vector<DeliveryEvent>& events);

// The COPY text-format line for one event (exposed for tests): tab-separated,
// backslash escapes, \N for NULL, no trailing newline.
std::string CopyLine(const DeliveryEvent& event);

}  // namespace dora

#endif  // DORA_STORE_EVENT_WRITER_H_
