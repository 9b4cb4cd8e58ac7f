// SQL for the per-deploy failure ledger (metrics/failure_signals.h): the
// joins and columns that give each deploy row `e` (an alias of
// delivery_events) its outcome.
//
// Columns added, in this order:
//   outcome          text: ok | failed | rolled_back | incident | hotfixed
//                    (attributed policies) or ok | failed | rollback (the
//                    reference rule, which marks the rollback row itself);
//   signal_at        timestamptz of the rollback, incident open or hotfix
//                    that failed the deploy (NULL otherwise);
//   signal_id        text: the incident id for `incident` (NULL otherwise);
//   recovered_at     timestamptz: the next successful deploy of the same
//                    service and environment after a deploy-signalled failure
//                    (NULL when not recovered yet, or not such a failure);
//   incident_linked  boolean: an incident is linked to this deploy (its
//                    recovery is measured by the incident instead).
// Signals after the query window still count: a deploy late in the window
// can be rolled back after it ends.
#ifndef DORA_SQL_DEPLOY_LEDGER_H_
#define DORA_SQL_DEPLOY_LEDGER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "metrics/failure_signals.h"

namespace dora {

struct DeployLedgerSql {
  std::string joins;    // to append after "FROM delivery_events e"
  std::string columns;  // ",\n outcome ..., incident_linked" to append to the select list
};

// `link_window` is the placeholder of the incident link window (an interval).
DeployLedgerSql MakeDeployLedgerSql(const FailureSignals& signals, absl::string_view link_window);

// Outcomes that are failures signalled by deploys (recovery is measured to
// the next successful deploy when no incident is linked), as an SQL list.
inline constexpr char kDeploySignalledOutcomes[] = "('failed', 'rolled_back', 'hotfixed')";

}  // namespace dora

#endif  // DORA_SQL_DEPLOY_LEDGER_H_
