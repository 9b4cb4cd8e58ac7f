import { describe, expect, it } from 'vitest';

import { modelToText, parseToModel } from '../queryModel';

describe('builder <-> text round trip', () => {
  // Canonical texts: text -> builder -> text gives the same text back.
  it.each([
    'deploys',
    'deploy_frequency every auto',
    'lead_time p90',
    'lead_time p99.9 by service',
    'recovery_time mean by team, service every 1w',
    "lead_time p90 by service where team = 'payments' every 1w",
    "change_failure_rate where service in ('checkout', 'billing') and environment != 'staging'",
    "rework_rate by team where team not in ('a''b', 'x'') or service in (''y')",
    'deploy_frequency by service band distribution',
    "lead_time p50 by team where team in ('a', 'b') vs previous",
    'deploys every 1w vs previous',
    "lead_time p75 by team where service in ($service) and team = ${team} every 1d band distribution",
    "incidents where environment = 'prod' every 6h",
    'lead_time p50 by service every 1w rolling 28d',
    'deploy_frequency every auto rolling 3mo',
    "deploys where service = '$ not a var ('",
  ])('%s', (text) => {
    const parsed = parseToModel(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(modelToText(parsed.model)).toBe(text);
    }
  });

  // Non-canonical but representable: normalized on the way back.
  it.each([
    ['CFR', 'change_failure_rate'],
    ['mttr avg by Team', 'recovery_time mean by team'],
    ["deploys every 1d where service = checkout-api by team", "deploys by team where service = 'checkout-api' every 1d"],
    ["deploys where service <> 'x'", "deploys where service != 'x'"],
    ["deploys   where team IN ( 'a' ,b )", "deploys where team in ('a', 'b')"],
    ["LEAD_TIME P90 EVERY AUTO", 'lead_time p90 every auto'],
  ])('%s -> %s', (text, want) => {
    const parsed = parseToModel(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(modelToText(parsed.model)).toBe(want);
    }
  });

  it('parses the model fields', () => {
    const parsed = parseToModel("lead_time p90 by service where team = 'payments' and service in ('a', $s) every 1w");
    expect(parsed).toEqual({
      ok: true,
      model: {
        metric: 'lead_time',
        stat: 'p90',
        by: ['service'],
        filters: [
          { dimension: 'team', op: '=', values: ['payments'] },
          { dimension: 'service', op: 'in', values: ['a', '$s'] },
        ],
        every: '1w',
        band: false,
        vsPrevious: false,
      },
    });
  });

  it.each([
    ['annotations deploys, rollbacks, incidents', /annotation/],
    ['lead_time samples where service = x limit 10', /samples/],
    ['data_quality', /data_quality/],
    ['lead_tme p90', /unknown metric/],
    ['deploys p90', /stat 'p90' does not apply to deploys at 9/],
    ['lead_time p100', /unknown stat 'p100'/],
    ['lead_time p0', /unknown stat 'p0'/],
    ['deploys by service by team', /duplicate 'by' clause at 20/],
    ['deploys by service, service', /dimension 'service' is grouped twice/],
    ['deploys where service ~ x', /unexpected character '~' at 23/],
    ['deploys where service = x y', /unexpected 'y'/],
    ["deploys where service = 'open", /unterminated string/],
    ['deploys where team = *', /any value/],
    ['deploys limit 5', /limit applies to samples queries only/],
    ['deploys where region = x', /dimension/],
    ['deploys every 5m', /interval/],
    ['deploys rolling 28d', /rolling applies to series only/],
    ['deploys every 1w rolling 5d', /shorter than a bucket/],
    ['deploys every 1d rolling 12h', /invalid window '12h'/],
    ['deploys band', /distribution/],
    ['deploys where service in (a, b', /'\)'/],
    ['deploys or', /unknown stat 'or'/],
    ['deploys where team = a or team = b', /'or' is not supported/],
  ])('%s is not representable', (text, reason) => {
    const parsed = parseToModel(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
    }
  });

  it('leaves band distribution rules to the validation, so builder text always reads back', () => {
    expect(parseToModel('lead_time every 1d band distribution')).toMatchObject({ ok: true, model: { every: '1d', band: true } });
    expect(parseToModel('deploys band distribution')).toMatchObject({ ok: true, model: { band: true } });
  });

  it('empty text is an empty model, and an empty model is empty text', () => {
    const parsed = parseToModel('   ');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(modelToText(parsed.model)).toBe('');
    }
  });

  it('skips incomplete filters when emitting text', () => {
    expect(
      modelToText({ metric: 'deploys', by: [], band: false, filters: [{ dimension: 'service', op: 'in', values: [] }] })
    ).toBe('deploys');
  });
});
