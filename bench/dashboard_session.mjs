// The benchmark cluster's data source as provisioning/datasources/dora.yaml
// makes it, and a started plugin's QueryData for a dashboard request's
// queries over one time range: shared by dashboard_bench.mjs and
// ab_dashboard.mjs so both send exactly what Grafana sends.
import { launchPlugin, clients, clusterPassword, provisionedDataSource } from '../tests/node/plugin_support.mjs';

// The plugin context of the provisioned data source on `hostPort` / `db`;
// DORA_BENCH_STATEMENT_TIMEOUT (a duration such as 600s) replaces the
// provisioned statementTimeout, so that a baseline engine slower than it
// still answers (run_dashboard_bench.sh --record-baseline sets it).
export function benchDataSource(root, hostPort, db) {
  const { provisioned, pluginContext } = provisionedDataSource(root, {
    DORA_PG_HOST: hostPort, DORA_PG_USER: 'postgres', DORA_PG_PASSWORD: clusterPassword(), DORA_PG_DATABASE: db,
    DORA_PG_SSLMODE: 'disable',
  });
  const timeout = process.env.DORA_BENCH_STATEMENT_TIMEOUT;
  if (timeout) {
    pluginContext.dataSourceInstanceSettings.jsonData =
      Buffer.from(JSON.stringify({ ...provisioned.jsonData, statementTimeout: timeout }));
  }
  return pluginContext;
}

// Starts `pluginBin`; queryData(models) sends one QueryData request of the
// models (refId, expr, ...) over [from, to) in UTC and resolves to its
// responses by refId.
export async function startDashboardClient(pluginBin, root, pluginContext, from, to) {
  const plugin = await launchPlugin(pluginBin);
  const c = clients(root, plugin.socketPath);
  const fromMs = Date.parse(from), toMs = Date.parse(to);
  async function queryData(models) {
    const queries = models.map((m) => ({
      refId: m.refId, maxDataPoints: '1200', intervalMS: '7200000',
      timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
      json: Buffer.from(JSON.stringify({ ...m, timezone: 'UTC' })),
    }));
    return (await c.call('data', 'QueryData', { pluginContext, headers: {}, queries })).responses;
  }
  return { plugin, client: c, queryData };
}
