import { describe, expect, it } from 'vitest';

import { BUNDLED_CATALOG } from '../catalog';
import { checkVariableQuery, variableQueryText } from '../variableQuery';

describe('variableQueryText', () => {
  it('is the head of the dimension, with the conditions after where', () => {
    expect(variableQueryText({ dimension: 'service' })).toBe('services');
    expect(variableQueryText({ dimension: 'team', where: '  ' })).toBe('teams');
    expect(variableQueryText({ dimension: 'service', where: 'team in ($team)' })).toBe('services where team in ($team)');
    expect(variableQueryText({ dimension: 'environment', where: 'WHERE service = $service' })).toBe('environments where service = $service');
  });
});

describe('checkVariableQuery', () => {
  it('reads the dimension and the conditions, variables allowed', () => {
    expect(checkVariableQuery("SERVICES where team in ($team, 'o''brien')", BUNDLED_CATALOG)).toEqual({
      ok: true,
      query: { dimension: 'service', where: "team in ($team, 'o''brien')" },
    });
    expect(checkVariableQuery('environments', BUNDLED_CATALOG)).toEqual({ ok: true, query: { dimension: 'environment', where: '' } });
    expect(checkVariableQuery('teams where service in (*)', BUNDLED_CATALOG).ok).toBe(true);
  });

  // The same cases, positions and messages as src/datasource/variable_values_test.cc.
  it.each([
    ["servces where team = 'a'", 1, "unknown variable query 'servces'", 'services'],
    ["services where tam = 'a'", 16, "unknown dimension 'tam'", 'team'],
    ['services by team', 13, 'a variable query takes only a where clause', ''],
    ['services p90', 10, 'a variable query takes only a where clause', ''],
    ['services where team = ', 23, 'unexpected end of query', ''],
    ['annotations', 1, "unknown variable query 'annotations'", ''],
    ['teams where service != *', 24, "'*' (any value) cannot be negated", ''],
  ])('%s', (text, position, what, suggestion) => {
    const out = checkVariableQuery(text, BUNDLED_CATALOG);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.position).toBe(position);
      expect(out.error.what).toBe(what);
      expect(out.error.suggestion).toBe(suggestion);
    }
  });

  it('refuses a clause with the catalog example', () => {
    const out = checkVariableQuery('teams every 1d', BUNDLED_CATALOG);
    expect(!out.ok && out.error.message).toBe(
      `bind error: ${BUNDLED_CATALOG.variableQuery.refusal} at 13, use e.g. ${BUNDLED_CATALOG.variableQuery.example}`
    );
  });
});
