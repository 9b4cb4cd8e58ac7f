/**
 * The catalog checks of the engine's binder (src/query/binder.cc) that depend
 * only on the query text and the catalog, and the normalized text it renders.
 *
 * What the frontend checks: names (metric, stat, dimension, annotation kind),
 * which clauses each form takes (a metric head's clauses, then those of the
 * form `every`, `band distribution` or neither makes it), `limit`, `every` and
 * `rolling` values (a window at least a bucket long under a fixed `every`),
 * `*` negation, grouping a dimension twice, and band distribution (banded
 * metric in the band profile). What only the backend knows and checks: the
 * request (time range, bucket count, time zone), the data source's policy
 * settings and band profile (here the catalog's default unless given), and
 * interval lengths beyond what a duration can hold. test/conformance.test.ts
 * compares the outcome with the engine's for every compile case.
 */
import { LanguageError, languageError, Located, parseQuery, ParseOptions, ParsedQuery, parseStat, suggestNearest } from './queryParser';
import { Catalog, CatalogForm, CatalogMetric } from './types';

export interface CheckedFilter {
  dimension: string;
  negated: boolean;
  /** The values as written (strings unescaped). */
  values: string[];
}

export interface CheckedQuery {
  form: 'metric' | 'series' | 'band_distribution' | 'score' | 'samples' | 'annotations' | 'data_quality';
  /** Unset for annotations and data_quality. */
  metric?: CatalogMetric;
  /** Canonical stat (p90, p50 for median); the default for a duration metric without one. */
  stat?: string;
  /** Annotation kind words as given (canonical, each once); empty means the default kinds. */
  annotationKinds: string[];
  groupBy: string[];
  /** Conditions without `*`; a `*` keeps every row and is dropped. */
  filters: CheckedFilter[];
  /** `environment = *`: every environment instead of production only. */
  anyEnvironment: boolean;
  /** 'auto', or the interval in its largest whole unit (24h -> 1d). */
  every?: string;
  /** The `rolling` window in its largest whole unit (28d -> 4w; months as `<n>mo`). */
  rolling?: string;
  band: boolean;
  /** Metric form `vs previous`: also the previous period of the same length. */
  vsPrevious: boolean;
  /** Samples form: the row limit (the catalog's default when not given). */
  limit?: number;
  /** The engine's canonical rendering of the query. */
  normalized: string;
}

export type CheckOutcome = { ok: true; query: CheckedQuery } | { ok: false; error: LanguageError };

class CheckFailure extends Error {
  constructor(readonly error: LanguageError) {
    super(error.message);
  }
}

const fail = (at: Located, what: string, detail = '', suggestion = ''): never => {
  throw new CheckFailure(languageError('bind', at, what, detail, suggestion));
};

/** "a, b or c" (the binder's JoinAlternatives). */
function alternatives(names: string[], last = ' or '): string {
  return names.length < 2 ? names.join('') : names.slice(0, -1).join(', ') + last + names[names.length - 1];
}

export function findMetric(catalog: Catalog, word: string): CatalogMetric | undefined {
  const w = word.toLowerCase();
  return catalog.metrics.find((m) => m.name === w || m.aliases.includes(w));
}

/**
 * The form a query headed by `metric` has become: the metric's own form unless that is 'metric'; then the form
 * whose selecting word (the catalog form's `word`) is a clause the query uses, band distribution over series as
 * the engine's parser decides; else 'metric'. Completion and the check both ask here.
 */
export function metricQueryForm(metric: CatalogMetric, uses: (keyword: string) => boolean, catalog: Catalog): CatalogForm['name'] {
  if (metric.form !== 'metric') {
    return metric.form;
  }
  for (const keyword of ['band', 'every']) {
    const form = catalog.forms.find((f) => f.word === keyword);
    if (form && uses(keyword)) {
      return form.name;
    }
  }
  return 'metric';
}

/**
 * `<n><unit>` as the engine renders it, or undefined (query/binder.cc BindEvery:
 * `mo` counts whole calendar months and renders as `<n>mo`; h, d and w follow
 * common/time_spec.cc ParseDurationSpec and render in the largest whole unit).
 */
