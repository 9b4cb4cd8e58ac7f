#include "sql/deploy_ledger.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metrics/environments.h"
#include "metrics/event_type.h"

namespace dora {
namespace {

// The earliest `ts` among the stream's rows after the current one that match
// `when` (the window `later` holds exactly those rows).
std::string FirstLater(const char* when, const char* name) {
  return absl::StrCat("\n           min(CASE WHEN ", when, " THEN x.ts END) OVER later AS ", name);
}

}  // namespace

std::string IncidentEnvironmentSql(absl::string_view alias) {
  return absl::StrCat("coalesce(", alias, ".environment, '", kProductionEnvironment, "')");
}

std::string ReferenceOutcomeColumns() {
  return ",\n         CASE WHEN e.success IS FALSE THEN 'failed' WHEN e.is_rollback THEN 'rollback' ELSE 'ok' END"
         " AS outcome,"
         "\n         NULL::timestamptz AS signal_at, NULL::text AS signal_id, NULL::timestamptz AS recovered_at,"
         "\n         false AS incident_linked";
}

std::string DeployLedgerSource(const DeployLedgerInputs& in) {
  const std::string production = IncidentEnvironmentSql("o");
  const std::string deploy_env = in.environment.empty() ? "" : absl::StrCat(" AND e.environment = ", in.environment);
  const std::string incident_env =
      in.environment.empty() ? "" : absl::StrCat(" AND ", production, " = ", in.environment);

  // Deploys from the window start on, and the first open of every incident
  // (a service and incident id) from then on, in one stream per service and
  // environment. At equal times an incident sorts after the deploys: the
  // incident link takes the latest deploy at or before the open.
  std::string stream = absl::StrCat(
      "\n        SELECT e.id, e.service, e.team, e.environment, e.occurred_at AS ts, e.success, e.is_rollback,",
      "\n               e.hotfix, e.commit_sha, e.first_commit_ts,", in.with_url ? " e.url," : "", " 0 AS kind",
      "\n        FROM delivery_events e", "\n        WHERE ", EventTypeIs("e", EventType::kDeploy),
      " AND e.occurred_at >= ", in.from, deploy_env, "\n        UNION ALL", "\n        SELECT o.id, o.service, NULL, ",
      production, ", o.occurred_at, NULL, NULL, NULL, NULL, NULL,", in.with_url ? " NULL," : "", " 1",
      "\n        FROM delivery_events o", "\n        WHERE ", EventTypeIs("o", EventType::kIncidentOpen),
      " AND o.incident_id IS NOT NULL AND o.occurred_at >= ", in.from, incident_env, "\n          AND NOT EXISTS (",
      "\n            SELECT 1 FROM delivery_events p", "\n            WHERE ",
      EventTypeIs("p", EventType::kIncidentOpen), " AND p.incident_id = o.incident_id AND p.service = o.service",
      "\n              AND (p.occurred_at, p.id) < (o.occurred_at, o.id))");

  // For each row, the first later row of each kind. "Regular" deploys are
  // neither rollbacks nor hotfixes: rollbacks and hotfixes before the next
  // regular deploy correct this one.
  std::string firsts = absl::StrCat(
      "\n    SELECT x.*,",
      FirstLater("x.kind = 0 AND x.is_rollback IS NOT TRUE AND x.hotfix IS NOT TRUE", "next_regular"), ",",
      FirstLater("x.kind = 0 AND x.is_rollback", "next_rollback"), ",",
      FirstLater("x.kind = 0 AND x.hotfix AND x.is_rollback IS NOT TRUE", "next_hotfix"), ",",
      FirstLater("x.kind = 0", "next_deploy"), ",", FirstLater("x.kind = 0 AND x.success", "next_success"), ",",
      FirstLater("x.kind = 1", "next_incident"), "\n    FROM (", stream, "\n    ) AS x",
      "\n    WINDOW later AS (PARTITION BY x.service, x.environment ORDER BY x.ts DESC, x.kind DESC, x.id DESC",
      "\n                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)");

  const std::string regular = "f.is_rollback IS NOT TRUE AND f.hotfix IS NOT TRUE";
  const std::string before_next_regular = "< coalesce(f.next_regular, 'infinity'::timestamptz)";
  std::string signals = absl::StrCat(
      "\n  SELECT f.*,", "\n         ", regular, " AND f.next_rollback ", before_next_regular, " AS rolled_back,",
      "\n         ", regular, " AND f.next_hotfix ", before_next_regular, " AND f.next_hotfix <= f.ts + ",
      in.link_window, " AS hotfixed,", "\n         coalesce(f.next_incident <= f.ts + ", in.link_window,
      " AND f.next_incident < coalesce(f.next_deploy, 'infinity'::timestamptz), false) AS incident_linked",
      "\n  FROM (", firsts, "\n  ) AS f", "\n  WHERE f.kind = 0 AND f.ts < ", in.to,
      in.lead_time_rows_only ? " AND f.success AND f.first_commit_ts IS NOT NULL" : "");

  std::vector<std::string> whens;
  if (in.signals.failed) whens.push_back("WHEN l.success IS FALSE THEN 'failed'");
  if (in.signals.rollback) whens.push_back("WHEN l.rolled_back THEN 'rolled_back'");
  if (in.signals.incident) whens.push_back("WHEN l.incident_linked THEN 'incident'");
  if (in.signals.hotfix) whens.push_back("WHEN l.hotfixed THEN 'hotfixed'");

  return absl::StrCat(
      "\n  SELECT l.service, l.team, l.environment, l.ts,",
      "\n         l.success, l.is_rollback, l.hotfix, l.commit_sha,", in.with_url ? " l.url," : "",
      in.with_first_commit ? "\n         l.first_commit_ts AS first_ts," : "",
      "\n         date_part('epoch', l.ts - l.first_commit_ts) AS lead_s,", "\n         l.first_commit_ts > l.ts + ",
      in.skew_tolerance, " AS skewed,", "\n         lo.outcome,",
      "\n         CASE lo.outcome WHEN 'rolled_back' THEN l.next_rollback WHEN 'incident' THEN l.next_incident",
      " WHEN 'hotfixed' THEN l.next_hotfix END AS signal_at,", "\n         inc.id AS signal_id,",
      "\n         CASE WHEN lo.outcome IN ", kDeploySignalledOutcomes, " THEN l.next_success END AS recovered_at,",
      "\n         l.incident_linked", "\n  FROM (", signals, "\n  ) AS l", "\n  CROSS JOIN LATERAL (SELECT CASE ",
      absl::StrJoin(whens, " "), " ELSE 'ok' END AS outcome) AS lo",
      // The incident's id, only for deploys it failed.
      "\n  LEFT JOIN LATERAL (", "\n    SELECT o.incident_id AS id FROM delivery_events o",
      "\n    WHERE lo.outcome = 'incident' AND ", EventTypeIs("o", EventType::kIncidentOpen),
      " AND o.service = l.service", "\n      AND o.occurred_at = l.next_incident AND ", production, " = l.environment",
      "\n    ORDER BY o.id LIMIT 1) AS inc ON true");
}

}  // namespace dora
