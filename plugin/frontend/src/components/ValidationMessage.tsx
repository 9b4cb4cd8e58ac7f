import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { ValidateResponse } from '../types';

/** Where an error points: 0-based [start, end) in the text, clamped; undefined if not positioned. */
export function errorRange(text: string, v: ValidateResponse | undefined): [number, number] | undefined {
  const pos = v?.error?.position;
  if (!v || v.valid || typeof pos !== 'number' || pos < 1) {
    return undefined;
  }
  const start = Math.min(pos - 1, text.length);
  const end = Math.min(text.length, start + Math.max(1, v.error?.length ?? 1));
  return [start, Math.max(end, start)];
}

interface Props {
  text: string;
  validation?: ValidateResponse;
  /** Set while a validation request for the current text is in flight. */
  pending?: boolean;
}

/** Shows the validation result: the error with its position (the line and a caret under the offending range). */
export function ValidationMessage({ text, validation, pending }: Props) {
  const styles = useStyles2(getStyles);
  if (!validation || text.trim() === '') {
    return null;
  }
  if (validation.valid) {
    return (
      <div className={styles.ok} data-testid="dora-validation-ok">
        <Icon name="check" size="sm" /> {pending ? 'Checking…' : 'Valid'}
        {validation.normalized && validation.normalized !== text.trim() && (
          <span className={styles.normalized}>
            normalized: <code>{validation.normalized}</code>
          </span>
        )}
      </div>
    );
  }
  const err = validation.error ?? { message: 'invalid query' };
  const range = errorRange(text, validation);
  let marker: React.ReactNode = null;
  if (range) {
    const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1;
    const nl = text.indexOf('\n', range[0]);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    const col = range[0] - lineStart;
    const width = Math.max(1, Math.min(range[1], lineEnd) - range[0]);
    const lineNo = text.slice(0, lineStart).split('\n').length;
    marker = (
      <pre className={styles.pre} data-testid="dora-error-marker" data-position={err.position} data-length={width}>
        {line}
        {'\n'}
        <span className={styles.caret}>{' '.repeat(col) + '^' + '~'.repeat(width - 1)}</span>
        {text.includes('\n') ? `  line ${lineNo}, column ${col + 1}` : `  column ${col + 1}`}
      </pre>
    );
  }
  return (
    <div className={styles.error} role="alert" data-testid="dora-validation-error">
      <div className={styles.message}>
        <Icon name="exclamation-triangle" size="sm" /> {err.message}
      </div>
      {marker}
      {err.suggestion && (
        <div className={styles.hint}>
          Did you mean <code>{err.suggestion}</code>?
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ok: css({
    color: theme.colors.success.text,
    fontSize: theme.typography.bodySmall.fontSize,
    marginTop: theme.spacing(0.5),
    display: 'flex',
    gap: theme.spacing(0.75),
    alignItems: 'center',
  }),
  normalized: css({
    color: theme.colors.text.secondary,
    '& code': {
      background: 'transparent',
      border: 'none',
      padding: 0,
      fontFamily: theme.typography.fontFamilyMonospace,
      color: theme.colors.text.secondary,
    },
  }),
  error: css({
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(0.75, 1),
    borderLeft: `3px solid ${theme.colors.error.main}`,
    background: theme.colors.error.transparent,
    borderRadius: theme.shape.radius.default,
  }),
  message: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
  pre: css({
    margin: theme.spacing(0.5, 0, 0, 0),
    padding: 0,
    background: 'transparent',
    border: 'none',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: '13px',
    lineHeight: '18px',
    color: theme.colors.text.primary,
    whiteSpace: 'pre',
    overflowX: 'auto',
  }),
  caret: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightBold }),
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, marginTop: theme.spacing(0.5) }),
});
