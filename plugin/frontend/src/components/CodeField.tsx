import React, { KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { CompletionContext, CompletionItem, CompletionResult, getCompletions } from '../completion';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Catalog, loaded values and variables; values are requested through onNeedValues. */
  completion: CompletionContext;
  onNeedValues?: (dimension: string) => void;
  /** 0-based [start, end) range to underline as erroneous. */
  errorRange?: [number, number];
  placeholder?: string;
  /**
   * Shown under the text (the validation message). The suggestion list opens
   * below it, never over it, so the message stays readable while completing.
   */
  footer?: React.ReactNode;
}

/**
 * A monospace text area with a suggestion list: suggestions open while typing
 * (and on Ctrl+Space), ArrowUp/ArrowDown move, Enter/Tab accept, Escape closes.
 */
export function CodeField({ value, onChange, onBlur, completion, onNeedValues, errorRange, placeholder, footer }: Props) {
  const styles = useStyles2(getStyles);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  // The highlighted suggestion, remembered for one list: a new list (another
  // token, another length) starts at the first item again.
  const [selection, setSelection] = useState<{ list: string; index: number }>({ list: '', index: 0 });

  const result: CompletionResult | null = useMemo(
    () => (open && cursor !== null ? getCompletions(value, cursor, completion) : null),
    [open, cursor, value, completion]
  );
  const items = result?.items.slice(0, 50) ?? [];
  const listKey = `${result?.from ?? -1}:${items.length}`;
  const active = selection.list === listKey ? selection.index : 0;
  const setActive = (index: number) => setSelection({ list: listKey, index });

  useEffect(() => {
    if (result?.needsValuesFor && onNeedValues) {
      onNeedValues(result.needsValuesFor);
    }
  }, [result?.needsValuesFor, onNeedValues]);

  const accept = useCallback(
    (item: CompletionItem) => {
      if (!result) {
        return;
      }
      const before = value.slice(0, result.from);
      const after = value.slice(result.to);
      const spaceAfter = item.insertText.endsWith('(') || after.startsWith(' ') ? '' : ' ';
      const next = before + item.insertText + spaceAfter + after;
      const pos = before.length + item.insertText.length + spaceAfter.length;
      onChange(next);
      setCursor(pos);
      requestAnimationFrame(() => {
        const el = ref.current;
        if (el) {
          el.focus();
          el.setSelectionRange(pos, pos);
        }
      });
    },
    [result, value, onChange]
  );

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      setCursor(e.currentTarget.selectionStart);
      setOpen(true);
      return;
    }
    if (!open || items.length === 0) {
      if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey)) {
        e.preventDefault();
        onBlur?.();
      }
      return;
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((active + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((active - 1 + items.length) % items.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      accept(items[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
    }
  };

  // Column of the replaced range, to place the list under the word being completed.
  const anchor = result ? result.from - value.lastIndexOf('\n', result.from - 1) - 1 : 0;
  const lines = Math.max(1, value.split('\n').length);

  return (
    <div className={styles.wrapper}>
      <div className={styles.editor}>
        {errorRange && (
          <div className={styles.mirror} aria-hidden>
            {value.slice(0, errorRange[0])}
            <span className={styles.errorMark}>{value.slice(errorRange[0], errorRange[1]) || ' '}</span>
            {value.slice(errorRange[1])}
          </div>
        )}
        <textarea
          ref={ref}
          aria-label="Query"
          data-testid="dora-query-code"
          className={cx(styles.textarea)}
          value={value}
          rows={lines}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          onChange={(e) => {
            onChange(e.currentTarget.value);
            setCursor(e.currentTarget.selectionStart);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onClick={(e) => setCursor(e.currentTarget.selectionStart)}
          onBlur={() => {
            setOpen(false);
            onBlur?.();
          }}
        />
      </div>
      {footer && <div data-testid="dora-code-footer">{footer}</div>}
      {open && items.length > 0 && (
        <ul
          role="listbox"
          aria-label="Suggestions"
          className={styles.menu}
          data-placement="below-footer"
          style={{ left: `calc(${anchor}ch + 9px)`, top: '100%' }}
        >
          {items.map((item, i) => (
            <li
              key={item.kind + item.label}
              role="option"
              aria-selected={i === active}
              className={cx(styles.item, i === active && styles.activeItem)}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className={styles.label}>{item.label}</span>
              <span className={styles.kind}>{item.kind}</span>
              {item.detail && <span className={styles.detail}>{item.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const text = css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: '14px',
    lineHeight: '20px',
    padding: theme.spacing(0.5, 1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    letterSpacing: 'normal',
  });
  return {
    wrapper: css({ position: 'relative', width: '100%' }),
    editor: css({
      position: 'relative',
      width: '100%',
      background: theme.components.input.background,
      borderRadius: theme.shape.radius.default,
    }),
    mirror: cx(
      text,
      css({
        position: 'absolute',
        inset: 0,
        color: 'transparent',
        pointerEvents: 'none',
        border: '1px solid transparent',
        overflow: 'hidden',
      })
    ),
    errorMark: css({
      textDecoration: `wavy underline ${theme.colors.error.main}`,
      textDecorationSkipInk: 'none',
      textUnderlineOffset: '3px',
      background: theme.colors.error.transparent,
      borderRadius: theme.shape.radius.default,
    }),
    textarea: cx(
      text,
      css({
        display: 'block',
        width: '100%',
        minHeight: '32px',
        resize: 'vertical',
        background: 'transparent',
        color: theme.colors.text.primary,
        border: `1px solid ${theme.components.input.borderColor}`,
        borderRadius: theme.shape.radius.default,
        position: 'relative',
        outline: 'none',
        '&:focus': {
          borderColor: theme.colors.primary.border,
          boxShadow: `0 0 0 1px ${theme.colors.primary.border}`,
        },
        '&::placeholder': { color: theme.colors.text.disabled },
      })
    ),
    menu: css({
      position: 'absolute',
      zIndex: theme.zIndex.dropdown,
      listStyle: 'none',
      margin: 0,
      padding: theme.spacing(0.5, 0),
      minWidth: '280px',
      maxWidth: '560px',
      maxHeight: '260px',
      overflowY: 'auto',
      background: theme.colors.background.primary,
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      boxShadow: theme.shadows.z3,
    }),
    item: css({
      display: 'flex',
      gap: theme.spacing(1),
      alignItems: 'baseline',
      padding: theme.spacing(0.25, 1),
      cursor: 'pointer',
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    activeItem: css({ background: theme.colors.action.hover }),
    label: css({ fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.primary }),
    kind: css({ color: theme.colors.text.secondary, fontSize: '11px', textTransform: 'uppercase' }),
    detail: css({
      color: theme.colors.text.secondary,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
  };
};
