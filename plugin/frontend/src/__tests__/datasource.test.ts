import { DataQueryRequest, dateTime } from '@grafana/data';
import { BackendSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { firstValueFrom, of } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DataSource, DoraVariableSupport } from '../datasource';
import { DoraQuery } from '../types';
import { fakeDataSource, fakeTemplateSrv, instanceSettings } from '../../test/fakes';

beforeEach(() => {
  setTemplateSrv(
    fakeTemplateSrv([
      { name: 'service', current: ['checkout', "o'brien"] },
      { name: 'team', current: "x') or team in ('y" },
      { name: 'environment', current: '$__all', options: ['prod', 'staging'] },
      { name: 'none', current: [] },
      { name: 'owner', current: '$__all', options: ['payments', 'platform'], allValue: '*' },
      { name: 'owner_picked', current: ['payments'], options: ['payments', 'platform'], allValue: '*' },
      { name: 'pattern', current: '$__all', options: ['a', 'b'], allValue: '.*' },
    ])
  );
});
afterEach(() => vi.restoreAllMocks());

const q = (expr: string, extra: Partial<DoraQuery> = {}): DoraQuery => ({ refId: 'A', expr, ...extra });

describe('DataSource.applyTemplateVariables', () => {
  const ds = new DataSource(instanceSettings);
  it('interpolates multi-value, hostile and All variables as literals', () => {
    expect(ds.applyTemplateVariables(q('deploys where service in ($service)'), {}).expr).toBe(
      "deploys where service in ('checkout', 'o''brien')"
    );
    expect(ds.applyTemplateVariables(q('deploys where team = ${team:raw}'), {}).expr).toBe(
      "deploys where team = 'x'') or team in (''y'"
    );
    expect(ds.applyTemplateVariables(q('deploys where environment in ([[environment]])'), {}).expr).toBe(
      "deploys where environment in ('prod', 'staging')"
    );
    expect(ds.applyTemplateVariables(q('deploys where service in ($none)'), {}).expr).toBe("deploys where service in ('')");
    expect(ds.applyTemplateVariables(q("deploys where service = '$team'"), {}).expr).toBe(
      "deploys where service = 'x'') or team in (''y'"
    );
  });
  it('turns = / != with several values into in / not in lists (multi-value and All without a custom all value)', () => {
    expect(ds.applyTemplateVariables(q('deploys where service = $service and environment != ${environment:csv}'), {}).expr).toBe(
      "deploys where service in ('checkout', 'o''brien') and environment not in ('prod', 'staging')"
    );
    expect(ds.applyTemplateVariables(q('deploys where team = $owner_picked and team = $owner'), {}).expr).toBe(
      "deploys where team = 'payments' and team = *"
    );
  });
  it("turns All with the custom all value '*' into the any-value wildcard", () => {
    expect(ds.applyTemplateVariables(q('deploys by team where team in ($owner)'), {}).expr).toBe(
      'deploys by team where team in (*)'
    );
    expect(ds.applyTemplateVariables(q('deploys where team in (${owner:csv})'), {}).expr).toBe('deploys where team in (*)');
    // A selection that is not All stays a list of literals, and a quoted '*' stays a value.
    expect(ds.applyTemplateVariables(q('deploys where team in ($owner_picked)'), {}).expr).toBe(
      "deploys where team in ('payments')"
    );
    expect(ds.applyTemplateVariables(q("deploys where team = '*'"), {}).expr).toBe("deploys where team = '*'");
    // Any other custom all value is one literal, never a pattern.
    expect(ds.applyTemplateVariables(q('deploys where service in ($pattern)'), {}).expr).toBe(
      "deploys where service in ('.*')"
    );
    // A repeated panel's scoped value wins over All.
    expect(ds.applyTemplateVariables(q('deploys where team = $owner'), { owner: { text: 'p', value: 'platform' } }).expr).toBe(
      "deploys where team = 'platform'"
    );
  });
  it('uses scoped variables (repeated panels) before dashboard ones', () => {
    expect(ds.applyTemplateVariables(q('deploys where service = $service'), { service: { text: 'a', value: "a'b" } }).expr).toBe(
      "deploys where service = 'a''b'"
    );
  });
  it('leaves unknown variables and other fields alone', () => {
    const out = ds.applyTemplateVariables(q('deploys where service = $unknown', { editorMode: 'code', timezone: 'utc' }), {});
    expect(out).toEqual(q('deploys where service = $unknown', { editorMode: 'code', timezone: 'utc' }));
  });
});

