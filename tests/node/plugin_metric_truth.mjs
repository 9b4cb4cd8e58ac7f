// The same numbers from every surface: `dora query`, `dora report` and the
// plugin's QueryData (launched as Grafana does), on the edge-case data of
// tests/integration/metric_truth.sql (daylight-saving hours and days, a
// 169-hour week, fractional window edges, exact percentiles, colliding
// incident ids, the failure ledger's worked examples), under both failure-
// signal policies. Values must agree to 1e-9, and a few are checked against
// their hand-computed answers.
//
// usage: node plugin_metric_truth.mjs <plugin binary> <dora binary> <repo root>
// env:   DORA_TEST_PG_URL (admin URL of the test cluster, from ctest)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  makeChecker, createDemoDatabase, launchPlugin, clients, pluginContext, dataQuery, decodeFrame,
} from './plugin_support.mjs';

const [pluginBin, doraBin, root] = process.argv.slice(2);
const adminUrl = process.env.DORA_TEST_PG_URL;
const { check, finish } = makeChecker();
const db = createDemoDatabase({ adminUrl, doraBin, name: 'dora_metric_truth', check });
const load = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-f',
  join(root, 'tests/integration/metric_truth.sql')], { encoding: 'utf8' });
check(load.status === 0, `load metric_truth.sql: ${load.stderr}`);

const dbHost = new URL(adminUrl).host;  // 127.0.0.1:<port>
const close = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

// [query, from, to, zone, failure signals, hand-computed {key: value}]
const CASES = [
  ['deploy_frequency every 1h where service = \'spring\'', '2026-03-29T00:00:00Z', '2026-03-29T03:00:00Z', 'Europe/Berlin', 'reference',
    { '2026-03-29T00:00:00Z': 23, '2026-03-29T01:00:00Z': 23, '2026-03-29T02:00:00Z': 23 }],
  ['deploys every 1h where service = \'autumn\'', '2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', 'Europe/Berlin', 'reference',
    { '2026-10-25T00:00:00Z': 1, '2026-10-25T01:00:00Z': 1 }],
  ['deploy_frequency every 1d where service = \'short-day\'', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 'Europe/Berlin', 'reference',
    { '2026-03-28T23:00:00Z': 23 }],
  ['deploy_frequency where service = \'long-day\'', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 'Europe/Berlin', 'reference', { '': 23 }],
  ['deploy_frequency every 1w where service = \'long-week\'', '2026-10-11T22:00:00Z', '2026-10-25T23:00:00Z', 'Europe/Berlin', 'reference',
    { '2026-10-11T22:00:00Z': 1 / 7, '2026-10-18T22:00:00Z': 1 / 7 }],
  ['deploy_frequency where service = \'precise\'', '2026-06-01T00:00:00Z', '2026-09-01T00:00:04Z', 'UTC', 'reference',
    { '': 92 / (92 + 4 / 86400) }],
  ['deploy_frequency where service = \'precise\'', '2026-06-03T13:37:11.500Z', '2026-06-20T05:00:00.250Z', 'UTC', 'reference', {}],
  ['lead_time p99.99999 where service = \'precise\'', '2026-06-01T00:00:00Z', '2026-09-01T00:00:00Z', 'UTC', 'reference', {}],
  ['recovery_time p50 by service where service in (\'collide-a\', \'collide-b\')', '2026-05-01T00:00:00Z', '2026-05-08T00:00:00Z', 'UTC', 'reference',
    { 'collide-a': 1800, 'collide-b': 7200 }],
  ['change_failure_rate by service', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', 'UTC', 'reference',
    { 'ex-a': 2 / 3, 'ex-b': 0, 'ex-d': 1 / 3, 'ex-e': 0, 'ex-f': 0.5 }],
  ['change_failure_rate by service', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', 'UTC', 'dora-2024',
    { 'ex-a': 1 / 3, 'ex-b': 0.5, 'ex-d': 1 / 3, 'ex-e': 0.5, 'ex-f': 0.5 }],
  ['recovery_time p50 by service', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', 'UTC', 'dora-2024',
    { 'ex-a': 1500, 'ex-b': 4500, 'ex-d': 1800, 'ex-e': 3600, 'ex-f': 2700 }],
  ['lead_time p50 every 6h', '2026-03-25T00:00:00.500Z', '2026-04-08T00:00:00.500Z', 'Australia/Lord_Howe', 'reference', {}],
  ['deploy_frequency every 1d', '2026-09-01T12:00:00.123Z', '2026-11-05T00:00:00Z', 'America/Santiago', 'dora-2024', {}],
];

// {key: value}: the group's dimensions joined by '|', or the bucket time.
function fromCli(rows) {
  const out = {};
  for (const r of rows) out[r.time ?? (r.service ?? '')] = r.value;
  return out;
}
function fromFrames(frames) {
  const out = {};
  for (const f of frames.map(decodeFrame)) {
    for (const r of f.rows) {
      const key = r.time !== undefined ? new Date(r.time).toISOString().replace('.000Z', 'Z') : (r.service ?? '');
      out[key] = r.value;
    }
  }
  return out;
}

