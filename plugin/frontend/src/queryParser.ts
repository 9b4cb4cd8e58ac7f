/**
 * The query language's syntax, as the engine parses it (src/query/lexer.cc
 * and parser.cc): the same grammar, the same errors at the same 1-based
 * character positions, with the same messages. Names are not resolved here
 * (queryCheck.ts does that against the catalog). test/conformance.test.ts
 * runs every compile case through this and the engine and compares.
 *
 *   query     := metric [stat | 'samples'] clause*   (each clause at most once)
 *              | 'annotations' [kind (',' kind)*] clause*
 *              | 'data_quality' clause*
 *   clause    := 'by' name (',' name)* | 'where' condition ('and' condition)*
 *              | 'every' (number | 'auto') | 'rolling' number | 'band' 'distribution' | 'limit' number
 *              | 'vs' 'previous'
 *   condition := name ('=' | '!=' | '<>') value | name ['not'] 'in' '(' value (',' value)* ')'
 *   value     := string | word | number | '*'
 *
 * With `variables` (the editor), a dashboard variable reference ($service,
 * ${team:csv}) is a value; the engine never sees one (it is interpolated or
 * masked first), so without it a reference is an unexpected character.
 */
import { Token, tokenize } from './lexer';
import { Catalog } from './types';

/** A token of the query, with its 1-based character column and length (the engine's positions). */
export interface Located {
  text: string;
  pos: number;
  len: number;
  /** The token as tokenize() returned it. */
  token: Token;
}

export type ConditionOp = '=' | '!=' | 'in' | 'not in';

export interface ParsedCondition {
  dimension: Located;
  op: ConditionOp;
  values: Located[];
  /** A `*` among the values: any value. */
  wildcard?: Located;
}

export interface ParsedQuery {
  /** The metric, or the word `annotations` / `data_quality`. */
  head: Located;
  form: 'metric' | 'annotations' | 'data_quality';
  samples?: Located;
  limit?: Located;
  annotationKinds: Located[];
  stat?: Located;
  groupBy: Located[];
  where: ParsedCondition[];
  every?: Located;
  /** The `rolling` window token ("28d"). */
  rolling?: Located;
  band?: Located;
  /** `vs previous`: the position of `vs`. */
  vsPrevious?: Located;
}

/** A positioned error, as the engine's PositionedError (common/phase_error.h). */
export interface LanguageError {
  phase: 'parse' | 'bind';
  /** 1-based character column; 0 when not applicable. */
  position: number;
  length: number;
  what: string;
  detail: string;
  suggestion: string;
  /** "<phase> error: <what> at <position>, <detail> — did you mean '<suggestion>'?" */
  message: string;
}

export type ParseOutcome = { ok: true; query: ParsedQuery } | { ok: false; error: LanguageError };

export function languageError(phase: LanguageError['phase'], at: { pos: number; len: number }, what: string, detail = '', suggestion = ''): LanguageError {
  let message = `${phase} error: ${what}`;
  if (at.pos > 0) {
    message += ` at ${at.pos}`;
  }
  if (detail) {
    message += `, ${detail}`;
  }
  if (suggestion) {
    message += ` \u2014 did you mean '${suggestion}'?`;
  }
  return { phase, position: at.pos, length: at.len, what, detail, suggestion, message };
}

/** Optimal string alignment distance on lowercased text (common/phase_error.cc EditDistance). */
export function editDistance(aIn: string, bIn: string): number {
  const a = aIn.toLowerCase();
  const b = bIn.toLowerCase();
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        cur[j] = Math.min(cur[j], twoBack[j - 2] + 1);
      }
    }
    [twoBack, prev, cur] = [prev, cur, twoBack];
  }
  return prev[b.length];
}

/** The candidate within a plausible typo of `name`, or '' (common/phase_error.cc SuggestNearest). */
export function suggestNearest(name: string, candidates: string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  return !best || bestDistance === 0 || bestDistance > limit ? '' : best;
}

class ParseFailure extends Error {
  constructor(readonly error: LanguageError) {
    super(error.message);
  }
}

/** 1-based character (code point) columns of UTF-16 offsets. */
function columns(text: string): (offset: number) => number {
  const col = new Array<number>(text.length + 1);
  let c = 1;
  for (let i = 0; i <= text.length; i++) {
    col[i] = c;
    const code = text.charCodeAt(i);
    if (!(code >= 0xd800 && code <= 0xdbff && i + 1 < text.length)) {
      c++;
    }
  }
  return (offset) => col[Math.min(offset, text.length)];
}

export interface ParseOptions {
  /** Accept dashboard variable references as values (the editor). */
  variables?: boolean;
}

