// The QueryData requests a provisioned dashboard makes when it opens, as
// Grafana sends them: one request per panel with the panel's targets, and one
// per enabled annotation query, with dashboard variables interpolated as the
// frontend does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The frontend's interpolation of `vars` ({name: text}): $var and ${var}
// (and ${var:format}) in expr; unknown variables stay as written.
export const interpolate = (expr, vars) => expr.replace(/\$\{([A-Za-z_]\w*)(?::[a-z]+)?\}|\$([A-Za-z_]\w*)/g,
  (m, a, b) => (vars[a || b] !== undefined ? vars[a || b] : m));

// A variable's value list as the frontend writes it into a query:
// single-quoted, '' escaped, comma-separated.
export const quoteValues = (vals) => vals.map((v) => `'${String(v).replace(/'/g, "''")}'`).join(',');

// [{title, models}] for dashboards/<file>: `models` are the query models
// (refId, expr, ...) of one request. Panels without targets (text, rows) make
// no request; annotations make one each when enabled.
export function dashboardRequests(root, file, vars) {
  const dashboard = JSON.parse(readFileSync(join(root, 'dashboards', file), 'utf8'));
  const requests = [];
  for (const p of dashboard.panels) {
    const targets = (p.targets || []).filter((t) => !t.hide && t.expr);
    if (targets.length === 0) continue;
    requests.push({ title: p.title, models: targets.map((t) => ({ refId: t.refId, expr: interpolate(t.expr, vars) })) });
  }
  for (const a of dashboard.annotations?.list || []) {
    if (!a.enable || !a.target?.expr) continue;
    requests.push({ title: `annotation: ${a.name}`, models: [{ refId: a.target.refId, expr: interpolate(a.target.expr, vars) }] });
  }
  return requests;
}
