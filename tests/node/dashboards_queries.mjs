// Every query the shipped dashboards and alert rules send, run through the
// built plugin over gRPC the way Grafana sends it, against a real PostgreSQL
// loaded with demo data:
//  * the data source is configured from provisioning/datasources/dora.yaml with
//    Grafana's ${VAR} expansion, and must pass CheckHealth;
//  * panel targets and annotation queries, with $service / $team interpolated
//    as the frontend does (single-quoted, '' escaped, comma-separated) for two
//    real services and their teams, and for "All", must answer 200 with
//    well-typed, non-empty frames, and the field names the panels' overrides
//    and transformations refer to must exist, and band fields carry the
//    catalog's band colours;
//  * alert rule queries, sent with FromAlert: true over their relativeTimeRange,
//    must return frames Grafana's alerting engine accepts (typed numeric or
//    time series frames with a non-zero typeVersion, one numeric field, unique
//    label sets);
//  * every answer keeps the promise of the data-plane type it declares
//    (dataplaneViolations): panels' metric and band tables declare none.
//
// usage: node dashboards_queries.mjs <plugin binary> <dora binary> <repo root>
// env:   DORA_TEST_PG_URL (admin URL of the test cluster, from ctest)
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'apache-arrow';
import YAML from 'yaml';
import { makeChecker, launchPlugin, clients, decodeFrame, createDemoDatabase, clusterPassword, dataplaneViolations,
  provisionedDataSource } from './plugin_support.mjs';
import { interpolate, quoteValues } from './dashboard_requests.mjs';

const [pluginBin, doraBin, root] = process.argv.slice(2);
const adminUrl = process.env.DORA_TEST_PG_URL;
const { check, finish } = makeChecker();

// --- database: demo data ending today, so relative alert windows have data;
// 180 days, so the first 90-day rolling window of a 90-day dashboard is full ---
const db = createDemoDatabase({ adminUrl, doraBin, name: `dora_dashboards_${process.pid}`, check,
  demoArgs: ['--services', '12', '--days', '180'] });
const dbName = db.name;

// --- the data source exactly as provisioning/datasources/dora.yaml makes it ---
const { hostname, port } = new URL(adminUrl);
const grafanaEnv = { DORA_PG_HOST: `${hostname}:${port}`, DORA_PG_USER: 'postgres', DORA_PG_PASSWORD: clusterPassword(),
  DORA_PG_DATABASE: dbName, DORA_PG_SSLMODE: 'disable' };
const { provisioned, pluginContext } = provisionedDataSource(root, grafanaEnv);

const plugin = await launchPlugin(pluginBin, { GF_VERSION: '11.6.0', GF_EDITION: 'Open Source' });
const c = clients(root, plugin.socketPath);
const health = await c.call('diagnostics', 'CheckHealth', { pluginContext });
check(health.status === 'OK', `provisioned data source passes CheckHealth: ${health.message}`);

const resource = (path) => new Promise((res, rej) => {
  const msgs = [];
  const s = c.resource.CallResource({ pluginContext, path, method: 'GET', url: path, headers: {}, body: Buffer.alloc(0) });
  s.on('data', (m) => msgs.push(m));
  s.on('end', () => res(JSON.parse(Buffer.concat(msgs.map((m) => m.body)).toString())));
  s.on('error', rej);
});

const NOW = Date.now();
const DAY = 86400000;
// One QueryData call as Grafana's /api/ds/query makes it.
async function queryData(models, fromMs, toMs, headers = {}, context = pluginContext) {
  const queries = models.map((m) => ({
    refId: m.refId, maxDataPoints: String(m.maxDataPoints ?? 1200), intervalMS: String(m.intervalMs ?? 3600000),
    timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
    json: Buffer.from(JSON.stringify(m)),
  }));
  return (await c.call('data', 'QueryData', { pluginContext: context, headers, queries })).responses;
}