const plugin = await launchPlugin(pluginBin);
const c = clients(root, plugin.socketPath);
try {
  let lastUpdated = 1;
  for (const [expr, from, to, tz, signals, expected] of CASES) {
    const what = `${expr} [${from} .. ${to} ${tz}, ${signals}]`;
    const cli = db.dora('query', '--format', 'json', '--from', from, '--to', to, '--tz', tz, '--min-sample', '1',
      '--failure-signals', signals, expr);
    check(cli.status === 0, `${what}: dora query: ${cli.stderr}`);
    const cliValues = cli.status === 0 ? fromCli(JSON.parse(cli.stdout)) : {};

    const ctx = pluginContext('truth', dbHost,
      { database: db.name, sslmode: 'disable', minSample: 1, failureSignals: signals }, String(lastUpdated++));
    const res = await c.call('data', 'QueryData', {
      pluginContext: ctx, headers: {}, queries: [dataQuery('A', expr, from, to, { timezone: tz })],
    });
    const A = res.responses.A;
    check(A.status === 200, `${what}: QueryData ${A.status} ${A.error}`);
    const pluginValues = A.status === 200 ? fromFrames(A.frames) : {};

    const keys = Object.keys(cliValues);
    check(keys.length > 0, `${what}: rows`);
    check(keys.length === Object.keys(pluginValues).length,
      `${what}: same rows (${keys.length} from dora query, ${Object.keys(pluginValues).length} from QueryData)`);
    for (const k of keys) {
      check(close(cliValues[k], pluginValues[k] ?? null), `${what} ${k}: dora query ${cliValues[k]} = QueryData ${pluginValues[k]}`);
    }
    for (const [k, v] of Object.entries(expected)) {
      check(close(cliValues[k] ?? null, v), `${what} ${k}: ${cliValues[k]} is the hand-computed ${v}`);
    }
  }

  // dora report: the same change failure rates and frequencies per service.
  for (const signals of ['reference', 'dora-2024']) {
    const rep = db.dora('report', '--format', 'json', '--from', '2026-12-07T00:00:00Z', '--to', '2026-12-08T00:00:00Z',
      '--min-sample', '1', '--failure-signals', signals);
    check(rep.status === 0, `dora report ${signals}: ${rep.stderr}`);
    const rows = rep.status === 0 ? JSON.parse(rep.stdout) : [];
    const ctx = pluginContext('truth', dbHost,
      { database: db.name, sslmode: 'disable', minSample: 1, failureSignals: signals }, String(lastUpdated++));
    const res = await c.call('data', 'QueryData', {
      pluginContext: ctx, headers: {},
      queries: [dataQuery('A', 'change_failure_rate by service', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z'),
        dataQuery('B', 'deploy_frequency by service', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z')],
    });
    const cfr = fromFrames(res.responses.A.frames);
    const freq = fromFrames(res.responses.B.frames);
    check(rows.length >= 6, `dora report ${signals}: a row per service (${rows.length})`);
    for (const r of rows) {
      if (r.service in cfr) check(close(r.change_failure_rate, cfr[r.service]), `report ${signals} ${r.service}: change failure rate ${r.change_failure_rate} = ${cfr[r.service]}`);
      check(close(r.deploy_frequency, freq[r.service] ?? 0), `report ${signals} ${r.service}: deploy frequency ${r.deploy_frequency} = ${freq[r.service] ?? 0}`);
    }
  }

  // Save & test names the policy in force, and a database one migration
  // behind is an error that says what to run.
  const healthCtx = pluginContext('truth', dbHost, { database: db.name, sslmode: 'disable', failureSignals: 'dora-2024' },
    String(lastUpdated++));
  const h = await c.call('diagnostics', 'CheckHealth', { pluginContext: healthCtx, headers: {} });
  check(h.status === 'OK' && JSON.parse(h.jsonDetails.toString()).failureSignals === 'dora-2024' &&
    h.message.includes('counted against the deploy that caused it (dora-2024)'), `health names dora-2024: ${h.message}`);
  const old = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c',
    'DELETE FROM dora_schema_migrations WHERE version = (SELECT max(version) FROM dora_schema_migrations)'], { encoding: 'utf8' });
  check(old.status === 0, `forget the newest migration: ${old.stderr}`);
  const behind = await c.call('diagnostics', 'CheckHealth', { pluginContext: healthCtx, headers: {} });
  check(behind.status === 'ERROR' && /older than this plugin needs .*run `dora migrate`/.test(behind.message),
    `a database one migration behind: ${behind.status} ${behind.message}`);
} finally {
  await c.call('controller', 'Shutdown', {}).catch(() => {});
  c.close();
  db.drop();
}
finish();
