// Bulk, idempotent insertion of delivery events.
#ifndef DORA_STORE_EVENT_WRITER_H_
#define DORA_STORE_EVENT_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/delivery_event.h"
#include "store/pg_session.h"

namespace dora {

struct InsertCounts {
  int64_t inserted = 0;
  int64_t duplicates = 0;    // same (source, dedupe_key) already stored
  std::vector<bool> stored;  // per input event: true if this call stored it
};

// Inserts `events` with one prepared statement (one array parameter per
// column, INSERT .. ON CONFLICT (source, dedupe_key) DO NOTHING, in input
// order) that commits on its own: either all new rows are committed or none
// are. `session` must not be inside a transaction. Requires schema version >= 5 (the
// url column).
//
// A deploy without first_commit_ts takes the earliest first_commit_ts of the
// stored `change` events with the same commit_sha; stored deploys still
// missing it are completed when such a change arrives. Rollbacks are never
// completed this way (they redeploy an old commit).
absl::StatusOr<InsertCounts> InsertEvents(PgSession& session, const std::vector<DeliveryEvent>& events);

// Appends one element of a PostgreSQL array literal: NULL, or the value in
// double quotes with `"` and `\` backslash-escaped (exposed for tests).
void AppendPgArrayElement(std::string* out, const std::optional<std::string>& value);

}  // namespace dora

#endif  // DORA_STORE_EVENT_WRITER_H_