describe('DataSource queries', () => {
  it('filters out empty and hidden queries', () => {
    const ds = new DataSource(instanceSettings);
    expect(ds.filterQuery(q('deploys'))).toBe(true);
    expect(ds.filterQuery(q('  '))).toBe(false);
    expect(ds.filterQuery(q('deploys', { hide: true }))).toBe(false);
  });

  it('sends the dashboard time zone and interpolated text with each query', async () => {
    const fetch = vi.fn().mockReturnValue(of({ data: { results: {} }, status: 200, ok: true }));
    setBackendSrv({ fetch } as unknown as BackendSrv);
    const ds = new DataSource(instanceSettings);
    const request = {
      requestId: 'r1',
      interval: '1m',
      intervalMs: 60000,
      range: { from: dateTime(0), to: dateTime(3600000), raw: { from: 'now-1h', to: 'now' } },
      scopedVars: {},
      timezone: 'Europe/Berlin',
      app: 'dashboard',
      startTime: 0,
      targets: [q('deploys where service in ($service)'), q(''), q('incidents', { hide: true })],
    } as unknown as DataQueryRequest<DoraQuery>;
    await firstValueFrom(ds.query(request));
    expect(fetch).toHaveBeenCalledTimes(1);
    const body = fetch.mock.calls[0][0].data;
    expect(body.queries).toHaveLength(1);
    expect(body.queries[0]).toMatchObject({
      refId: 'A',
      expr: "deploys where service in ('checkout', 'o''brien')",
      timezone: 'Europe/Berlin',
    });
  });

  it("resolves the dashboard zone 'browser' to the viewer's IANA zone before sending", async () => {
    // A browser in Berlin (tests/node/dashboards_queries.mjs checks that the
    // plugin buckets days at Berlin midnight for this zone).
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...real.call(this), timeZone: 'Europe/Berlin' };
    });
    const fetch = vi.fn().mockReturnValue(of({ data: { results: {} }, status: 200, ok: true }));
    setBackendSrv({ fetch } as unknown as BackendSrv);
    const ds = new DataSource(instanceSettings);
    const request = {
      requestId: 'r2',
      interval: '1m',
      intervalMs: 60000,
      range: { from: dateTime(0), to: dateTime(3600000), raw: { from: 'now-1h', to: 'now' } },
      scopedVars: {},
      timezone: 'browser',
      app: 'dashboard',
      startTime: 0,
      targets: [q('deploys every 1d')],
    } as unknown as DataQueryRequest<DoraQuery>;
    await firstValueFrom(ds.query(request));
    const sent = fetch.mock.calls[0][0].data.queries[0];
    expect(sent.timezone).toBe('Europe/Berlin');
  });

  it('shows the query text in Explore history', () => {
    const ds = new DataSource(instanceSettings);
    expect(ds.getQueryDisplayText({ refId: 'A', expr: "lead_time p90 where team = 'a'" })).toBe("lead_time p90 where team = 'a'");
    // Queries saved with the removed `format` hint still load and run as before.
    const old = { refId: 'A', expr: 'deploys', format: 'table' } as any;
    expect(ds.getQueryDisplayText(old)).toBe('deploys');
    expect(ds.filterQuery(old)).toBe(true);
  });

  it('offers a default query and a default annotation query', () => {
    const ds = new DataSource(instanceSettings);
    expect(ds.getDefaultQuery('dashboard' as any).expr).toBe('deploy_frequency every auto');
    expect(ds.annotations?.getDefaultQuery?.()).toEqual({ expr: 'annotations deploys, rollbacks, incidents', editorMode: 'code' });
  });
});

describe('DataSource resources', () => {
  it('lists dimension values for variables, narrowed by other variables and the time range', async () => {
    const bodies: unknown[] = [];
    const ds = fakeDataSource({
      values: (body) => {
        bodies.push(body);
        return [{ text: 'payments', value: 'payments' }];
      },
    });
    const templateSrv = fakeTemplateSrv([
      { name: 'team', current: ['payments', "o'brien"] },
      { name: 'env', current: '$__all', allValue: '*' },
    ]);
    setTemplateSrv(templateSrv);
    const support = ds.variables as DoraVariableSupport;
    const range = { from: dateTime(1767225600000), to: dateTime(1769904000000), raw: { from: 'now-30d', to: 'now' } };
    const res = await firstValueFrom(support.query({ targets: [{ refId: 'v', dimension: 'team' }], range, scopedVars: {} } as any));
    expect((res as any).data).toEqual([{ text: 'payments', value: 'payments' }]);
    await firstValueFrom(
      support.query({ targets: [{ refId: 'v', dimension: 'service', where: 'team = $team and environment = $env' }], range, scopedVars: {} } as any)
    );
    expect(bodies).toEqual([
      { query: 'teams', from: 1767225600000, to: 1769904000000 },
      { query: "services where team in ('payments', 'o''brien') and environment = *", from: 1767225600000, to: 1769904000000 },
    ]);
    expect(await ds.metricFindQuery('services where team in ($team)', { range })).toEqual([{ text: 'payments', value: 'payments' }]);
    expect(bodies[2]).toEqual({ query: "services where team in ('payments', 'o''brien')", from: 1767225600000, to: 1769904000000 });
    expect(await ds.metricFindQuery('services')).toEqual([
      { text: 'checkout', value: 'checkout' },
      { text: 'billing', value: 'billing' },
    ]);
    await expect(ds.metricFindQuery('regions')).rejects.toThrow(/unknown dimension/);
  });

  it('validates with variables masked to same-length literals', async () => {
    const ds = fakeDataSource();
    const post = vi.spyOn(ds, 'postResource');
    await ds.validateExpr("lead_time p90 where service in ($service) and team = '$team' and x = $other");
    expect(post).toHaveBeenCalledWith('validate', {
      expr: "lead_time p90 where service in ('xxxxxx') and team = 'xxxxx' and x = $other",
    });
  });

  it('caches the catalog and falls back to the built-in copy when unreachable', async () => {
    const ds = fakeDataSource({ resources: {} });
    const get = vi.spyOn(ds, 'getResource');
    expect((await ds.getCatalog()).metrics.length).toBe(8);
    await ds.getCatalog();
    expect(get).toHaveBeenCalledTimes(1);
    const broken = new DataSource(instanceSettings);
    broken.getResource = vi.fn().mockRejectedValue(new Error('not saved')) as any;
    expect((await broken.getCatalog()).defaultStat).toBe('p50');
  });
});
