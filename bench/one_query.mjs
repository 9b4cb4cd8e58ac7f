// One query, sent again and again to a started plugin: the median round trip,
// the plugin's CPU per request (utime + stime from /proc) and its resident
// size afterwards. For profiling one request (perf record around it) and
// comparing builds or allocator settings (a wrapper script that sets
// GLIBC_TUNABLES and execs the plugin is a plugin too).
//
// usage: node one_query.mjs <plugin> <root> <host:port> <db> <from> <to> "<query>" <runs>
import { readFileSync } from 'node:fs';
import { benchDataSource, startDashboardClient } from './dashboard_session.mjs';

const [pluginBin, root, hostPort, db, FROM, TO, expr, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const { plugin, client, queryData } =
  await startDashboardClient(pluginBin, root, benchDataSource(root, hostPort, db), FROM, TO);
const stat = (name) => readFileSync(`/proc/${plugin.child.pid}/${name}`, 'utf8');
const cpuMs = () => { const f = stat('stat').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const ask = async () => {
  const r = await queryData([{ refId: 'A', expr }]);
  if (r.A.status !== 200) throw new Error(`${expr}: ${r.A.error}`);
};
await ask();  // warm-up
const times = [];
const cpu0 = cpuMs();
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  await ask();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const cpu = (cpuMs() - cpu0) / runs;
times.sort((a, b) => a - b);
const rssMiB = Number(stat('status').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
console.log(`median ${times[(runs - 1) >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, ` +
  `plugin CPU per request ${cpu.toFixed(1)} ms, resident ${rssMiB.toFixed(0)} MiB`);
await client.call('controller', 'Shutdown', {}).catch(() => {});
client.close();
process.exit(0);
