import { describe, expect, it } from 'vitest';

import { ANY_VALUE, interpolateQuery, maskVariables, quoteLiteral, VariableValues } from '../interpolate';
import { tokenize } from '../lexer';
import { BUNDLED_CATALOG } from '../catalog';
import { compileQuery } from '../queryCheck';

const vars: Record<string, VariableValues> = {
  service: 'checkout',
  team: 'payments',
  multi: ['checkout', 'billing'],
  hostile: "a'b",
  injection: "x') or service in ('y",
  dollar: '$team',
  dollars: '${team}',
  parens: '(a), b',
  empty: [],
  emptyString: '',
  all: ['api', 'web', "o'brien"],
  backslash: 'a\\b',
  brackets: '[[team]]',
  newline: 'a\nb',
  anyTeam: ANY_VALUE,
};
const lookup = (ref: { name: string }) => vars[ref.name];
const interp = (text: string) => interpolateQuery(text, lookup);

/** The literals a query contains after interpolation, as the backend's lexer sees them. */
function literals(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind === 'string')
    .map((t) => t.value);
}

describe('interpolateQuery', () => {
  it('writes All-as-wildcard as the unquoted any-value token', () => {
    expect(interp('deploys where team in ($anyTeam) and service in ($multi)')).toBe(
      "deploys where team in (*) and service in ('checkout', 'billing')"
    );
    expect(literals(interp('deploys where team in ($anyTeam)'))).toEqual([]);
    expect(tokenize(interp('deploys where team in (${anyTeam:raw})')).filter((t) => t.kind === 'other')).toEqual([]);
  });

  it.each([
    ['deploys where service = $service', "deploys where service = 'checkout'"],
    ['deploys where service = ${service}', "deploys where service = 'checkout'"],
    ['deploys where service = [[service]]', "deploys where service = 'checkout'"],
    ['deploys where service in ($multi)', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in (${multi:csv})', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in (${multi:raw})', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in (${multi:regex})', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in (${multi:json})', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in ([[multi:pipe]])', "deploys where service in ('checkout', 'billing')"],
    ['deploys where service in ($all)', "deploys where service in ('api', 'web', 'o''brien')"],
    ['deploys where service in ($empty)', "deploys where service in ('')"],
    ['deploys where service = $emptyString', "deploys where service = ''"],
    ['deploys where team = $team and service = $service', "deploys where team = 'payments' and service = 'checkout'"],
  ])('%s', (input, want) => {
    expect(interp(input)).toBe(want);
  });

  it('quotes hostile values so they stay one literal', () => {
    expect(interp('deploys where service = $hostile')).toBe("deploys where service = 'a''b'");
    const out = interp('deploys where service = $injection');
    expect(out).toBe("deploys where service = 'x'') or service in (''y'");
    expect(literals(out)).toEqual(["x') or service in ('y"]);
    // The structure of the query is unchanged: one string token where the variable was.
    expect(tokenize(out).map((t) => t.kind)).toEqual(['word', 'word', 'word', 'punct', 'string']);
  });

  it('never re-expands $ signs or [[ ]] inside values', () => {
    expect(interp('deploys where service = $dollar')).toBe("deploys where service = '$team'");
    expect(interp('deploys where service = $dollars')).toBe("deploys where service = '${team}'");
    expect(interp('deploys where service = $brackets')).toBe("deploys where service = '[[team]]'");
  });

  it('keeps parentheses, backslashes and newlines inside the literal', () => {
    expect(literals(interp('deploys where service = $parens'))).toEqual(['(a), b']);
    expect(literals(interp('deploys where service = $backslash'))).toEqual(['a\\b']);
    expect(literals(interp('deploys where service = $newline'))).toEqual(['a\nb']);
  });

  describe('a multi-value selection after = or != becomes an in / not in list', () => {
    it.each([
      ['deploys where service = $multi', "deploys where service in ('checkout', 'billing')"],
      ['deploys where service=$multi', "deploys where service in ('checkout', 'billing')"],
      ['deploys where service = ${multi:csv} and team = $team', "deploys where service in ('checkout', 'billing') and team = 'payments'"],
      ['deploys where service != $multi', "deploys where service not in ('checkout', 'billing')"],
      ['deploys where service <> [[multi]]', "deploys where service not in ('checkout', 'billing')"],
      ['deploys where service = $all', "deploys where service in ('api', 'web', 'o''brien')"],
      ['deploys where service = $one', "deploys where service = 'checkout'"],
      ['deploys where service != $one', "deploys where service != 'checkout'"],
      ['deploys where service = $empty', "deploys where service = ''"],
      ['deploys where team = $anyTeam', 'deploys where team = *'],
      ['deploys where service in ($multi)', "deploys where service in ('checkout', 'billing')"],
    ])('%s', (input, want) => {
      expect(interpolateQuery(input, (ref) => ({ ...vars, one: ['checkout'] })[ref.name])).toBe(want);
    });

    it('the result is a query the language accepts, with every value one literal', () => {
      const quoting: Record<string, VariableValues> = { svc: ["o'brien", "x') or service in ('y", 'a,b', '$team'], team: 'payments' };
      const out = interpolateQuery('lead_time p90 by service where service = $svc and team != ${svc:csv}', (ref) => quoting[ref.name]);
      expect(out).toBe(
        "lead_time p90 by service where service in ('o''brien', 'x'') or service in (''y', 'a,b', '$team')" +
          " and team not in ('o''brien', 'x'') or service in (''y', 'a,b', '$team')"
      );
      const compiled = compileQuery(out, BUNDLED_CATALOG);
      expect(compiled.ok).toBe(true);
      if (compiled.ok) {
        expect(compiled.query.filters).toEqual([
          { dimension: 'service', negated: false, values: ["o'brien", "x') or service in ('y", 'a,b', '$team'] },
          { dimension: 'team', negated: true, values: ["o'brien", "x') or service in ('y", 'a,b', '$team'] },
        ]);
      }
    });

    it('an = inside a literal or a variable inside one is not rewritten', () => {
      expect(interp("deploys where service = 'a=' and team in ($multi)")).toBe("deploys where service = 'a=' and team in ('checkout', 'billing')");
      expect(interp("deploys where service = '$multi'")).toBe("deploys where service = 'checkout,billing'");
    });
  });

  it('escapes variables inside a quoted literal', () => {
    expect(interp("deploys where service = '$service'")).toBe("deploys where service = 'checkout'");
    expect(interp("deploys where service = 'svc-${service}-x'")).toBe("deploys where service = 'svc-checkout-x'");
    expect(interp("deploys where service = '$hostile'")).toBe("deploys where service = 'a''b'");
    expect(interp("deploys where service = '$injection'")).toBe("deploys where service = 'x'') or service in (''y'");
    expect(interp("deploys where service = '$multi'")).toBe("deploys where service = 'checkout,billing'");
    expect(interp("deploys where service = '${multi:csv}'")).toBe("deploys where service = 'checkout,billing'");
    expect(literals(interp("deploys where service = 'pre''$hostile'")).join()).toBe("pre'a'b");
  });

  it('tracks escaped quotes when deciding whether a variable is inside a literal', () => {
    // 'it''s $service' is one literal containing a doubled quote.
    expect(interp("deploys where service = 'it''s $service'")).toBe("deploys where service = 'it''s checkout'");
    // '' is an empty literal: the variable after it is outside.
    expect(interp("deploys where service in ('', $service)")).toBe("deploys where service in ('', 'checkout')");
  });

  it('every result tokenizes into literals equal to the raw values, whatever the format', () => {
    for (const name of Object.keys(vars)) {
      if (vars[name] === ANY_VALUE) {
        continue;  // the wildcard is a token, not a literal (tested above)
      }
      for (const form of [`$${name}`, `\${${name}}`, `\${${name}:csv}`, `\${${name}:raw}`, `\${${name}:singlequote}`, `[[${name}]]`, `[[${name}:sqlstring]]`]) {
        const out = interp(`deploys where service in (${form})`);
        const raw = vars[name];
        const want = Array.isArray(raw) ? (raw.length ? raw : ['']) : [raw];
        expect(literals(out)).toEqual(want);
        expect(tokenize(out).filter((t) => t.kind === 'unterminated' || t.kind === 'other')).toEqual([]);
      }
    }
  });

  it('leaves unknown variables as written', () => {
    expect(interp('deploys where service = $nope')).toBe('deploys where service = $nope');
    expect(interp('deploys where service = ${nope:csv} and team = $team')).toBe("deploys where service = ${nope:csv} and team = 'payments'");
    expect(interp("deploys where service = '[[nope]]'")).toBe("deploys where service = '[[nope]]'");
  });

  it('leaves text without variables untouched', () => {
    const q = "lead_time p90 by service where team = 'pay$' every 1w";
    expect(interp(q)).toBe(q);
    expect(interp('')).toBe('');
  });

  it('passes field paths and formats to the lookup', () => {
    const seen: unknown[] = [];
    interpolateQuery('x ${a.b:csv} [[c:raw]] $d', (ref) => {
      seen.push({ ...ref });
      return undefined;
    });
    expect(seen).toEqual([
      { text: '${a.b:csv}', name: 'a', fieldPath: 'b', format: 'csv' },
      { text: '[[c:raw]]', name: 'c', format: 'raw' },
      { text: '$d', name: 'd' },
    ]);
  });
});

describe('quoteLiteral', () => {
  it('doubles quotes', () => {
    expect(quoteLiteral("a'b''c")).toBe("'a''b''''c'");
  });
});

describe('maskVariables', () => {
  const known = (n: string) => n === 'service' || n === 'team';
  it('replaces known variables by same-length placeholders', () => {
    const q = "lead_tme p90 where service in ($service) and team = '${team}'";
    const m = maskVariables(q, known);
    expect(m.length).toBe(q.length);
    expect(m).toBe("lead_tme p90 where service in ('xxxxxx') and team = 'xxxxxxx'");
  });
  it('keeps unknown variables', () => {
    expect(maskVariables('deploys where service = $other', known)).toBe('deploys where service = $other');
  });
});
