// Turns an engine QueryResult into Grafana data frames, by the query form's
// module (src/forms/, each module's header comment describes its frames).
// A frame that declares a data-plane type keeps its promise
// (frame/dataplane.h); frames with details beside the value declare none:
//
//   metric            -> panels: one plain table frame (dimensions, `value`,
//                        `n`, `band`, `skewed`, `unresolved`, `note`);
//                        alerting: one numeric-long frame, dimensions + `value`
//   band distribution -> panels: one plain table frame (`band`, `value` as
//                        units, `n`, `members`); alerting: numeric-long,
//                        `band` + `value`
//   series (every)    -> timeseries-multi, one frame per group (`time` and
//                        `value` labelled with the dimensions), both paths
//   annotations, samples, data_quality -> one plain table frame
//
// So every alerting row or series is exactly one alert instance whose labels
// are the dimensions (never the band or a note). An empty typed answer is the
// data-plane "no data" form: one typed frame without fields. The first frame
// carries the notices with their severity (clock skew: warning; samples,
// unresolved incidents: info) and executedQueryString (SQL + parameters).
#ifndef DORA_DATASOURCE_RESULT_FRAMES_H_
#define DORA_DATASOURCE_RESULT_FRAMES_H_

#include <string>
#include <vector>

#include "engine/query_engine.h"
#include "frame/frame.h"

namespace dora {

std::vector<Frame> FramesForResult(const QueryResult& result, const std::string& ref_id, bool for_alerting);

// "lead_time p90", "deploys": the series name shown in legends.
std::string DisplayNameFor(const BoundQuery& query);

// Whether alert rules can evaluate the query's frames (metric-valued forms).
bool IsAlertable(const BoundQuery& query);

}  // namespace dora

#endif  // DORA_DATASOURCE_RESULT_FRAMES_H_
