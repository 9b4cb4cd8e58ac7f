/**
 * The TypeScript language model agrees with the engine on every compile case
 * (tests/compile_cases/*.case) and every lexical and grammar corner of
 * tests/conformance/*.case. The engine is the reference: the build runs
 * tests/conformance/parse_outcomes.cc into test/generated/compile_outcomes.json
 * (plugin/frontend/CMakeLists.txt), and each case here must come out the same
 * through queryParser.ts and queryCheck.ts:
 *
 * - parse: both accept, or both reject with the same message (which holds
 *   the same position);
 * - parse + catalog checks: both accept with the same normalized text, or both
 *   reject in the same phase at the same position and length, naming the same
 *   problem. Errors the engine takes from the request (time range, bucket
 *   count, time zone: `contextual`) are not the text's: the frontend accepts.
 *
 * Cases marked `variable` (tests/conformance/variable_*.case) are dashboard
 * variable queries: the engine compiles them with CompileVariableQuery, the
 * frontend checks them with checkVariableQuery (variableQuery.ts); both accept,
 * or both reject in the same phase at the same position, naming the same
 * problem with the same message.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { BUNDLED_CATALOG } from '../src/catalog';
import { CheckOutcome, compileQuery } from '../src/queryCheck';
import { ParseOutcome, parseQuery } from '../src/queryParser';
import { checkVariableQuery } from '../src/variableQuery';

interface EngineError {
  ok: false;
  phase?: string;
  position: number;
  length: number;
  what: string;
  contextual?: boolean;
  message: string;
}

interface EngineOutcome {
  file: string;
  name: string;
  query: string;
  bandProfile: string;
  variable?: boolean;
  parse: { ok: true } | EngineError;
  compile: { ok: true; normalized: string } | EngineError;
}

const OUTCOMES = path.join(__dirname, 'generated/compile_outcomes.json');

function loadOutcomes(): EngineOutcome[] {
  if (!existsSync(OUTCOMES)) {
    throw new Error(`${OUTCOMES} is missing: the build writes it (ninja -C build frontend_generated)`);
  }
  return JSON.parse(readFileSync(OUTCOMES, 'utf8')).cases;
}

const cases = loadOutcomes();

function parseVerdict(o: ParseOutcome) {
  return o.ok ? { ok: true } : { ok: false, position: o.error.position, length: o.error.length, what: o.error.what, message: o.error.message };
}

function compileVerdict(o: CheckOutcome) {
  return o.ok
    ? { ok: true, normalized: o.query.normalized }
    : { ok: false, phase: o.error.phase, position: o.error.position, length: o.error.length, what: o.error.what };
}

describe('the TypeScript parser and checks agree with the engine', () => {
  it('reads the engine outcome of every compile case', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(new Set(cases.map((c) => c.file)).size).toBeGreaterThan(1);
  });

  it('reads variable queries too', () => {
    expect(cases.filter((c) => c.variable).length).toBeGreaterThan(10);
  });

  it.each(cases.filter((c) => c.variable).map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_, c) => {
    const checked = checkVariableQuery(c.query, BUNDLED_CATALOG);
    const engine = c.compile;
    if (engine.ok) {
      expect(checked.ok ? { ok: true } : checked.error.message).toEqual({ ok: true });
    } else {
      expect(checked.ok ? { ok: true } : { ok: false, phase: checked.error.phase, position: checked.error.position, length: checked.error.length, what: checked.error.what, message: checked.error.message })
        .toEqual({ ok: false, phase: engine.phase, position: engine.position, length: engine.length, what: engine.what, message: engine.message });
    }
  });

  it.each(cases.filter((c) => !c.variable).map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_, c) => {
    const parsed = parseQuery(c.query, BUNDLED_CATALOG);
    expect(parseVerdict(parsed)).toEqual(c.parse.ok ? { ok: true } : { ok: false, position: c.parse.position, length: c.parse.length, what: c.parse.what, message: c.parse.message });

    const compiled = compileQuery(c.query, BUNDLED_CATALOG, { bandProfile: c.bandProfile });
    const engine = c.compile;
    if (engine.ok) {
      expect(compileVerdict(compiled)).toEqual({ ok: true, normalized: engine.normalized });
    } else if (engine.contextual) {
      expect(compileVerdict(compiled)).toMatchObject({ ok: true });
    } else {
      expect(compileVerdict(compiled)).toEqual({ ok: false, phase: engine.phase, position: engine.position, length: engine.length, what: engine.what });
    }
  });
});
