// Pictures of the shipped dashboards with real answers: loads the demo data
// into a fresh database, runs every panel's queries through the built plugin
// binary over gRPC as Grafana does (the data source from
// provisioning/datasources/dora.yaml, variables at their defaults, the
// dashboard's time range ending at the demo's fixed end), then renders each
// dashboard in the harness page (harness/dashboard.tsx: @grafana/ui's
// visualizations, dark theme, UTC) in Chromium and writes a full-page PNG per
// dashboard: dashboard-<uid without "dora-">.png.
//
// Fails on a query error, a page error, a console error, or a field a panel's
// overrides or transformations name that the answer does not have. Prints,
// per panel, what it received; an empty panel is printed, not hidden.
//
// usage: node scripts/dashboard-pictures.mjs --plugin BIN --dora BIN --out DIR
// env:   DORA_PICTURES_PG_URL  admin URL of the PostgreSQL cluster to use
//        PGPASSFILE            its password file (scripts/pg.sh prints both)
//        DORA_PICTURES_KEEP_SITE=1  keep the page and answers.json (printed) for a look
import { readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchPlugin, clients, frameToJSON, createDemoDatabase, clusterPassword, provisionedDataSource,
} from '../../../tests/node/plugin_support.mjs';
import { buildSite, launchChromium, serveSite, watchPage } from './harness-site.mjs';

// The demo span and the dashboards' "now": fixed, so the pictures only change
// when the data, the queries or the panels do.
const DEMO_END = '2026-06-01T00:00:00Z';
const DEMO_ARGS = ['--services', '12', '--days', '180', '--seed', '42', '--end', DEMO_END];
const NOW = Date.parse(DEMO_END);
const DAY = 86400000;
const VIEWPORT_WIDTH = 1600;

const here = path.dirname(fileURLToPath(import.meta.url));
const frontend = path.resolve(here, '..');
const repo = path.resolve(frontend, '../..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) { throw new Error(`usage: dashboard-pictures.mjs --plugin BIN --dora BIN --out DIR (missing ${name})`); }
  return path.resolve(process.argv[i + 1]);
};
const pluginBin = arg('--plugin'), doraBin = arg('--dora'), outDir = arg('--out');
const adminUrl = process.env.DORA_PICTURES_PG_URL;
if (!adminUrl) { throw new Error('DORA_PICTURES_PG_URL is not set'); }

const die = (what) => { throw new Error(what); };
const check = (ok, what) => {
  if (!ok) { die(what); }
};

// --- the data and the data source ---
const db = createDemoDatabase({ adminUrl, doraBin, name: 'dora_pictures_demo', demoArgs: DEMO_ARGS, check });
const { hostname, port } = new URL(adminUrl);
const { pluginContext } = provisionedDataSource(repo, {
  DORA_PG_HOST: `${hostname}:${port}`, DORA_PG_USER: 'postgres', DORA_PG_PASSWORD: clusterPassword(),
  DORA_PG_DATABASE: db.name, DORA_PG_SSLMODE: 'disable',
});
const plugin = await launchPlugin(pluginBin, { GF_VERSION: '11.6.9', GF_EDITION: 'Open Source' });
const c = clients(repo, plugin.socketPath);
const stopPlugin = () => { c.close(); plugin.child.kill('SIGTERM'); };

async function queryData(models, fromMs, toMs) {
  const queries = models.map((m) => ({
    refId: m.refId, maxDataPoints: String(m.maxDataPoints), intervalMS: String(m.intervalMs),
    timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
    json: Buffer.from(JSON.stringify(m)),
  }));
  return (await c.call('data', 'QueryData', { pluginContext, headers: {}, queries })).responses;
}

function postResource(resourcePath, body) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const s = c.resource.CallResource({ pluginContext, path: resourcePath, method: 'POST', url: resourcePath,
      headers: { 'Content-Type': { values: ['application/json'] } }, body: Buffer.from(JSON.stringify(body)) });
    s.on('data', (m) => chunks.push(m));
    s.on('error', reject);
    s.on('end', () => {
      const status = chunks[0]?.code;
      const text = Buffer.concat(chunks.map((m) => m.body)).toString();
      if (status !== 200) { reject(new Error(`resource ${resourcePath}: ${status} ${text}`)); } else { resolve(JSON.parse(text)); }
    });
  });
}

// The frontend's interpolation (src/interpolate.ts) for what the defaults
// select: All is the custom all value `*`, one value is a quoted literal.
const quote = (v) => `'${String(v).replace(/'/g, "''")}'`;
const interpolate = (expr, vars) => expr.replace(/\$\{([A-Za-z_]\w*)(?::[a-z]+)?\}|\$([A-Za-z_]\w*)/g,
  (m, a, b) => (vars[a || b] !== undefined ? vars[a || b] : m));

