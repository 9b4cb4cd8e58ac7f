// Budgets of the shipped static binaries: start to handshake, idle RSS, RSS
// after a data source has connected over TLS and answered queries, and the
// stripped size, for each platform in dist/ (arm64 under qemu-user, where its
// figures include the emulator: read them side by side, not as arm64 truth).
//
// usage: bash bench/run_portable_bench.sh   (starts its own small cluster)
import { readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { launchPlugin, clients, pluginContext, dataQuery } from '../tests/node/plugin_support.mjs';

const [dist, root, port, db, pki, qemu] = process.argv.slice(2);
const FROM = '2026-03-03T00:00:00Z', TO = '2026-06-01T00:00:00Z';
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]; };
const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kb) => (kb / 1024).toFixed(1);

const targets = [{ name: 'linux/amd64 (native)', bin: `${dist}/gpx_dora_linux_amd64`, command: (b) => [b] }];
if (qemu) targets.push({ name: `linux/arm64 (${basename(qemu)})`, bin: `${dist}/gpx_dora_linux_arm64`, command: (b) => [qemu, b] });

const rows = [];
for (const t of targets) {
  const launcher = { name: t.name, command: t.command(t.bin), env: {}, hostPath: (p) => p };
  const handshakes = [];
  for (let i = 0; i < 20; i++) {
    const p = await launchPlugin(launcher);
    handshakes.push(p.handshakeMs);
    const c = clients(root, p.socketPath);
    await c.call('controller', 'Shutdown', {});
    c.close();
    await new Promise((r) => p.child.on('exit', r));
  }
  const p = await launchPlugin(launcher);
  await sleep(1000);
  const idle = rssKb(p.child.pid);
  const c = clients(root, p.socketPath);
  const ctx = pluginContext('bench', `localhost:${port}`,
    { database: db, sslmode: 'verify-full', tlsConfigurationMethod: 'file-content', minSample: 1 }, '1',
    { tlsCACert: readFileSync(`${pki}/ca.crt`, 'utf8') });
  const health = await c.call('diagnostics', 'CheckHealth', { pluginContext: ctx });
  if (health.status !== 'OK') throw new Error(`${t.name}: ${health.message}`);
  for (const expr of ['lead_time p90 by service', 'change_failure_rate by service', 'deploy_frequency by team every 1d']) {
    const r = await c.call('data', 'QueryData', { pluginContext: ctx, headers: {}, queries: [dataQuery('A', expr, FROM, TO)] });
    if (r.responses.A.status !== 200) throw new Error(`${t.name}: ${expr}: ${r.responses.A.error}`);
  }
  await sleep(500);
  const busy = rssKb(p.child.pid);
  await c.call('controller', 'Shutdown', {});
  c.close();
  rows.push({ name: t.name, handshakes, idle, busy, size: statSync(t.bin).size });
}

console.log('| platform | start to handshake (20 starts) | idle RSS | RSS after TLS connect + 3 queries | stripped size |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | median ${pct(r.handshakes, 0.5).toFixed(1)} ms, p95 ${pct(r.handshakes, 0.95).toFixed(1)} ms | ` +
    `${mib(r.idle)} MiB | ${mib(r.busy)} MiB | ${(r.size / 1048576).toFixed(1)} MiB (${r.size} bytes) |`);
}
