/**
 * Context-aware completion for the code editor: metrics, stats, clause
 * keywords, dimensions, operators, intervals, and (after `=`, `in (` ...) the
 * values of the dimension on the left plus dashboard variables. Where an
 * operator is wanted, a multi-value variable is offered whole as
 * `in ($name)`; after `=` it is marked as becoming an `in` list
 * (interpolate.ts rewrites `= $multi` so).
 */
import { Token, tokenize } from './lexer';
import { quoteLiteral } from './interpolate';
import { findMetric, metricQueryForm } from './queryCheck';
import { Catalog } from './types';

export type CompletionKind = 'metric' | 'stat' | 'keyword' | 'dimension' | 'operator' | 'value' | 'variable' | 'interval';

export interface CompletionItem {
  label: string;
  insertText: string;
  kind: CompletionKind;
  detail?: string;
}

export interface CompletionContext {
  catalog: Catalog;
  /** Known values per dimension (service, team, environment); missing = not loaded. */
  values: Record<string, string[] | undefined>;
  /** Dashboard variable names (without $). */
  variables: string[];
  /** The names among `variables` that can hold several values (multi-value or include All). */
  multiValueVariables?: string[];
}

export interface CompletionResult {
  /** Range of the text the chosen item replaces (0-based, end exclusive). */
  from: number;
  to: number;
  items: CompletionItem[];
  /** Set when values of this dimension are wanted but not in ctx.values yet. */
  needsValuesFor?: string;
}

const formDescription = (catalog: Catalog, name: string) => catalog.forms.find((f) => f.name === name)?.description;

function kws(words: string[], detail?: string): CompletionItem[] {
  return words.map((w) => ({ label: w, insertText: w, kind: 'keyword' as const, detail }));
}

export function getCompletions(text: string, cursor: number, ctx: CompletionContext): CompletionResult {
  const all = tokenize(text.slice(0, cursor));
  let from = cursor;
  let prefix = '';
  let prev = all;
  const last = all[all.length - 1];
  // The token the cursor is in (or right after) is the prefix being typed.
  if (last && last.end === cursor && (last.kind === 'word' || last.kind === 'number' || last.kind === 'unterminated' || last.kind === 'var')) {
    from = last.start;
    prefix = last.kind === 'unterminated' ? last.value : last.text;
    prev = all.slice(0, -1);
  }
  const { items, needsValuesFor } = candidates(prev, ctx);
  const p = prefix.toLowerCase();
  const filtered = items.filter((it) => {
    if (!p) {
      return true;
    }
    const label = it.label.toLowerCase();
    const unquoted = label.startsWith("'") ? label.slice(1) : label;
    return (label.startsWith(p) || unquoted.startsWith(p)) && label !== p;
  });
  return { from, to: cursor, items: filtered, needsValuesFor };
}

function candidates(prev: Token[], ctx: CompletionContext): { items: CompletionItem[]; needsValuesFor?: string } {
  const { catalog } = ctx;
  const low = (t?: Token) => (t && t.kind === 'word' ? t.value.toLowerCase() : t?.text ?? '');
  if (prev.length === 0) {
    const metrics: CompletionItem[] = [];
    for (const m of catalog.metrics) {
      metrics.push({ label: m.name, insertText: m.name, kind: 'metric', detail: m.description });
      for (const a of m.aliases) {
        metrics.push({ label: a, insertText: a, kind: 'metric', detail: `alias of ${m.name}` });
      }
    }
    for (const f of catalog.forms.filter((f) => f.name === f.word)) {
      metrics.push({ label: f.word, insertText: f.word, kind: 'keyword', detail: f.description });
    }
    return { items: metrics };
  }
  const head = low(prev[0]);
  const lastTok = prev[prev.length - 1];
  const lastLow = low(lastTok);

  if (head === 'annotations') {
    const usedWhere = prev.some((t) => low(t) === 'where');
    if (!usedWhere) {
      if (prev.length === 1 || lastLow === ',') {
        const used = new Set(prev.map(low));
        const kinds = catalog.annotationKinds.map((k) => k.name).filter((k) => !used.has(k));
        return { items: kws(kinds, 'event kind').concat(prev.length === 1 ? kws(['where']) : []) };
      }
      return { items: kws(['where']) };
    }
    return whereContext(prev, ctx) ?? { items: [] };
  }

  const metric = findMetric(catalog, head);
  const used = new Set(prev.map(low));
  const clauseKeywords = (): CompletionItem[] => {
    // The clauses of the form the query has become (a metric's own form, then
    // series after every, band distribution after band); a clause that needs
    // another (rolling needs every) is offered once that one is there.
    const formName = metric ? metricQueryForm(metric, (keyword) => used.has(keyword), catalog) : 'metric';
    const form = catalog.forms.find((f) => f.name === formName);
    const unmet = (c: string) => (form?.requirements ?? []).some((r) => r.clause === c && !used.has(r.needs));
    const out = (form?.clauses ?? []).filter((c) => !used.has(c) && !unmet(c)).map((c) => catalog.clausePhrases[c] ?? c);
    return kws(out, 'clause');
  };

  if (prev.length === 1) {
    const items: CompletionItem[] = [];
    if (metric?.takesStat) {
      for (const s of catalog.stats) {
        items.push({ label: s, insertText: s, kind: 'stat', detail: s === catalog.defaultStat ? 'default' : 'statistic' });
      }
    }
    if (metric?.takesSamples) {
      items.push({ label: 'samples', insertText: 'samples', kind: 'keyword', detail: formDescription(catalog, 'samples') });
    }
    return { items: items.concat(clauseKeywords()) };
  }

  if (lastLow === 'by' || (lastLow === ',' && currentClause(prev, catalog) === 'by')) {
    const chosen = new Set(prev.slice(prev.map(low).lastIndexOf('by')).map(low));
    return { items: dims(ctx).filter((d) => !chosen.has(d.label)) };
  }
  if (lastLow === 'every') {
    return { items: catalog.intervals.map((iv) => ({ label: iv, insertText: iv, kind: 'interval' as const })) };
  }
  if (lastLow === 'rolling') {
    return { items: catalog.windows.map((w) => ({ label: w, insertText: w, kind: 'interval' as const })) };
  }
  if (lastLow === 'band' || lastLow === 'vs') {
    return { items: kws([(catalog.clausePhrases[lastLow] ?? lastLow).split(' ')[1]]) };
  }
  if (currentClause(prev, catalog) === 'where') {
    const w = whereContext(prev, ctx);
    if (w) {
      return w;
    }
    return { items: kws(['and']).concat(clauseKeywords()) };
  }
  if (lastLow === 'samples') {
    return { items: kws(catalog.forms.find((f) => f.name === 'samples')?.clauses ?? []) };
  }
  return { items: clauseKeywords() };
}

