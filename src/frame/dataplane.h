// The data-plane contract for the frame types FrameType names: what a
// response (every frame of one refId) that declares a type promises its
// readers, server-side expressions and alerting above all. Sources: the
// contract (grafana/dataplane docs/contract: contract-spec.md, numeric.md,
// timeseries.md, version 0.1) and its Go readers (sdata/numeric/long.go,
// sdata/timeseries/multi.go), which Grafana's expressions use for typed frames.
//
// The contract leaves room for "remainder data" (extra numeric fields become
// extra metrics, extra strings extra dimensions); this check allows none:
// a typed frame holds exactly what the type is made of, so no detail column
// can turn into a metric or a label.
//
//   every typed frame     the same type as the first, typeVersion [0,1]
//   no data               one typed frame with no fields (the only frame)
//   numeric-long          one frame with rows (no rows is "no data"); string fields (the dimensions: no nulls,
//                         sdata reads every cell as a string; at least one
//                         when there is more than one row; each row's set
//                         unique) and exactly one numeric field (the metric);
//                         no time or bool fields, no field labels
//   timeseries-multi      per frame: one time field (no nulls, ascending) and
//                         one numeric field whose labels are the dimensions,
//                         nothing else; (name, labels) unique across frames
//   untyped (plain table) no type on any frame, typeVersion [0,0]; not a
//                         data-plane type, so anything goes
#ifndef DORA_FRAME_DATAPLANE_H_
#define DORA_FRAME_DATAPLANE_H_

#include <vector>

#include "absl/status/status.h"
#include "frame/frame.h"

namespace dora {

// OK when `frames` keep the promise of the type they declare; otherwise
// FailedPrecondition naming the frame, the field and the rule.
absl::Status CheckDeclaredType(const std::vector<Frame>& frames);

}  // namespace dora

#endif  // DORA_FRAME_DATAPLANE_H_
