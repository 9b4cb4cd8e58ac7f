import React, { useState } from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { setTemplateSrv } from '@grafana/runtime';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { QueryEditor } from '../components/QueryEditor';
import { DataSource } from '../datasource';
import { DoraQuery } from '../types';
import { fakeDataSource, fakeTemplateSrv, LEAD_TME_INVALID } from '../../test/fakes';

beforeEach(() => {
  setTemplateSrv(fakeTemplateSrv([{ name: 'service', current: ['checkout'] }]));
});

const LEAD_TME = LEAD_TME_INVALID;

async function renderEditor(initial: DoraQuery, ds: DataSource = fakeDataSource()) {
  const changes: DoraQuery[] = [];
  const onRunQuery = vi.fn();
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <QueryEditor
        query={query}
        datasource={ds}
        onChange={(q) => {
          changes.push(q);
          setQuery(q);
        }}
        onRunQuery={onRunQuery}
      />
    );
  }
  render(<Host />);
  // Let the catalog request settle inside act().
  await act(async () => {});
  return { changes, onRunQuery, last: () => changes[changes.length - 1] };
}

describe('QueryEditor validation', () => {
  it('shows a validation error with its position (mocked postResource)', async () => {
    const ds = fakeDataSource();
    const post = vi.spyOn(ds, 'postResource').mockResolvedValue(LEAD_TME);
    await renderEditor({ refId: 'A', expr: 'lead_tme p90 by service', editorMode: 'code' }, ds);
    const alert = await screen.findByTestId('dora-validation-error');
    expect(post).toHaveBeenCalledWith('validate', { expr: 'lead_tme p90 by service' });
    expect(alert).toHaveTextContent("unknown metric 'lead_tme' at 1");
    const marker = screen.getByTestId('dora-error-marker');
    expect(marker).toHaveAttribute('data-position', '1');
    expect(marker.textContent).toContain('lead_tme p90 by service\n^~~~~~~~  column 1');
    expect(alert).toHaveTextContent('Did you mean lead_time?');
  });

  it('puts the caret under a position in the middle of the text', async () => {
    const ds = fakeDataSource({
      validate: () => ({
        valid: false,
        error: { message: "bind error: unknown dimension 'servce' at 18", phase: 'bind', position: 18, length: 6 },
      }),
    });
    await renderEditor({ refId: 'A', expr: 'lead_time p90 by servce', editorMode: 'code' }, ds);
    const marker = await screen.findByTestId('dora-error-marker');
    expect(marker.textContent).toContain('lead_time p90 by servce\n' + ' '.repeat(17) + '^~~~~~  column 18');
  });

  it('shows errors without a position as a message only', async () => {
    const ds = fakeDataSource({ validate: () => ({ valid: false, error: { message: 'query too long' } }) });
    await renderEditor({ refId: 'A', expr: 'deploys', editorMode: 'code' }, ds);
    expect(await screen.findByTestId('dora-validation-error')).toHaveTextContent('query too long');
    expect(screen.queryByTestId('dora-error-marker')).toBeNull();
  });

  it('validates once typing pauses (debounced) and shows the valid state', async () => {
    const ds = fakeDataSource({ validate: (expr) => ({ valid: true, normalized: expr.toLowerCase() }) });
    const post = vi.spyOn(ds, 'postResource');
    await renderEditor({ refId: 'A', expr: '', editorMode: 'code' }, ds);
    const box = screen.getByLabelText('Query');
    for (const text of ['D', 'DE', 'DEPLOYS']) {
      fireEvent.change(box, { target: { value: text } });
    }
    expect(await screen.findByTestId('dora-validation-ok')).toHaveTextContent('deploys');
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('validate', { expr: 'DEPLOYS' });
  });

  it('masks dashboard variables before validating', async () => {
    const ds = fakeDataSource();
    const post = vi.spyOn(ds, 'postResource');
    await renderEditor({ refId: 'A', expr: 'deploys where service in ($service)', editorMode: 'code' }, ds);
    await screen.findByTestId('dora-validation-ok');
    expect(post).toHaveBeenCalledWith('validate', { expr: "deploys where service in ('xxxxxx')" });
  });
});

