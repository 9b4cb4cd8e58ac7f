import {
  CoreApp,
  CustomVariableSupport,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { from, Observable, of } from 'rxjs';
import { map } from 'rxjs/operators';

import { BUNDLED_CATALOG } from './catalog';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { ANY_VALUE, interpolateQuery, maskVariables, VariableValues } from './interpolate';
import { resolveQueryTimeZone } from './timeZone';
import { variableQueryText } from './variableQuery';
import {
  Catalog,
  DEFAULT_ANNOTATION_EXPR,
  DEFAULT_QUERY_EXPR,
  Dimension,
  DoraDataSourceOptions,
  DoraQuery,
  DoraVariableQuery,
  MetricFindItem,
  ValidateResponse,
} from './types';

const DIMENSION_RESOURCE: Record<Dimension, string> = {
  service: 'services',
  team: 'teams',
  environment: 'environments',
};

/**
 * Variable support: a dimension's values seen in the dashboard's time range,
 * narrowed by the query's conditions (`team in ($team)`, other variables
 * interpolated as in panel queries), through the backend's `values` resource.
 */
export class DoraVariableSupport extends CustomVariableSupport<DataSource, DoraVariableQuery, DoraQuery, DoraDataSourceOptions> {
  constructor(private readonly ds: DataSource) {
    super();
  }

  editor = VariableQueryEditor;

  query(request: DataQueryRequest<DoraVariableQuery>): Observable<DataQueryResponse> {
    const target = request.targets[0];
    const text = variableQueryText({ dimension: target?.dimension ?? 'service', where: target?.where });
    return from(this.ds.listValues(text, request.range, request.scopedVars)).pipe(map((values) => ({ data: values })));
  }
}

/** Whether the dashboard variable `name` has "All" selected and `*` as its custom all value. */
function isAllWithWildcard(templateSrv: TemplateSrv, name: string): boolean {
  const variable = templateSrv.getVariables().find((v) => v.name === name) as
    | { allValue?: string | null; current?: { value?: unknown } }
    | undefined;
  if (!variable || variable.allValue !== '*') {
    return false;
  }
  const value = variable.current?.value;
  return value === '$__all' || (Array.isArray(value) && value.includes('$__all'));
}

export class DataSource extends DataSourceWithBackend<DoraQuery, DoraDataSourceOptions> {
  private catalogPromise?: Promise<Catalog>;

  constructor(instanceSettings: DataSourceInstanceSettings<DoraDataSourceOptions>) {
    super(instanceSettings);
    this.variables = new DoraVariableSupport(this);
    // Annotation queries go through the normal query path with an `annotations ...` query.
    this.annotations = {
      getDefaultQuery: () => ({ expr: DEFAULT_ANNOTATION_EXPR, editorMode: 'code' }),
    };
  }

  getDefaultQuery(_app: CoreApp): Partial<DoraQuery> {
    return { expr: DEFAULT_QUERY_EXPR, editorMode: 'builder' };
  }

  /** Explore's query history and the inspector show the query text, not its JSON. */
  getQueryDisplayText(query: DoraQuery): string {
    return query.expr ?? '';
  }

  filterQuery(query: DoraQuery): boolean {
    return !query.hide && typeof query.expr === 'string' && query.expr.trim() !== '';
  }

  /**
   * Adds the dashboard time zone, resolved to an IANA name ("browser" is the
   * viewer's zone, see timeZone.ts), to every query, and drops empty or
   * hidden ones, as Grafana's runner does.
   */
  query(request: DataQueryRequest<DoraQuery>): Observable<DataQueryResponse> {
    const timezone = resolveQueryTimeZone(request.timezone);
    const targets = request.targets.filter((t) => this.filterQuery(t)).map((t) => (timezone ? { ...t, timezone } : t));
    if (targets.length === 0) {
      return of({ data: [] });
    }
    return super.query({ ...request, targets });
  }

  applyTemplateVariables(query: DoraQuery, scopedVars: ScopedVars): DoraQuery {
    return { ...query, expr: this.interpolateExpr(query.expr ?? '', scopedVars) };
  }

  interpolateVariablesInQueries(queries: DoraQuery[], scopedVars: ScopedVars): DoraQuery[] {
    return queries.map((q) => ({ ...this.applyTemplateVariables(q, scopedVars), datasource: this.getRef() }));
  }

  /** Interpolates dashboard variables into query text as safe literals (see interpolate.ts). */
  interpolateExpr(expr: string, scopedVars: ScopedVars = {}, templateSrv: TemplateSrv = getTemplateSrv()): string {
    return interpolateQuery(expr, (ref): VariableValues | undefined => {
      if (!scopedVars[ref.name] && !ref.fieldPath && isAllWithWildcard(templateSrv, ref.name)) {
        return ANY_VALUE;
      }
      let captured: string[] | string | undefined;
      const key = ref.fieldPath ? `${ref.name}.${ref.fieldPath}` : ref.name;
      const reference = '${' + key + '}';
      // The formatter receives the raw value (an array for multi-value and All).
      const replaced = templateSrv.replace(reference, scopedVars, (value: unknown) => {
        captured = Array.isArray(value) ? value.map((v) => String(v ?? '')) : String(value ?? '');
        return '';
      });
      // Grafana skips the formatter for a custom all value and returns it as is.
      if (captured === undefined && replaced !== reference) {
        captured = replaced;
      }
      return captured;
    });
  }

  /** Names of the dashboard's variables (for completion and the builder). */
  getVariableNames(): string[] {
    try {
      return getTemplateSrv()
        .getVariables()
        .map((v) => v.name);
    } catch {
      return [];
    }
  }

  /** Names of the dashboard's variables that can hold several values (multi-value or include All). */
  getMultiValueVariableNames(): string[] {
    try {
      return getTemplateSrv()
        .getVariables()
        .filter((v) => {
          const m = v as { multi?: boolean; includeAll?: boolean };
          return Boolean(m.multi || m.includeAll);
        })
        .map((v) => v.name);
    } catch {
      return [];
    }
  }

  /** The backend's catalog; the bundled copy of the same document (catalog.ts) if unreachable. */
  getCatalog(): Promise<Catalog> {
    if (!this.catalogPromise) {
      this.catalogPromise = this.getResource<Catalog>('catalog').catch(() => {
        this.catalogPromise = undefined;
        return BUNDLED_CATALOG;
      });
    }
    return this.catalogPromise;
  }

  async listDimension(dimension: Dimension): Promise<MetricFindItem[]> {
    const resource = DIMENSION_RESOURCE[dimension];
    if (!resource) {
      throw new Error(`unknown dimension '${dimension}'`);
    }
    const rows = await this.getResource<MetricFindItem[]>(resource);
    return (rows ?? []).map((r) => ({ text: String(r.text), value: String(r.value) }));
  }

  /**
   * The values of a variable query (`teams`, `services where team in ($team)`),
   * variables interpolated, seen in `range` (all time without one).
   */
  async listValues(text: string, range?: TimeRange, scopedVars: ScopedVars = {}): Promise<MetricFindItem[]> {
    const query = this.interpolateExpr(text, scopedVars);
    const body = range ? { query, from: range.from.valueOf(), to: range.to.valueOf() } : { query };
    const rows = await this.postResource<MetricFindItem[]>('values', body);
    return (rows ?? []).map((r) => ({ text: String(r.text), value: String(r.value) }));
  }

  async getDimensionValues(dimension: string): Promise<string[]> {
    return (await this.listDimension(dimension as Dimension)).map((r) => r.value);
  }

  /**
   * Legacy variable API: 'service(s)', 'team(s)', 'environment(s)', or a
   * variable query text such as 'services where team in ($team)'.
   */
  async metricFindQuery(query: string | DoraVariableQuery, options?: { range?: TimeRange; scopedVars?: ScopedVars }): Promise<MetricFindValue[]> {
    if (typeof query !== 'string') {
      return this.listValues(variableQueryText({ dimension: query?.dimension ?? 'service', where: query?.where }), options?.range, options?.scopedVars);
    }
    const text = query.trim();
    if (/\s/.test(text)) {
      return this.listValues(text, options?.range, options?.scopedVars);
    }
    const dim = text.toLowerCase().replace(/s$/, '') as Dimension;
    return this.listDimension(dim);
  }

  /** Validates query text; dashboard variables are masked with same-length literals first. */
  validateExpr(expr: string): Promise<ValidateResponse> {
    const known = new Set(this.getVariableNames());
    const masked = maskVariables(expr, (name) => known.has(name) || name.startsWith('__'));
    return this.postResource<ValidateResponse>('validate', { expr: masked });
  }
}
