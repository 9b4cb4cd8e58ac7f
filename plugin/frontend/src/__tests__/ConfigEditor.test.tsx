import React, { useState } from 'react';
import { DataSourceSettings } from '@grafana/data';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ConfigEditor, isValidDuration } from '../components/ConfigEditor';
import { DoraDataSourceOptions, DoraSecureJsonData } from '../types';

type Settings = DataSourceSettings<DoraDataSourceOptions, DoraSecureJsonData>;

function settings(patch: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'dora',
    orgId: 1,
    name: 'DORA',
    type: 'dora-metrics-datasource',
    typeName: 'DORA metrics',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'db.internal:5432',
    user: 'grafana_reader',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: { database: 'dora', sslmode: 'require' },
    secureJsonFields: {},
    ...patch,
  } as Settings;
}

/** Renders the editor the way Grafana does: it owns the settings and passes changes back in. */
function renderStateful(initial: Settings) {
  const changes: Settings[] = [];
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(o) => {
          changes.push(o);
          setOptions(o);
        }}
      />
    );
  }
  render(<Host />);
  return { changes, last: () => changes[changes.length - 1] };
}

describe('ConfigEditor', () => {
  it('shows the connection settings', () => {
    renderStateful(settings());
    expect(screen.getByLabelText('Host')).toHaveValue('db.internal:5432');
    expect(screen.getByLabelText('Database')).toHaveValue('dora');
    expect(screen.getByLabelText('User')).toHaveValue('grafana_reader');
    expect(screen.getByText('require')).toBeInTheDocument();
    expect(screen.getByText('DORA 2024')).toBeInTheDocument();
    // Defaults show as placeholders.
    expect(screen.getByLabelText('Clock skew tolerance')).toHaveAttribute('placeholder', '5m');
    expect(screen.getByLabelText('Minimum sample')).toHaveAttribute('placeholder', '5');
    expect(screen.getByLabelText('Incident link window')).toHaveAttribute('placeholder', '24h');
    expect(screen.getByLabelText('Max open connections')).toHaveAttribute('placeholder', '10');
    expect(screen.getByLabelText('Statement timeout')).toHaveAttribute('placeholder', '30s');
    expect(screen.getByLabelText('Connect timeout')).toHaveAttribute('placeholder', '10s');
  });

  it('keeps the password in secureJsonData, never in jsonData', () => {
    const { last } = renderStateful(settings());
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: "s3cr'et" } });
    const o = last();
    expect(o.secureJsonData).toEqual({ password: "s3cr'et" });
    expect(JSON.stringify(o.jsonData)).not.toContain("s3cr'et");
    expect(o.jsonData).not.toHaveProperty('password');
    expect(o).not.toHaveProperty('password');
  });

  it('shows a configured password as configured, with a reset button', () => {
    const { last } = renderStateful(settings({ secureJsonFields: { password: true } }));
    const input = screen.getByLabelText('Password');
    expect(input).toBeDisabled();
    expect(input).toHaveValue('configured');
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(last().secureJsonFields).toEqual({ password: false });
    expect(last().secureJsonData).toEqual({ password: '' });
    expect(screen.getByLabelText('Password')).not.toBeDisabled();
  });

  it('writes the DORA and limit settings into jsonData with the backend names and types', () => {
    const { last } = renderStateful(settings());
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'pg:6432' } });
    fireEvent.change(screen.getByLabelText('Clock skew tolerance'), { target: { value: '10m' } });
    fireEvent.change(screen.getByLabelText('Minimum sample'), { target: { value: '8' } });
    fireEvent.change(screen.getByLabelText('Incident link window'), { target: { value: '48h' } });
    fireEvent.change(screen.getByLabelText('Max open connections'), { target: { value: '20' } });
    fireEvent.change(screen.getByLabelText('Statement timeout'), { target: { value: '1m' } });
    fireEvent.change(screen.getByLabelText('Connect timeout'), { target: { value: '5s' } });
    const o = last();
    expect(o.url).toBe('pg:6432');
    expect(o.jsonData).toEqual({
      database: 'dora',
      sslmode: 'require',
      skewTolerance: '10m',
      minSample: 8,
      incidentLinkWindow: '48h',
      maxOpenConns: 20,
      statementTimeout: '1m',
      connectTimeout: '5s',
    });
    fireEvent.change(screen.getByLabelText('Minimum sample'), { target: { value: '' } });
    expect(last().jsonData).not.toHaveProperty('minSample');
  });

  it('flags invalid durations and connection counts', () => {
    renderStateful(settings({ jsonData: { statementTimeout: 'soon', maxOpenConns: 500 } }));
    expect(screen.getByText('A duration such as 30s, 5m or 1h30m')).toBeInTheDocument();
    expect(screen.getByText('A whole number from 1 to 100')).toBeInTheDocument();
    expect(isValidDuration('1h30m')).toBe(true);
    expect(isValidDuration('500ms')).toBe(true);
    expect(isValidDuration('5 minutes')).toBe(false);
  });

  it('calls onOptionsChange with a new object (no mutation)', () => {
    const initial = settings();
    const frozen = JSON.stringify(initial);
    const onOptionsChange = vi.fn();
    render(<ConfigEditor options={initial} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText('Database'), { target: { value: 'other' } });
    expect(onOptionsChange.mock.calls[0][0].jsonData.database).toBe('other');
    expect(JSON.stringify(initial)).toBe(frozen);
  });
});
