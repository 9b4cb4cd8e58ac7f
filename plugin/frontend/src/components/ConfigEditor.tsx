import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { FieldSet, InlineField, Input, SecretInput, Select } from '@grafana/ui';

import { BUNDLED_CATALOG } from '../catalog';
import { DoraDataSourceOptions, DoraSecureJsonData, SslMode } from '../types';
import { TlsSettings, usesTlsSettings } from './TlsSettings';

type Props = DataSourcePluginOptionsEditorProps<DoraDataSourceOptions, DoraSecureJsonData>;

const SSL_MODES: Array<SelectableValue<SslMode>> = [
  { value: 'disable', label: 'disable', description: 'No TLS' },
  { value: 'allow', label: 'allow', description: 'TLS only if the server insists' },
  { value: 'prefer', label: 'prefer', description: 'TLS if the server supports it (default)' },
  { value: 'require', label: 'require', description: 'Always TLS, certificate not verified' },
  { value: 'verify-ca', label: 'verify-ca', description: 'TLS, certificate signed by a trusted CA' },
  { value: 'verify-full', label: 'verify-full', description: 'TLS, trusted CA and matching host name' },
];

// The engine's band profiles (catalog.ts): "dora-2024" is shown as "DORA 2024".
const BAND_PROFILES: Array<SelectableValue<string>> = BUNDLED_CATALOG.bandProfiles.map((p) => ({
  value: p.id,
  label: p.id.toUpperCase().replace('-', ' '),
  description: p.id === BUNDLED_CATALOG.defaultBandProfile ? `${p.description} (default)` : p.description,
}));

const FAILURE_SIGNALS: Array<SelectableValue<string>> = [
  {
    value: 'reference',
    label: 'Reference',
    description: 'Failed deploys and rollback deploys, each counted on its own row (default; the reference design)',
  },
  {
    value: 'dora-2024',
    label: 'DORA 2024',
    description: 'Failed, rolled back, incident and hotfix, each counted once against the deploy that caused it',
  },
];

export const DEFAULTS = {
  sslmode: 'prefer' as SslMode,
  bandProfile: BUNDLED_CATALOG.defaultBandProfile,
  failureSignals: 'reference',
  skewTolerance: '5m',
  minSample: 5,
  incidentLinkWindow: '24h',
  maxOpenConns: 10,
  statementTimeout: '30s',
  connectTimeout: '10s',
};

/** Go-style durations as the backend accepts them: 500ms, 30s, 5m, 1h30m. */
export function isValidDuration(s: string | undefined): boolean {
  return s === undefined || s === '' || /^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s.trim());
}

function isIntIn(v: number | undefined, min: number, max: number): boolean {
  return v === undefined || (Number.isInteger(v) && v >= min && v <= max);
}

