/**
 * Screenshot harness: loads the BUILT module.js the way Grafana does (an AMD
 * module whose dependencies are the shared packages the host page provides)
 * and renders the plugin's own editors and DataSource class from its
 * `plugin` export, with @grafana/ui, outside Grafana. The backend is faked:
 * resources answer with canned replies (the catalog the build generated from
 * `dora catalog --json`, a few services/teams/environments, and validate replies for the
 * scenarios). The scenario is chosen by location.hash.
 *
 * index.html loads harness.js (this file: shared packages + `define`), then
 * module.js, then calls window.doraHarnessStart().
 */
import * as EmotionCss from '@emotion/css';
import * as GrafanaData from '@grafana/data';
import * as GrafanaRuntime from '@grafana/runtime';
import * as GrafanaUi from '@grafana/ui';
import React, { useState } from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as Rxjs from 'rxjs';
import * as RxjsOperators from 'rxjs/operators';
import { DataSourcePlugin, DataSourceSettings, createTheme, ThemeContext } from '@grafana/data';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';

import type { DataSource } from '../src/datasource';
import { DoraDataSourceOptions, DoraQuery, DoraSecureJsonData, ValidateResponse } from '../src/types';
import { instanceSettings, LEAD_TME_INVALID } from '../test/fakes';
import catalog from '../src/generated/catalog.json';

declare global {
  interface Window {
    __grafana_public_path__?: string;
    doraHarness?: { validateCalls: string[] };
    doraHarnessStart?: () => void;
    define?: ((deps: string[], factory: (...modules: unknown[]) => void) => void) & { amd?: boolean };
  }
}

// The packages Grafana shares with plugins, as module.js's define() names them.
const SHARED: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': GrafanaData,
  '@grafana/ui': GrafanaUi,
  '@grafana/runtime': GrafanaRuntime,
  '@emotion/css': EmotionCss,
  rxjs: Rxjs,
  'rxjs/operators': RxjsOperators,
};
type LoadedPlugin = DataSourcePlugin<DataSource, any, any, any>;
let loaded: LoadedPlugin | undefined;
const define: NonNullable<Window['define']> = (deps, factory) => {
  const exports: { plugin?: LoadedPlugin } = {};
  factory(
    ...deps.map((d) => {
      if (d === 'exports') {
        return exports;
      }
      if (!(d in SHARED)) {
        throw new Error(`module.js depends on '${d}', which Grafana does not share with plugins`);
      }
      return SHARED[d];
    })
  );
  if (!(exports.plugin instanceof DataSourcePlugin)) {
    throw new Error('module.js does not export a DataSourcePlugin named plugin');
  }
  loaded = exports.plugin;
};
define.amd = true;
window.define = define;

function plugin(): LoadedPlugin {
  if (!loaded) {
    throw new Error('module.js was not loaded');
  }
  return loaded;
}

const VALIDATE: Record<string, ValidateResponse> = {
  "lead_tme p90 by service where team = 'payments' every 1w": LEAD_TME_INVALID,
  "lead_time p90 by service where team = 'payments' every 1w": {
    valid: true,
    normalized: "lead_time p90 by service where team = 'payments' every 1w",
  },
};