// --- representative variable values from the data ---
const services = (await resource('services')).map((x) => x.value);
const teams = (await resource('teams')).map((x) => x.value);
check(services.length === 12 && teams.length >= 3, `services (${services.length}) and teams (${teams.length}) from the resources`);
const pick = services.slice(0, 2);
const quote = quoteValues;
const owners = await queryData([{ refId: 'T', expr: `deploys by service, team where service in (${quote(pick)})` }], NOW - 120 * DAY, NOW);
const ownerRows = owners.T.frames.map(decodeFrame).flatMap((f) => f.rows);
const pickTeams = [...new Set(ownerRows.map((r) => r.team).filter(Boolean))];
check(pickTeams.length >= 1, `teams of ${pick.join(', ')}: ${pickTeams.join(', ')}`);
const scenarios = [
  { name: `service=${pick.join('+')}`, vars: { service: quote(pick), team: quote(pickTeams) } },
  // All: the variables' custom all value `*` (any value, unowned rows included) ...
  { name: 'All', vars: { service: '*', team: '*' } },
  // ... and an explicit selection of every value.
  { name: 'every value', vars: { service: quote(services), team: quote(teams) } },
];

// --- frame checks ---
const TIME_FIELD = /^(time|timeEnd|.*_at)$/;
const STRING_FIELD = /^(service|team|environment|band|members|note|source|title|text|tags|kind|commit_sha|incident_id|deploy_environments|outcome|reason|path|url)$/;
const isNum = (f) => f.type.typeId === Type.Int || f.type.typeId === Type.Float;
function wellTyped(frames, what) {
  let rows = 0;
  for (const f of frames) {
    rows += f.rows.length;
    for (const field of f.schema.fields) {
      if (TIME_FIELD.test(field.name)) check(field.type.typeId === Type.Timestamp, `${what}: ${field.name} is a time field`);
      else if (STRING_FIELD.test(field.name)) check(field.type.typeId === Type.Utf8, `${what}: ${field.name} is a string (${field.type})`);
      else check(isNum(field), `${what}: ${field.name} is numeric (${field.type})`);
    }
  }
  check(rows > 0, `${what}: at least one row (${frames.length} frames, ${rows} rows)`);
}
// A field's display name as Grafana computes it for a single frame: the data
// source's displayNameFromDS, else the field name.
const displayNames = (f) => f.schema.fields.map((field) => {
  const cfg = field.metadata.get('config');
  return (cfg && JSON.parse(cfg).displayNameFromDS) || field.name;
});
function overridesMatch(panel, frames, what) {
  const names = new Set(frames.flatMap(displayNames));
  const rawNames = new Set(frames.flatMap((f) => f.schema.fields.map((x) => x.name)));
  for (const o of panel.fieldConfig.overrides || []) {
    if (o.matcher.id === 'byName' && !/^(Elite|High|Medium|Low|Insufficient sample)$/.test(o.matcher.options)) {
      check(names.has(o.matcher.options), `${what}: override "${o.matcher.options}" matches a field (${[...names].join(', ')})`);
    }
    if (o.matcher.id === 'byRegexp') {
      const re = new RegExp(o.matcher.options);
      check([...rawNames].some((n) => re.test(n)), `${what}: override /${o.matcher.options}/ matches a field`);
    }
  }
  for (const t of panel.transformations || []) {
    if (t.id === 'filterFieldsByName') {
      for (const n of t.options.include.names) check(names.has(n), `${what}: filterFieldsByName keeps existing field ${n} (${[...names].join(', ')})`);
    }
    if (t.id === 'joinByField') check(frames.every((f) => f.schema.fields.some((x) => x.name === t.options.byField)), `${what}: every frame has the join field ${t.options.byField}`);
    if (t.id === 'organize') for (const n of Object.keys(t.options.excludeByName || {})) check(names.has(n), `${what}: organize excludes existing field ${n}`);
    if (t.id === 'configFromData') {
      check(t.options.mappings.every((m) => names.has(m.fieldName)), `${what}: configFromData reads existing fields`);
      check(names.has(t.options.applyTo.options), `${what}: configFromData applies to existing field ${t.options.applyTo.options}`);
    }
  }
}

// The engine's catalog: band colours and cut-offs (dora catalog --json).
const catalog = JSON.parse(spawnSync(doraBin, ['catalog', '--json'], { encoding: 'utf8' }).stdout);
// Band fields carry the catalog's band colours in their value mappings, the
// colours the dashboards' thresholds use (dashboards_lint.mjs).
function bandColoursMatch(frames, what) {
  for (const f of frames) {
    const band = f.schema.fields.find((x) => x.name === 'band');
    const cfg = band && band.metadata.get('config');
    if (!cfg) continue;
    const options = ((JSON.parse(cfg).mappings || [])[0] || {}).options || {};
    const colours = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.color]));
    check(JSON.stringify(colours) === JSON.stringify(catalog.bandColors), `${what}: band colours are the catalog's (${JSON.stringify(colours)})`);
  }
}

