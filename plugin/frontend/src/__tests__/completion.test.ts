import { describe, expect, it } from 'vitest';

import { CompletionContext, getCompletions } from '../completion';
import { BUNDLED_CATALOG } from '../catalog';

const ctx: CompletionContext = {
  catalog: BUNDLED_CATALOG,
  values: { service: ['checkout', "o'brien"], team: ['payments'] },
  variables: ['service', 'team'],
};
const labels = (text: string, cursor = text.length, c = ctx) => getCompletions(text, cursor, c).items.map((i) => i.label);

describe('getCompletions', () => {
  it('offers metrics (and aliases) at the start, filtered by prefix', () => {
    expect(labels('')).toEqual(expect.arrayContaining(['deploys', 'lead_time', 'cfr', 'mttr', 'annotations']));
    expect(labels('lea')).toEqual(['lead_time']);
    const r = getCompletions('lea', 3, ctx);
    expect([r.from, r.to]).toEqual([0, 3]);
  });
  it('offers stats after a metric that takes one, clauses otherwise', () => {
    expect(labels('lead_time ')).toEqual(expect.arrayContaining(['p50', 'p90', 'mean', 'by', 'where', 'every', 'band distribution', 'samples']));
    expect(labels('deploys ')).toContain('samples');
    expect(labels('change_failure_rate ')).toContain('samples');
    expect(labels('deploy_frequency ')).not.toContain('samples');
    expect(labels('deploys ')).toEqual(['samples', 'by', 'where', 'every', 'band distribution', 'vs previous']);
    expect(labels('deploy_frequency ')).toEqual(['by', 'where', 'every', 'band distribution', 'vs previous']);
  });
  it('offers dimensions after by and where, without repeats', () => {
    expect(labels('deploys by ')).toEqual(['service', 'team', 'environment']);
    expect(labels('deploys by service, ')).toEqual(['team', 'environment']);
    expect(labels('deploys where ')).toEqual(['service', 'team', 'environment']);
    expect(labels('deploys where te')).toEqual(['team']);
  });
  it('offers operators after a dimension in where', () => {
    expect(labels('deploys where service ')).toEqual(['=', '!=', 'in', 'not in']);
  });
  it('offers a multi-value variable as a whole in (...) condition, and says = becomes one', () => {
    const multi: CompletionContext = { ...ctx, multiValueVariables: ['service'] };
    expect(labels('deploys where service ', undefined, multi)).toEqual(['=', '!=', 'in', 'not in', 'in ($service)']);
    expect(labels('deploys where service i', undefined, multi)).toEqual(['in', 'in ($service)']);
    const items = getCompletions('deploys where service = ', 24, multi).items;
    expect(items.find((i) => i.label === '$service')?.detail).toBe('multi-value dashboard variable: becomes in (...) for several values');
    expect(items.find((i) => i.label === '$team')?.detail).toBe('dashboard variable');
    expect(getCompletions('deploys where team != ', 22, multi).items.find((i) => i.label === '$service')?.detail).toContain('becomes not in (...)');
    expect(getCompletions('deploys where team in (', 23, multi).items.find((i) => i.label === '$service')?.detail).toBe('multi-value dashboard variable');
  });
  it('offers quoted values and variables after = and in (', () => {
    expect(labels('deploys where service = ')).toEqual(["'checkout'", "'o''brien'", '$service', '$team']);
    expect(labels('deploys where service in (')).toEqual(["'checkout'", "'o''brien'", '$service', '$team']);
    expect(labels("deploys where service in ('checkout', ")).toContain("'o''brien'");
    expect(labels("deploys where service = 'ch")).toEqual(["'checkout'"]);
    expect(labels('deploys where service = ch')).toEqual(["'checkout'"]);
    expect(labels('deploys where team = ')).toEqual(["'payments'", '$service', '$team']);
  });
  it('asks for values it does not know yet', () => {
    expect(getCompletions('deploys where environment = ', 28, ctx).needsValuesFor).toBe('environment');
    expect(getCompletions('deploys where service = ', 24, ctx).needsValuesFor).toBeUndefined();
  });
  it('offers and / remaining clauses after a complete condition', () => {
    expect(labels("deploys by team where service = 'x' ")).toEqual(['and', 'every', 'band distribution', 'vs previous']);
    expect(labels('deploys vs previous ')).toEqual(['by', 'where', 'every', 'band distribution']);
  });
  it('offers rolling only once every is there, and windows after it', () => {
    expect(labels('deploys by team ')).not.toContain('rolling');
    expect(labels('deploys by team every 1w ')).toEqual(['where', 'rolling']);
    // The form the clauses make decides what else is offered.
    expect(labels('deploys band distribution ')).toEqual(['by', 'where']);
    expect(labels('dora_score ')).toEqual(['by', 'where']);
    expect(labels('deploys every 1w rolling ')).toEqual(BUNDLED_CATALOG.windows);
    expect(BUNDLED_CATALOG.windows).toContain('28d');
  });
  it('offers intervals after every, distribution after band', () => {
    expect(labels('deploys every ')).toEqual(['1h', '1d', '1w', '1mo', 'auto']);
    expect(labels('deploys band ')).toEqual(['distribution']);
    expect(labels('deploys by team vs ')).toEqual(['previous']);
  });
  it('completes annotation kinds', () => {
    expect(labels('annotations ')).toEqual(['deploys', 'rollbacks', 'failures', 'incidents', 'where']);
    expect(labels('annotations deploys, ')).toEqual(['rollbacks', 'failures', 'incidents']);
    expect(labels('annotations deploys ')).toEqual(['where']);
    expect(labels('annotations deploys where ')).toEqual(['service', 'team', 'environment']);
  });
  it('completes in the middle of the text', () => {
    const text = 'deploys by te where service = x';
    expect(labels(text, 'deploys by te'.length)).toEqual(['team']);
  });
});