function validate(expr: string): ValidateResponse {
  if (VALIDATE[expr]) {
    return VALIDATE[expr];
  }
  // An incomplete query ends in an operator, a comma, an open parenthesis or a clause keyword.
  if (/(=|!=|<>|\(|,|\b(where|and|by|every|in|band))\s*$/i.test(expr)) {
    const at = expr.trimEnd().length + 1;
    return {
      valid: false,
      error: { message: `parse error: unexpected end of query at ${at}, expected a value such as 'payments'`, phase: 'parse', position: at, length: 1 },
    };
  }
  const first = expr.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const known = catalog.metrics.some((m) => m.name === first || m.aliases.includes(first)) || ['annotations', 'data_quality'].includes(first);
  if (!known) {
    return { valid: false, error: { message: `bind error: unknown metric '${first}' at 1`, phase: 'bind', position: 1, length: first.length } };
  }
  return { valid: true, normalized: expr.replace(/\s+/g, ' ').trim() };
}

const RESOURCES: Record<string, unknown> = {
  catalog,
  services: ['checkout', 'billing', 'payments-api', 'search', 'web'].map((s) => ({ text: s, value: s })),
  teams: ['payments', 'platform', 'storefront'].map((s) => ({ text: s, value: s })),
  environments: ['prod', 'staging'].map((s) => ({ text: s, value: s })),
};

const templateSrv = {
  getVariables: () => [{ name: 'service' }, { name: 'team' }],
  replace: (t?: string) => t ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
} as unknown as TemplateSrv;
setTemplateSrv(templateSrv);

function makeDataSource(): DataSource {
  const ds = new (plugin().DataSourceClass as unknown as new (s: typeof instanceSettings) => DataSource)(instanceSettings);
  window.doraHarness = { validateCalls: [] };
  ds.getResource = (async (path: string) => {
    if (!(path in RESOURCES)) {
      throw new Error(`no resource ${path}`);
    }
    return RESOURCES[path];
  }) as DataSource['getResource'];
  ds.postResource = (async (path: string, body: { expr: string }) => {
    if (path !== 'validate') {
      throw new Error(`no resource ${path}`);
    }
    window.doraHarness!.validateCalls.push(body.expr);
    return validate(body.expr);
  }) as DataSource['postResource'];
  return ds;
}

function QueryHarness({ initial, title }: { initial: DoraQuery; title: string }) {
  const [ds] = useState(makeDataSource);
  const [query, setQuery] = useState(initial);
  const QueryEditor = plugin().components.QueryEditor!;
  return (
    <Panel title={title}>
      <QueryEditor query={query} datasource={ds} onChange={setQuery} onRunQuery={() => {}} />
    </Panel>
  );
}

function ConfigHarness() {
  const [options, setOptions] = useState<DataSourceSettings<DoraDataSourceOptions, DoraSecureJsonData>>({
    id: 1,
    uid: 'dora',
    orgId: 1,
    name: 'DORA metrics',
    type: 'dora-metrics-datasource',
    typeName: 'DORA metrics',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'postgres.internal:5432',
    user: 'grafana_reader',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: true,
    withCredentials: false,
    readOnly: false,
    // verify-full with a saved CA certificate: the TLS section shows, without errors.
    jsonData: { database: 'dora', sslmode: 'verify-full', tlsConfigurationMethod: 'file-content', bandProfile: 'dora-2024', statementTimeout: '45s' },
    secureJsonFields: { password: true, tlsCACert: true },
  });
  const ConfigEditor = plugin().components.ConfigEditor!;
  return (
    <Panel title="Data source settings">
      <ConfigEditor options={options} onOptionsChange={setOptions} />
    </Panel>
  );
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  const theme = React.useContext(ThemeContext);
  return (
    <div
      id="shot"
      style={{
        width: 920,
        padding: 16,
        background: theme.colors.background.primary,
        border: `1px solid ${theme.colors.border.weak}`,
        borderRadius: 4,
      }}
    >
      <div style={{ fontSize: 14, fontWeight: 500, color: theme.colors.text.secondary, marginBottom: 12 }}>{title}</div>
      {children}
    </div>
  );
}

const SCENARIOS: Record<string, () => React.ReactElement> = {
  'query-error': () => (
    <QueryHarness
      title="Query editor · code mode, validation error"
      initial={{ refId: 'A', expr: "lead_tme p90 by service where team = 'payments' every 1w", editorMode: 'code' }}
    />
  ),
  'query-code': () => (
    <QueryHarness title="Query editor · code mode, completion" initial={{ refId: 'A', expr: 'deploy_frequency by service', editorMode: 'code' }} />
  ),
  'query-builder': () => (
    <QueryHarness
      title="Query editor · builder mode"
      initial={{ refId: 'A', expr: "lead_time p90 by service where team = 'payments' every 1w", editorMode: 'builder' }}
    />
  ),
  config: () => <ConfigHarness />,
};

window.__grafana_public_path__ = './public/';
window.doraHarnessStart = () => {
  const scenario = location.hash.replace(/^#/, '') || 'query-error';
  const theme = createTheme({ colors: { mode: new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark' } });
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div style={{ padding: 16, display: 'inline-block', minHeight: scenario === 'query-code' ? 330 : undefined }} id="frame">
        {(SCENARIOS[scenario] ?? SCENARIOS['query-error'])()}
      </div>
    </ThemeContext.Provider>
  );
};
