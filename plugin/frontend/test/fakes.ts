import { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { DataSource } from '../src/datasource';
import { BUNDLED_CATALOG } from '../src/catalog';
import { Catalog, DoraDataSourceOptions, MetricFindItem, ValidateResponse } from '../src/types';

export const instanceSettings = {
  id: 1,
  uid: 'dora-uid',
  type: 'dora-metrics-datasource',
  name: 'DORA',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'dora-metrics-datasource', name: 'DORA metrics', type: 'datasource', info: {}, module: '', baseUrl: '' },
} as unknown as DataSourceInstanceSettings<DoraDataSourceOptions>;

/** The backend's validate reply for a misspelled metric at column 1. */
export const LEAD_TME_INVALID: ValidateResponse = {
  valid: false,
  error: {
    message: "bind error: unknown metric 'lead_tme' at 1 — did you mean 'lead_time'?",
    phase: 'bind',
    position: 1,
    length: 8,
    what: 'lead_tme',
    expected: 'a metric',
    suggestion: 'lead_time',
  },
};

/** Variables as a dashboard would hold them: value(s), or '$__all' with the options for All. */
export interface FakeVariable {
  name: string;
  current: string | string[];
  options?: string[];
  allValue?: string;
  /** Multi-value (Grafana's `multi`); `includeAll` is implied by `options`. */
  multi?: boolean;
}

/**
 * A TemplateSrv that behaves like Grafana's for the calls the datasource
 * makes: replace('${name}', scopedVars, formatFn) calls formatFn with the raw
 * value (an array for multi-value; all option values for All).
 */
export function fakeTemplateSrv(variables: FakeVariable[]): TemplateSrv {
  const byName = new Map(variables.map((v) => [v.name, v]));
  return {
    getVariables: () =>
      variables.map(
        (v) =>
          ({
            name: v.name,
            type: 'query',
            label: v.name,
            allValue: v.allValue,
            multi: v.multi ?? Array.isArray(v.current),
            includeAll: v.options !== undefined,
            current: { value: v.current },
          }) as any
      ),
    containsTemplate: (t?: string) => variables.some((v) => t?.includes('$' + v.name)),
    updateTimeRange: () => {},
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) => {
      return (target ?? '').replace(/\$\{(\w+)(?:\.[^:}]+)?(?::[^}]*)?\}/g, (whole, name: string) => {
        let value: unknown;
        if (scopedVars && scopedVars[name]) {
          value = scopedVars[name]!.value;
        } else if (byName.has(name)) {
          const v = byName.get(name)!;
          const isAll = v.current === '$__all' || (Array.isArray(v.current) && v.current.includes('$__all'));
          if (isAll && v.allValue) {
            return v.allValue;  // Grafana returns a custom all value unformatted
          }
          value = isAll ? v.options ?? [] : v.current;
        } else {
          return whole;
        }
        return typeof format === 'function' ? format(value) : String(value);
      });
    },
  } as unknown as TemplateSrv;
}

export const CATALOG: Catalog = { ...BUNDLED_CATALOG };

export interface FakeBackend {
  resources: Record<string, unknown>;
  validate: (expr: string) => ValidateResponse;
  /** The `values` resource: the body the backend would read, the rows it answers. */
  values: (body: { query: string; from?: number; to?: number }) => MetricFindItem[];
}

/** A DataSource whose getResource/postResource answer from canned replies. */
export function fakeDataSource(backend: Partial<FakeBackend> = {}): DataSource {
  const ds = new DataSource(instanceSettings);
  const resources: Record<string, unknown> = {
    catalog: CATALOG,
    services: [{ text: 'checkout', value: 'checkout' }, { text: 'billing', value: 'billing' }],
    teams: [{ text: 'payments', value: 'payments' }],
    environments: [{ text: 'prod', value: 'prod' }, { text: 'staging', value: 'staging' }],
    ...backend.resources,
  };
  ds.getResource = (async (path: string) => {
    if (!(path in resources)) {
      throw new Error(`no resource ${path}`);
    }
    return resources[path];
  }) as DataSource['getResource'];
  ds.postResource = (async (path: string, body?: any) => {
    if (path === 'values' && backend.values) {
      return backend.values(body);
    }
    if (path !== 'validate') {
      throw new Error(`no resource ${path}`);
    }
    return (backend.validate ?? (() => ({ valid: true, normalized: body!.expr })))(body!.expr);
  }) as DataSource['postResource'];
  return ds;
}