describe('QueryEditor code mode', () => {
  it('completes from the catalog and runs the query on blur', async () => {
    const { last, onRunQuery } = await renderEditor({ refId: 'A', expr: '', editorMode: 'code' });
    const box = screen.getByLabelText('Query') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'lea', selectionStart: 3 } });
    const list = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(list).toHaveTextContent('lead_time');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(last().expr).toBe('lead_time ');
    fireEvent.blur(box);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('completes dimension values from the backend after =', async () => {
    const { last } = await renderEditor({ refId: 'A', expr: '', editorMode: 'code' });
    const box = screen.getByLabelText('Query') as HTMLTextAreaElement;
    const text = 'deploys where service = ';
    fireEvent.change(box, { target: { value: text, selectionStart: text.length } });
    const option = await screen.findByRole('option', { name: /'billing'/ });
    fireEvent.mouseDown(option);
    expect(last().expr).toBe("deploys where service = 'billing' ");
    // Dashboard variables are offered too.
    fireEvent.change(box, { target: { value: text, selectionStart: text.length } });
    expect(await screen.findByRole('option', { name: /\$service/ })).toBeInTheDocument();
  });

  it('keeps a query the builder cannot show in code mode, and says why', async () => {
    const { changes } = await renderEditor({ refId: 'A', expr: 'annotations deploys, rollbacks, incidents', editorMode: 'code' });
    fireEvent.click(screen.getByLabelText('Builder'));
    expect(await screen.findByText(/can't be shown in the builder: annotation queries can only be edited as code/)).toBeInTheDocument();
    expect(screen.getByLabelText('Query')).toBeInTheDocument();
    expect(changes.filter((c) => c.editorMode === 'builder')).toEqual([]);
  });

  it('has no Format toggle, and opens a query saved with one unchanged', async () => {
    const saved = { refId: 'A', expr: 'deploys', editorMode: 'code', format: 'table' } as DoraQuery;
    const { changes } = await renderEditor(saved);
    expect(screen.queryByText('Format')).toBeNull();
    expect(screen.queryByLabelText('Table')).toBeNull();
    expect((screen.getByLabelText('Query') as HTMLTextAreaElement).value).toBe('deploys');
    expect(changes).toEqual([]);
  });

  it('keeps the validation message visible while the completion popup is open', async () => {
    const ds = fakeDataSource({ validate: () => LEAD_TME });
    await renderEditor({ refId: 'A', expr: 'lead_tme p90', editorMode: 'code' }, ds);
    await screen.findByTestId('dora-validation-error');
    const box = screen.getByLabelText('Query') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'lead_tme p90 ', selectionStart: 13 } });
    const list = await screen.findByRole('listbox', { name: 'Suggestions' });
    // The list opens under the message (below the field and its footer), not over it.
    const message = screen.getByTestId('dora-validation-error');
    expect(message).toBeVisible();
    expect(screen.getByTestId('dora-code-footer')).toContainElement(message);
    expect(message.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(list.style.top).toBe('100%');
    expect(list).toHaveAttribute('data-placement', 'below-footer');
  });

  it('offers a multi-value variable as in ($var) and as = $var', async () => {
    setTemplateSrv(
      fakeTemplateSrv([
        { name: 'service', current: ['checkout', 'billing'], multi: true },
        { name: 'team', current: 'payments' },
      ])
    );
    const { last } = await renderEditor({ refId: 'A', expr: '', editorMode: 'code' });
    const box = screen.getByLabelText('Query') as HTMLTextAreaElement;
    const text = 'deploys where service ';
    fireEvent.change(box, { target: { value: text, selectionStart: text.length } });
    fireEvent.mouseDown(await screen.findByRole('option', { name: /in \(\$service\)/ }));
    expect(last().expr).toBe('deploys where service in ($service) ');
    expect(screen.queryByRole('option', { name: /in \(\$team\)/ })).toBeNull();
  });
});