function dims(ctx: CompletionContext): CompletionItem[] {
  return ctx.catalog.dimensions.map((d) => ({ label: d, insertText: d, kind: 'dimension' as const }));
}

/** The clause keyword the token list is currently in. */
function currentClause(prev: Token[], catalog: Catalog): string | undefined {
  for (let i = prev.length - 1; i >= 1; i--) {
    const t = prev[i];
    if (t.kind === 'word' && catalog.clauseKeywords.includes(t.value.toLowerCase())) {
      return t.value.toLowerCase();
    }
  }
  return undefined;
}

/** Completion inside `where`: dimension, operator or value; undefined after a complete condition. */
function whereContext(prev: Token[], ctx: CompletionContext): { items: CompletionItem[]; needsValuesFor?: string } | undefined {
  const low = (t?: Token) => (t && t.kind === 'word' ? t.value.toLowerCase() : t?.text ?? '');
  const lastLow = low(prev[prev.length - 1]);
  if (lastLow === 'where' || lastLow === 'and') {
    return { items: dims(ctx) };
  }
  // Find the start of the current condition.
  let start = prev.length - 1;
  while (start >= 0 && !['where', 'and'].includes(low(prev[start]))) {
    start--;
  }
  const cond = prev.slice(start + 1);
  const dim = low(cond[0]);
  if (!ctx.catalog.dimensions.includes(dim)) {
    return undefined;
  }
  const multi = new Set(ctx.multiValueVariables ?? []);
  if (cond.length === 1) {
    const operators: CompletionItem[] = ctx.catalog.operators.map((o) => ({
      label: o,
      insertText: o === 'in' || o === 'not in' ? `${o} (` : o,
      kind: 'operator' as const,
    }));
    const lists: CompletionItem[] = ctx.variables
      .filter((name) => multi.has(name))
      .map((name) => ({ label: `in ($${name})`, insertText: `in ($${name})`, kind: 'variable', detail: 'multi-value dashboard variable' }));
    return { items: operators.concat(lists) };
  }
  const op = low(cond[1]);
  if (op === 'not' && cond.length === 2) {
    return { items: [{ label: 'in', insertText: 'in (', kind: 'operator' }] };
  }
  const wantsValue =
    (['=', '!=', '<>'].includes(op) && cond.length === 2) ||
    ((op === 'in' || op === 'not') && ['(', ','].includes(lastLowOf(cond)) && !cond.some((t) => t.text === ')'));
  if (!wantsValue) {
    if ((op === 'in' || op === 'not') && lastLowOf(cond) === 'in') {
      return { items: [{ label: '(', insertText: '(', kind: 'operator' }] };
    }
    return undefined;
  }
  const known = ctx.values[dim];
  const items: CompletionItem[] = (known ?? []).map((v) => ({ label: quoteLiteral(v), insertText: quoteLiteral(v), kind: 'value' as const, detail: dim }));
  const afterComparison = op !== 'in' && op !== 'not';
  for (const name of ctx.variables) {
    const detail = !multi.has(name)
      ? 'dashboard variable'
      : afterComparison
        ? `multi-value dashboard variable: becomes ${op === '=' ? 'in' : 'not in'} (...) for several values`
        : 'multi-value dashboard variable';
    items.push({ label: '$' + name, insertText: '$' + name, kind: 'variable', detail });
  }
  return { items, needsValuesFor: known === undefined ? dim : undefined };
}

function lastLowOf(cond: Token[]): string {
  const t = cond[cond.length - 1];
  return t.kind === 'word' ? t.value.toLowerCase() : t.text;
}