const LABEL_WIDTH = 24;
const INPUT_WIDTH = 40;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  const secureJsonData = (options.secureJsonData ?? {}) as DoraSecureJsonData;

  const setJson = <K extends keyof DoraDataSourceOptions>(key: K, value: DoraDataSourceOptions[K]) => {
    const next = { ...jsonData, [key]: value };
    if (value === undefined || value === '') {
      delete next[key];
    }
    onOptionsChange({ ...options, jsonData: next });
  };
  const onText = (key: 'database' | 'skewTolerance' | 'incidentLinkWindow' | 'statementTimeout' | 'connectTimeout') =>
    (e: ChangeEvent<HTMLInputElement>) => setJson(key, e.currentTarget.value);
  const onInt = (key: 'minSample' | 'maxOpenConns') => (e: ChangeEvent<HTMLInputElement>) => {
    const raw = e.currentTarget.value.trim();
    setJson(key, raw === '' ? undefined : Number(raw));
  };

  const durationField = (
    key: 'skewTolerance' | 'incidentLinkWindow' | 'statementTimeout' | 'connectTimeout',
    label: string,
    tooltip: string
  ) => (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      invalid={!isValidDuration(jsonData[key])}
      error="A duration such as 30s, 5m or 1h30m"
    >
      <Input
        aria-label={label}
        width={INPUT_WIDTH}
        value={jsonData[key] ?? ''}
        placeholder={DEFAULTS[key]}
        onChange={onText(key)}
      />
    </InlineField>
  );

  const intField = (key: 'minSample' | 'maxOpenConns', label: string, tooltip: string, min: number, max: number, error: string) => (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} invalid={!isIntIn(jsonData[key], min, max)} error={error}>
      <Input
        aria-label={label}
        type="number"
        min={min}
        max={max}
        width={INPUT_WIDTH}
        value={jsonData[key] ?? ''}
        placeholder={String(DEFAULTS[key])}
        onChange={onInt(key)}
      />
    </InlineField>
  );

  return (
    <>
      <FieldSet label="Connection">
        <InlineField label="Host" labelWidth={LABEL_WIDTH} tooltip="PostgreSQL host and port of the delivery events database" required>
          <Input
            aria-label="Host"
            width={INPUT_WIDTH}
            value={options.url ?? ''}
            placeholder="localhost:5432"
            onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label="Database" labelWidth={LABEL_WIDTH} tooltip="Database that holds delivery_events" required>
          <Input aria-label="Database" width={INPUT_WIDTH} value={jsonData.database ?? ''} placeholder="dora" onChange={onText('database')} />
        </InlineField>
        <InlineField label="User" labelWidth={LABEL_WIDTH} tooltip="A read-only role is enough: queries run in READ ONLY transactions">
          <Input
            aria-label="User"
            width={INPUT_WIDTH}
            value={options.user ?? ''}
            placeholder="grafana_reader"
            onChange={(e) => onOptionsChange({ ...options, user: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label="Password" labelWidth={LABEL_WIDTH} tooltip="Stored encrypted by Grafana; never sent back to the browser">
          <SecretInput
            aria-label="Password"
            width={INPUT_WIDTH}
            isConfigured={Boolean(secureJsonFields.password)}
            value={secureJsonData.password ?? ''}
            placeholder="Password"
            onChange={(e) =>
              onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, password: e.currentTarget.value } })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...secureJsonFields, password: false },
                secureJsonData: { ...secureJsonData, password: '' },
              })
            }
          />
        </InlineField>
        <InlineField
          label="TLS/SSL mode"
          labelWidth={LABEL_WIDTH}
          tooltip="libpq sslmode. With require, verify-ca and verify-full, certificates are set below; verify-ca and verify-full need a CA certificate."
        >
          <Select
            aria-label="TLS/SSL mode"
            width={INPUT_WIDTH}
            options={SSL_MODES}
            value={jsonData.sslmode ?? DEFAULTS.sslmode}
            onChange={(v) => setJson('sslmode', v.value)}
          />
        </InlineField>
      </FieldSet>

      {usesTlsSettings(jsonData.sslmode ?? DEFAULTS.sslmode) && (
        <TlsSettings options={options} onOptionsChange={onOptionsChange} labelWidth={LABEL_WIDTH} inputWidth={INPUT_WIDTH} />
      )}

      <FieldSet label="DORA metrics">
        <InlineField label="Band profile" labelWidth={LABEL_WIDTH} tooltip="Thresholds that classify values into Elite, High, Medium and Low">
          <Select
            aria-label="Band profile"
            width={INPUT_WIDTH}
            options={BAND_PROFILES}
            value={jsonData.bandProfile ?? DEFAULTS.bandProfile}
            onChange={(v) => setJson('bandProfile', v.value)}
          />
        </InlineField>
        <InlineField
          label="Failure signals"
          labelWidth={LABEL_WIDTH}
          tooltip="What makes a deploy a failure for change failure rate and recovery time; a custom list such as failed,incident is accepted"
        >
          <Select
            aria-label="Failure signals"
            width={INPUT_WIDTH}
            options={FAILURE_SIGNALS}
            allowCustomValue
            value={jsonData.failureSignals ?? DEFAULTS.failureSignals}
            onChange={(v) => setJson('failureSignals', v.value)}
          />
        </InlineField>
        {durationField('skewTolerance', 'Clock skew tolerance', 'Deploys whose first commit is later than the deploy by more than this are excluded from lead time')}
        {intField('minSample', 'Minimum sample', 'Fewer events than this give no band (Insufficient sample)', 1, 1000000, 'A whole number of at least 1')}
        {durationField('incidentLinkWindow', 'Incident link window', 'An incident counts against a deploy of its service made at most this long before it opened')}
      </FieldSet>

      <FieldSet label="Limits">
        {intField('maxOpenConns', 'Max open connections', 'Connection pool size (1 to 100)', 1, 100, 'A whole number from 1 to 100')}
        {durationField('statementTimeout', 'Statement timeout', 'Longest a single query may run')}
        {durationField('connectTimeout', 'Connect timeout', 'Longest to wait for a connection to PostgreSQL')}
      </FieldSet>
    </>
  );
}
