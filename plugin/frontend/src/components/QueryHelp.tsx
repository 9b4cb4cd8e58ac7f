import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, QueryEditorHelpProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { BUNDLED_CATALOG } from '../catalog';
import { helpExamples, statSentence, variableCondition } from '../queryHelp';
import { Catalog, CatalogForm, DoraQuery } from '../types';

/** How a query of the form starts: its word, `<metric> [stat]`, or its own metrics (dora_score). */
function formHead(f: CatalogForm, catalog: Catalog): string {
  if (f.word) {
    return f.name === f.word ? f.word : `<metric> ${catalog.clausePhrases[f.word] ?? f.word}`;
  }
  const own = catalog.metrics.filter((m) => m.form === f.name).map((m) => m.name);
  return f.name === 'metric' || own.length === 0 ? '<metric> [stat]' : own.join(', ');
}

/**
 * The query language cheat sheet (Grafana's QueryEditorHelp: Explore's and
 * the query editor's help). Every word and example comes from the catalog
 * the backend serves (the bundled copy until it answers); clicking an
 * example puts it in the query.
 */
export function QueryHelp({ datasource, query, onClickExample }: QueryEditorHelpProps<DoraQuery>) {
  const styles = useStyles2(getStyles);
  const [catalog, setCatalog] = useState<Catalog>(BUNDLED_CATALOG);
  useEffect(() => {
    let live = true;
    (datasource as unknown as DataSource)?.getCatalog?.().then((c) => live && setCatalog(c));
    return () => {
      live = false;
    };
  }, [datasource]);

  const condition = variableCondition(catalog);
  const kinds = (names: string[]) => names.map((n) => <code key={n}>{n}</code>).reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, ', ', el] : [el]), []);
  return (
    <div className={styles.root} data-testid="dora-query-help">
      <h3 className={styles.h}>Examples</h3>
      <ul className={styles.examples}>
        {helpExamples(catalog).map((ex) => (
          <li key={ex.expr}>
            <button
              type="button"
              className={styles.example}
              title="Use this query"
              onClick={() => onClickExample({ ...query, expr: ex.expr, editorMode: 'code' })}
            >
              <code>{ex.expr}</code>
            </button>
            <span className={styles.muted}>{ex.title}</span>
          </li>
        ))}
      </ul>

      <h3 className={styles.h}>Metrics</h3>
      <table className={styles.table}>
        <tbody>
          {catalog.metrics.map((m) => (
            <tr key={m.name}>
              <td>
                <code>{m.name}</code>
                {m.aliases.length > 0 && <span className={styles.muted}> ({m.aliases.join(', ')})</span>}
              </td>
              <td>{m.description}</td>
              <td className={styles.muted}>{[m.takesStat ? 'takes a stat' : '', m.takesSamples ? 'has samples' : ''].filter(Boolean).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className={styles.h}>Query forms and their clauses</h3>
      <table className={styles.table}>
        <tbody>
          {catalog.forms.map((f) => (
            <tr key={f.name}>
              <td>
                <code>{formHead(f, catalog)}</code>
              </td>
              <td>{f.description}</td>
              <td>{kinds(f.clauses.map((c) => catalog.clausePhrases[c] ?? c))}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 className={styles.h}>Words</h3>
      <dl className={styles.dl}>
        <dt>stats</dt>
        <dd>{statSentence(catalog)}</dd>
        <dt>by, where</dt>
        <dd>
          dimensions {kinds(catalog.dimensions)}; conditions {kinds(catalog.operators)}, joined with <code>and</code>; a value is{' '}
          <code>&apos;quoted&apos;</code> (<code>&apos;&apos;</code> for a quote inside), and <code>*</code> is any value
        </dd>
        <dt>every</dt>
        <dd>
          {kinds(catalog.intervals)}, or any whole number of {kinds(catalog.intervalUnits)}
        </dd>
        <dt>rolling</dt>
        <dd>
          after every: each point is the metric over the trailing window ending at its bucket&apos;s end, {kinds(catalog.windows)} or any
          whole number of calendar {kinds(catalog.windowUnits)}, at least one bucket long
        </dd>
        <dt>annotations</dt>
        <dd>
          {kinds(catalog.annotationKinds.map((k) => k.name))} (default {kinds(catalog.defaultAnnotationKinds)})
        </dd>
        <dt>limit</dt>
        <dd>
          samples: default {catalog.samples.defaultLimit}, at most {catalog.samples.maxLimit}
        </dd>
      </dl>

      <h3 className={styles.h}>Dashboard variables</h3>
      <p className={styles.p}>
        A variable becomes a quoted value. With several values selected, <code>{catalog.dimensions[0]} = $var</code> becomes{' '}
        <code>{catalog.dimensions[0]} in (...)</code> and <code>!=</code> becomes <code>not in (...)</code>; All with the custom all value{' '}
        <code>*</code> keeps every row.
        {condition && (
          <>
            {' '}
            A variable&apos;s own query can follow another variable: <code>{catalog.variableQuery.example}</code> lists only the values seen in
            the time range for the selected <code>{condition.split(/\s/)[0]}</code>.
          </>
        )}
      </p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ fontSize: theme.typography.bodySmall.fontSize, maxWidth: 960 }),
  h: css({ fontSize: theme.typography.h6.fontSize, margin: theme.spacing(1.5, 0, 0.5, 0) }),
  examples: css({ listStyle: 'none', margin: 0, padding: 0, '& li': { display: 'flex', gap: theme.spacing(1), alignItems: 'baseline', marginBottom: theme.spacing(0.5) } }),
  example: css({
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.25, 0.75),
    cursor: 'pointer',
    color: theme.colors.text.primary,
    '&:hover': { borderColor: theme.colors.primary.border },
    '& code': { background: 'transparent', border: 'none', padding: 0 },
  }),
  muted: css({ color: theme.colors.text.secondary }),
  table: css({ borderCollapse: 'collapse', '& td': { padding: theme.spacing(0.25, 1, 0.25, 0), verticalAlign: 'top' } }),
  dl: css({ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: theme.spacing(2), rowGap: theme.spacing(0.5), margin: 0, '& dd': { margin: 0 } }),
  p: css({ margin: 0 }),
});