describe('QueryEditor builder mode', () => {
  it('shows the parsed query and edits it back into text', async () => {
    const { last } = await renderEditor({
      refId: 'A',
      expr: "lead_time p90 by service where team = 'payments' and service in ('a''b', $service) every 1w",
      editorMode: 'builder',
    });
    expect(screen.getByTestId('dora-query-builder')).toBeInTheDocument();
    expect(screen.getByText('lead_time')).toBeInTheDocument();
    expect(screen.getByText('p90')).toBeInTheDocument();
    expect(screen.getByText('1w')).toBeInTheDocument();
    expect(screen.getByText('payments')).toBeInTheDocument();
    expect(screen.getByText("a'b")).toBeInTheDocument();
    expect(screen.getByText('$service')).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText('Band distribution'));
    expect(last().expr).toBe("lead_time p90 by service where team = 'payments' and service in ('a''b', $service) every 1w band distribution");

    fireEvent.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    await act(async () => {});
    expect(last().expr).toBe("lead_time p90 by service where service in ('a''b', $service) every 1w band distribution");
    expect(screen.getByTestId('dora-builder-text')).toHaveTextContent(last().expr);

    // Adding a filter without a value does not change the text until a value is chosen.
    fireEvent.click(screen.getByRole('button', { name: /Filter/ }));
    await act(async () => {});
    expect(last().expr).toBe("lead_time p90 by service where service in ('a''b', $service) every 1w band distribution");
    expect(screen.getByLabelText('Filter 2 dimension')).toBeInTheDocument();
  });

  it('switches between builder and code keeping the text', async () => {
    const { last } = await renderEditor({ refId: 'A', expr: 'deploys by team', editorMode: 'builder' });
    fireEvent.click(screen.getByLabelText('Code'));
    expect(last()).toMatchObject({ expr: 'deploys by team', editorMode: 'code' });
    const box = screen.getByLabelText('Query');
    fireEvent.change(box, { target: { value: 'cfr by service every 1d' } });
    fireEvent.click(screen.getByLabelText('Builder'));
    expect(last()).toMatchObject({ expr: 'cfr by service every 1d', editorMode: 'builder' });
    expect(screen.getByText('change_failure_rate')).toBeInTheDocument();
    await act(async () => {});
  });

  it('opens an unparseable builder query in code mode with a notice', async () => {
    await renderEditor({ refId: 'A', expr: 'lead_time samples limit 5', editorMode: 'builder' });
    expect(screen.getByLabelText('Query')).toHaveValue('lead_time samples limit 5');
    expect(screen.getByText(/samples queries can only be edited as code/)).toBeInTheDocument();
  });
});

describe('VariableQueryEditor', () => {
  it('stores the chosen dimension', async () => {
    const { VariableQueryEditor } = await import('../components/VariableQueryEditor');
    const onChange = vi.fn();
    render(<VariableQueryEditor query={{ refId: 'v' } as any} onChange={onChange} datasource={fakeDataSource()} onRunQuery={() => {}} />);
    expect(onChange).toHaveBeenCalledWith({ refId: 'v', dimension: 'service' });
    await waitFor(() => expect(screen.getByText('Services')).toBeInTheDocument());
  });

  it('stores conditions on blur and shows the language error at its position while typing', async () => {
    const { VariableQueryEditor } = await import('../components/VariableQueryEditor');
    const onChange = vi.fn();
    render(
      <VariableQueryEditor query={{ refId: 'v', dimension: 'service' } as any} onChange={onChange} datasource={fakeDataSource()} onRunQuery={() => {}} />
    );
    await act(async () => {});
    const input = screen.getByLabelText('Variable conditions') as HTMLInputElement;
    expect(input.placeholder).toBe('team in ($team)');
    fireEvent.change(input, { target: { value: 'tem in ($team)' } });
    const error = await screen.findByTestId('dora-validation-error');
    expect(error).toHaveTextContent("bind error: unknown dimension 'tem' at 16");
    expect(error).toHaveTextContent('Did you mean team?');
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: 'team in ($team)' } });
    expect(await screen.findByTestId('dora-validation-ok')).toBeInTheDocument();
    fireEvent.blur(input);
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'v', dimension: 'service', where: 'team in ($team)' });
  });
});
