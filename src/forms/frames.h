// Frame pieces the forms share: the first frame's meta (notices with their
// severity, executedQueryString, custom totals), one field per result
// column, the plain table frame of the table forms, and the field configs
// of metric values and bands.
#ifndef DORA_FORMS_FRAMES_H_
#define DORA_FORMS_FRAMES_H_

#include <string>

#include "forms/query_result.h"
#include "frame/frame.h"
#include "metrics/bands.h"

namespace dora {

// Meta for the first frame of a result: type [0,1], executedQueryString,
// notices, custom {query, skewed, insufficientGroups, unresolved, bandProfile}.
FrameMeta BaseMeta(const QueryResult& r, FrameType type);

// One frame field from one result column, typed as the column.
Field ColumnField(const ResultTable& t, size_t col);

// The table forms' single frame (no type, typeVersion [0,0]): every result
// column as a field, numeric units in the field config.
Frame PlainTableFrame(const QueryResult& r, const std::string& ref_id);

// A result of one frame, moved in (`return {frame}` would copy every value).
std::vector<Frame> OnlyFrame(Frame frame);

// The `band` field's config: one value mapping per band, with its colour
// (BandColor, metrics/bands.h).
FieldConfig BandConfig();

// A metric value's config: display name, unit, the metric's description (with
// the failure-signal policy for change_failure_rate and recovery_time), 0..1
// for percentunit.
FieldConfig ValueConfig(const BoundQuery& q, const std::string& display_name, Unit unit);

}  // namespace dora

#endif  // DORA_FORMS_FRAMES_H_
