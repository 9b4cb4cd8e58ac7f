// The span of events each row of a metric result stands for, so that a test
// can recompute the row with PostgreSQL over exactly those events: the
// range [from, to) without a `time` column; with one, a bucket runs from its
// label (or `from`) to the next label (or `to`); with `rolling`, the window
// of `rolling->window` ending at min(label + rolling->bucket, to).
#ifndef DORA_TESTS_SUPPORT_ROW_SPANS_H_
#define DORA_TESTS_SUPPORT_ROW_SPANS_H_

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "forms/result_table.h"

namespace dora::testing {

struct RollingSpan {
  absl::Duration bucket;  // fixed-length buckets (UTC days) only
  absl::Duration window;
};

// One [lo, hi) per row of `t`, in row order.
inline std::vector<std::pair<absl::Time, absl::Time>> RowSpans(const ResultTable& t, absl::Time from, absl::Time to,
                                                               std::optional<RollingSpan> rolling = std::nullopt) {
  const int time_col = t.ColumnIndex("time");
  std::vector<absl::Time> labels;
  if (time_col >= 0) {
    for (const auto& row : t.rows) labels.push_back(std::get<absl::Time>(row[time_col]));
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  }
  std::vector<std::pair<absl::Time, absl::Time>> spans;
  for (const auto& row : t.rows) {
    absl::Time lo = from, hi = to;
    if (time_col >= 0) {
      const absl::Time label = std::get<absl::Time>(row[time_col]);
      auto next = std::upper_bound(labels.begin(), labels.end(), label);
      hi = next == labels.end() ? to : *next;
      lo = std::max(label, from);
      if (rolling) {
        hi = std::min(label + rolling->bucket, to);
        lo = hi - rolling->window;
      }
    }
    spans.emplace_back(lo, hi);
  }
  return spans;
}

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_ROW_SPANS_H_
