/**
 * Dashboard picture page: renders the dashboard named by location.hash from
 * answers.json (written by scripts/dashboard-pictures.mjs: the dashboard JSON,
 * the variable values it was queried with, the time range, and each panel's
 * frames as the plugin answered them) the way Grafana lays it out: a 24-column
 * grid of 30 px rows, row headers, and each panel in PanelChrome with its
 * visualization (panels.tsx), after the panel's transformations and field
 * overrides, in the dark theme and UTC.
 *
 * When done it sets window.doraDashboardReport = {panels: [one line per
 * panel: what it received], problems: [fields the panel names that its data
 * does not have, unknown panel types or transformations]}.
 */
// moment itself (not @grafana/data's dateTime): its clock, moment.now, is what relative times read.
// eslint-disable-next-line no-restricted-imports
import moment from 'moment';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { lastValueFrom } from 'rxjs';
import {
  DataFrame, DataFrameJSON, FieldConfigOptionsRegistry, FieldConfigPropertyItem, FieldMatcherID, ThemeContext,
  applyFieldOverrides, createTheme, dataFrameFromJSON, dateTime, fieldMatchers, getFieldDisplayName, identityOverrideProcessor,
  numberOverrideProcessor, displayNameOverrideProcessor, reduceField, standardTransformers, standardTransformersRegistry,
  stringOverrideProcessor, transformDataFrame, FieldType, TimeRange, ThresholdsConfig,
} from '@grafana/data';
import { GlobalStyles, Icon, PanelChrome } from '@grafana/ui';

import { PanelJSON, Viz, isKnownType } from './panels';

interface Answer {
  uid: string;
  dashboard: { title: string; panels: PanelJSON[]; templating: { list: Array<{ name: string; label?: string; type: string }> } };
  vars: Record<string, string>;
  timeRange: { from: number; to: number };
  panels: Record<string, { frames: DataFrameJSON[]; error?: string }>;
}
interface Report { panels: string[]; problems: string[] }
declare global {
  interface Window { doraDashboardReport?: Report }
}

const theme = createTheme();
const GRID_ROW = 30, GRID_GAP = 8, PAGE_PADDING = 16;

// @grafana/data's transformers (two share the id joinByField: the first counts).
standardTransformersRegistry.setInit(() => [...new Map(Object.values(standardTransformers).reverse().map((t) => [t.id, t])).values()]
  .map((t) => ({ id: t.id, name: t.name, description: t.description, transformation: t, editor: () => null })));

// The field config properties the dashboards set, with the processors Grafana's registry uses.
const STANDARD: Record<string, FieldConfigPropertyItem['process']> = {
  unit: stringOverrideProcessor, min: numberOverrideProcessor, max: numberOverrideProcessor, decimals: numberOverrideProcessor,
  displayName: displayNameOverrideProcessor, noValue: stringOverrideProcessor, color: identityOverrideProcessor,
  thresholds: identityOverrideProcessor, mappings: identityOverrideProcessor, links: identityOverrideProcessor,
  description: stringOverrideProcessor, filterable: identityOverrideProcessor,
};
function fieldConfigRegistry(panel: PanelJSON): FieldConfigOptionsRegistry {
  const custom = new Set(Object.keys(panel.fieldConfig.defaults.custom ?? {}));
  for (const o of panel.fieldConfig.overrides) {
    o.properties.filter((p) => p.id.startsWith('custom.')).forEach((p) => custom.add(p.id.slice('custom.'.length)));
  }
  const item = (id: string, path: string, isCustom: boolean, process: FieldConfigPropertyItem['process']) =>
    ({ id, path, name: id, isCustom, process, shouldApply: () => true, override: () => null, editor: () => null }) as unknown as FieldConfigPropertyItem;
  return new FieldConfigOptionsRegistry(() => [
    ...Object.entries(STANDARD).map(([id, process]) => item(id, id, false, process)),
    ...[...custom].map((path) => item(`custom.${path}`, path, true, identityOverrideProcessor)),
  ]);
}

// A threshold step saved as null is the base step (-Infinity), as Grafana reads it.
function fixThresholds(t?: ThresholdsConfig): ThresholdsConfig | undefined {
  return t && { ...t, steps: t.steps.map((s, i) => (i === 0 && (s.value === null || s.value === undefined) ? { ...s, value: -Infinity } : s)) };
}
function fixPanel(saved: PanelJSON): PanelJSON {
  const panel = { ...saved, fieldConfig: saved.fieldConfig ?? { defaults: {}, overrides: [] } };
  const overrides = panel.fieldConfig.overrides.map((o) => ({
    ...o, properties: o.properties.map((p) => (p.id === 'thresholds' ? { ...p, value: fixThresholds(p.value) } : p)),
  }));
  return { ...panel, fieldConfig: { defaults: { ...panel.fieldConfig.defaults, thresholds: fixThresholds(panel.fieldConfig.defaults.thresholds) }, overrides } };
}

