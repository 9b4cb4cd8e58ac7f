import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { QueryHelp } from '../components/QueryHelp';
import { BUNDLED_CATALOG } from '../catalog';
import { helpExamples } from '../queryHelp';
import { compileQuery } from '../queryCheck';
import { fakeDataSource } from '../../test/fakes';
import { plugin } from '../module';

describe('QueryHelp', () => {
  it('every example is a query the language accepts, one per shape', () => {
    const examples = helpExamples(BUNDLED_CATALOG);
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const ex of examples) {
      const out = compileQuery(ex.expr, BUNDLED_CATALOG, { variables: true });
      expect(out.ok ? '' : out.error.message).toBe('');
    }
    const forms = new Set(examples.map((ex) => compileQuery(ex.expr, BUNDLED_CATALOG, { variables: true })).map((o) => (o.ok ? o.query.form : '')));
    expect([...forms].sort()).toEqual(BUNDLED_CATALOG.forms.map((f) => f.name).sort());
  });

  it('follows the catalog it is given, not a copy', () => {
    const renamed = {
      ...BUNDLED_CATALOG,
      metrics: BUNDLED_CATALOG.metrics.map((m) => (m.name === 'lead_time' ? { ...m, name: 'cycle_time' } : m)),
    };
    expect(helpExamples(renamed)[0].expr).toBe('cycle_time p75 by service every 1mo');
  });

  it('lists the catalog and puts a clicked example in the query', async () => {
    const onClickExample = vi.fn();
    render(<QueryHelp datasource={fakeDataSource() as any} query={{ refId: 'A', expr: 'deploys' }} onClickExample={onClickExample} />);
    await act(async () => {});
    const help = screen.getByTestId('dora-query-help');
    for (const m of BUNDLED_CATALOG.metrics) {
      expect(within(help).getAllByText(m.name).length).toBeGreaterThan(0);
    }
    expect(help).toHaveTextContent(BUNDLED_CATALOG.variableQuery.example);
    fireEvent.click(within(help).getByText("lead_time p75 by service every 1mo"));
    expect(onClickExample).toHaveBeenCalledWith({ refId: 'A', expr: 'lead_time p75 by service every 1mo', editorMode: 'code' });
  });

  it('is registered as the plugin query help', () => {
    expect(plugin.components.QueryEditorHelp).toBe(QueryHelp);
  });
});
