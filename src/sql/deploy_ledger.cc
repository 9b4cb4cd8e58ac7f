#include "sql/deploy_ledger.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metrics/environments.h"

namespace dora {
namespace {

// Deploys of e's service and environment strictly after e (by time, then id).
std::string AfterE(absl::string_view a) {
  return absl::StrCat(a, ".event_type = 'deploy' AND ", a, ".service = e.service AND ", a,
                      ".environment = e.environment\n      AND (", a, ".occurred_at, ", a,
                      ".id) > (e.occurred_at, e.id)");
}

}  // namespace

DeployLedgerSql MakeDeployLedgerSql(const FailureSignals& signals, absl::string_view link_window) {
  DeployLedgerSql sql;
  if (!signals.attributed) {
    sql.columns =
        ",\n         CASE WHEN e.success IS FALSE THEN 'failed' WHEN e.is_rollback THEN 'rollback' ELSE 'ok' END"
        " AS outcome,"
        "\n         NULL::timestamptz AS signal_at, NULL::text AS signal_id, NULL::timestamptz AS recovered_at,"
        "\n         false AS incident_linked";
    return sql;
  }
  const std::string regular_e = "e.is_rollback IS NOT TRUE AND e.hotfix IS NOT TRUE";
  sql.joins = absl::StrCat(
      // The next regular deploy: rollbacks and hotfixes before it correct e.
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT nr.occurred_at AS at FROM delivery_events nr",
      "\n    WHERE ", AfterE("nr"), " AND nr.is_rollback IS NOT TRUE AND nr.hotfix IS NOT TRUE",
      "\n    ORDER BY nr.occurred_at, nr.id LIMIT 1) AS nr ON true",
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT min(rb.occurred_at) AS at FROM delivery_events rb",
      "\n    WHERE ", AfterE("rb"), " AND rb.is_rollback AND ", regular_e,
      "\n      AND (nr.at IS NULL OR rb.occurred_at < nr.at)) AS rb ON true",
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT min(hf.occurred_at) AS at FROM delivery_events hf",
      "\n    WHERE ", AfterE("hf"), " AND hf.hotfix AND hf.is_rollback IS NOT TRUE AND ", regular_e,
      "\n      AND hf.occurred_at <= e.occurred_at + ", link_window,
      "\n      AND (nr.at IS NULL OR hf.occurred_at < nr.at)) AS hf ON true",
      // The next deploy of any kind: an incident opened before it is e's.
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT na.occurred_at AS at FROM delivery_events na",
      "\n    WHERE ", AfterE("na"),
      "\n    ORDER BY na.occurred_at, na.id LIMIT 1) AS na ON true",
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT o.incident_id AS id, o.occurred_at AS at FROM delivery_events o",
      "\n    WHERE o.event_type = 'incident_open' AND o.incident_id IS NOT NULL AND o.service = e.service",
      "\n      AND coalesce(o.environment, '", kProductionEnvironment, "') = e.environment",
      "\n      AND o.occurred_at >= e.occurred_at AND o.occurred_at <= e.occurred_at + ", link_window,
      "\n      AND (na.at IS NULL OR o.occurred_at < na.at)",
      "\n      AND NOT EXISTS (",
      "\n        SELECT 1 FROM delivery_events p",
      "\n        WHERE p.event_type = 'incident_open' AND p.incident_id = o.incident_id AND p.service = o.service",
      "\n          AND (p.occurred_at, p.id) < (o.occurred_at, o.id))",
      "\n    ORDER BY o.occurred_at, o.id LIMIT 1) AS inc ON true",
      "\n  LEFT JOIN LATERAL (",
      "\n    SELECT ng.occurred_at AS at FROM delivery_events ng",
      "\n    WHERE ", AfterE("ng"), " AND ng.success",
      "\n    ORDER BY ng.occurred_at, ng.id LIMIT 1) AS ng ON true");
  std::vector<std::string> whens;
  if (signals.failed) whens.push_back("WHEN e.success IS FALSE THEN 'failed'");
  if (signals.rollback) whens.push_back("WHEN rb.at IS NOT NULL THEN 'rolled_back'");
  if (signals.incident) whens.push_back("WHEN inc.id IS NOT NULL THEN 'incident'");
  if (signals.hotfix) whens.push_back("WHEN hf.at IS NOT NULL THEN 'hotfixed'");
  absl::StrAppend(&sql.joins, "\n  CROSS JOIN LATERAL (SELECT CASE ", absl::StrJoin(whens, " "),
                  " ELSE 'ok' END AS outcome) AS lo");
  sql.columns = absl::StrCat(
      ",\n         lo.outcome,",
      "\n         CASE lo.outcome WHEN 'rolled_back' THEN rb.at WHEN 'incident' THEN inc.at",
      " WHEN 'hotfixed' THEN hf.at END AS signal_at,",
      "\n         CASE lo.outcome WHEN 'incident' THEN inc.id END AS signal_id,",
      "\n         CASE WHEN lo.outcome IN ", kDeploySignalledOutcomes, " THEN ng.at END AS recovered_at,",
      "\n         inc.id IS NOT NULL AS incident_linked");
  return sql;
}

}  // namespace dora
