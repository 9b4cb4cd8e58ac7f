// Static checks of the shipped Grafana dashboards, the provisioning files and
// docker-compose.yml: stable uids, no hard-coded data source uid, every
// dashboard listed in plugin.json `includes` and vice versa, the variables the
// frontend serves and how they chain, panel layout, band thresholds and
// colours against the engine's catalog (`dora catalog --json`), and the key
// spellings Grafana's provisioning parsers read (execErrState, datasourceUid,
// relativeTimeRange in seconds).
//
// usage: node dashboards_lint.mjs <repo root> <dora binary>
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { makeChecker } from './plugin_support.mjs';

const [root, doraBin] = process.argv.slice(2);
const { check, finish } = makeChecker();
// The catalog the dashboards are checked against: band cut-offs per profile,
// band colours (the ones the frames' band value mappings carry), metric
// aliases and the variable query heads.
const catalogRun = spawnSync(doraBin, ['catalog', '--json'], { encoding: 'utf8' });
check(catalogRun.status === 0, `${doraBin} catalog --json runs: ${catalogRun.error || catalogRun.stderr}`);
if (catalogRun.status !== 0) finish();
const catalog = JSON.parse(catalogRun.stdout);
const PLUGIN_ID = 'dora-metrics-datasource';
const DS_VAR = '${datasource}';
const isOurDs = (ds) => ds && typeof ds === 'object' && ds.type === PLUGIN_ID && ds.uid === DS_VAR && Object.keys(ds).length === 2;
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const readYaml = (p) => {
  const doc = YAML.parseDocument(readFileSync(p, 'utf8'), { uniqueKeys: true });
  check(doc.errors.length === 0, `${p} parses as YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS();
};

// ---------------- plugin.json includes <-> dashboards/*.json ----------------
const plugin = readJson(join(root, 'plugin.json'));
const includes = (plugin.includes || []).filter((i) => i.type === 'dashboard');
const files = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json')).sort();
check(files.length >= 2, `at least two dashboards shipped (${files.length})`);
check(includes.length === (plugin.includes || []).length, 'plugin.json includes are all dashboards');
for (const f of files) check(includes.some((i) => i.path === `dashboards/${f}`), `dashboards/${f} is listed in plugin.json includes`);
for (const i of includes) {
  check(existsSync(join(root, i.path)), `includes ${i.path} exists`);
  check(typeof i.name === 'string' && i.name.length > 0, `includes ${i.path} has a name`);
}

const dashboards = new Map();
for (const f of files) dashboards.set(f, readJson(join(root, 'dashboards', f)));
const uids = new Set();
const panelIds = new Map();

// Every object under a "datasource" key, anywhere, with its path.
function* datasourceRefs(node, path = '') {
  if (Array.isArray(node)) { for (let i = 0; i < node.length; i++) yield* datasourceRefs(node[i], `${path}[${i}]`); return; }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'datasource') yield [`${path}.${k}`, v];
    yield* datasourceRefs(v, `${path}.${k}`);
  }
}
// The metric a query is about (its first word, aliases resolved), or ''.
const metricOf = (expr) => {
  const word = String(expr || '').trim().split(/\s+/)[0].toLowerCase();
  const m = (catalog.metrics || []).find((x) => x.name === word || (x.aliases || []).includes(word));
  return m ? m.name : '';
};
const panelsOf = (d) => (d.panels || []).flatMap((p) => [p, ...(p.panels || [])]);
const VARIABLE_RE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const BUILTIN_VARS = new Set(['__all', '__interval', '__interval_ms', '__range', '__range_s', '__range_ms', '__rate_interval',
  '__value', '__url_time_range', '__field', '__series', '__data', '__from', '__to', '__dashboard', '__org', '__user', '__timezone']);

for (const [file, d] of dashboards) {
  const where = `dashboards/${file}`;
  check(typeof d.uid === 'string' && /^[a-z0-9-]{3,40}$/.test(d.uid), `${where}: stable uid (${d.uid})`);
  check(!uids.has(d.uid), `${where}: uid is unique`); uids.add(d.uid);
  check(typeof d.title === 'string' && d.title.length > 0, `${where}: title`);
  const inc = includes.find((i) => i.path === `dashboards/${file}`);
  check(inc && inc.name === d.title, `${where}: includes name equals the title (${inc && inc.name} / ${d.title})`);
  check(d.id === null || d.id === undefined, `${where}: no database id`);
  check(Number.isInteger(d.schemaVersion) && d.schemaVersion >= 36 && d.schemaVersion <= 41, `${where}: schemaVersion ${d.schemaVersion}`);
  check(typeof d.description === 'string' && d.description.length > 20, `${where}: description`);
  check(Array.isArray(d.tags) && d.tags.includes('dora'), `${where}: tagged dora`);
  check(d.time && d.time.from && d.time.to, `${where}: default time range`);

  // No hard-coded data source uid anywhere.
  for (const [path, ds] of datasourceRefs(d)) check(isOurDs(ds), `${where}${path} is {type: ${PLUGIN_ID}, uid: ${DS_VAR}} (${JSON.stringify(ds)})`);
  check(!/"uid":\s*"(?!\$\{datasource\}|dora-overview|dora-service|dora-team)[^"]*"/.test(JSON.stringify(d).replace(`"uid":"${d.uid}"`, '')),
    `${where}: no uid other than \${datasource} and the dashboard's own`);

  // Variables.
  const vars = (d.templating && d.templating.list) || [];
  const v = (name) => vars.find((x) => x.name === name);
  const dsVar = v('datasource');
  check(dsVar && dsVar.type === 'datasource' && dsVar.query === PLUGIN_ID, `${where}: $datasource variable of type datasource, query ${PLUGIN_ID}`);
  // $team lists the teams; $service the services of the selected teams
  // (`services where team in ($team)`, the variable query the values
  // resource reads), so $team comes first. Both follow the time range.
  // Every dashboard lets both be several values or All (the any-value
  // wildcard '*'), except the service dashboard: one service, no All.
  const heads = (catalog.variableQuery && catalog.variableQuery.heads) || [];
  const CHAIN = { team: undefined, service: 'team in ($team)' };
  for (const dim of ['team', 'service']) {
    const x = v(dim);
    check(x && x.type === 'query', `${where}: $${dim} is a query variable`);
    if (!x) continue;
    const single = d.uid === 'dora-service' && dim === 'service';
    if (single) {
      check(x.multi === false && x.includeAll === false && x.allValue === undefined, `${where}: $${dim} is one value, without All`);
      check(x.current && !x.current.value, `${where}: $${dim} has no saved value (Grafana selects the first service)`);
    } else {
      check(x.multi === true && x.includeAll === true, `${where}: $${dim} multi-value with All`);
      check(x.allValue === '*', `${where}: $${dim} All is the query language's any-value wildcard '*'`);
    }
    check(isOurDs(x.datasource), `${where}: $${dim} uses the \${datasource} variable`);
    const q = x.query || {};
    check(q.refId === dim && q.dimension === dim && q.where === CHAIN[dim],
      `${where}: $${dim} query model {refId: ${dim}, dimension: ${dim}${CHAIN[dim] ? `, where: ${CHAIN[dim]}` : ''}} (${JSON.stringify(q)})`);
    const text = `${dim}s${CHAIN[dim] ? ` where ${CHAIN[dim]}` : ''}`;
    check(heads.includes(`${dim}s`) && x.definition === text, `${where}: $${dim} definition is the variable query "${text}" (${x.definition})`);
    check(x.refresh === 2, `${where}: $${dim} refreshes on time range change (the values are those seen in the range)`);
  }
  check(vars.findIndex((x) => x.name === 'team') < vars.findIndex((x) => x.name === 'service'), `${where}: $team comes before $service, which it narrows`);
  const varNames = new Set(vars.map((x) => x.name));

  // Annotations: our data source, annotation queries only.
  const annos = (d.annotations && d.annotations.list) || [];
  check(annos.length >= 3, `${where}: deploy/rollback/incident annotations (${annos.length})`);
  for (const a of annos) {
    check(isOurDs(a.datasource), `${where}: annotation ${a.name} uses \${datasource}`);
    check(a.target && /^annotations\b/.test(a.target.expr) && isOurDs(a.target.datasource) && a.target.refId,
      `${where}: annotation ${a.name} target is an annotations query`);
    check(a.target && !('format' in a.target), `${where}: annotation ${a.name} target has no format (the backend never reads it)`);
    // Deploys would draw a line per deploy over every chart: off unless asked for.
    const deploys = a.target && /^annotations\s+deploys\b/.test(a.target.expr);
    check(a.enable === !deploys, `${where}: annotation ${a.name} is ${deploys ? 'off' : 'on'} by default (${a.enable})`);
    check(typeof a.iconColor === 'string' && typeof a.enable === 'boolean', `${where}: annotation ${a.name} has iconColor and enable`);
  }
  const kinds = annos.map((a) => a.target.expr).join(' ');
  for (const k of ['deploys', 'rollbacks', 'incidents']) check(kinds.includes(k), `${where}: an annotation for ${k}`);

  // Panels: ids, layout, descriptions, targets.
  const panels = d.panels || [];
  const ids = new Set();
  const cells = new Set();
  for (const p of panels) {
    const pw = `${where} panel ${p.id} "${p.title}"`;
    check(Number.isInteger(p.id) && !ids.has(p.id), `${pw}: unique integer id`); ids.add(p.id);
    const g = p.gridPos || {};
    check([g.x, g.y, g.w, g.h].every(Number.isInteger) && g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.h > 0, `${pw}: gridPos within 24 columns`);
    const overlaps = [];
    for (let yy = g.y; yy < g.y + g.h; yy++) for (let xx = g.x; xx < g.x + g.w; xx++) {
      if (cells.has(`${xx},${yy}`)) overlaps.push(`${xx},${yy}`);
      cells.add(`${xx},${yy}`);
    }
    check(overlaps.length === 0, `${pw}: does not overlap another panel (${overlaps.slice(0, 3).join(' ')})`);
    if (p.type === 'row') { check(!p.targets, `${pw}: rows have no targets`); continue; }
    check(typeof p.title === 'string' && p.title.length > 0, `${pw}: title`);
    check(typeof p.description === 'string' && p.description.length >= 40, `${pw}: description explains the metric`);
    if (p.type === 'text') {
      check(!p.targets && !p.datasource && p.options && p.options.mode === 'markdown' && p.options.content.length > 100, `${pw}: markdown text without queries`);
      continue;
    }
    check(isOurDs(p.datasource), `${pw}: datasource is \${datasource}`);
    const targets = p.targets || [];
    check(targets.length > 0, `${pw}: has targets`);
    const refIds = new Set();
    for (const t of targets) {
      check(isOurDs(t.datasource), `${pw} ${t.refId}: target datasource is \${datasource}`);
      check(typeof t.refId === 'string' && !refIds.has(t.refId), `${pw}: unique refId ${t.refId}`); refIds.add(t.refId);
      check(typeof t.expr === 'string' && t.expr.trim().length > 0, `${pw} ${t.refId}: expr`);
      check(!('format' in t), `${pw} ${t.refId}: no format (the backend never reads it; the query's shape decides the frame)`);
      for (const m of t.expr.matchAll(VARIABLE_RE)) check(varNames.has(m[1]) || BUILTIN_VARS.has(m[1]), `${pw} ${t.refId}: variable $${m[1]} is defined`);
      if (/\$service\b/.test(t.expr)) check(/service in \(\$service\)/.test(t.expr), `${pw} ${t.refId}: $service used as "service in ($service)"`);
      if (/\$team\b/.test(t.expr)) check(/team in \(\$team\)/.test(t.expr), `${pw} ${t.refId}: $team used as "team in ($team)"`);
    }
    for (const tr of p.transformations || []) {
      if (tr.id === 'configFromData') check(refIds.has(tr.options.configRefId), `${pw}: configFromData refers to an existing query`);
    }
  }
  panelIds.set(d.uid, ids);
}

// Data links and dashboard links point at shipped dashboards or the plugin's
// own page (its README: the definitions), never outside Grafana.
for (const [file, d] of dashboards) {
  const text = JSON.stringify(d);
  for (const m of text.matchAll(/\/d\/([a-z0-9-]+)\//g)) check(uids.has(m[1]), `dashboards/${file}: link to /d/${m[1]}/ targets a shipped dashboard`);
  for (const m of text.matchAll(/\]\(([^)]*)\)/g)) {
    check(m[1] === `/plugins/${PLUGIN_ID}` || /^\/d\/[a-z0-9-]+\//.test(m[1]), `dashboards/${file}: markdown link ${m[1]} is the plugin's page or a shipped dashboard`);
  }
  check(!/https?:\/\//.test(text), `dashboards/${file}: no absolute URL`);
}

// ---------------- bands: thresholds and colours from the catalog ----------------
// The dashboards colour bands as the frames do (BandColor in the core, the
// catalog's bandColors) and draw the cut-offs of the provisioned data
// source's band profile as thresholds. Grafana colours a value at a step
// with that step, so a step at each cut-off, worst band last for
// lower-is-better metrics and best band last otherwise, is the ladder; only
// a value exactly at an inclusive lower-is-better cut-off (a change failure
// rate of exactly 5 %) is one band worse in a threshold colour than in the
// band column.
const provisionedProfile = (YAML.parse(readFileSync(join(root, 'provisioning/datasources/dora.yaml'), 'utf8')).datasources[0].jsonData || {}).bandProfile;
const profile = (catalog.bandProfiles || []).find((p) => p.id === (provisionedProfile || catalog.defaultBandProfile));
const COLORS = catalog.bandColors || {};
check(profile && profile.cutoffs && ['Elite', 'High', 'Medium', 'Low'].every((b) => typeof COLORS[b] === 'string'),
  `catalog: band profile ${provisionedProfile} with cut-offs, and bandColors (${JSON.stringify(COLORS)})`);
const bandSteps = (metric) => {
  const c = profile.cutoffs[metric];
  return c.lowerIsBetter
    ? [[null, COLORS.Elite], [c.Elite, COLORS.High], [c.High, COLORS.Medium], [c.Medium, COLORS.Low]]
    : [[null, COLORS.Low], [c.Medium, COLORS.Medium], [c.High, COLORS.High], [c.Elite, COLORS.Elite]];
};
const stepsOf = (t) => ((t && t.steps) || []).map((x) => [x.value ?? null, x.color]);
let bandedPanels = 0;
for (const [file, d] of dashboards) {
  for (const p of panelsOf(d)) {
    const pw = `dashboards/${file} panel ${p.id} "${p.title}"`;
    const metrics = [...new Set((p.targets || []).map((t) => metricOf(t.expr)))];
    const banded = metrics.length === 1 && profile && profile.cutoffs && profile.cutoffs[metrics[0]];
    const defaults = (p.fieldConfig && p.fieldConfig.defaults) || {};
    const isBandDistribution = (p.targets || []).some((t) => /\bband distribution\b/.test(t.expr));
    // A chart of tail percentiles (lead_time p90) draws no band: bands are on
    // the median (the band basis below).
    const stats = (p.targets || []).map((t) => String(t.expr).trim().toLowerCase().split(/\s+/)[1] || '');
    const onBasis = stats.every((x) => ['p50', 'median', 'by', 'where', 'every', 'vs'].includes(x));
    if (p.type === 'timeseries' && !(banded && onBasis)) {
      const mode = defaults.custom && defaults.custom.thresholdsStyle && defaults.custom.thresholdsStyle.mode;
      check(mode === 'off', `${pw}: draws no band thresholds (not one banded metric on the median; ${mode})`);
    }
    // Every trend and headline tile of a banded metric on the band basis
    // draws or colours by the cut-offs.
    if (banded && onBasis && !isBandDistribution && (p.type === 'timeseries' || p.type === 'stat')) {
      bandedPanels++;
      check(JSON.stringify(stepsOf(defaults.thresholds)) === JSON.stringify(bandSteps(metrics[0])),
        `${pw}: thresholds are the ${profile.id} ${metrics[0]} cut-offs in the band colours (${JSON.stringify(stepsOf(defaults.thresholds))} / ${JSON.stringify(bandSteps(metrics[0]))})`);
      if (p.type === 'timeseries') {
        const mode = defaults.custom && defaults.custom.thresholdsStyle && defaults.custom.thresholdsStyle.mode;
        check(mode && mode !== 'off', `${pw}: the cut-offs are drawn (thresholdsStyle ${mode})`);
      } else {
        check(defaults.color && defaults.color.mode === 'thresholds', `${pw}: the value is coloured by its band`);
      }
    }
    // Band names mapped or matched anywhere carry the catalog's colours.
    for (const o of (p.fieldConfig && p.fieldConfig.overrides) || []) {
      if (o.matcher.id === 'byName' && COLORS[o.matcher.options]) {
        const c = o.properties.find((x) => x.id === 'color');
        check(c && c.value.fixedColor === COLORS[o.matcher.options], `${pw}: ${o.matcher.options} bars are ${COLORS[o.matcher.options]}`);
      }
      for (const prop of o.properties) {
        if (prop.id !== 'mappings') continue;
        for (const m of prop.value) for (const [k, v] of Object.entries(m.options || {})) {
          if (COLORS[k]) check(v.color === COLORS[k], `${pw}: band ${k} is ${COLORS[k]} (${v.color})`);
        }
      }
    }
    // No text hard-codes the minimum sample (a data source setting).
    const texts = [defaults.noValue, ...((p.fieldConfig && p.fieldConfig.overrides) || []).flatMap((o) => o.properties.filter((x) => x.id === 'noValue').map((x) => x.value))];
    for (const t of texts.filter((x) => x !== undefined)) check(!/\d/.test(t), `${pw}: noValue "${t}" names no number (the minimum sample is a data source setting)`);
    check(!/fewer than \d+ samples|\bn < \d/.test(p.description || ''), `${pw}: the description names no minimum sample number`);
  }
}
check(bandedPanels >= 10, `band thresholds checked on ${bandedPanels} tiles and trends`);

const overview = [...dashboards.values()].find((d) => d.uid === 'dora-overview');
check(overview, 'DORA overview dashboard has uid dora-overview');
const service = [...dashboards.values()].find((d) => d.uid === 'dora-service');
check(service, 'DORA service dashboard has uid dora-service');
const team = [...dashboards.values()].find((d) => d.uid === 'dora-team');
check(team, 'DORA team dashboard has uid dora-team');
const exprsOf = (d) => panelsOf(d).flatMap((p) => (p.targets || []).map((t) => t.expr)).join('\n');
const linkOf = (table, field) => {
  const o = table && table.fieldConfig.overrides.find((x) => x.matcher.options === field);
  const links = o && o.properties.find((x) => x.id === 'links');
  return links ? links.value[0].url : '';
};
// A link to the service dashboard passes the service, the data source and the time range.
const linksToService = (url) => url.startsWith('/d/dora-service/') && url.includes('var-service=${__value.raw}')
  && url.includes('${datasource:queryparam}') && url.includes('${__url_time_range}');
if (overview) {
  const exprs = exprsOf(overview);
  for (const m of ['deploy_frequency by service', 'lead_time p50 by service', 'change_failure_rate by service', 'recovery_time p50 by service',
    'rework_rate by service', 'band distribution', 'every 1w rolling 90d', 'every 1d', 'data_quality', 'dora_score']) {
    check(exprs.includes(m), `overview queries include "${m}"`);
  }
  // Headline tiles: the first row, one stat per metric and the score, each
  // over the selection against the previous period.
  const top = overview.panels.filter((p) => p.type === 'stat' && p.gridPos.y === Math.min(...overview.panels.filter((x) => x.type !== 'row').map((x) => x.gridPos.y)));
  const tileOf = (head) => top.find((p) => p.targets.some((t) => t.expr.startsWith(`${head} where `)));
  for (const head of ['deploy_frequency', 'lead_time p50', 'change_failure_rate', 'recovery_time p50', 'rework_rate']) {
    const p = tileOf(head);
    const pw = `overview tile "${head}"`;
    check(p, `${pw}: a headline stat tile in the top row`);
    if (!p) continue;
    check(p.targets.every((t) => t.expr === `${head} where service in ($service) and team in ($team) vs previous`), `${pw}: the selection vs previous`);
    const filter = (p.transformations || []).find((t) => t.id === 'filterFieldsByName');
    const names = filter ? filter.options.include.names : [];
    check(names.includes(head) && names.includes('n') && names.includes('change') && names.includes('note'), `${pw}: shows the value, n and the change (${names})`);
    const cfd = (p.transformations || []).find((t) => t.id === 'configFromData');
    check(cfd && cfd.options.mappings.some((m) => m.fieldName === 'note' && m.handlerKey === 'displayName') && cfd.options.applyTo.options === head,
      `${pw}: a null value is named by the engine's note`);
    check(p.fieldConfig.overrides.every((o) => o.matcher.options !== head), `${pw}: no override on the value (it would hide the note)`);
  }
  const score = tileOf('dora_score');
  check(score && score.fieldConfig.defaults.min === 0 && score.fieldConfig.defaults.max === 10, 'overview: a DORA score tile, 0 to 10');
  const text = overview.panels.find((p) => p.type === 'text');
  check(text && text.options.content.includes(`](/plugins/${PLUGIN_ID})`) && text.options.content.includes('docs/metrics.md'),
    'overview: a text panel with the definitions links to the plugin\'s documentation');
  const trends = overview.panels.filter((p) => p.type === 'timeseries' && p.targets.every((t) => profile.cutoffs[metricOf(t.expr)] || metricOf(t.expr) === 'rework_rate'));
  // Per-service trends on 90-day windows: a service with ten deploys a quarter
  // has a value at every point (dashboards_queries checks it on demo data).
  check(trends.length >= 5 && trends.every((p) => p.targets.every((t) => / by service .*every 1w rolling 90d$/.test(t.expr))),
    `overview: per-service metric trends on rolling 90-day windows (${trends.length})`);
  const table = overview.panels.find((p) => p.type === 'table' && (p.transformations || []).some((t) => t.id === 'joinByField'));
  check(table && table.transformations[0].options.byField === 'service', 'overview: per-service table joined by service');
  check(linksToService(linkOf(table, 'service')), 'overview: service cell links to the DORA service dashboard');
  const units = Object.fromEntries(table.fieldConfig.overrides.filter((o) => o.matcher.id === 'byName')
    .map((o) => [o.matcher.options, (o.properties.find((x) => x.id === 'unit') || {}).value]));
  check(units.deploy_frequency === 'suffix:/day' && units['lead_time p50'] === 's' && units.change_failure_rate === 'percentunit'
    && units['recovery_time p50'] === 's' && units.rework_rate === 'percentunit', `overview: units per metric ${JSON.stringify(units)}`);
  check(table.fieldConfig.overrides.some((o) => o.matcher.id === 'byRegexp' && new RegExp(o.matcher.options).test('note')
    && !o.properties.some((x) => x.id === 'custom.hidden')), 'overview: the engine\'s note is shown beside the values');
}
if (service) {
  const exprs = exprsOf(service);
  for (const m of ['lead_time samples', 'recovery_time samples', 'incidents', 'deploys', 'lead_time p95', 'every 1w rolling 90d']) check(exprs.includes(m), `service dashboard queries include "${m}"`);
  // The deploys and incidents behind the numbers link to where they came
  // from: the samples' url field (hidden) behind the commit or incident cell.
  for (const p of service.panels.filter((x) => x.type === 'table' && x.targets.some((t) => / samples /.test(t.expr)))) {
    const key = p.targets.some((t) => t.expr.startsWith('recovery_time samples')) ? 'incident_id' : 'commit_sha';
    const override = (name) => p.fieldConfig.overrides.find((o) => o.matcher.id === 'byName' && o.matcher.options === name);
    const links = ((override(key) || { properties: [] }).properties.find((x) => x.id === 'links') || {}).value || [];
    check(links.length === 1 && links[0].url === '${__data.fields.url}', `service "${p.title}": ${key} links to the event's url`);
    check((override('url') || { properties: [] }).properties.some((x) => x.id === 'custom.hidden' && x.value === true),
      `service "${p.title}": the url column itself is hidden`);
  }
}
if (team) {
  const tables = team.panels.filter((p) => p.type === 'table');
  const teams = tables.find((p) => p.transformations[0].options.byField === 'team');
  check(teams && ['deploy_frequency', 'lead_time p50', 'change_failure_rate', 'recovery_time p50', 'rework_rate', 'dora_score']
    .every((h) => teams.targets.some((t) => t.expr.startsWith(`${h} by team where`))), 'team: one row per team with the five metrics and the score');
  const services = tables.find((p) => p.transformations[0].options.byField === 'service');
  check(services && services.targets.some((t) => /^\S+ by service, team where/.test(t.expr)), 'team: services with their team');
  check(linksToService(linkOf(services, 'service')), 'team: service cell links to the DORA service dashboard with the time range');
  check(team.panels.some((p) => p.type === 'timeseries' && p.targets.every((t) => / by team .*every 1w rolling 28d$/.test(t.expr))), 'team: rolling trends per team');
  check(team.panels.filter((p) => p.type === 'timeseries' && p.targets.some((t) => t.expr.startsWith('recovery_time')))
    .every((p) => p.targets.every((t) => t.expr.endsWith('every 1w rolling 90d'))), 'team: recovery time trends on 90-day windows (incidents are rare)');
}

// ---------------- provisioning ----------------
const env = (s) => typeof s === 'string' && /^\$\{?DORA_[A-Z_]+\}?$/.test(s);
const dsFile = readYaml(join(root, 'provisioning/datasources/dora.yaml'));
check(dsFile.apiVersion === 1, 'datasources: apiVersion 1');
const ds = (dsFile.datasources || [])[0] || {};
check(dsFile.datasources.length === 1 && ds.type === PLUGIN_ID && ds.access === 'proxy' && ds.name, 'datasources: one DORA data source, proxy access');
check(typeof ds.uid === 'string' && /^[a-zA-Z0-9_-]{1,40}$/.test(ds.uid), `datasources: pinned uid (${ds.uid})`);
check(env(ds.url) && env(ds.user) && env(ds.jsonData && ds.jsonData.database) && env(ds.jsonData && ds.jsonData.sslmode),
  'datasources: url, user, jsonData.database and jsonData.sslmode come from the environment');
check(ds.secureJsonData && env(ds.secureJsonData.password) && !('password' in ds) && !('password' in (ds.jsonData || {})),
  'datasources: password only in secureJsonData, from the environment');
const KNOWN_DS_KEYS = new Set(['name', 'type', 'access', 'orgId', 'uid', 'url', 'user', 'database', 'basicAuth', 'basicAuthUser',
  'withCredentials', 'isDefault', 'jsonData', 'secureJsonData', 'version', 'editable']);
for (const k of Object.keys(ds)) check(KNOWN_DS_KEYS.has(k), `datasources: known key ${k}`);
// Issue 13: a provisioned default refuses the whole file where the org already
// has a default data source, and otherwise takes over Explore.
check(ds.isDefault === false, `datasources: isDefault is false (${ds.isDefault})`);
check(ds.jsonData && ds.jsonData.defaultTimeZone === 'UTC', `datasources: jsonData.defaultTimeZone is set, UTC (${ds.jsonData && ds.jsonData.defaultTimeZone})`);
const pinnedUid = ds.uid;

const dashFile = readYaml(join(root, 'provisioning/dashboards/dora.yaml'));
check(dashFile.apiVersion === 1 && Array.isArray(dashFile.providers) && dashFile.providers.length === 1, 'dashboards: apiVersion 1, one provider');
const prov = dashFile.providers[0] || {};
check(prov.name && prov.type === 'file' && prov.options && typeof prov.options.path === 'string', 'dashboards: file provider with options.path');
check(prov.options.path.endsWith(`/${PLUGIN_ID}/dashboards`), `dashboards: path is the installed bundle's dashboards/ (${prov.options.path})`);
check(!(prov.options.foldersFromFilesStructure && (prov.folder || prov.folderUid)), 'dashboards: foldersFromFilesStructure not combined with folder');
// Alert rule groups name their folder by title only (AlertRuleGroupV1 has no
// folder uid), so the dashboards' folder is named by title too: with a
// folderUid, Grafana would look the dashboards' folder up by uid and create a
// second "DORA" next to the one the alert rules created.
check(typeof prov.folder === 'string' && prov.folder.length > 0 && prov.folderUid === undefined,
  `dashboards: folder by title without folderUid (${prov.folder}, ${prov.folderUid})`);

const alertFile = readYaml(join(root, 'provisioning/alerting/dora-rules.yaml'));
check(alertFile.apiVersion === 1 && Array.isArray(alertFile.groups) && alertFile.groups.length > 0, 'alerting: apiVersion 1 with groups');
const RULE_KEYS = new Set(['uid', 'title', 'condition', 'data', 'dashboardUid', 'panelId', 'noDataState', 'execErrState', 'for',
  'annotations', 'labels', 'isPaused', 'keepFiringFor', 'notification_settings']);
const DATA_KEYS = new Set(['refId', 'queryType', 'relativeTimeRange', 'datasourceUid', 'model']);
const DURATION = /^(\d+(ms|s|m|h|d|w))+$/;
const ruleUids = new Set();
const rules = [];
for (const g of alertFile.groups) {
  check(g.name && g.folder && DURATION.test(g.interval) && Array.isArray(g.rules), `alerting group ${g.name}: name, folder, interval, rules`);
  for (const r of g.rules) {
    rules.push(r);
    const rw = `alert rule ${r.uid}`;
    for (const k of Object.keys(r)) check(RULE_KEYS.has(k), `${rw}: known key ${k} (Grafana ignores unknown keys such as executionErrorState)`);
    check(typeof r.uid === 'string' && r.uid.length <= 40 && !ruleUids.has(r.uid), `${rw}: unique uid of at most 40 characters`); ruleUids.add(r.uid);
    check(r.title && DURATION.test(r.for), `${rw}: title and for`);
    check(['NoData', 'Alerting', 'OK'].includes(r.noDataState), `${rw}: noDataState ${r.noDataState}`);
    check(['Error', 'Alerting', 'OK'].includes(r.execErrState), `${rw}: execErrState ${r.execErrState}`);
    check(r.annotations && r.annotations.summary && r.annotations.description, `${rw}: summary and description annotations`);
    if (r.dashboardUid !== undefined) {
      check(uids.has(r.dashboardUid), `${rw}: dashboardUid ${r.dashboardUid} is a shipped dashboard`);
      check(panelIds.get(r.dashboardUid) && panelIds.get(r.dashboardUid).has(r.panelId), `${rw}: panelId ${r.panelId} exists in ${r.dashboardUid}`);
    }
    const refIds = new Set((r.data || []).map((x) => x.refId));
    check(refIds.size === (r.data || []).length, `${rw}: unique refIds`);
    check(refIds.has(r.condition), `${rw}: condition ${r.condition} refers to an existing refId`);
    for (const q of r.data || []) {
      const qw = `${rw} ${q.refId}`;
      for (const k of Object.keys(q)) check(DATA_KEYS.has(k), `${qw}: known key ${k}`);
      check(q.model && q.model.refId === q.refId, `${qw}: model.refId equals refId`);
      if (q.datasourceUid === '__expr__') {
        check(['reduce', 'threshold', 'math', 'classic_conditions', 'resample'].includes(q.model.type), `${qw}: expression type ${q.model.type}`);
        if (q.model.type !== 'math') check(refIds.has(q.model.expression), `${qw}: expression refers to ${q.model.expression}`);
        if (q.model.type === 'threshold') {
          const ev = q.model.conditions && q.model.conditions[0] && q.model.conditions[0].evaluator;
          check(ev && ['gt', 'lt', 'within_range', 'outside_range'].includes(ev.type) && ev.params.every(Number.isFinite), `${qw}: threshold evaluator`);
        }
      } else {
        check(q.datasourceUid === pinnedUid, `${qw}: datasourceUid is the provisioned uid ${pinnedUid}`);
        const t = q.relativeTimeRange || {};
        check(Number.isInteger(t.from) && Number.isInteger(t.to) && t.from > t.to && t.to >= 0, `${qw}: relativeTimeRange in whole seconds`);
        check(typeof q.model.expr === 'string' && q.model.expr.length > 0 && !q.model.expr.includes('$'), `${qw}: expr without variables`);
        if (q.model.datasource) check(q.model.datasource.type === PLUGIN_ID && q.model.datasource.uid === pinnedUid, `${qw}: model.datasource`);
      }
    }
  }
}
check(!readFileSync(join(root, 'provisioning/alerting/dora-rules.yaml'), 'utf8').includes('executionErrorState'), 'alerting: no executionErrorState spelling');
for (const g of alertFile.groups) {
  check(g.folder === prov.folder, `alerting group ${g.name}: folder "${g.folder}" is the dashboards' folder "${prov.folder}"`);
}
// The three rules the product promises (issue 13): the band rules per service
// over 28 days, warnings with a pending period; the pipeline rule on silence
// from every source for 72 h. Their thresholds are checked against the core's
// band cut-offs by dashboards_queries.mjs, which has the dora binary.
const ruleFor = (expr) => rules.find((r) => r.data.some((q) => q.model.expr === expr));
const threshold = (r) => r && r.data.find((q) => q.refId === r.condition).model.conditions[0].evaluator;
const range = (r) => r && r.data.find((q) => q.model.expr).relativeTimeRange.from;
const DAYS_28 = 28 * 86400;
const pending = (r) => r && DURATION.test(r.for) && !/^0+[a-z]+$/.test(r.for);
const cfr = ruleFor('change_failure_rate by service');
check(cfr && range(cfr) === DAYS_28 && threshold(cfr).type === 'gt' && cfr.labels.severity === 'warning' && pending(cfr),
  'rule: change failure rate above a cut-off over 28 days per service, a warning with a pending period');
const lt = ruleFor('lead_time p50 by service');
check(lt && range(lt) === DAYS_28 && threshold(lt).type === 'gt' && lt.labels.severity === 'warning' && pending(lt),
  'rule: lead time p50 (the band basis) above a cut-off over 28 days per service, a warning with a pending period');
const quiet = ruleFor('data_quality');
check(quiet && range(quiet) === 72 * 3600 && quiet.noDataState === 'Alerting' && threshold(quiet).type === 'lt' && threshold(quiet).params[0] === 1,
  'rule: no events from any source for 72 h (no data alerts)');
check(rules.every((r) => pending(r)), `rules: every rule has a pending period (${rules.map((r) => r.for).join(', ')})`);
check(!ruleFor('deploys'), 'rule: no "no deploys for 24 h" rule (it fired every quiet weekend)');
// Rules of earlier versions are deleted on upgrade (Grafana keeps a rule that
// merely disappears from the file).
const deleted = (alertFile.deleteRules || []).map((d) => d.uid);
check((alertFile.deleteRules || []).every((d) => d.orgId === 1 && typeof d.uid === 'string') && deleted.includes('dora-no-deploys-24h'),
  `alerting: deleteRules removes the earlier rules (${deleted.join(', ')})`);
check(deleted.every((u) => !ruleUids.has(u)), 'alerting: no rule is both provisioned and deleted');

// One band basis (issue 13): every dashboard or alert query that yields a band
// for a duration metric (a grouped metric or band distribution query; series
// and samples carry no band) asks for the median or no stat (the default,
// p50), the basis dora report bands on. Tail percentiles stay in band-less
// panels. dashboards_queries.mjs checks the bands agree with dora report.
const BAND_BASIS = new Set(['', 'p50', 'median']);
const NOT_A_STAT = new Set(['by', 'where', 'band', 'every', 'limit', 'samples']);
const durationBandQueries = [
  ...[...dashboards].flatMap(([file, d]) => panelsOf(d).flatMap((p) => (p.targets || []).map((t) => [`dashboards/${file} "${p.title}"`, t.expr]))),
  ...rules.flatMap((r) => r.data.filter((q) => q.model && q.model.expr).map((q) => [`alert rule ${r.uid}`, q.model.expr])),
].filter(([, expr]) => {
  const words = String(expr || '').trim().toLowerCase().split(/\s+/);
  return ['lead_time', 'recovery_time', 'mttr'].includes(words[0]) && words[1] !== 'samples' && !words.includes('every');
});
const offBasis = durationBandQueries.filter(([, expr]) => {
  const stat = expr.trim().toLowerCase().split(/\s+/)[1] || '';
  return !BAND_BASIS.has(NOT_A_STAT.has(stat) ? '' : stat);
});
check(durationBandQueries.some(([, e]) => e.startsWith('lead_time')) && durationBandQueries.some(([, e]) => e.startsWith('recovery_time')),
  `band basis: dashboard and alert queries band lead_time and recovery_time (${durationBandQueries.length} queries)`);
check(offBasis.length === 0, `band basis: every duration band is on the median (${offBasis.map(([w, e]) => `${w}: ${e}`).join('; ')})`);

// ---------------- docker-compose.yml ----------------
const compose = readYaml(join(root, 'docker-compose.yml'));
const svc = compose.services || {};
check(svc.grafana && svc.postgres && svc.dora, 'compose: grafana, postgres and dora services');
if (svc.grafana) {
  const genv = svc.grafana.environment || {};
  check(String(genv.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).split(',').includes(PLUGIN_ID), 'compose: grafana allows the unsigned plugin');
  for (const k of ['DORA_PG_HOST', 'DORA_PG_USER', 'DORA_PG_PASSWORD', 'DORA_PG_DATABASE', 'DORA_PG_SSLMODE']) check(k in genv, `compose: grafana gets ${k}`);
  check((svc.grafana.volumes || []).some((v) => String(v).startsWith('./provisioning:/etc/grafana/provisioning')), 'compose: provisioning mounted');
  // The official image, pinned to a release, unchanged; the bundle mounted as the plugin directory.
  check(/^grafana\/grafana-oss:(\$\{GRAFANA_VERSION:-)?\d+\.\d+\.\d+\}?$/.test(String(svc.grafana.image)) && !svc.grafana.build,
    `compose: grafana is the official grafana/grafana-oss image pinned to a version (${svc.grafana.image})`);
  check((svc.grafana.volumes || []).some((v) => String(v).startsWith(`./dist:/var/lib/grafana/plugins/${PLUGIN_ID}`)),
    'compose: dist/ mounted as the plugin directory');
}
if (svc.postgres) check(/^postgres:15/.test(svc.postgres.image), 'compose: PostgreSQL 15');
// Least privilege: only the migrate step uses the owner; it creates the roles
// dora serve and Grafana use (dora migrate --create-roles).
const userOf = (url) => (String(url).match(/^postgresql:\/\/([^:@]+)/) || [])[1];
check(JSON.stringify(svc.migrate?.command) === JSON.stringify(['migrate', '--create-roles']),
  `compose: migrate creates the roles (${JSON.stringify(svc.migrate?.command)})`);
check(userOf(svc.dora?.environment?.DATABASE_URL) === 'dora_ingest',
  `compose: dora serve connects as dora_ingest (${userOf(svc.dora?.environment?.DATABASE_URL)})`);
check(svc.grafana?.environment?.DORA_PG_USER === 'dora_reader', 'compose: Grafana reads as dora_reader');
check(existsSync(join(root, 'scripts/docker/Dockerfile')), 'compose: scripts/docker/Dockerfile exists');

finish();