function normalizeInterval(text: string, catalog: Catalog): string | undefined {
  const unitSeconds: Record<string, number> = { h: 3600, d: 86400, w: 7 * 86400 };
  const m = /^([0-9]+)([a-z]+)$/.exec(text.toLowerCase());
  if (!m || !catalog.intervalUnits.includes(m[2]) || Number(m[1]) <= 0) {
    return undefined;
  }
  const [, count, unit] = m;
  if (unit === 'mo') {
    return `${Number(count)}mo`;
  }
  return unit in unitSeconds ? formatSeconds(Number(count) * unitSeconds[unit]) : undefined;
}

/** Seconds in the largest whole unit (common/time_spec.cc FormatDurationSpec). */
function formatSeconds(s: number): string {
  for (const [unit, size] of [['w', 7 * 86400], ['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (s !== 0 && s % size === 0) {
      return `${s / size}${unit}`;
    }
  }
  return `${s}s`;
}

const MAX_WINDOW_DAYS = 36600;
const MAX_WINDOW_MONTHS = 1200;

/** A `rolling` window as calendar days or months, or undefined (query/binder.cc BindWindow). */
function parseWindow(text: string, catalog: Catalog): { days: number; months: number } | undefined {
  const m = /^([0-9]+)([a-z]*)$/.exec(text.toLowerCase());
  if (!m || !catalog.windowUnits.includes(m[2]) || Number(m[1]) <= 0) {
    return undefined;
  }
  const n = Number(m[1]);
  if (m[2] === 'mo') {
    return n <= MAX_WINDOW_MONTHS ? { days: 0, months: n } : undefined;
  }
  const days = m[2] === 'w' ? 7 * n : n;
  return n <= MAX_WINDOW_DAYS && days <= MAX_WINDOW_DAYS ? { days, months: 0 } : undefined;
}

/** common/calendar.cc FormatCalendarSpan. */
function formatWindow(w: { days: number; months: number }): string {
  if (w.months > 0) {
    return `${w.months}mo`;
  }
  return w.days % 7 === 0 ? `${w.days / 7}w` : `${w.days}d`;
}

/**
 * The shortest window a bucket of `every` (as normalizeInterval renders it)
 * fits in, when `window` is shorter (query/binder.cc ShorterThanBucket: a
 * month counts 28 days in a window and 31 in a bucket); undefined otherwise.
 */
function windowShortfall(window: { days: number; months: number }, every: string): string | undefined {
  const m = /^([0-9]+)(mo|w|d|h|m|s)$/.exec(every)!;
  const n = Number(m[1]);
  if (m[2] === 'mo') {
    const shorter = window.months > 0 ? window.months < n : window.days < 31 * n;
    return shorter ? `${n}mo` : undefined;
  }
  const seconds = n * ({ w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1 } as Record<string, number>)[m[2]];
  const windowDays = window.months > 0 ? 28 * window.months : window.days;
  return windowDays * 86400 < seconds ? formatWindow({ days: Math.ceil(seconds / 86400), months: 0 }) : undefined;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

function render(q: Omit<CheckedQuery, 'normalized'>): string {
  let out = q.form === 'annotations' || q.form === 'data_quality' ? q.form : q.metric!.name;
  if (q.annotationKinds.length > 0) {
    out += ' ' + q.annotationKinds.join(', ');
  }
  if (q.form === 'samples') {
    out += ' samples';
  }
  if (q.stat) {
    out += ' ' + q.stat;
  }
  if (q.groupBy.length > 0 && !(q.band && q.groupBy.length === 1 && q.groupBy[0] === 'service')) {
    out += ' by ' + q.groupBy.join(', ');
  }
  const conds = q.filters.map((f) =>
    f.values.length === 1
      ? `${f.dimension} ${f.negated ? '!=' : '='} ${quote(f.values[0])}`
      : `${f.dimension} ${f.negated ? 'not in' : 'in'} (${f.values.map(quote).join(', ')})`
  );
  if (q.anyEnvironment) {
    conds.push('environment = *');
  }
  if (conds.length > 0) {
    out += ' where ' + conds.join(' and ');
  }
  if (q.every) {
    out += ' every ' + q.every;
  }
  if (q.rolling) {
    out += ' rolling ' + q.rolling;
  }
  if (q.band) {
    out += ' band distribution';
  }
  if (q.vsPrevious) {
    out += ' vs previous';
  }
  if (q.form === 'samples') {
    out += ` limit ${q.limit}`;
  }
  return out;
}

/** The clause keyword's position in the query, if it has the clause (`where` is taken by every form). */
function clauseAt(p: ParsedQuery, keyword: string): Located | undefined {
  switch (keyword) {
    case 'by':
      return p.groupBy[0];
    case 'every':
      return p.every;
    case 'rolling':
      return p.rolling;
    case 'band':
      return p.band;
    case 'limit':
      return p.limit;
    case 'vs':
      return p.vsPrevious;
    default:
      return undefined;
  }
}

/**
 * Fails at the first clause, in the catalog's clause keyword order, that the
 * form does not take, then at the first clause without the clause it needs.
 */
function checkFormClauses(p: ParsedQuery, catalog: Catalog, formName: CatalogForm['name'], metric = '') {
  const form = catalog.forms.find((f) => f.name === formName);
  if (!form) {
    throw new Error(`the catalog has no form ${formName}`);
  }
  for (const keyword of catalog.clauseKeywords) {
    const at = clauseAt(p, keyword);
    if (at && !form.clauses.includes(keyword)) {
      fail(at, form.refusal.split('<clause>').join(catalog.clausePhrases[keyword] ?? keyword), `use e.g. ${form.example.split('<metric>').join(metric)}`);
    }
  }
  for (const r of form.requirements ?? []) {
    const at = clauseAt(p, r.clause);
    if (at && !clauseAt(p, r.needs)) {
      fail(at, r.refusal, `use e.g. ${r.example.split('<metric>').join(metric)}`);
    }
  }
}

function checkHead(p: ParsedQuery, catalog: Catalog, q: Omit<CheckedQuery, 'normalized'>) {
  const kindNames = catalog.annotationKinds.map((k) => k.name);
  if (p.form === 'annotations' || p.form === 'data_quality') {
    q.form = p.form;
    for (const k of p.annotationKinds) {
      const w = k.text.toLowerCase();
      if (!kindNames.includes(w)) {
        fail(k, `unknown annotation kind '${k.text}'`, `expected ${alternatives(kindNames)}`, suggestNearest(k.text, kindNames));
      }
      if (!q.annotationKinds.includes(w)) {
        q.annotationKinds.push(w);
      }
    }
    checkFormClauses(p, catalog, p.form);
    return;
  }
  const metric = findMetric(catalog, p.head.text);
  if (!metric) {
    const names = catalog.metrics
      .flatMap((m) => [m.name, ...m.aliases])
      .concat(catalog.forms.filter((f) => f.word === f.name).map((f) => f.word));
    return fail(p.head, `unknown metric '${p.head.text}'`, '', suggestNearest(p.head.text, names));
  }
  q.metric = metric;
  if (p.stat) {
    const stat = parseStat(p.stat.text, catalog);
    if (!stat) {
      fail(p.stat, `unknown stat '${p.stat.text}'`, `expected ${alternatives(catalog.stats)}`, suggestNearest(p.stat.text, catalog.stats));
    }
    if (!metric.takesStat) {
      const takers = catalog.metrics.filter((m) => m.takesStat).map((m) => m.name);
      fail(p.stat, `stat '${p.stat.text}' does not apply to ${metric.name}`, `stats apply to ${alternatives(takers, ' and ')} only`);
    }
    q.stat = stat;
  } else if (metric.takesStat && !p.samples) {
    q.stat = catalog.defaultStat;
  }
  if (p.samples) {
    q.form = 'samples';
    if (!metric.takesSamples) {
      fail(p.samples, `samples do not apply to ${metric.name}`);
    }
    checkFormClauses(p, catalog, 'samples');
    q.limit = catalog.samples.defaultLimit;
    if (p.limit) {
      const n = /^[0-9]+$/.test(p.limit.text) ? Number(p.limit.text) : NaN;
      if (!(n >= 1 && n <= catalog.samples.maxLimit)) {
        fail(p.limit, `invalid limit '${p.limit.text}'`, `expected a whole number from 1 to ${catalog.samples.maxLimit}`);
      }
      q.limit = n;
    }
  } else {
    // The metric's own form ('metric' or 'score'), then the form its clauses make.
    checkFormClauses(p, catalog, metric.form, metric.name);
    q.form = metricQueryForm(metric, (keyword) => clauseAt(p, keyword) !== undefined, catalog);
    if (q.form !== metric.form) {
      checkFormClauses(p, catalog, q.form, metric.name);
    }
    q.vsPrevious = p.vsPrevious !== undefined;
  }
}

export function checkQuery(p: ParsedQuery, catalog: Catalog, bandProfile = catalog.defaultBandProfile): CheckOutcome {
  const q: Omit<CheckedQuery, 'normalized'> = {
    form: 'metric',
    annotationKinds: [],
    groupBy: [],
    filters: [],
    anyEnvironment: false,
    band: false,
    vsPrevious: false,
  };
  const dimension = (name: Located): string => {
    const d = name.text.toLowerCase();
    if (!catalog.dimensions.includes(d)) {
      fail(name, `unknown dimension '${name.text}'`, `expected ${alternatives(catalog.dimensions)}`, suggestNearest(name.text, catalog.dimensions));
    }
    return d;
  };
  try {
    checkHead(p, catalog, q);
    for (const name of p.groupBy) {
      const d = dimension(name);
      if (q.groupBy.includes(d)) {
        fail(name, `dimension '${name.text}' is grouped twice`);
      }
      q.groupBy.push(d);
    }
    for (const c of p.where) {
      const f: CheckedFilter = { dimension: dimension(c.dimension), negated: c.op === '!=' || c.op === 'not in', values: [] };
      if (c.wildcard) {
        if (f.negated) {
          fail(c.wildcard, "'*' (any value) cannot be negated", '!= * and not in (*) would match nothing; remove the condition');
        }
        q.anyEnvironment = q.anyEnvironment || f.dimension === 'environment';
        continue;
      }
      for (const v of c.values) {
        if (v.text.includes('\0')) {
          fail(v, 'value contains a NUL character', 'PostgreSQL text cannot hold it');
        }
        f.values.push(v.text);
      }
      q.filters.push(f);
    }
    if (p.every) {
      if (p.every.text.toLowerCase() === 'auto') {
        q.every = 'auto';
      } else {
        const every = normalizeInterval(p.every.text, catalog);
        if (every === undefined) {
          fail(
            p.every,
            `invalid interval '${p.every.text}'`,
            'expected a positive number of hours, days, weeks or months (1h, 1d, 1w, 1mo) or auto'
          );
        }
        q.every = every!;
      }
    }
    if (p.rolling && q.every) {
      const window = parseWindow(p.rolling.text, catalog);
      if (!window) {
        fail(p.rolling, `invalid window '${p.rolling.text}'`,
          'expected a whole number of calendar days, weeks or months (7d, 4w, 3mo) up to 100 years');
      }
      // Under `every auto` the bucket comes from the request: the engine checks it.
      const shortest = q.every === 'auto' ? undefined : windowShortfall(window!, q.every);
      if (shortest) {
        fail(p.rolling, `rolling ${formatWindow(window!)} is shorter than a bucket of every ${q.every}`,
          `a window holds at least one whole bucket; use rolling ${shortest} or longer`);
      }
      q.rolling = formatWindow(window!);
    }
    if (p.band && q.metric) {
      const profile = catalog.bandProfiles.find((b) => b.id === bandProfile);
      if (profile && !profile.metrics.includes(q.metric.name)) {
        fail(p.band, `${q.metric.name} has no bands in profile ${profile.id}`,
          `band distribution applies to ${alternatives(profile.metrics, ' and ')}`);
      }
      q.band = true;
      if (q.groupBy.length === 0) {
        q.groupBy.push('service');
      }
    }
    return { ok: true, query: { ...q, normalized: render(q) } };
  } catch (e) {
    if (e instanceof CheckFailure) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
}

/** Parse and check in one step, as the engine's CompileQuery (without the request's context). */
export function compileQuery(text: string, catalog: Catalog, options: ParseOptions & { bandProfile?: string } = {}): CheckOutcome {
  const parsed = parseQuery(text, catalog, options);
  return parsed.ok ? checkQuery(parsed.query, catalog, options.bandProfile) : parsed;
}
