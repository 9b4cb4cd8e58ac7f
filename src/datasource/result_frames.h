// Turns an engine QueryResult into Grafana data frames.
//
//   grouped query   -> one numeric-long frame (typeVersion [0,1]): a string
//                      field per dimension, `value`, `n`, `band`, `skewed`,
//                      `unresolved`, `note` as the result has them.
//   series (every)  -> timeseries-multi: one frame per group, `time` plus
//                      `value` carrying the group's dimensions as labels.
//   band distribution -> numeric-long: `band`, `value` (units), `n`, `members`.
//   annotations     -> one table frame: `time`, `timeEnd` (incidents), `title`,
//                      `text`, `tags` (comma-separated), `kind`, `service`,
//                      `team`, `environment`, oldest first.
//   samples, data_quality -> one plain table frame with the engine's columns.
//   for alerting    -> the same shapes reduced to dimensions + `value`, so
//                      every row or series is exactly one alert instance whose
//                      labels are the dimensions (never the band or a note).
//
// The first frame carries the notices (clock skew: warning; samples,
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

}  // namespace dora

#endif  // DORA_DATASOURCE_RESULT_FRAMES_H_