// Services with at least ten deploys in the last 90 days: on the overview,
// each has a value at every weekly point of every per-service trend.
const deploys90 = (await queryData([{ refId: 'D', expr: 'deploys by service' }], NOW - 90 * DAY, NOW)).D.frames.map(decodeFrame)
  .flatMap((f) => f.rows);
const busyServices = deploys90.filter((r) => r.value >= 10).map((r) => r.service);
check(busyServices.length >= 10, `services with at least 10 deploys in 90 days: ${busyServices.length}`);
function everyPointOfBusyServices(frames, what) {
  const seen = new Set();
  for (const f of frames) {
    const value = f.schema.fields[1];
    const service = JSON.parse(value.metadata.get('labels') || '{}').service;
    if (!busyServices.includes(service)) continue;
    seen.add(service);
    const missing = f.rows.filter((row) => row[value.name] === null).length;
    check(f.rows.length >= 12 && missing === 0, `${what}: ${service} has a value at every weekly point (${missing} of ${f.rows.length} missing)`);
  }
  check(busyServices.every((x) => seen.has(x)), `${what}: a series for each service with 10 deploys in 90 days (${[...seen].length}/${busyServices.length})`);
}

// --- dashboards ---
const dashboards = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8')));
let panelQueries = 0, annotationQueries = 0;
for (const d of dashboards) {
  const rangeMs = (parseInt(d.time.from.replace('now-', ''), 10) || 90) * DAY;
  for (const sc of scenarios) {
    for (const p of d.panels.filter((x) => x.type !== 'row' && x.type !== 'text')) {
      const what = `${d.uid} panel ${p.id} "${p.title}" [${sc.name}]`;
      // What the frontend sends: the target with variables replaced, the
      // data source resolved, intervalMs and maxDataPoints from the panel.
      const models = p.targets.map((t) => ({ ...t, expr: interpolate(t.expr, sc.vars),
        datasource: { type: t.datasource.type, uid: provisioned.uid }, intervalMs: Math.max(1000, Math.round(rangeMs / 1200)), maxDataPoints: 1200 }));
      const res = await queryData(models, NOW - rangeMs, NOW);
      const allFrames = [];
      for (const m of models) {
        panelQueries++;
        const r = res[m.refId];
        check(r && r.status === 200 && r.error === '', `${what} ${m.refId}: status 200 (${r && r.status} ${r && r.error}) for ${m.expr}`);
        if (!r || r.status !== 200) continue;
        check(r.frames.length >= 1, `${what} ${m.refId}: frames`);
        const frames = r.frames.map(decodeFrame);
        // Stat and bar gauge panels send one query twice (A and N): it runs
        // once, and each answer's frames still carry its own refId.
        check(frames.every((f) => f.schema.metadata.get('refId') === m.refId), `${what} ${m.refId}: frames carry refId ${m.refId}`);
        wellTyped(frames, `${what} ${m.refId}`);
        const broken = dataplaneViolations(frames);
        check(broken.length === 0, `${what} ${m.refId}: keeps its declared type '${(frames[0].meta || {}).type || ''}' (${broken.join('; ')})`);
        if (/\bevery\b/.test(m.expr)) {
          check(frames[0].meta.type === 'timeseries-multi' && frames.every((f) => f.schema.fields[0].type.typeId === Type.Timestamp),
            `${what} ${m.refId}: time series frames`);
        }
        bandColoursMatch(frames, `${what} ${m.refId}`);
        if (d.uid === 'dora-overview' && sc.name === 'All' && / by service .*every 1w rolling/.test(m.expr)) {
          everyPointOfBusyServices(frames, `${what} ${m.refId}`);
        }
        allFrames.push(...frames);
      }
      if (allFrames.length) overridesMatch(p, allFrames, what);
    }
    for (const a of d.annotations.list) {
      const what = `${d.uid} annotation "${a.name}" [${sc.name}]`;
      annotationQueries++;
      const model = { ...a.target, expr: interpolate(a.target.expr, sc.vars), datasource: { type: a.datasource.type, uid: provisioned.uid } };
      const r = (await queryData([model], NOW - rangeMs, NOW))[model.refId];
      check(r && r.status === 200 && r.frames.length === 1, `${what}: status 200 (${r && r.error})`);
      if (!r || r.status !== 200) continue;
      const f = decodeFrame(r.frames[0]);
      wellTyped([f], what);
      check(dataplaneViolations([f]).length === 0, `${what}: keeps its declared type (${dataplaneViolations([f]).join('; ')})`);
      const names = f.schema.fields.map((x) => x.name);
      check(names[0] === 'time' && names.includes('title') && names.includes('text') && names.includes('tags'),
        `${what}: Grafana's annotation fields time, title, text, tags (${names.join(', ')})`);
    }
  }
}
check(panelQueries >= 40 && annotationQueries >= 6, `queries run: ${panelQueries} panel targets, ${annotationQueries} annotations`);