export function parseQuery(text: string, catalog: Catalog, options: ParseOptions = {}): ParseOutcome {
  const col = columns(text);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > catalog.limits.maxQueryBytes) {
    return {
      ok: false,
      error: languageError('parse', { pos: 1, len: 1 }, `query is ${bytes} bytes long; the limit is ${catalog.limits.maxQueryBytes}`,
        'a long in (...) list belongs in a variable with fewer values'),
    };
  }
  const tokens = tokenize(text);
  const end: Token = { kind: 'punct', text: '', value: '', start: text.length, end: text.length };
  const locate = (t: Token): Located => ({ text: t.value, pos: col(t.start), len: t === end ? 0 : col(t.end) - col(t.start), token: t });
  const fail = (t: Token, what: string, detail = '', suggestion = '', len?: number): never => {
    const at = locate(t);
    throw new ParseFailure(languageError('parse', { pos: at.pos, len: len ?? at.len }, what, detail, suggestion));
  };
  let i = 0;
  const peek = (): Token => tokens[i] ?? end;
  const take = (): Located => locate(tokens[i] ? tokens[i++] : end);
  const isEnd = (t: Token) => t === end;
  const isWord = (t: Token, w?: string) => t.kind === 'word' && (w === undefined || t.text.toLowerCase() === w);
  const isClause = (t: Token) => isWord(t) && catalog.clauseKeywords.includes(t.text.toLowerCase());
  const isPunct = (t: Token, p: string) => t.kind === 'punct' && t.text === p && !isEnd(t);
  const describe = (t: Token) => (isEnd(t) ? 'end of query' : t.kind === 'string' ? `string '${t.value}'` : `'${t.text}'`);
  const unexpected = (t: Token) => `unexpected ${describe(t)}`;

  const expectName = (whatFor: string): Located => {
    const t = peek();
    if (!isWord(t) || isClause(t)) {
      fail(t, unexpected(t), `expected ${whatFor}`);
    }
    return take();
  };
  const valueOrWildcard = (c: ParsedCondition) => {
    const t = peek();
    if (isPunct(t, '*')) {
      c.wildcard = take();
    } else if (t.kind === 'string' || t.kind === 'number' || (t.kind === 'var' && !isEnd(t)) || (isWord(t) && !isClause(t))) {
      c.values.push(take());
    } else {
      fail(t, unexpected(t), "expected a value such as 'payments'");
    }
  };
  const dimensionWhat = `a dimension: ${catalog.dimensions.slice(0, -1).join(', ')} or ${catalog.dimensions[catalog.dimensions.length - 1]}`;

  try {
    // Lexical errors come first: the engine tokenizes the whole text before it parses.
    for (const t of tokens) {
      if (t.kind === 'unterminated') {
        fail(t, 'unterminated string', "expected a closing ' (write '' for a quote inside)", '', 1);
      }
      if (t.kind === 'other' || (t.kind === 'var' && !options.variables)) {
        fail(t, `unexpected character '${t.kind === 'var' ? t.text[0] : t.text}'`, t.text === '"' ? 'strings use single quotes' : '', '', 1);
      }
    }
    const first = peek();
    if (!isWord(first)) {
      fail(first, isEnd(first) ? 'empty query' : unexpected(first), 'expected a metric name such as lead_time or deploys');
    }
    const head = take();
    const q: ParsedQuery = { head, form: 'metric', annotationKinds: [], groupBy: [], where: [] };
    const headWord = head.text.toLowerCase();
    if (headWord === 'annotations' || headWord === 'data_quality') {
      q.form = headWord;
      while (q.form === 'annotations' && isWord(peek()) && !isClause(peek())) {
        q.annotationKinds.push(take());
        if (isPunct(peek(), ',')) {
          take();
        }
      }
    } else if (isWord(peek(), 'samples')) {
      q.samples = take();
    } else if (isWord(peek()) && !isClause(peek())) {
      const t = peek();
      if (!parseStat(t.text, catalog)) {
        const near = suggestNearest(t.text, catalog.clauseKeywords);
        if (near) {
          fail(t, `unexpected '${t.text}'`, 'expected a stat or a clause', near);
        }
      }
      q.stat = take();
    }
    const clauseList = 'expected one of: by, where, every, rolling, band distribution, limit, vs previous';
    const once = (seen: boolean, t: Token) => {
      if (seen) {
        fail(t, `duplicate '${t.text.toLowerCase()}' clause`, 'each clause may appear once');
      }
    };
    while (!isEnd(peek())) {
      const t = peek();
      if (isWord(t, 'or')) {
        fail(t, "'or' is not supported", 'conditions are joined with and; use in (...) for alternatives');
      }
      if (!isClause(t)) {
        fail(t, unexpected(t), clauseList, isWord(t) ? suggestNearest(t.text, catalog.clauseKeywords) : '');
      }
      const kw = t.text.toLowerCase();
      if (kw === 'by') {
        once(q.groupBy.length > 0, t);
        take();
        do {
          q.groupBy.push(expectName(dimensionWhat));
        } while (isPunct(peek(), ',') && take());
      } else if (kw === 'where') {
        once(q.where.length > 0, t);
        take();
        parseWhere(q);
      } else if (kw === 'every') {
        once(q.every !== undefined, t);
        take();
        const v = peek();
        if (v.kind !== 'number' && !isWord(v, 'auto')) {
          fail(v, unexpected(v), 'expected an interval such as 1h, 1d, 1w or auto');
        }
        q.every = take();
      } else if (kw === 'rolling') {
        once(q.rolling !== undefined, t);
        take();
        if (peek().kind !== 'number' || isEnd(peek())) {
          fail(peek(), unexpected(peek()), 'expected a window such as 7d, 28d, 4w or 3mo');
        }
        q.rolling = take();
      } else if (kw === 'limit') {
        once(q.limit !== undefined, t);
        take();
        if (peek().kind !== 'number' || isEnd(peek())) {
          fail(peek(), unexpected(peek()), 'expected a number of rows such as 20');
        }
        q.limit = take();
      } else if (kw === 'vs') {
        once(q.vsPrevious !== undefined, t);
        const vs = take();
        const w = peek();
        if (!isWord(w, 'previous')) {
          fail(w, unexpected(w), "expected 'previous' after 'vs'", isWord(w) ? suggestNearest(w.text, ['previous']) : '');
        }
        take();
        q.vsPrevious = vs;
      } else {
        once(q.band !== undefined, t);
        const band = take();
        if (!isWord(peek(), 'distribution')) {
          fail(peek(), unexpected(peek()), "expected 'distribution' after 'band'");
        }
        take();
        q.band = band;
      }
    }
    return { ok: true, query: q };
  } catch (e) {
    if (e instanceof ParseFailure) {
      return { ok: false, error: e.error };
    }
    throw e;
  }

  function parseWhere(q: ParsedQuery) {
    for (;;) {
      const c: ParsedCondition = { dimension: expectName(dimensionWhat), op: '=', values: [] };
      const op = peek();
      if (isPunct(op, '=') || isPunct(op, '!=') || isPunct(op, '<>')) {
        c.op = op.text === '=' ? '=' : '!=';
        take();
        valueOrWildcard(c);
      } else if (isWord(op, 'in') || isWord(op, 'not')) {
        c.op = 'in';
        if (isWord(op, 'not')) {
          take();
          if (!isWord(peek(), 'in')) {
            fail(peek(), unexpected(peek()), "expected 'in' after 'not'");
          }
          c.op = 'not in';
        }
        take();
        if (!isPunct(peek(), '(')) {
          fail(peek(), unexpected(peek()), "expected '(' to open the value list");
        }
        take();
        do {
          if (c.values.length === catalog.limits.maxListValues) {
            fail(peek(), `more than ${catalog.limits.maxListValues} values in one list`,
              'narrow the variable\'s selection, or leave the condition out for all values');
          }
          valueOrWildcard(c);
        } while (isPunct(peek(), ',') && take());
        if (!isPunct(peek(), ')')) {
          fail(peek(), unexpected(peek()), "expected ',' or ')' in the value list");
        }
        take();
      } else {
        fail(op, unexpected(op), 'expected =, !=, in or not in');
      }
      q.where.push(c);
      if (!isWord(peek(), 'and')) {
        break;
      }
      take();
    }
  }
}

/** The canonical stat a word names (p90, p99.9, median -> p50, avg -> mean), or undefined (metrics/catalog.cc ParseStat). */
export function parseStat(text: string, catalog: Catalog): string | undefined {
  const s = text.toLowerCase();
  if (s in catalog.statWords) {
    return catalog.statWords[s];
  }
  const { prefix, exclusiveMin, exclusiveMax } = catalog.percentile;
  if (s.length <= prefix.length || !s.startsWith(prefix)) {
    return undefined;
  }
  const digits = s.slice(prefix.length);
  // Digits and dots, a digit first, and one number (absl::SimpleAtod: "9.5", "90.", not "9.5.1").
  if (!/^[0-9][0-9.]*$/.test(digits) || !/^[0-9]+(\.[0-9]*)?$/.test(digits)) {
    return undefined;
  }
  const n = Number(digits);
  return n > exclusiveMin && n < exclusiveMax ? prefix + digits : undefined;
}
