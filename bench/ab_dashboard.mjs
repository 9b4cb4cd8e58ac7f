// A/B benchmark of two plugin builds over the overview dashboard: both are
// started as Grafana starts a plugin, and every request (the dashboard's
// panels and annotations, as in dashboard_bench.mjs) is sent to build A and
// to build B in turn, alternating which goes first, `runs` times after one
// warm-up each. Prints each request's median round trip per build and the
// totals. The machine's speed drifts between runs minutes apart; requests
// interleaved this way compare two builds at the same moment.
//
// usage: node ab_dashboard.mjs <pluginA> <pluginB> <root> <host:port> <db> <from> <to> <runs> [title filter]
import { dashboardRequests } from '../tests/node/dashboard_requests.mjs';
import { benchDataSource, startDashboardClient } from './dashboard_session.mjs';

const [binA, binB, root, hostPort, db, FROM, TO, runsText, filter] = process.argv.slice(2);
const runs = Number(runsText);
const pluginContext = benchDataSource(root, hostPort, db);
const builds = [await startDashboardClient(binA, root, pluginContext, FROM, TO),
  await startDashboardClient(binB, root, pluginContext, FROM, TO)];
const requests = dashboardRequests(root, 'dora-overview.json', { service: '*', team: '*' })
  .filter((r) => !filter || r.title.includes(filter));

async function roundTrip(build, models) {
  const t0 = process.hrtime.bigint();
  const responses = await build.queryData(models);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  for (const m of models) {
    if (responses[m.refId].status !== 200) throw new Error(`${m.expr}: ${responses[m.refId].error}`);
  }
  return ms;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

const totals = [0, 0];
console.log(`${'panel'.padEnd(60)} ${'A ms'.padStart(8)} ${'B ms'.padStart(8)}`);
for (const r of requests) {
  const times = [[], []];
  for (let i = 0; i <= runs; i++) {
    for (const k of (i % 2 ? [1, 0] : [0, 1])) {
      const ms = await roundTrip(builds[k], r.models);
      if (i > 0) times[k].push(ms);
    }
  }
  const m = times.map(median);
  totals[0] += m[0];
  totals[1] += m[1];
  console.log(`${r.title.slice(0, 60).padEnd(60)} ${m[0].toFixed(1).padStart(8)} ${m[1].toFixed(1).padStart(8)}`);
}
console.log(`${'TOTAL'.padEnd(60)} ${totals[0].toFixed(1).padStart(8)} ${totals[1].toFixed(1).padStart(8)}`);
for (const b of builds) b.plugin.child.kill();
process.exit(0);