// --- time zones (issue 13) ---
// The frontend sends the viewer's IANA zone; a request without one (alert
// rules, API calls, "browser" the frontend could not resolve) runs in the data
// source's defaultTimeZone. Day buckets start at local midnight of that zone.
const berlinContext = { ...pluginContext, dataSourceInstanceSettings: { ...pluginContext.dataSourceInstanceSettings, uid: 'dora-berlin',
  jsonData: Buffer.from(JSON.stringify({ ...provisioned.jsonData, defaultTimeZone: 'Europe/Berlin' })) } };
const localMidnight = (ms, zone) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  .format(new Date(ms)) === '00:00';
async function bucketStarts(model, headers, context) {
  const r = (await queryData([{ refId: 'Z', expr: 'deploys every 1d', ...model }], NOW - 5 * DAY, NOW, headers, context)).Z;
  check(r && r.status === 200, `zone query ${JSON.stringify(model)}: status 200 (${r && r.error})`);
  if (!r || r.status !== 200) return [];
  const f = decodeFrame(r.frames[0]);
  const time = f.schema.fields.find((x) => x.type.typeId === Type.Timestamp);
  return f.rows.map((row) => Number(row[time.name]));
}
for (const [what, model, headers, context, zone] of [
  ['browser zone, data source default Europe/Berlin', { timezone: 'browser' }, {}, berlinContext, 'Europe/Berlin'],
  ['no zone (an API call), data source default Europe/Berlin', {}, {}, berlinContext, 'Europe/Berlin'],
  ['alert rule (FromAlert, no zone), data source default Europe/Berlin', {}, { FromAlert: 'true' }, berlinContext, 'Europe/Berlin'],
  ['the frontend-resolved zone Europe/Berlin on the UTC data source', { timezone: 'Europe/Berlin' }, {}, pluginContext, 'Europe/Berlin'],
  ['browser zone on the provisioned data source (default UTC)', { timezone: 'browser' }, {}, pluginContext, 'UTC'],
  ['utc on the Berlin data source', { timezone: 'utc' }, {}, berlinContext, 'UTC'],
]) {
  const starts = await bucketStarts(model, headers, context);
  check(starts.length >= 5 && starts.every((t) => localMidnight(t, zone)),
    `${what}: day buckets start at ${zone} midnight (${starts.slice(0, 2).map((t) => new Date(t).toISOString()).join(', ')})`);
}

// --- alert rules, as the alerting engine sends them ---
const alerting = YAML.parse(readFileSync(join(root, 'provisioning/alerting/dora-rules.yaml'), 'utf8'));
const rules = alerting.groups.flatMap((g) => g.rules);
const NUMERIC_TYPES = ['numeric-long', 'numeric-multi', 'numeric-wide'];
const exprOf = (rule) => rule.data.find((x) => x.datasourceUid !== '__expr__').model.expr;
const evaluatorOf = (rule) => rule.data.find((x) => x.refId === rule.condition).model.conditions[0].evaluator;

