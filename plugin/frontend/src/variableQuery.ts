/**
 * A dashboard variable's query, `services where team in ($team)`: the head
 * words, the one clause it takes, its refusal and example come from the
 * catalog's `variableQuery` (the backend's src/query/language.h); the text is
 * read by queryParser.ts, the language's own grammar. The backend
 * (src/datasource/variable_values.cc) parses and binds the same text with the
 * engine and is the authority; checkVariableQuery gives the variable editor
 * the same errors at the same positions without a round trip, for the checks
 * listed there.
 */
import { LanguageError, languageError, parseQuery, suggestNearest } from './queryParser';
import { Catalog, Dimension, DoraVariableQuery } from './types';

export type VariableQueryOutcome = { ok: true; query: { dimension: Dimension; where: string } } | { ok: false; error: LanguageError };

function alternatives(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The text the backend's `values` resource reads: `<dimension>s[ where <conditions>]`. */
export function variableQueryText(q: Pick<DoraVariableQuery, 'dimension' | 'where'>): string {
  const where = (q.where ?? '').trim().replace(/^where\s+/i, '');
  return `${q.dimension}s${where ? ` where ${where}` : ''}`;
}

/**
 * Parses and checks a variable query (dashboard variable references allowed
 * as values): the head is one of the catalog's heads, no clause but `where`,
 * each condition's dimension a catalog dimension, no negated `*`. Errors are
 * the engine's, positioned in `text`.
 */
export function checkVariableQuery(text: string, catalog: Catalog): VariableQueryOutcome {
  const parsed = parseQuery(text, catalog, { variables: true });
  if (!parsed.ok) {
    return parsed;
  }
  const p = parsed.query;
  const form = catalog.variableQuery;
  const head = p.head.text.toLowerCase();
  const index = form.heads.indexOf(head);
  if (index < 0 || p.form !== 'metric') {
    return bindError(p.head, `unknown variable query '${p.head.text}'`, `expected ${alternatives(form.heads)}`,
      suggestNearest(p.head.text, form.heads));
  }
  const refuse = (at: { pos: number; len: number }) => bindError(at, form.refusal, `use e.g. ${form.example}`);
  // The binder's order: a word after the head, then the clauses in ClauseKeywords() order.
  const extra = p.samples ?? p.stat;
  if (extra) {
    return refuse(extra);
  }
  const clauseAt: Record<string, { pos: number; len: number } | undefined> = { by: p.groupBy[0], every: p.every, band: p.band, limit: p.limit, vs: p.vsPrevious };
  for (const keyword of catalog.clauseKeywords) {
    const at = clauseAt[keyword];
    if (at && !form.clauses.includes(keyword)) {
      return refuse(at);
    }
  }
  for (const c of p.where) {
    const name = c.dimension.text.toLowerCase();
    if (!catalog.dimensions.includes(name)) {
      return bindError(c.dimension, `unknown dimension '${c.dimension.text}'`, `expected ${alternatives(catalog.dimensions)}`,
        suggestNearest(c.dimension.text, catalog.dimensions));
    }
    if (c.wildcard && (c.op === '!=' || c.op === 'not in')) {
      return bindError(c.wildcard, "'*' (any value) cannot be negated", '!= * and not in (*) would match nothing; remove the condition');
    }
  }
  const first = p.where[0]?.dimension.token.start;
  const where = first === undefined ? '' : text.slice(first).trim();
  return { ok: true, query: { dimension: catalog.dimensions[index] as Dimension, where } };
}

function bindError(at: { pos: number; len: number }, what: string, detail = '', suggestion = ''): VariableQueryOutcome {
  return { ok: false, error: languageError('bind', at, what, detail, suggestion) };
}