// Variables at their defaults: the saved current value, All for "$__all",
// and for a variable saved without one, its first value in the time range
// (Grafana's choice), in the variable's order (sort 1: alphabetical).
async function defaultVariables(d, fromMs, toMs) {
  const vars = {}, shown = {};
  for (const v of d.templating.list.filter((x) => x.type === 'query')) {
    const current = [].concat(v.current?.value ?? []);
    if (current.includes('$__all')) {
      vars[v.name] = v.allValue === '*' ? '*' : die(`${d.uid}: variable ${v.name}: All without the custom all value *`);
      shown[v.name] = 'All';
      continue;
    }
    let values = current;
    if (values.length === 0) {
      const text = `${v.query.dimension}s${v.query.where ? ` where ${interpolate(v.query.where, vars)}` : ''}`;
      const rows = await postResource('values', { query: text, from: fromMs, to: toMs });
      const names = rows.map((r) => String(r.value));
      if (v.sort === 1) { names.sort((a, b) => a.localeCompare(b)); }
      check(names.length > 0, `${d.uid}: variable ${v.name} has no values (${text})`);
      values = [names[0]];
    }
    vars[v.name] = values.map(quote).join(', ');
    shown[v.name] = values.join(', ');
  }
  return { vars, shown };
}

// Query errors: drawn in their panels as Grafana does, then fail the run.
const queryErrors = [];

const panelsOf = (d) => d.panels.flatMap((p) => (p.type === 'row' && !p.collapsed ? [p, ...(p.panels ?? [])] : [p]));

async function answers(d) {
  const m = /^now-(\d+)d$/.exec(d.time.from);
  check(m && d.time.to === 'now', `${d.uid}: time range ${d.time.from} to ${d.time.to} is not now-<N>d to now`);
  const fromMs = NOW - Number(m[1]) * DAY, toMs = NOW;
  const { vars, shown } = await defaultVariables(d, fromMs, toMs);
  const panels = {};
  for (const p of panelsOf(d).filter((x) => x.targets?.length)) {
    // What the frontend sends: variables replaced, the data source resolved,
    // the zone the pictures are drawn in, interval and points from the range.
    const models = p.targets.map((t) => ({ ...t, expr: interpolate(t.expr, vars), timezone: 'utc',
      datasource: { type: t.datasource.type, uid: 'dora' },
      intervalMs: Math.max(1000, Math.round((toMs - fromMs) / 1200)), maxDataPoints: 1200 }));
    const res = await queryData(models, fromMs, toMs);
    const frames = [], errors = [];
    for (const q of models) {
      const r = res[q.refId];
      if (r && r.status === 200 && !r.error) { frames.push(...r.frames.map(frameToJSON)); continue; }
      errors.push(`${q.refId}: ${r?.error || `status ${r?.status}`}`);
      queryErrors.push(`${d.uid} panel "${p.title}" ${q.refId}: ${r?.status} ${r?.error} for ${q.expr}`);
    }
    panels[p.id] = { frames, error: errors.join('\n') || undefined };
  }
  return { uid: d.uid, dashboard: d, vars: shown, timeRange: { from: fromMs, to: toMs }, panels };
}

const dashboards = readdirSync(path.join(repo, 'dashboards')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(path.join(repo, 'dashboards', f), 'utf8')));
const site = path.join(mkdtempSync(path.join(os.tmpdir(), 'dora-pictures-')), 'site');
let server, browser;
try {
  const health = await c.call('diagnostics', 'CheckHealth', { pluginContext });
  check(health.status === 'OK', `the provisioned data source fails CheckHealth: ${health.message}`);
  const all = [];
  for (const d of dashboards) { all.push(await answers(d)); }
  stopPlugin();

  // --- the pictures ---
  await buildSite(frontend, site, path.join(frontend, 'harness/dashboard.tsx'), 'dashboard.js', { css: true });
  copyFileSync(path.join(frontend, 'harness/dashboard.html'), path.join(site, 'index.html'));
  writeFileSync(path.join(site, 'answers.json'), JSON.stringify(all));
  server = await serveSite(frontend, site);
  browser = await launchChromium();
  mkdirSync(outDir, { recursive: true });
  const failures = [];
  for (const a of all) {
    const page = await browser.newPage({ viewport: { width: VIEWPORT_WIDTH, height: 900 }, deviceScaleFactor: 1, timezoneId: 'UTC' });
    const problems = watchPage(page);
    await page.goto(`${server.origin}/index.html#${a.uid}`, { waitUntil: 'load' });
    const report = await page.waitForFunction(() => window.doraDashboardReport, null, { timeout: 60000 })
      .then((h) => h.jsonValue()).catch((e) => { problems.push(`the page did not finish: ${e.message}`); return null; });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const file = path.join(outDir, `dashboard-${a.uid.replace(/^dora-/, '')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`dashboard-pictures: ${a.uid} (${Object.entries(a.vars).map(([k, v]) => `${k}=${v}`).join(' ')}) -> ${path.relative(repo, file)}`);
    for (const line of report?.panels ?? []) { console.log(`  ${line}`); }
    problems.push(...(report?.problems ?? []));
    if (problems.length) { failures.push(`${a.uid}:\n  ${problems.join('\n  ')}`); }
    await page.close();
  }
  if (queryErrors.length) { failures.push(`queries:\n  ${queryErrors.join('\n  ')}`); }
  if (failures.length) { die(`FAILED\n${failures.join('\n')}`); }
} catch (e) {
  console.error(`dashboard-pictures: ${e.message}`);
  process.exitCode = 1;
} finally {
  stopPlugin();
  await browser?.close();
  server?.close();
  db.drop();
  if (process.env.DORA_PICTURES_KEEP_SITE) { console.log(`dashboard-pictures: page and answers kept in ${site}`); } else { rmSync(path.dirname(site), { recursive: true, force: true }); }
}
