// Plugin benchmark: start-to-handshake time, idle RSS, latency and RSS under
// 50 concurrent QueryData calls, and the share of gRPC + frame building +
// Arrow encoding in end-to-end time, on the 10 M-event benchmark database.
//
// usage (after `bash bench/run_query_bench.sh 10m` has loaded the data):
//   bash bench/run_plugin_bench.sh
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { launchPlugin, clients, pluginContext, dataQuery, decodeFrame } from '../tests/node/plugin_support.mjs';

const [pluginBin, queryBench, root, port, db] = process.argv.slice(2);
const FROM = '2026-08-03T00:00:00Z', TO = '2026-11-01T00:00:00Z';
const QUESTIONS = ['lead_time p90 by service', 'change_failure_rate by service', 'deploy_frequency by team every 1d'];
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]; };
const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. start to handshake, 20 cold starts
const handshakes = [];
for (let i = 0; i < 20; i++) {
  const p = await launchPlugin(pluginBin);
  handshakes.push(p.handshakeMs);
  const c = clients(root, p.socketPath);
  await c.call('controller', 'Shutdown', {});
  c.close();
  await new Promise((r) => p.child.on('exit', r));
}

// 2. idle RSS, then load
const p = await launchPlugin(pluginBin);
await sleep(1000);
const idleRss = rssKb(p.child.pid);
const c = clients(root, p.socketPath);
const ctx = pluginContext('bench', `127.0.0.1:${port}`, { database: db, sslmode: 'disable', minSample: 1 });
const ask = (expr, refId = 'A') => c.call('data', 'QueryData', { pluginContext: ctx, headers: {}, queries: [dataQuery(refId, expr, FROM, TO)] });

// 3. share of gRPC + frame building + Arrow encoding: per call, client-side
// end-to-end time minus the engine time the plugin reports in meta.stats.
const e2e = {}, overhead = {};
for (const q of QUESTIONS) {
  await ask(q);
  let total = 0, extra = 0;
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    const r = await ask(q);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const A = r.responses.A;
    if (A.status !== 200) throw new Error(`${q}: ${A.error}`);
    const engineMs = decodeFrame(A.frames[0]).meta.stats.find((s) => s.displayName.startsWith('Engine time')).value;
    times.push(ms);
    total += ms;
    extra += ms - engineMs;
  }
  e2e[q] = pct(times, 0.5);
  overhead[q] = extra / total;
}

// The engine alone through dora_query_bench, for comparison.
const engine = JSON.parse(spawnSync(queryBench, ['--engine-only', `postgresql://postgres@127.0.0.1:${port}/${db}`, FROM, TO, '9'],
  { encoding: 'utf8' }).stdout);

// 4. 50 concurrent QueryData calls, 4 rounds, RSS sampled every 10 ms
let peakRss = rssKb(p.child.pid);
const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssKb(p.child.pid)); }, 10);
const latencies = [];
const wallStart = process.hrtime.bigint();
for (let round = 0; round < 4; round++) {
  await Promise.all(Array.from({ length: 50 }, async (_, i) => {
    const t0 = process.hrtime.bigint();
    const r = await ask(QUESTIONS[i % QUESTIONS.length], `Q${i}`);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const status = Object.values(r.responses)[0].status;
    if (status !== 200) throw new Error(`concurrent call failed: ${status}`);
  }));
}
const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
clearInterval(sampler);
await c.call('controller', 'Shutdown', {});
c.close();

console.log(`start to handshake (20 starts): median ${pct(handshakes, 0.5).toFixed(1)} ms, p95 ${pct(handshakes, 0.95).toFixed(1)} ms, max ${Math.max(...handshakes).toFixed(1)} ms`);
console.log(`idle RSS: ${(idleRss / 1024).toFixed(1)} MiB`);
console.log('question                             e2e ms (median)  engine alone ms  gRPC+frames+Arrow share of e2e');
for (const q of QUESTIONS) {
  console.log(`${q.padEnd(36)} ${e2e[q].toFixed(1).padStart(15)} ${engine[q].toFixed(1).padStart(16)}  ${(overhead[q] * 100).toFixed(1)}%`);
}
console.log(`50 concurrent QueryData x 4 rounds: p50 ${pct(latencies, 0.5).toFixed(0)} ms, p99 ${pct(latencies, 0.99).toFixed(0)} ms, ` +
  `${(200 / (wallMs / 1000)).toFixed(1)} queries/s, peak RSS ${(peakRss / 1024).toFixed(1)} MiB`);
