// Every query the shipped dashboards and alert rules send, run through the
// built plugin over gRPC the way Grafana sends it, against a real PostgreSQL
// loaded with demo data:
//  * the data source is configured from provisioning/datasources/dora.yaml with
//    Grafana's ${VAR} expansion, and must pass CheckHealth;
//  * panel targets and annotation queries, with $service / $team interpolated
//    as the frontend does (single-quoted, '' escaped, comma-separated) for two
//    real services and their teams, and for "All", must answer 200 with
//    well-typed, non-empty frames, and the field names the panels' overrides
//    and transformations refer to must exist;
//  * alert rule queries, sent with FromAlert: true over their relativeTimeRange,
//    must return frames Grafana's alerting engine accepts (typed numeric or
//    time series frames with a non-zero typeVersion, one numeric field, unique
//    label sets);
//  * every answer keeps the promise of the data-plane type it declares
//    (dataplaneViolations): panels' metric and band tables declare none.
//
// usage: node dashboards_queries.mjs <plugin binary> <dora binary> <repo root>
// env:   DORA_TEST_PG_URL (admin URL of the test cluster, from ctest)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'apache-arrow';
import YAML from 'yaml';
import { makeChecker, launchPlugin, clients, decodeFrame, createDemoDatabase, clusterPassword, dataplaneViolations } from './plugin_support.mjs';

const [pluginBin, doraBin, root] = process.argv.slice(2);
const adminUrl = process.env.DORA_TEST_PG_URL;
const { check, finish } = makeChecker();

// --- database: demo data ending today, so relative alert windows have data ---
const db = createDemoDatabase({ adminUrl, doraBin, name: `dora_dashboards_${process.pid}`, check,
  demoArgs: ['--services', '12', '--days', '120'] });
const dbName = db.name;

// --- the data source exactly as provisioning/datasources/dora.yaml makes it ---
const { hostname, port } = new URL(adminUrl);
const grafanaEnv = { DORA_PG_HOST: `${hostname}:${port}`, DORA_PG_USER: 'postgres', DORA_PG_PASSWORD: clusterPassword(),
  DORA_PG_DATABASE: dbName, DORA_PG_SSLMODE: 'disable' };
// Grafana's provisioning expansion: $VAR and ${VAR} from the environment, $$ is a literal $.
const expand = (v) => (typeof v === 'string'
  ? v.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b) => (m === '$$' ? '$' : grafanaEnv[a || b] ?? ''))
  : Array.isArray(v) ? v.map(expand) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)])) : v);
const provisioned = expand(YAML.parse(readFileSync(join(root, 'provisioning/datasources/dora.yaml'), 'utf8')).datasources[0]);
const pluginContext = {
  orgId: '1', pluginId: provisioned.type,
  dataSourceInstanceSettings: {
    id: '1', uid: provisioned.uid, name: provisioned.name, url: provisioned.url, user: provisioned.user,
    jsonData: Buffer.from(JSON.stringify(provisioned.jsonData)), lastUpdatedMS: '1',
    decryptedSecureJsonData: provisioned.secureJsonData,
  },
};

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
async function queryData(models, fromMs, toMs, headers = {}) {
  const queries = models.map((m) => ({
    refId: m.refId, maxDataPoints: String(m.maxDataPoints ?? 1200), intervalMS: String(m.intervalMs ?? 3600000),
    timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
    json: Buffer.from(JSON.stringify(m)),
  }));
  return (await c.call('data', 'QueryData', { pluginContext, headers, queries })).responses;
}

// --- representative variable values from the data ---
const services = (await resource('services')).map((x) => x.value);
const teams = (await resource('teams')).map((x) => x.value);
check(services.length === 12 && teams.length >= 3, `services (${services.length}) and teams (${teams.length}) from the resources`);
const pick = services.slice(0, 2);
const quote = (vals) => vals.map((v) => `'${String(v).replace(/'/g, "''")}'`).join(',');
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
// The frontend's interpolation: $var and ${var} (and ${var:format}) in expr.
const interpolate = (expr, vars) => expr.replace(/\$\{([A-Za-z_]\w*)(?::[a-z]+)?\}|\$([A-Za-z_]\w*)/g,
  (m, a, b) => (vars[a || b] !== undefined ? vars[a || b] : m));