// Thresholds are the core's band cut-offs (src/metrics/bands.cc), as `dora
// catalog --json` prints them, for the provisioned data source's profile.
const profile = catalog.bandProfiles.find((p) => p.id === provisioned.jsonData.bandProfile);
check(profile && profile.cutoffs, `band profile ${provisioned.jsonData.bandProfile} with cut-offs in dora catalog --json`);
const BAND_RULES = { 'change_failure_rate by service': 'change_failure_rate', 'lead_time p50 by service': 'lead_time' };
for (const rule of rules.filter((r) => BAND_RULES[exprOf(r)])) {
  const cut = profile.cutoffs[BAND_RULES[exprOf(rule)]];
  const ev = evaluatorOf(rule);
  // Below High: above the High cut-off for a lower-is-better metric (at it
  // too for a non-inclusive ladder; Grafana's threshold has only gt).
  check(cut.lowerIsBetter && ev.type === 'gt' && ev.params[0] === cut.High,
    `alert rule ${rule.uid}: fires above the High cut-off of ${profile.id} (${ev.type} ${ev.params[0]}, core High ${cut.High})`);
}

// A service that is clearly below High on both band rules, seeded next to the
// demo data: 10 production deploys in the last 20 days, 4 failed (40 %), the
// successful ones 20 days after their first commit.
const seeded = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url, '-c', `
INSERT INTO delivery_events (event_type, service, team, environment, commit_sha, first_commit_ts, occurred_at, success, is_rollback, source, dedupe_key)
SELECT 'deploy', 'seeded-bad', 'seeded', 'prod', 'bad' || g, now() - make_interval(days => g + 20), now() - make_interval(days => g),
       g % 5 NOT IN (0, 1), false, 'ci', 'seeded-bad-' || g FROM generate_series(1, 10) AS g`], { encoding: 'utf8' });
check(seeded.status === 0, `seeded a bad service: ${seeded.stderr}`);

let ruleQueries = 0;
for (const rule of rules) {
  for (const q of rule.data.filter((x) => x.datasourceUid !== '__expr__')) {
    const what = `alert rule ${rule.uid} ${q.refId} (${q.model.expr})`;
    ruleQueries++;
    check(q.datasourceUid === provisioned.uid, `${what}: datasourceUid is the provisioned data source`);
    const from = NOW - q.relativeTimeRange.from * 1000, to = NOW - q.relativeTimeRange.to * 1000;
    const r = (await queryData([q.model], from, to, { FromAlert: 'true' }))[q.refId];
    check(r && r.status === 200 && r.error === '', `${what}: status 200 (${r && r.error})`);
    if (!r || r.status !== 200) continue;
    const frames = r.frames.map(decodeFrame);
    check(frames.length >= 1, `${what}: frames`);
    const broken = dataplaneViolations(frames);
    check(broken.length === 0, `${what}: keeps its declared type (${broken.join('; ')})`);
    const first = frames[0];
    const type = first.meta && first.meta.type;
    const typeVersion = (first.meta && first.meta.typeVersion) || [0, 0];
    check(type && (typeVersion[0] !== 0 || typeVersion[1] !== 0), `${what}: typed frame ${type} ${JSON.stringify(typeVersion)} (dataplane reader)`);
    check(NUMERIC_TYPES.includes(type), `${what}: numeric frame (${type}), one alert instance per row`);
    if (!NUMERIC_TYPES.includes(type)) continue;
    check(frames.length === 1, `${what}: one numeric frame`);
    const numeric = first.schema.fields.filter(isNum);
    const labels = first.schema.fields.filter((f) => !isNum(f));
    check(numeric.length === 1 && numeric[0].type.typeId === Type.Float, `${what}: exactly one numeric (float64) value field`);
    check(labels.every((f) => f.type.typeId === Type.Utf8), `${what}: every other field is a string label`);
    check(first.rows.length >= 1, `${what}: at least one row (${first.rows.length})`);
    const sets = first.rows.map((row) => JSON.stringify(labels.map((f) => row[f.name])));
    check(new Set(sets).size === sets.length, `${what}: unique label sets per row`);
    // What the rule's reduce (last, nulls dropped) and threshold make of each row.
    const cond = evaluatorOf(rule);
    const fires = (v) => v !== null && v !== undefined && (cond.type === 'gt' ? v > cond.params[0] : cond.type === 'lt' ? v < cond.params[0] : false);
    const firing = new Set(first.rows.filter((row) => fires(row[numeric[0].name])).map((row) => row[labels[0].name]));
    console.log(`${rule.uid}: ${first.rows.length} instances, ${firing.size} fire: ${[...firing].join(', ')}`);
    if (BAND_RULES[q.model.expr]) {
      // The rule fires for exactly the services the plugin bands below High on
      // the same query and window (the dashboards' band), the seeded one among them.
      const table = (await queryData([{ ...q.model, refId: 'T' }], from, to)).T;
      const bands = new Map(decodeFrame(table.frames[0]).rows.map((row) => [row.service, row.band]));
      const below = new Set([...bands].filter(([, b]) => b === 'Medium' || b === 'Low').map(([svc]) => svc));
      check(JSON.stringify([...firing].sort()) === JSON.stringify([...below].sort()),
        `${what}: fires for the services banded below High (${[...firing].sort().join(', ')} / ${[...below].sort().join(', ')})`);
      check(firing.has('seeded-bad'), `${what}: fires for the seeded bad service`);
      check(first.rows.some((row) => !fires(row[numeric[0].name])), `${what}: quiet for the demo's healthy services`);
    } else {
      check(firing.size === 0, `${what}: quiet on a database that receives events`);
      // Silence from every source: the same query over 72 hours nobody sent
      // anything in answers no rows, which the rule's noDataState alerts on.
      const silent = (await queryData([q.model], NOW + DAY, NOW + DAY + q.relativeTimeRange.from * 1000, { FromAlert: 'true' }))[q.refId];
      const rows = silent && silent.status === 200 ? silent.frames.map(decodeFrame).reduce((n, f) => n + f.rows.length, 0) : -1;
      check(rows === 0 && rule.noDataState === 'Alerting', `${what}: no event from any source is no data, and no data alerts (${rows} rows)`);
    }
  }
}
check(ruleQueries >= 3, `alert rule queries run: ${ruleQueries}`);