// Grafana's "Config from query results": the frames of configRefId, reduced,
// set config properties of the matching fields of the other frames.
const CONFIG_HANDLERS: Record<string, (v: unknown) => [string, unknown]> = {
  displayname: (v) => ['displayName', String(v)], unit: (v) => ['unit', String(v)], min: (v) => ['min', Number(v)],
  max: (v) => ['max', Number(v)], decimals: (v) => ['decimals', Number(v)], novalue: (v) => ['noValue', String(v)],
};
function configFromData(options: any, frames: DataFrame[]): DataFrame[] {
  const source = frames.find((f) => f.refId === options.configRefId);
  if (!source) {
    return frames;
  }
  const config: Record<string, unknown> = {};
  for (const field of source.fields) {
    const name = getFieldDisplayName(field, source);
    const mapping = (options.mappings ?? []).find((m: any) => m.fieldName === name);
    const handler = CONFIG_HANDLERS[String(mapping?.handlerKey ?? name).toLowerCase()];
    const reducer = mapping?.reducerId ?? 'lastNotNull';
    const value = reduceField({ field, reducers: [reducer] })[reducer];
    if (handler && value !== null && value !== undefined) {
      const [key, v] = handler(value);
      config[key] = v;
    }
  }
  const matcher = fieldMatchers.get(options.applyTo?.id ?? FieldMatcherID.numeric).get(options.applyTo?.options);
  return frames.filter((f) => f !== source || frames.length === 1).map((f) => ({
    ...f, fields: f.fields.map((field) => (matcher(field, f, frames) ? { ...field, config: { ...field.config, ...config } } : field)),
  }));
}

async function transform(panel: PanelJSON, frames: DataFrame[]): Promise<DataFrame[]> {
  let out = frames;
  for (const t of panel.transformations ?? []) {
    out = t.id === 'configFromData' ? configFromData(t.options, out) : await lastValueFrom(transformDataFrame([t], out));
  }
  return out;
}

// The names a panel's transformations and byName overrides refer to, that
// none of its fields (or, reducing every value, rows) carry.
function missingNames(panel: PanelJSON, input: DataFrame[], output: DataFrame[]): string[] {
  // Grafana's byName matcher: the field's name or its display name.
  const namesOf = (frames: DataFrame[]) => new Set(frames.flatMap((f) => f.fields.flatMap((x) => [x.name, getFieldDisplayName(x, f, frames)])));
  const before = namesOf(input), after = namesOf(output);
  if (panel.options?.reduceOptions?.values) {
    output.forEach((f) => f.fields.filter((x) => x.type === FieldType.string).forEach((x) => x.values.forEach((v) => after.add(String(v)))));
  }
  const missing: string[] = [];
  const need = (set: Set<string>, name: string, what: string) => {
    if (!set.has(name)) {
      missing.push(`${what} "${name}" names no field (${[...set].join(', ')})`);
    }
  };
  for (const t of panel.transformations ?? []) {
    if (t.id === 'filterFieldsByName') { t.options.include.names.forEach((n: string) => need(before, n, 'filterFieldsByName')); }
    if (t.id === 'joinByField') { need(before, t.options.byField, 'joinByField'); }
    if (t.id === 'configFromData') { t.options.mappings.forEach((m: any) => need(before, m.fieldName, 'configFromData')); }
  }
  // Reducing every value, a byName override that only sets a colour colours
  // the row of that name, which a given answer need not have (a band no unit is in).
  const rowColour = (o: { properties: Array<{ id: string }> }) =>
    panel.options?.reduceOptions?.values && o.properties.every((p) => p.id === 'color');
  for (const o of panel.fieldConfig.overrides) {
    if (o.matcher.id === 'byName' && !rowColour(o)) { need(after, o.matcher.options, 'override'); }
  }
  return missing;
}

function Row({ panel, width, hidden }: { panel: PanelJSON; width: number; hidden: number }) {
  return (
    <div style={{ position: 'absolute', top: panel.gridPos.y * (GRID_ROW + GRID_GAP), left: 0, width, height: GRID_ROW,
      display: 'flex', alignItems: 'center', gap: 4, fontSize: theme.typography.h5.fontSize, fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary }}>
      <Icon name={panel.collapsed ? 'angle-right' : 'angle-down'} />
      {panel.title}
      {panel.collapsed && <span style={{ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }}>({hidden} panels)</span>}
    </div>
  );
}

interface Drawn { panel: PanelJSON; frames: DataFrame[]; error?: string }

