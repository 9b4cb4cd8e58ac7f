import React, { useState } from 'react';
import { DataSourceSettings } from '@grafana/data';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ConfigEditor } from '../components/ConfigEditor';
import { setting } from '../settingsSchema';
import { TLS_MESSAGES, tlsErrors } from '../components/TlsSettings';
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
  it('shows the failure-signal policy in force, reference by default', () => {
    renderStateful(settings());
    expect(screen.getByText('Reference')).toBeInTheDocument();
    cleanup();
    renderStateful(settings({ jsonData: { database: 'dora', failureSignals: 'dora-2024' } }));
    expect(screen.queryByText('Reference')).toBeNull();
    expect(screen.getAllByText('DORA 2024')).toHaveLength(2); // the band profile and the failure signals
  });

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
    expect(screen.getByLabelText('Default time zone')).toHaveAttribute('placeholder', 'UTC');
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
    fireEvent.change(screen.getByLabelText('Default time zone'), { target: { value: 'Europe/Berlin' } });
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
      defaultTimeZone: 'Europe/Berlin',
    });
    fireEvent.change(screen.getByLabelText('Minimum sample'), { target: { value: '' } });
    expect(last().jsonData).not.toHaveProperty('minSample');
  });

  it('flags what the backend refuses, with the rule the settings schema states', () => {
    renderStateful(settings({ jsonData: { statementTimeout: 'soon', maxOpenConns: 500 } }));
    expect(screen.getByText('A duration such as 30s, 5m or 1h30m, at least 1s')).toBeInTheDocument();
    expect(screen.getByText('A whole number from 1 to 100')).toBeInTheDocument();
    cleanup();
    // 500ms is a valid duration, but the backend's statement timeout is at least 1s; a 0s incident
    // link window is refused too (the editor used to accept both).
    renderStateful(settings({ jsonData: { statementTimeout: '500ms', incidentLinkWindow: '0s' } }));
    expect(screen.getByText(setting('statementTimeout').rule)).toBeInTheDocument();
    expect(screen.getByText(setting('incidentLinkWindow').rule)).toBeInTheDocument();
    cleanup();
    renderStateful(settings({ jsonData: { defaultTimeZone: 'Berlin' } }));
    expect(screen.getByText('An IANA time zone such as UTC or Europe/Berlin')).toBeInTheDocument();
    cleanup();
  });

  it('accepts the Go-style compound durations the backend reads (1h30m, 1m30s, 500ms)', () => {
    renderStateful(
      settings({ jsonData: { statementTimeout: '1h30m', skewTolerance: '500ms', incidentLinkWindow: '1d12h', connectTimeout: '1m30s' } })
    );
    for (const key of ['statementTimeout', 'skewTolerance', 'incidentLinkWindow', 'connectTimeout']) {
      expect(screen.queryByText(setting(key).rule)).not.toBeInTheDocument();
    }
  });

  it('takes labels, help texts and choices from the settings schema', () => {
    renderStateful(settings({ jsonData: { database: 'dora', minSample: 1000001 } }));
    expect(screen.getByText(setting('minSample').rule)).toBeInTheDocument();
    expect(screen.getByLabelText(setting('skewTolerance').label)).toHaveAttribute('placeholder', setting('skewTolerance').default);
    expect(screen.getByLabelText(setting('minSample').label)).toHaveAttribute('max', String(setting('minSample').max));
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

describe('ConfigEditor TLS settings', () => {
  const tlsSection = () => screen.queryByText('TLS/SSL certificates');

  it('shows the TLS section only for require, verify-ca and verify-full', () => {
    for (const sslmode of ['disable', 'allow', 'prefer', undefined] as const) {
      const { unmount } = render(<ConfigEditor options={settings({ jsonData: { database: 'dora', sslmode } })} onOptionsChange={() => {}} />);
      expect(tlsSection()).not.toBeInTheDocument();
      expect(screen.queryByLabelText('CA certificate file')).not.toBeInTheDocument();
      unmount();
    }
    for (const sslmode of ['require', 'verify-ca', 'verify-full'] as const) {
      const { unmount } = render(<ConfigEditor options={settings({ jsonData: { database: 'dora', sslmode } })} onOptionsChange={() => {}} />);
      expect(tlsSection()).toBeInTheDocument();
      expect(screen.getByRole('radio', { name: 'File system path' })).toBeChecked();
      expect(screen.getByLabelText('CA certificate file')).toBeInTheDocument();
      unmount();
    }
  });

  it('switches between file paths and certificate content', () => {
    const { last } = renderStateful(settings());
    expect(screen.getByLabelText('CA certificate file')).toBeInTheDocument();
    expect(screen.getByLabelText('Client certificate file')).toBeInTheDocument();
    expect(screen.getByLabelText('Client key file')).toBeInTheDocument();
    expect(screen.queryByLabelText('CA certificate')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'Certificate content' }));
    expect(last().jsonData.tlsConfigurationMethod).toBe('file-content');
    expect(screen.getByLabelText('CA certificate').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('Client certificate').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('Client key').tagName).toBe('TEXTAREA');
    expect(screen.queryByLabelText('CA certificate file')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'File system path' }));
    expect(last().jsonData.tlsConfigurationMethod).toBe('file-path');
    expect(screen.getByLabelText('CA certificate file')).toBeInTheDocument();
  });

  it('writes paths into jsonData with the PostgreSQL data source names', () => {
    const { last } = renderStateful(settings());
    fireEvent.change(screen.getByLabelText('CA certificate file'), { target: { value: '/etc/pg/ca.crt' } });
    fireEvent.change(screen.getByLabelText('Client certificate file'), { target: { value: '/etc/pg/client.crt' } });
    fireEvent.change(screen.getByLabelText('Client key file'), { target: { value: '/etc/pg/client.key' } });
    expect(last().jsonData).toEqual({
      database: 'dora',
      sslmode: 'require',
      sslRootCertFile: '/etc/pg/ca.crt',
      sslCertFile: '/etc/pg/client.crt',
      sslKeyFile: '/etc/pg/client.key',
    });
    expect(last().secureJsonData ?? {}).toEqual({});
    fireEvent.change(screen.getByLabelText('Client key file'), { target: { value: '' } });
    expect(last().jsonData).not.toHaveProperty('sslKeyFile');
  });

  it('keeps certificate content in secureJsonData, never in jsonData', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
    const { last } = renderStateful(settings({ jsonData: { database: 'dora', sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' } }));
    fireEvent.change(screen.getByLabelText('CA certificate'), { target: { value: 'CA PEM' } });
    fireEvent.change(screen.getByLabelText('Client certificate'), { target: { value: 'CERT PEM' } });
    fireEvent.change(screen.getByLabelText('Client key'), { target: { value: pem } });
    const o = last();
    expect(o.secureJsonData).toEqual({ tlsCACert: 'CA PEM', tlsClientCert: 'CERT PEM', tlsClientKey: pem });
    expect(o.jsonData).toEqual({ database: 'dora', sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' });
    expect(JSON.stringify(o.jsonData)).not.toContain('PEM');
  });

  it('shows a configured certificate as configured, with a reset button', () => {
    const { last } = renderStateful(
      settings({
        jsonData: { database: 'dora', sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' },
        secureJsonFields: { tlsCACert: true },
      })
    );
    const ca = screen.getByLabelText('CA certificate');
    expect(ca).toBeDisabled();
    expect(ca).toHaveValue('configured');
    expect(screen.getByLabelText('Client certificate')).not.toBeDisabled();
    // Configured counts as present: no required-CA error.
    expect(screen.queryByText(TLS_MESSAGES.caRequired)).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(last().secureJsonFields).toEqual({ tlsCACert: false });
    expect(last().secureJsonData).toEqual({ tlsCACert: '' });
    expect(screen.getByLabelText('CA certificate')).not.toBeDisabled();
    expect(screen.getByLabelText('CA certificate')).toHaveValue('');
    expect(screen.getByText(TLS_MESSAGES.caRequired)).toBeInTheDocument();
  });

  it('requires a CA certificate for verify-ca and verify-full only', () => {
    const { unmount } = render(<ConfigEditor options={settings({ jsonData: { sslmode: 'verify-full' } })} onOptionsChange={() => {}} />);
    expect(screen.getByText(TLS_MESSAGES.caRequired)).toBeInTheDocument();
    expect(screen.getByText('CA certificate file *')).toBeInTheDocument();
    unmount();

    renderStateful(settings({ jsonData: { sslmode: 'verify-ca', tlsConfigurationMethod: 'file-content' } }));
    expect(screen.getByText(TLS_MESSAGES.caRequired)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('CA certificate'), { target: { value: '-----BEGIN CERTIFICATE-----' } });
    expect(screen.queryByText(TLS_MESSAGES.caRequired)).not.toBeInTheDocument();
    cleanup();

    render(<ConfigEditor options={settings({ jsonData: { sslmode: 'require' } })} onOptionsChange={() => {}} />);
    expect(screen.queryByText(TLS_MESSAGES.caRequired)).not.toBeInTheDocument();
  });

  it('flags relative paths', () => {
    renderStateful(settings({ jsonData: { sslmode: 'verify-full' } }));
    fireEvent.change(screen.getByLabelText('CA certificate file'), { target: { value: 'certs/ca.crt' } });
    expect(screen.getByText(TLS_MESSAGES.absolutePath)).toBeInTheDocument();
    expect(screen.queryByText(TLS_MESSAGES.caRequired)).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('CA certificate file'), { target: { value: '/etc/pg/ca.crt' } });
    expect(screen.queryByText(TLS_MESSAGES.absolutePath)).not.toBeInTheDocument();
  });

  it('flags a client certificate without its key and a key without its certificate', () => {
    renderStateful(settings());
    fireEvent.change(screen.getByLabelText('Client certificate file'), { target: { value: '/etc/pg/client.crt' } });
    expect(screen.getByText(TLS_MESSAGES.keyRequired)).toBeInTheDocument();
    expect(screen.queryByText(TLS_MESSAGES.certRequired)).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Client key file'), { target: { value: '/etc/pg/client.key' } });
    expect(screen.queryByText(TLS_MESSAGES.keyRequired)).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Client certificate file'), { target: { value: '' } });
    expect(screen.getByText(TLS_MESSAGES.certRequired)).toBeInTheDocument();
  });

  it('checks only the chosen method and counts configured secrets as present', () => {
    // Paths are ignored with file-content (and vice versa).
    expect(
      tlsErrors({ jsonData: { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content', sslRootCertFile: 'rel/ca.crt' }, secureJsonFields: {} })
    ).toEqual({ ca: TLS_MESSAGES.caRequired });
    expect(tlsErrors({ jsonData: { sslmode: 'verify-ca' }, secureJsonFields: { tlsCACert: true }, secureJsonData: { tlsClientKey: 'k' } })).toEqual({
      ca: TLS_MESSAGES.caRequired,
    });
    expect(
      tlsErrors({
        jsonData: { sslmode: 'verify-ca', tlsConfigurationMethod: 'file-content' },
        secureJsonFields: { tlsCACert: true, tlsClientCert: true },
        secureJsonData: {},
      })
    ).toEqual({ key: TLS_MESSAGES.keyRequired });
    expect(
      tlsErrors({
        jsonData: { sslmode: 'verify-full', tlsConfigurationMethod: 'file-content' },
        secureJsonFields: { tlsCACert: false, tlsClientKey: true },
        secureJsonData: { tlsCACert: 'pem', tlsClientCert: 'pem' },
      })
    ).toEqual({});
    expect(tlsErrors({ jsonData: { sslmode: 'require', sslKeyFile: 'client.key' }, secureJsonFields: {} })).toEqual({
      key: TLS_MESSAGES.absolutePath,
      cert: TLS_MESSAGES.certRequired,
    });
  });
});
