/**
 * The builder's model and its two-way mapping to query text. The builder
 * covers the metric form, `metric [stat] [by ...] [where ...] [every ...
 * [rolling ...]] [band distribution] [vs previous]`; text is read with the engine's grammar and catalog
 * checks (queryParser.ts, queryCheck.ts), and anything else (annotations,
 * samples, data_quality, `*` conditions, errors) is reported as not
 * representable and stays in code mode.
 */
import { BUNDLED_CATALOG } from './catalog';
import { isVariableRef, tokenize } from './lexer';
import { quoteLiteral } from './interpolate';
import { checkQuery } from './queryCheck';
import { parseQuery, parseStat } from './queryParser';
import { Catalog } from './types';

export { findMetric } from './queryCheck';

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
  /** The `rolling` window; written only with `every`. */
  rolling?: string;
  band: boolean;
  /** `vs previous`: the previous period beside the value (metric form only). */
  vsPrevious?: boolean;
}

export type ParseResult = { ok: true; model: BuilderModel } | { ok: false; reason: string };

export const EMPTY_MODEL: BuilderModel = { metric: '', by: [], filters: [], band: false };

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
    if (model.rolling) {
      parts.push('rolling ' + model.rolling);
    }
  }
  if (model.band) {
    parts.push('band distribution');
  }
  if (model.vsPrevious) {
    parts.push('vs previous');
  }
  return parts.join(' ');
}

const CODE_ONLY: Record<string, string> = {
  annotations: 'annotation queries can only be edited as code',
  data_quality: 'data_quality queries can only be edited as code',
  samples: 'samples queries can only be edited as code',
};

/** Reads text into the builder's model, or says why the builder cannot show it. */
export function parseToModel(text: string, catalog: Catalog = BUNDLED_CATALOG): ParseResult {
  if (tokenize(text).length === 0) {
    return { ok: true, model: { ...EMPTY_MODEL } };
  }
  const parsed = parseQuery(text, catalog, { variables: true });
  if (!parsed.ok) {
    return { ok: false, reason: parsed.error.message };
  }
  const p = parsed.query;
  const form = p.form !== 'metric' ? p.form : p.samples ? 'samples' : 'metric';
  if (form !== 'metric') {
    return { ok: false, reason: CODE_ONLY[form] };
  }
  // Band distribution and vs previous are switches the builder always shows;
  // whether the metric has bands and which of them goes with `every` is the
  // validation's to say, so a text the builder writes can always be read back.
  const checked = checkQuery({ ...p, band: undefined, vsPrevious: undefined }, catalog);
  if (!checked.ok) {
    return { ok: false, reason: checked.error.message };
  }
  if (p.where.some((c) => c.wildcard)) {
    return { ok: false, reason: "'*' (any value) conditions can only be edited as code" };
  }
  return {
    ok: true,
    model: {
      metric: checked.query.metric!.name,
      stat: p.stat ? parseStat(p.stat.text, catalog) : undefined,
      by: p.groupBy.map((d) => d.text.toLowerCase()),
      filters: p.where.map((c) => ({ dimension: c.dimension.text.toLowerCase(), op: c.op, values: c.values.map((v) => v.text) })),
      every: p.every?.text.toLowerCase(),
      rolling: p.rolling?.text.toLowerCase(),
      band: p.band !== undefined,
      vsPrevious: p.vsPrevious !== undefined,
    },
  };
}