function Dashboard({ answer, drawn, width }: { answer: Answer; drawn: Drawn[]; width: number }) {
  const col = (width - 23 * GRID_GAP) / 24;
  const bottom = Math.max(...answer.dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
  const range = `${dateTime(answer.timeRange.from).utc().format('YYYY-MM-DD HH:mm')} to ${dateTime(answer.timeRange.to).utc().format('YYYY-MM-DD HH:mm')} UTC`;
  const timeRange: TimeRange = { from: dateTime(answer.timeRange.from), to: dateTime(answer.timeRange.to), raw: { from: 'now-90d', to: 'now' } };
  const vars = answer.dashboard.templating.list.filter((v) => v.type === 'query');
  const replaceVariables = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => answer.vars[a || b] ?? m);
  return (
    <div style={{ padding: PAGE_PADDING, width: width + 2 * PAGE_PADDING }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 24, marginBottom: 16 }}>
        <h1 style={{ margin: 0, fontSize: theme.typography.h3.fontSize }}>{answer.dashboard.title}</h1>
        {vars.map((v) => (
          <span key={v.name} style={{ color: theme.colors.text.secondary }}>
            {v.label ?? v.name}: <span style={{ color: theme.colors.text.primary }}>{answer.vars[v.name]}</span>
          </span>
        ))}
        <span style={{ marginLeft: 'auto', color: theme.colors.text.secondary }}><Icon name="clock-nine" /> {range}</span>
      </div>
      <div style={{ position: 'relative', height: bottom * (GRID_ROW + GRID_GAP) }}>
        {answer.dashboard.panels.filter((p) => p.type === 'row').map((p) => (
          <Row key={p.id} panel={p} width={width} hidden={p.panels?.length ?? 0} />
        ))}
        {drawn.map(({ panel, frames, error }) => {
          const { x, y, w, h } = panel.gridPos;
          const pw = w * col + (w - 1) * GRID_GAP, ph = h * GRID_ROW + (h - 1) * GRID_GAP;
          return (
            <div key={panel.id} style={{ position: 'absolute', left: x * (col + GRID_GAP), top: y * (GRID_ROW + GRID_GAP) }} data-panel-id={panel.id}>
              <PanelChrome width={pw} height={ph} title={replaceVariables(panel.title)} description={panel.description} statusMessage={error}>
                {(iw, ih) => <Viz panel={panel} frames={frames} width={iw} height={ih} timeRange={timeRange} replaceVariables={replaceVariables} />}
              </PanelChrome>
            </div>
          );
        })}
      </div>
    </div>
  );
}

async function main() {
  const uid = decodeURIComponent(location.hash.slice(1));
  const answer = ((await (await fetch('answers.json')).json()) as Answer[]).find((a) => a.uid === uid);
  if (!answer) {
    throw new Error(`no dashboard ${uid} in answers.json`);
  }
  // The dashboard's "now" for relative times ("2 hours ago"): @grafana/data
  // formats them with moment, which reads the clock through moment.now.
  moment.now = () => answer.timeRange.to;
  const report: Report = { panels: [], problems: [] };
  const drawn: Drawn[] = [];
  const visible = answer.dashboard.panels.flatMap((p) => (p.type === 'row' ? (p.collapsed ? [] : p.panels ?? []) : [p]));
  const replaceVariables = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => answer.vars[a || b] ?? m);
  for (const raw of visible) {
    const panel = fixPanel(raw);
    if (!isKnownType(panel.type)) {
      report.problems.push(`panel ${panel.id} "${panel.title}": type ${panel.type} is not drawn here`);
      continue;
    }
    const answered = answer.panels[String(panel.id)] ?? { frames: [] };
    const input = answered.frames.map((f) => dataFrameFromJSON(f));
    for (const t of panel.transformations ?? []) {
      if (t.id !== 'configFromData' && !standardTransformersRegistry.getIfExists(t.id)) {
        report.problems.push(`panel ${panel.id} "${panel.title}": transformation ${t.id} is not applied here`);
      }
    }
    const transformed = await transform(panel, input);
    if (!answered.error && panel.type !== 'text') {
      missingNames(panel, input, transformed).forEach((m) => report.problems.push(`panel ${panel.id} "${panel.title}": ${m}`));
    }
    const frames = applyFieldOverrides({
      data: transformed, fieldConfig: panel.fieldConfig, replaceVariables, theme, timeZone: 'utc', fieldConfigRegistry: fieldConfigRegistry(panel),
    });
    drawn.push({ panel, frames, error: answered.error });
    if (panel.type !== 'text') {
      const rows = frames.reduce((n, f) => n + f.length, 0);
      const values = frames.reduce((n, f) => n + f.fields.filter((x) => x.type === FieldType.number)
        .reduce((k, x) => k + x.values.filter((v) => v !== null && v !== undefined).length, 0), 0);
      const state = answered.error ? `ERROR ${answered.error}` : values === 0 ? 'EMPTY (no numeric value)' : `${frames.length} frames, ${rows} rows, ${values} values`;
      report.panels.push(`panel ${panel.id} ${panel.type} "${replaceVariables(panel.title)}": ${state}`);
    }
  }
  const width = document.documentElement.clientWidth - 2 * PAGE_PADDING;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <Dashboard answer={answer} drawn={drawn} width={width} />
    </ThemeContext.Provider>
  );
  // Let layout effects (measured text, uPlot) run before the picture.
  await new Promise((r) => setTimeout(r, 1000));
  window.doraDashboardReport = report;
}

main().catch((e) => {
  console.error(`dashboard page: ${e?.stack ?? e}`);
  window.doraDashboardReport = { panels: [], problems: [`page failed: ${e?.message ?? e}`] };
});
