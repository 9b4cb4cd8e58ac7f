/**
 * The cheat sheet's examples, built from the catalog (the engine's words,
 * never a copy): one per query shape the language has. Every example is a
 * query the language accepts (src/__tests__/QueryHelp.test.tsx compiles each
 * through queryCheck.ts); `$team` stands for a dashboard variable, written as
 * the catalog's variable-query example writes it.
 */
import { Catalog, CatalogMetric } from './types';

export interface HelpExample {
  title: string;
  expr: string;
}

/** The condition of the catalog's variable-query example (`team in ($team)`), or ''. */
export function variableCondition(catalog: Catalog): string {
  const m = /\bwhere\s+(.*)$/i.exec(catalog.variableQuery?.example ?? '');
  return m ? m[1] : '';
}

export function helpExamples(catalog: Catalog): HelpExample[] {
  const out: HelpExample[] = [];
  const [first, second] = catalog.dimensions;
  const duration = catalog.metrics.find((m) => m.takesStat);
  const other: CatalogMetric | undefined = catalog.metrics.find((m) => !m.takesStat && m.kind === 'ratio') ?? catalog.metrics[0];
  const stat = catalog.stats.find((s) => s.startsWith(catalog.percentile.prefix) && s !== catalog.defaultStat) ?? catalog.defaultStat;
  const interval = catalog.intervals.filter((i) => /^\d/.test(i)).pop();
  const condition = variableCondition(catalog);
  if (duration && interval) {
    out.push({ title: `${duration.name}, ${stat} per ${first}, one point per ${interval}`, expr: `${duration.name} ${stat} by ${first} every ${interval}` });
  }
  if (other) {
    out.push({
      title: `${other.name} per ${second}${condition ? ', for the teams a dashboard variable selects' : ''}`,
      expr: `${other.name} by ${second}${condition ? ` where ${condition}` : ''}`,
    });
    const vs = catalog.clausePhrases.vs;
    if (vs) {
      out.push({ title: `${other.name} per ${second}, beside the previous period of the same length and the change in %`, expr: `${other.name} by ${second} ${vs}` });
    }
    if (catalog.intervals.includes('auto')) {
      out.push({ title: `${other.name} over time, the bucket chosen from the panel's interval`, expr: `${other.name} every auto` });
    }
  }
  for (const r of catalog.forms.find((f) => f.name === 'metric')?.requirements ?? []) {
    if (duration) {
      out.push({ title: `${duration.name}, each point over the trailing window ending at it (${r.clause})`, expr: r.example.split('<metric>').join(duration.name) });
    }
  }
  const banded = catalog.bandProfiles.find((p) => p.id === catalog.defaultBandProfile)?.metrics[0];
  if (banded && catalog.keywords.includes('distribution')) {
    out.push({ title: `How many ${first}s are in each DORA band for ${banded}`, expr: `${banded} band distribution` });
  }
  for (const form of catalog.forms) {
    if (form.name === 'metric') {
      continue;
    }
    if (!form.example.includes('<metric>')) {
      out.push({ title: form.description, expr: form.example });
    }
    // A form of its own metrics (dora_score's `score`): its example with each of them.
    for (const m of catalog.metrics.filter((m) => m.form === form.name)) {
      out.push({ title: form.description, expr: form.example.split('<metric>').join(m.name) });
    }
  }
  return out;
}

/** `p50 p75 ...` and the pN rule, as a sentence. */
export function statSentence(catalog: Catalog): string {
  const p = catalog.percentile;
  const words = Object.entries(catalog.statWords)
    .filter(([word, stat]) => word !== stat)
    .map(([word, stat]) => `${word} = ${stat}`);
  return (
    `${catalog.stats.join(', ')} (default ${catalog.defaultStat}); any ${p.prefix}N with ${p.exclusiveMin} < N < ${p.exclusiveMax}` +
    (words.length ? `; ${words.join(', ')}` : '')
  );
}
