// Dashboard benchmark: the overview dashboard (All selected) and the service
// dashboard (one service) opened over a 90-day range, every request sent to
// the built plugin over gRPC as Grafana sends it (one QueryData per panel and
// per enabled annotation, the data source as provisioning/datasources/dora.yaml
// makes it), one after another. Prints each request's median wall time (client
// round trip), the engine time the plugin reports (summed over the request's
// distinct questions; they run in parallel), and the totals; writes
// every answer (frames as rows; a failed query as {error}) to <answers.json>
// and each request's median to <answers>.times.json; with <baseline.json>
// checks that every answer equals the baseline's (numbers to a relative
// 1e-9; a baseline error is reported as not compared) and prints the
// baseline's times (<baseline>.times.json, when recorded) beside each
// request's, with the ratio. Exits non-zero on a failed query or a
// difference.
//
// usage: node dashboard_bench.mjs <plugin> <root> <host:port> <db> <from> <to> <runs> <answers.json> [baseline.json]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { decodeFrame } from '../tests/node/plugin_support.mjs';
import { dashboardRequests, quoteValues } from '../tests/node/dashboard_requests.mjs';
import { benchDataSource, startDashboardClient } from './dashboard_session.mjs';

const [pluginBin, root, hostPort, db, FROM, TO, runsText, answersOut, baselineFile] = process.argv.slice(2);
const runs = Number(runsText);

const pluginContext = benchDataSource(root, hostPort, db);
const { client: c, queryData } = await startDashboardClient(pluginBin, root, pluginContext, FROM, TO);

// The service dashboard shows the service with the most production deploys.
const busiest = await queryData([{ refId: 'S', expr: 'deploys by service' }]);
const serviceRows = busiest.S.frames.map(decodeFrame).flatMap((f) => f.rows).filter((r) => r.service);
const service = serviceRows.sort((a, b) => b.deploys - a.deploys || (a.service < b.service ? -1 : 1))[0].service;

const dashboards = [
  { name: 'overview', requests: dashboardRequests(root, 'dora-overview.json', { service: '*', team: '*' }) },
  { name: `service (${service})`, requests: dashboardRequests(root, 'dora-service.json', { service: quoteValues([service]), team: '*' }) },
];

const engineMs = (frames) => frames.reduce((sum, f) => sum + (f.meta?.stats || [])
  .filter((s) => s.displayName.startsWith('Engine time')).reduce((a, s) => a + s.value, 0), 0);
const median = (xs) => { if (xs.length === 0) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

const answers = {};
const failures = [];
for (const d of dashboards) {
  for (const r of d.requests) {
    r.times = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = process.hrtime.bigint();
      const responses = await queryData(r.models);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i === 0) {  // the warm-up run's answers are the ones compared
        r.engine = 0;
        const counted = new Set();  // a question asked twice (A and N) runs once
        for (const m of r.models) {
          const resp = responses[m.refId];
          const key = `${d.name.replace(/ \(.*/, '')} | ${r.title} | ${m.refId} | ${m.expr}`;
          if (resp.status !== 200) {
            failures.push(`${d.name} / ${r.title} / ${m.refId}: ${resp.status} ${resp.error}`);
            answers[key] = { error: `${resp.status} ${resp.error}` };
            continue;
          }
          const frames = (resp.frames || []).map(decodeFrame);
          if (!counted.has(m.expr)) r.engine += engineMs(frames);
          counted.add(m.expr);
          answers[key] = frames.map((f) => ({ name: f.name ?? null, rows: f.rows }));
        }
      } else {
        r.times.push(ms);
      }
    }
    r.ms = median(r.times);
  }
}
await c.call('controller', 'Shutdown', {}).catch(() => {});
c.close();

// Times by dashboard (without the service's name) and request title.
const timesOf = (file) => (file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const timesFile = (answersFile) => answersFile.replace(/\.json$/, '.times.json');
const baselineTimes = timesOf(baselineFile && timesFile(baselineFile));
const times = {};
const pad = (s, n) => String(s).padEnd(n).slice(0, n);
const num = (x, n) => (x === undefined ? '-' : x.toFixed(1)).padStart(n);
const ratio = (then, now) => (then === undefined ? '' : `${(then / now).toFixed(1)}x`.padStart(8));
for (const d of dashboards) {
  const name = d.name.replace(/ \(.*/, '');
  const then = (title) => baselineTimes?.[`${name} | ${title}`];
  console.log(`\n${d.name}: ${d.requests.length} requests, median of ${runs} runs each`);
  console.log(`${pad('panel / query', 78)} ${'ms'.padStart(8)} ${'engine'.padStart(8)}` +
    (baselineTimes ? ` ${'baseline'.padStart(9)} ${'faster'.padStart(8)}` : ''));
  for (const r of d.requests) {
    times[`${name} | ${r.title}`] = r.ms;
    console.log(`${pad(`${r.title}: ${[...new Set(r.models.map((m) => m.expr))].join(' ; ')}`, 78)} ${num(r.ms, 8)} ${num(r.engine, 8)}` +
      (baselineTimes ? ` ${num(then(r.title), 9)} ${ratio(then(r.title), r.ms)}` : ''));
  }
  const total = d.requests.reduce((a, r) => a + r.ms, 0);
  times[`${name} | TOTAL`] = total;
  const slowest = d.requests.reduce((a, r) => (r.ms > a.ms ? r : a));
  console.log(`${pad(`TOTAL ${d.name} (slowest: ${slowest.title}, ${slowest.ms.toFixed(1)} ms)`, 78)} ${num(total, 8)} ${''.padStart(8)}` +
    (baselineTimes ? ` ${num(then('TOTAL'), 9)} ${ratio(then('TOTAL'), total)}` : ''));
}

writeFileSync(answersOut, JSON.stringify(answers, null, 1));
writeFileSync(timesFile(answersOut), JSON.stringify(times, null, 1));
let different = 0;
if (baselineFile && existsSync(baselineFile)) {
  const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
  const same = (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
      return same(ka, kb) && ka.every((k) => same(a[k], b[k]));
    }
    return a === b;
  };
  // A baseline answer that is an error (the baseline engine failed that
  // query) proves nothing either way: reported as not compared.
  let uncompared = 0;
  for (const [key, value] of Object.entries(answers)) {
    if (!(key in baseline)) { uncompared++; console.log(`no baseline answer: ${key}`); continue; }
    if (baseline[key]?.error !== undefined) {
      uncompared++;
      console.log(`not compared, the baseline's answer is an error (${baseline[key].error}): ${key}`);
      continue;
    }
    if (!same(value, baseline[key])) { different++; console.log(`DIFFERENT: ${key}`); }
  }
  const total = Object.keys(answers).length;
  console.log(`\nanswers vs ${baselineFile}: ${different === 0 ? 'identical' : `${different} DIFFERENT`} ` +
    `(${total - uncompared} of ${total} queries compared${uncompared ? `; ${uncompared} not compared` : ''})`);
}
for (const f of failures) console.log(`FAILED: ${f}`);
process.exit(failures.length > 0 || different > 0 ? 1 : 0);
