// What PostgreSQL stores without complaint, checked before an event is
// acknowledged. The direct path and the spool then accept exactly the same
// events whatever the database's state, and a spooled event is never refused
// later for something the sender could have been told about at once.
#ifndef DORA_INGEST_STORABLE_H_
#define DORA_INGEST_STORABLE_H_

#include <cstddef>

#include "absl/status/status.h"
#include "store/delivery_event.h"

namespace dora {

// Longest text accepted per column (bytes). Indexed columns must fit a
// B-tree entry (about 2.7 kB for the whole entry).
inline constexpr size_t kMaxNameBytes = 255;  // service, team, environment(_raw), commit_sha, incident_id
inline constexpr size_t kMaxSourceBytes = 64;
inline constexpr size_t kMaxDedupeKeyBytes = 512;
inline constexpr int kMaxPayloadDepth = 256;  // nesting of the stored JSON payload
inline constexpr size_t kMaxUrlBytes = 2048;  // url: what browsers and proxies reliably pass

// A FieldError naming `field` unless `url` is an absolute http or https URL
// (scheme case-insensitive) with a host, at most kMaxUrlBytes long, valid
// UTF-8 without spaces or control characters.
absl::Status CheckEventUrl(absl::string_view field, absl::string_view url);

// Truncates the event's times to whole microseconds, as PostgreSQL stores
// them, so the spool round trip is exact.
void TruncateToStoredPrecision(DeliveryEvent* event);

// InvalidArgument naming the column (a FieldError, see json_fields.h) when
// PostgreSQL would refuse the event as data: text that is not UTF-8 or holds
// a NUL, text longer than its limit, an unknown event type, a time outside
// 1970..9999, a url CheckEventUrl refuses, a payload that is not JSON PostgreSQL's jsonb accepts (NUL
// characters, numbers out of range, nesting deeper than kMaxPayloadDepth).
absl::Status CheckStorable(const DeliveryEvent& event);

}  // namespace dora

#endif  // DORA_INGEST_STORABLE_H_
