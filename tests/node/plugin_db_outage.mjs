// The database goes away while the plugin runs: queries answer 503 with
// errorSource "downstream" and health turns ERROR; when the database comes
// back, the same plugin process answers again without a restart.
//
// Uses its own private cluster (scripts/pg.sh, port 54359) so stopping it
// cannot disturb other tests.
//
// usage: node plugin_db_outage.mjs <plugin binary> <dora binary> <repo root> <cluster dir>
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeChecker, launchPlugin, clients, pluginContext, dataQuery, decodeFrame, clusterPassword } from './plugin_support.mjs';

const [pluginBin, doraBin, root, clusterDir] = process.argv.slice(2);
const { check, finish } = makeChecker();
const PORT = '54359';
const pgEnv = { ...process.env, DORA_PG_DIR: clusterDir, DORA_PG_PORT: PORT, DORA_PG_FAST: '1', DORA_PG_DB: 'dora_outage' };
const pg = (cmd) => spawnSync('bash', [join(root, 'scripts/pg.sh'), cmd], { env: pgEnv, encoding: 'utf8' });

check(pg('start').status === 0, 'private cluster starts');
const dbUrl = `postgresql://postgres@127.0.0.1:${PORT}/dora_outage`;
// This cluster's own password file (scripts/pg.sh keeps it beside the data).
const passfile = join(clusterDir, 'pgpass');
const dora = (...args) => spawnSync(doraBin, args, { encoding: 'utf8', env: { ...process.env, DATABASE_URL: dbUrl, PGPASSFILE: passfile } });
check(dora('migrate').status === 0, 'migrate');
check(dora('demo', '--services', '4', '--days', '30', '--end', '2026-06-01').status === 0, 'demo data');

const plugin = await launchPlugin(pluginBin);
const c = clients(root, plugin.socketPath);
const ctx = pluginContext('outage', `127.0.0.1:${PORT}`, { database: 'dora_outage', sslmode: 'disable', connectTimeout: '2s' },
  '1', clusterPassword(passfile));
const q = { pluginContext: ctx, headers: {}, queries: [dataQuery('A', 'deploys by service', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z')] };

try {
  const before = await c.call('data', 'QueryData', q);
  check(before.responses.A.status === 200 && decodeFrame(before.responses.A.frames[0]).rows.length === 4, 'query answers before the outage');

  check(pg('stop').status === 0, 'cluster stopped');
  const during = await c.call('data', 'QueryData', q);
  const A = during.responses.A;
  check(A.status === 503 && A.errorSource === 'downstream' && A.error.includes('database error'),
    `during the outage: ${A.status} ${A.errorSource} ${A.error}`);
  const h = await c.call('diagnostics', 'CheckHealth', { pluginContext: ctx, headers: {} });
  check(h.status === 'ERROR' && h.message.includes('Cannot query PostgreSQL'), `health during the outage: ${h.status} ${h.message}`);

  check(pg('start').status === 0, 'cluster restarted');
  const after = await c.call('data', 'QueryData', q);
  check(after.responses.A.status === 200 && decodeFrame(after.responses.A.frames[0]).rows.length === 4,
    `query answers again without a plugin restart (${after.responses.A.status} ${after.responses.A.error})`);
  const h2 = await c.call('diagnostics', 'CheckHealth', { pluginContext: ctx, headers: {} });
  check(h2.status === 'OK', 'health OK again');
} finally {
  await c.call('controller', 'Shutdown', {}).catch(() => {});
  c.close();
  pg('stop');
}
finish();
