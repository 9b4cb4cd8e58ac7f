// Which signals make a production deploy a failure, and which deploy a
// signal is counted against. The policy behind change_failure_rate and the
// deploy-signalled part of recovery_time (docs/metrics.md, "Failure signals").
//
//   reference   (default) the reference design's rule, row by row: a deploy
//               that reported failure, and a rollback deploy, each count as
//               a failed deploy. Recovery time is incident-only.
//   dora-2024   every signal, attributed to the deploy that caused it:
//               failed, rollback, incident, hotfix.
//   a list      "failed,incident": those signals, attributed.
//
// Attributed signals (the per-deploy failure ledger): a deploy that
//   failed      reported success = false;
//   rolled_back was followed by a rollback of its service and environment
//               before the next regular deploy (neither rollback nor hotfix);
//   incident    is the latest deploy of its service and environment before an
//               incident opened, within the incident link window (the link
//               recovery_time already uses);
//   hotfixed    was followed, within the link window and before the next
//               regular deploy, by a deploy flagged hotfix.
// A deploy fails at most once, with the first of these reasons that applies.
#ifndef DORA_METRICS_FAILURE_SIGNALS_H_
#define DORA_METRICS_FAILURE_SIGNALS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dora {

struct FailureSignals {
  bool attributed = false;  // false: the reference rule
  bool failed = true;
  bool rollback = true;
  bool incident = false;
  bool hotfix = false;

  bool operator==(const FailureSignals& o) const {
    return attributed == o.attributed && failed == o.failed && rollback == o.rollback && incident == o.incident &&
           hotfix == o.hotfix;
  }
  bool operator!=(const FailureSignals& o) const { return !(*this == o); }
};

// "reference", "dora-2024", or a comma-separated list of failed, rollback,
// incident, hotfix (case-insensitive). Errors (InvalidArgument) name the
// unknown word.
absl::StatusOr<FailureSignals> ParseFailureSignals(absl::string_view text);

// The named policies, "reference" then "dora-2024", and the words of a list
// ("failed", "rollback", "incident", "hotfix"), in canonical order.
std::vector<std::string> FailureSignalPresets();
std::vector<std::string> FailureSignalWords();

// The canonical text: "reference", "dora-2024" or the list in the order above.
std::string FailureSignalsName(const FailureSignals& signals);

// One line for humans: "failed deploys and rollback deploys (reference)".
std::string DescribeFailureSignals(const FailureSignals& signals);

}  // namespace dora

#endif  // DORA_METRICS_FAILURE_SIGNALS_H_
