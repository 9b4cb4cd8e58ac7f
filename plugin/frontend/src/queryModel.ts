/**
 * The builder's model and its two-way mapping to query text. The builder
 * covers `metric [stat] [by ...] [where ...] [every ...] [band distribution]`;
 * anything else (annotations, samples, data_quality, syntax errors) is
 * reported as not representable and stays in code mode.
 */
import { isVariableRef, Token, tokenize } from './lexer';
import { quoteLiteral } from './interpolate';
import { Catalog, FALLBACK_CATALOG } from './types';

export type FilterOp = '=' | '!=' | 'in' | 'not in';

export interface BuilderFilter {
  dimension: string;
  op: FilterOp;
  /** Literal values, or variable references such as $service (emitted unquoted). */
  values: string[];
}

export interface BuilderModel {
  metric: string;
  stat?: string;
  by: string[];
  filters: BuilderFilter[];
  every?: string;
  band: boolean;
}

export type ParseResult = { ok: true; model: BuilderModel } | { ok: false; reason: string };

export const EMPTY_MODEL: BuilderModel = { metric: '', by: [], filters: [], band: false };

const STAT_RE = /^(p\d+(\.\d+)?|median|mean|avg|min|max)$/i;
const INTERVAL_RE = /^(\d+[hdw]|auto)$/i;

export function findMetric(catalog: Catalog, word: string) {
  const w = word.toLowerCase();
  return catalog.metrics.find((m) => m.name === w || m.aliases.includes(w));
}

/** Emits a value: variable references stay bare (interpolation quotes them), everything else is quoted. */
export function formatValue(value: string): string {
  return isVariableRef(value) ? value : quoteLiteral(value);
}

export function modelToText(model: BuilderModel): string {
  if (!model.metric) {
    return '';
  }
  const parts = [model.metric];
  if (model.stat) {
    parts.push(model.stat);
  }
  if (model.by.length > 0) {
    parts.push('by ' + model.by.join(', '));
  }
  const conds = model.filters
    .filter((f) => f.dimension && f.values.length > 0)
    .map((f) => {
      if (f.op === 'in' || f.op === 'not in') {
        return `${f.dimension} ${f.op} (${f.values.map(formatValue).join(', ')})`;
      }
      return `${f.dimension} ${f.op} ${formatValue(f.values[0])}`;
    });
  if (conds.length > 0) {
    parts.push('where ' + conds.join(' and '));
  }
  if (model.every) {
    parts.push('every ' + model.every);
  }
  if (model.band) {
    parts.push('band distribution');
  }
  return parts.join(' ');
}

class NotRepresentable extends Error {}

export function parseToModel(text: string, catalog: Catalog = FALLBACK_CATALOG): ParseResult {
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    return { ok: true, model: { ...EMPTY_MODEL } };
  }
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const kw = (t: Token | undefined, word: string) => t !== undefined && t.kind === 'word' && t.value.toLowerCase() === word;
  const fail = (msg: string): never => {
    throw new NotRepresentable(msg);
  };
  const describe = (t: Token | undefined) => (t ? `'${t.text}' at ${t.start + 1}` : 'end of query');

  try {
    const first = tokens[i++];
    if (first.kind !== 'word') {
      fail(`the query must start with a metric, not ${describe(first)}`);
    }
    const head = first.value.toLowerCase();
    if (head === 'annotations') {
      fail('annotation queries can only be edited as code');
    }
    if (head === 'data_quality') {
      fail('data_quality queries can only be edited as code');
    }
    const metric = findMetric(catalog, head);
    if (!metric) {
      fail(`unknown metric '${first.text}'`);
    }
    const model: BuilderModel = { metric: metric!.name, by: [], filters: [], band: false };
    if (kw(peek(), 'samples')) {
      fail('samples queries can only be edited as code');
    }
    const next = peek();
    if (next && next.kind === 'word' && STAT_RE.test(next.value)) {
      if (!metric!.takesStat) {
        fail(`${metric!.name} takes no statistic`);
      }
      model.stat = next.value.toLowerCase() === 'avg' ? 'mean' : next.value.toLowerCase();
      i++;
    }
    const seen = new Set<string>();
    const once = (clause: string) => {
      if (seen.has(clause)) {
        fail(`'${clause}' appears twice`);
      }
      seen.add(clause);
    };
    const dimension = (): string => {
      const t = tokens[i++];
      const name = t && t.kind === 'word' ? t.value.toLowerCase() : '';
      if (!catalog.dimensions.includes(name)) {
        fail(`expected a dimension (${catalog.dimensions.join(', ')}) but found ${describe(t)}`);
      }
      return name;
    };
    const value = (): string => {
      const t = tokens[i++];
      if (!t || (t.kind !== 'string' && t.kind !== 'word' && t.kind !== 'var')) {
        fail(`expected a value but found ${describe(t)}`);
      }
      return t!.value;
    };
    const punct = (p: string) => {
      const t = tokens[i++];
      if (!t || t.kind !== 'punct' || t.text !== p) {
        fail(`expected '${p}' but found ${describe(t)}`);
      }
    };
    while (i < tokens.length) {
      const t = tokens[i++];
      if (kw(t, 'by')) {
        once('by');
        model.by.push(dimension());
        while (peek()?.text === ',') {
          i++;
          model.by.push(dimension());
        }
      } else if (kw(t, 'where')) {
        once('where');
        do {
          const dim = dimension();
          const opTok = tokens[i++];
          if (opTok?.kind === 'punct' && ['=', '!=', '<>'].includes(opTok.text)) {
            model.filters.push({ dimension: dim, op: opTok.text === '=' ? '=' : '!=', values: [value()] });
          } else if (kw(opTok, 'in') || (kw(opTok, 'not') && kw(peek(), 'in'))) {
            const op: FilterOp = kw(opTok, 'not') ? 'not in' : 'in';
            if (op === 'not in') {
              i++;
            }
            punct('(');
            const values = [value()];
            while (peek()?.text === ',') {
              i++;
              values.push(value());
            }
            punct(')');
            model.filters.push({ dimension: dim, op, values });
          } else {
            fail(`expected an operator (=, !=, in, not in) but found ${describe(opTok)}`);
          }
        } while (kw(peek(), 'and') && ++i);
      } else if (kw(t, 'every')) {
        once('every');
        const iv = tokens[i++];
        if (!iv || iv.kind !== 'word' || !INTERVAL_RE.test(iv.value)) {
          fail(`expected an interval (1h, 1d, 1w, auto) but found ${describe(iv)}`);
        }
        model.every = iv!.value.toLowerCase();
      } else if (kw(t, 'band')) {
        once('band');
        if (!kw(tokens[i++], 'distribution')) {
          fail("expected 'distribution' after 'band'");
        }
        model.band = true;
      } else {
        fail(`unexpected ${describe(t)}`);
      }
    }
    return { ok: true, model };
  } catch (e) {
    if (e instanceof NotRepresentable) {
      return { ok: false, reason: e.message };
    }
    throw e;
  }
}