// --- one band basis: dora report and the dashboards band each service alike ---
// The report over the dashboards' 90 days with the provisioned data source's
// policy, against every dashboard query that bands a duration per service
// (All selected), run through the plugin over the same window.
const bandTo = Math.floor(NOW / 1000) * 1000, bandFrom = bandTo - 90 * DAY;
const policy = provisioned.jsonData;
const reportRun = spawnSync(doraBin, ['report', '--format', 'json', '--from', new Date(bandFrom).toISOString(),
  '--to', new Date(bandTo).toISOString(), '--band-profile', policy.bandProfile, '--failure-signals', policy.failureSignals,
  '--min-sample', String(policy.minSample), '--skew-tolerance', policy.skewTolerance, '--incident-window', policy.incidentLinkWindow],
{ encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url } });
check(reportRun.status === 0, `dora report runs: ${reportRun.stderr}`);
const report = reportRun.status === 0 ? JSON.parse(reportRun.stdout) : [];
const REPORT_BAND = { lead_time: 'lead_time_band', recovery_time: 'recovery_time_band', mttr: 'recovery_time_band' };
let bandComparisons = 0;
for (const d of dashboards) {
  for (const p of d.panels) {
    for (const t of p.targets || []) {
      const words = String(t.expr).trim().split(/\s+/);
      if (!REPORT_BAND[words[0]] || !/\bby service\b/.test(t.expr) || /\b(every|samples|band distribution)\b/.test(t.expr)) continue;
      const expr = interpolate(t.expr, { service: '*', team: '*' });
      const r = (await queryData([{ refId: 'B', expr }], bandFrom, bandTo)).B;
      const rows = r && r.status === 200 ? decodeFrame(r.frames[0]).rows : [];
      const mine = new Map(rows.map((row) => [row.service, row.band ?? null]));
      const theirs = new Map(report.map((row) => [row.service, row[REPORT_BAND[words[0]]] ?? null]));
      const differ = [...theirs].filter(([svc, band]) => (mine.get(svc) ?? null) !== band).map(([svc, band]) => `${svc}: report ${band}, panel ${mine.get(svc) ?? null}`);
      check(rows.length > 0 && report.length >= 12 && differ.length === 0,
        `${d.uid} panel "${p.title}" (${t.expr}): the same band per service as dora report (${rows.length} rows, ${report.length} report rows; ${differ.join('; ')})`);
      bandComparisons++;
    }
  }
}
check(bandComparisons >= 4, `band basis: duration band queries compared with dora report (${bandComparisons})`);

c.close();
plugin.child.kill('SIGTERM');
db.drop();
finish();