// --- frame checks ---
const TIME_FIELD = /^(time|timeEnd|.*_at)$/;
const STRING_FIELD = /^(service|team|environment|band|members|note|source|title|text|tags|kind|commit_sha|incident_id|deploy_environments|outcome|reason|path)$/;
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
    if (t.id === 'joinByField') check(frames.every((f) => f.schema.fields.some((x) => x.name === t.options.byField)), `${what}: every frame has the join field ${t.options.byField}`);
    if (t.id === 'organize') for (const n of Object.keys(t.options.excludeByName || {})) check(names.has(n), `${what}: organize excludes existing field ${n}`);
    if (t.id === 'configFromData') {
      check(t.options.mappings.every((m) => names.has(m.fieldName)), `${what}: configFromData reads existing fields`);
      check(names.has(t.options.applyTo.options), `${what}: configFromData applies to existing field ${t.options.applyTo.options}`);
    }
  }
}

// --- dashboards ---
const dashboards = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8')));
let panelQueries = 0, annotationQueries = 0;
for (const d of dashboards) {
  const rangeMs = (parseInt(d.time.from.replace('now-', ''), 10) || 90) * DAY;
  for (const sc of scenarios) {
    for (const p of d.panels.filter((x) => x.type !== 'row')) {
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
        wellTyped(frames, `${what} ${m.refId}`);
        const broken = dataplaneViolations(frames);
        check(broken.length === 0, `${what} ${m.refId}: keeps its declared type '${(frames[0].meta || {}).type || ''}' (${broken.join('; ')})`);
        if (m.format === 'time_series') {
          check(frames[0].meta.type === 'timeseries-multi' && frames.every((f) => f.schema.fields[0].type.typeId === Type.Timestamp),
            `${what} ${m.refId}: time series frames`);
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

// --- alert rules, as the alerting engine sends them ---
const alerting = YAML.parse(readFileSync(join(root, 'provisioning/alerting/dora-rules.yaml'), 'utf8'));
const NUMERIC_TYPES = ['numeric-long', 'numeric-multi', 'numeric-wide'];
let ruleQueries = 0;
for (const rule of alerting.groups.flatMap((g) => g.rules)) {
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
    if (NUMERIC_TYPES.includes(type)) {
      check(frames.length === 1, `${what}: one numeric frame`);
      const numeric = first.schema.fields.filter(isNum);
      const labels = first.schema.fields.filter((f) => !isNum(f));
      check(numeric.length === 1 && numeric[0].type.typeId === Type.Float, `${what}: exactly one numeric (float64) value field`);
      check(labels.every((f) => f.type.typeId === Type.Utf8), `${what}: every other field is a string label`);
      check(first.rows.length >= 1, `${what}: at least one row (${first.rows.length})`);
      const sets = first.rows.map((row) => JSON.stringify(labels.map((f) => row[f.name])));
      check(new Set(sets).size === sets.length, `${what}: unique label sets per row`);
      const cond = rule.data.find((x) => x.refId === rule.condition).model.conditions[0].evaluator;
      const firing = first.rows.filter((row) => {
        const v = row[numeric[0].name] ?? 0;
        return cond.type === 'gt' ? v > cond.params[0] : cond.type === 'lt' ? v < cond.params[0] : false;
      });
      console.log(`${rule.uid}: ${first.rows.length} instances, ${firing.length} would fire`);
    } else {
      check(/^timeseries-/.test(type), `${what}: numeric or time series frame (${type})`);
      for (const f of frames) {
        check(f.schema.fields[0].type.typeId === Type.Timestamp && f.schema.fields.slice(1).every(isNum), `${what}: wide series (time + numbers)`);
      }
    }
  }
}
check(ruleQueries >= 3, `alert rule queries run: ${ruleQueries}`);

c.close();
plugin.child.kill('SIGTERM');
db.drop();
finish();
