import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { CompletionContext } from '../completion';
import { BuilderModel, EMPTY_MODEL, modelToText, parseToModel } from '../queryModel';
import { BUNDLED_CATALOG } from '../catalog';
import { Catalog, DoraDataSourceOptions, DoraQuery, EditorMode, ValidateResponse } from '../types';
import { CodeField } from './CodeField';
import { QueryBuilder } from './QueryBuilder';
import { errorRange, ValidationMessage } from './ValidationMessage';

export type Props = QueryEditorProps<DataSource, DoraQuery, DoraDataSourceOptions>;

const MODES: Array<SelectableValue<EditorMode>> = [
  { label: 'Builder', value: 'builder' },
  { label: 'Code', value: 'code' },
];

export const VALIDATE_DEBOUNCE_MS = 300;

/** Validates `text` through the backend, debounced; stale replies are dropped. */
function useValidation(datasource: DataSource, text: string) {
  const [result, setResult] = useState<{ text: string; response: ValidateResponse } | undefined>();
  const seq = useRef(0);
  useEffect(() => {
    const id = ++seq.current;
    if (text.trim() === '') {
      return;
    }
    const timer = setTimeout(() => {
      datasource
        .validateExpr(text)
        .then((response) => {
          if (id === seq.current) {
            setResult({ text, response });
          }
        })
        .catch((e: unknown) => {
          if (id === seq.current) {
            const message = (e as { data?: { error?: string }; message?: string })?.data?.error ?? (e as Error)?.message ?? 'validation failed';
            setResult({ text, response: { valid: false, error: { message: String(message) } } });
          }
        });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [datasource, text]);
  // An empty text has nothing to validate: whatever an earlier text got is not shown.
  if (text.trim() === '') {
    return { validation: undefined, pending: false };
  }
  return { validation: result?.response, pending: result !== undefined && result.text !== text };
}

export function QueryEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  const expr = query.expr ?? '';
  const [catalog, setCatalog] = useState<Catalog>(BUNDLED_CATALOG);
  const [values, setValues] = useState<Record<string, string[] | undefined>>({});
  const [notice, setNotice] = useState<string | undefined>();
  const variables = useMemo(() => datasource.getVariableNames(), [datasource]);
  const multiValueVariables = useMemo(() => datasource.getMultiValueVariableNames(), [datasource]);

  useEffect(() => {
    let live = true;
    datasource.getCatalog().then((c) => live && setCatalog(c));
    return () => {
      live = false;
    };
  }, [datasource]);

  const parsed = useMemo(() => parseToModel(expr, catalog), [expr, catalog]);
  const requestedMode: EditorMode = query.editorMode ?? (parsed.ok ? 'builder' : 'code');
  const mode: EditorMode = requestedMode === 'builder' && !parsed.ok ? 'code' : requestedMode;

  // Builder state: kept locally so incomplete rows (a filter without a value) survive; re-read when the text changes elsewhere.
  const [model, setModel] = useState<BuilderModel>(parsed.ok ? parsed.model : EMPTY_MODEL);
  const emitted = useRef(expr);
  useEffect(() => {
    if (expr !== emitted.current && parsed.ok) {
      setModel(parsed.model);
      emitted.current = expr;
    }
  }, [expr, parsed]);

  const { validation, pending } = useValidation(datasource, expr);

  const loadValues = useCallback(
    async (dimension: string) => {
      if (values[dimension]) {
        return values[dimension]!;
      }
      const vs = await datasource.getDimensionValues(dimension).catch(() => []);
      setValues((prev) => ({ ...prev, [dimension]: vs }));
      return vs;
    },
    [datasource, values]
  );
  const onNeedValues = useCallback((dimension: string) => void loadValues(dimension), [loadValues]);
  const completion: CompletionContext = useMemo(
    () => ({ catalog, values, variables, multiValueVariables }),
    [catalog, values, variables, multiValueVariables]
  );

  const onModeChange = (next: EditorMode) => {
    if (next === 'builder') {
      const p = parseToModel(expr, catalog);
      if (!p.ok) {
        setNotice(`This query can't be shown in the builder: ${p.reason}. It stays in code mode.`);
        return;
      }
      setModel(p.model);
    }
    setNotice(undefined);
    onChange({ ...query, editorMode: next });
  };

  const onModelChange = (m: BuilderModel) => {
    setModel(m);
    const text = modelToText(m);
    emitted.current = text;
    onChange({ ...query, expr: text, editorMode: 'builder' });
    onRunQuery();
  };

  return (
    <div className={styles.root} data-testid="dora-query-editor">
      <div className={styles.header}>
        <div className={styles.spacer} />
        <RadioButtonGroup size="sm" options={MODES} value={mode} onChange={onModeChange} />
      </div>
      {notice && (
        <Alert severity="info" title="Code only" onRemove={() => setNotice(undefined)} className={styles.notice}>
          {notice}
        </Alert>
      )}
      {mode === 'code' && query.editorMode === 'builder' && !parsed.ok && (
        <Alert severity="info" title="Code only" className={styles.notice}>
          {`This query can't be shown in the builder: ${parsed.reason}.`}
        </Alert>
      )}
      {mode === 'builder' ? (
        <>
          <QueryBuilder model={model} catalog={catalog} onChange={onModelChange} loadValues={loadValues} variables={variables} />
          <div className={styles.preview}>
            <code data-testid="dora-builder-text">{expr || '—'}</code>
          </div>
        </>
      ) : (
        <CodeField
          value={expr}
          onChange={(text) => onChange({ ...query, expr: text })}
          onBlur={onRunQuery}
          completion={completion}
          onNeedValues={onNeedValues}
          errorRange={!pending ? errorRange(expr, validation) : undefined}
          placeholder="lead_time p90 by service where team = 'payments' every 1w"
          footer={<ValidationMessage text={expr} validation={validation} pending={pending} />}
        />
      )}
      {mode === 'builder' && <ValidationMessage text={expr} validation={validation} pending={pending} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), width: '100%' }),
  header: css({ display: 'flex', alignItems: 'center', flexWrap: 'wrap' }),
  spacer: css({ flexGrow: 1 }),
  notice: css({ marginBottom: theme.spacing(0.5) }),
  preview: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    '& code': { background: 'transparent', border: 'none', padding: 0, color: 'inherit' },
  }),
});
