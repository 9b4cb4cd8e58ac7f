// A burst of concurrent QueryData calls to a started plugin, each one query
// of the large answers the overview dashboard asks for (rolling lead and
// recovery times, the lead time tile, failure annotations, data_quality, in
// turn): the burst's wall time, the plugin's peak resident size (VmRSS
// sampled every 5 ms) and its resident size half a second after the burst.
//
// usage: node concurrent_queries.mjs <plugin> <root> <host:port> <db> <from> <to> <calls>
import { readFileSync } from 'node:fs';
import { benchDataSource, startDashboardClient } from './dashboard_session.mjs';

const [pluginBin, root, hostPort, db, FROM, TO, callsText] = process.argv.slice(2);
const calls = Number(callsText);
const { plugin, client, queryData } =
  await startDashboardClient(pluginBin, root, benchDataSource(root, hostPort, db), FROM, TO);
const rssMiB = () => Number(readFileSync(`/proc/${plugin.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, rssMiB()); }, 5);
const exprs = ['lead_time p50 by service every 1w rolling 90d', 'lead_time p90 by service vs previous',
  'annotations failures', 'recovery_time p50 by service every 1w rolling 90d', 'data_quality'];
const t0 = Date.now();
const responses = await Promise.all(Array.from({ length: calls },
  (_, i) => queryData([{ refId: 'A', expr: exprs[i % exprs.length] }])));
const ms = Date.now() - t0;
await new Promise((resolve) => setTimeout(resolve, 500));
clearInterval(sampler);
const failed = responses.filter((r) => r.A.status !== 200).length;
console.log(`${calls} concurrent calls: ${ms} ms, ${failed} failed, peak resident ${peak.toFixed(0)} MiB, ` +
  `${rssMiB().toFixed(0)} MiB half a second later`);
await client.call('controller', 'Shutdown', {}).catch(() => {});
client.close();
process.exit(failed > 0 ? 1 : 0);
