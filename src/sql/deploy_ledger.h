// SQL for the per-deploy failure ledger (metrics/failure_signals.h) under an
// attributed policy: production deploy rows with their outcome, computed in
// one ordered pass over each service and environment's stream of deploys
// and incident opens (window functions; no per-row lookups).
//
// The relation has the deploy source's columns (service, team, environment,
// ts, success, is_rollback, hotfix, commit_sha, [url,] [first_ts,] lead_s,
// skewed)
// and then:
//   outcome          text: ok | failed | rolled_back | incident | hotfixed;
//   signal_at        timestamptz of the rollback, incident open or hotfix
//                    that failed the deploy (NULL otherwise);
//   signal_id        text: the incident id for `incident` (NULL otherwise);
//   recovered_at     timestamptz: the next successful deploy of the same
//                    service and environment after a deploy-signalled failure
//                    (NULL when not recovered yet, or not such a failure);
//   incident_linked  boolean: an incident is linked to this deploy (its
//                    recovery is measured by the incident instead).
// Signals after the query window count: the stream runs from `from` on, so a
// deploy late in the window can be rolled back after it ends.
//
// Under the reference rule ReferenceOutcomeColumns() gives the same columns
// from the row alone (outcome ok | failed | rollback).
#ifndef DORA_SQL_DEPLOY_LEDGER_H_
#define DORA_SQL_DEPLOY_LEDGER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "metrics/failure_signals.h"

namespace dora {

// Placeholders and choices for the ledger relation.
struct DeployLedgerInputs {
  FailureSignals signals;            // attributed
  std::string from;                  // window start (timestamptz placeholder)
  std::string to;                    // window end, exclusive
  std::string environment;           // default environment placeholder, or "" for every environment
  std::string skew_tolerance;        // interval placeholder
  std::string link_window;           // interval placeholder
  bool with_first_commit = false;    // add first_ts
  bool lead_time_rows_only = false;  // only successful deploys with a first commit
  bool with_url = false;             // add url
};

// The attributed ledger relation, for "FROM (<this>) AS s".
std::string DeployLedgerSource(const DeployLedgerInputs& in);

// The ledger columns for a plain deploy row `e` under the reference rule,
// to append to its select list (",\n outcome ...").
std::string ReferenceOutcomeColumns();

// An incident row's environment (`alias`.environment): incidents without one
// are production incidents.
std::string IncidentEnvironmentSql(absl::string_view alias);

// Outcomes that are failures signalled by deploys (recovery is measured to
// the next successful deploy when no incident is linked), as an SQL list.
inline constexpr char kDeploySignalledOutcomes[] = "('failed', 'rolled_back', 'hotfixed')";

}  // namespace dora

#endif  // DORA_SQL_DEPLOY_LEDGER_H_
