import React from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { FieldSet, InlineField, Input, RadioButtonGroup, SecretTextArea } from '@grafana/ui';

import { DoraDataSourceOptions, DoraSecureJsonData, SslMode, TlsConfigurationMethod } from '../types';

type EditorProps = DataSourcePluginOptionsEditorProps<DoraDataSourceOptions, DoraSecureJsonData>;
type Props = EditorProps & { labelWidth: number; inputWidth: number };
type Settings = Pick<EditorProps['options'], 'jsonData' | 'secureJsonFields' | 'secureJsonData'>;

/** The three certificate settings, by role. */
export type TlsField = 'ca' | 'cert' | 'key';
const TLS_FIELDS: TlsField[] = ['ca', 'cert', 'key'];

// Names as Grafana's PostgreSQL data source spells them (the backend reads these).
const PATH_KEYS = { ca: 'sslRootCertFile', cert: 'sslCertFile', key: 'sslKeyFile' } as const;
const SECRET_KEYS = { ca: 'tlsCACert', cert: 'tlsClientCert', key: 'tlsClientKey' } as const;

export const DEFAULT_TLS_METHOD: TlsConfigurationMethod = 'file-path';

const TLS_METHODS: Array<SelectableValue<TlsConfigurationMethod>> = [
  { value: 'file-path', label: 'File system path' },
  { value: 'file-content', label: 'Certificate content' },
];

export const TLS_MESSAGES = {
  caRequired: 'Required with verify-ca and verify-full: the plugin has no system CA store',
  absolutePath: 'Must be an absolute path on the Grafana server (starting with /)',
  keyRequired: 'A client certificate needs its key',
  certRequired: 'A client key needs its certificate',
};

/** The backend uses the TLS settings only with these sslmodes. */
export function usesTlsSettings(mode: SslMode | undefined): boolean {
  return mode === 'require' || mode === 'verify-ca' || mode === 'verify-full';
}

/** The plugin is a static binary without a system CA store: verifying needs a CA certificate. */
export function requiresCaCert(mode: SslMode | undefined): boolean {
  return mode === 'verify-ca' || mode === 'verify-full';
}

/** Per-field errors for the chosen method's settings, following the backend's rules. */
export function tlsErrors({ jsonData, secureJsonFields, secureJsonData }: Settings): Partial<Record<TlsField, string>> {
  const json = jsonData ?? {};
  const fields = secureJsonFields ?? {};
  const secrets = (secureJsonData ?? {}) as DoraSecureJsonData;
  const byPath = (json.tlsConfigurationMethod ?? DEFAULT_TLS_METHOD) === 'file-path';
  const present = (f: TlsField) =>
    byPath ? Boolean(json[PATH_KEYS[f]]) : Boolean(fields[SECRET_KEYS[f]]) || Boolean(secrets[SECRET_KEYS[f]]);

  const errors: Partial<Record<TlsField, string>> = {};
  if (byPath) {
    for (const f of TLS_FIELDS) {
      if (present(f) && !json[PATH_KEYS[f]]!.startsWith('/')) {
        errors[f] = TLS_MESSAGES.absolutePath;
      }
    }
  }
  if (!present('ca') && requiresCaCert(json.sslmode)) {
    errors.ca = TLS_MESSAGES.caRequired;
  }
  if (present('cert') && !present('key')) {
    errors.key = TLS_MESSAGES.keyRequired;
  }
  if (present('key') && !present('cert')) {
    errors.cert = TLS_MESSAGES.certRequired;
  }
  return errors;
}

const CA_HELP = 'Needed for verify-ca and verify-full: the plugin has no system CA store.';
const CLIENT_HELP = 'For servers that authenticate clients by certificate (pg_hba `cert`).';

const PATH_FIELDS: Record<TlsField, { label: string; placeholder: string; tooltip: string }> = {
  ca: {
    label: 'CA certificate file',
    placeholder: '/etc/grafana/dora/ca.crt',
    tooltip: `File on the Grafana server with the CA certificate that signed the server's certificate (PEM). ${CA_HELP}`,
  },
  cert: {
    label: 'Client certificate file',
    placeholder: '/etc/grafana/dora/client.crt',
    tooltip: `${CLIENT_HELP} File on the Grafana server with the client certificate (PEM); needs the client key file too.`,
  },
  key: {
    label: 'Client key file',
    placeholder: '/etc/grafana/dora/client.key',
    tooltip: `${CLIENT_HELP} File on the Grafana server with the client's private key (PEM). The key file must have mode 0600.`,
  },
};

const CONTENT_FIELDS: Record<TlsField, { label: string; placeholder: string; tooltip: string }> = {
  ca: {
    label: 'CA certificate',
    placeholder: '-----BEGIN CERTIFICATE-----',
    tooltip: `The CA certificate that signed the server's certificate (PEM). ${CA_HELP}`,
  },
  cert: {
    label: 'Client certificate',
    placeholder: '-----BEGIN CERTIFICATE-----',
    tooltip: `${CLIENT_HELP} The client certificate (PEM); needs the client key too.`,
  },
  key: {
    label: 'Client key',
    placeholder: '-----BEGIN PRIVATE KEY-----',
    tooltip: `${CLIENT_HELP} The client's private key (PEM), stored encrypted by Grafana; needs the client certificate too.`,
  },
};

/** TLS certificates for sslmode require, verify-ca and verify-full (the caller decides whether to show it). */
export function TlsSettings({ options, onOptionsChange, labelWidth, inputWidth }: Props) {
  const jsonData = options.jsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  const secureJsonData = (options.secureJsonData ?? {}) as DoraSecureJsonData;
  const method = jsonData.tlsConfigurationMethod ?? DEFAULT_TLS_METHOD;
  const errors = tlsErrors(options);

  const setJson = <K extends keyof DoraDataSourceOptions>(key: K, value: DoraDataSourceOptions[K]) => {
    const next = { ...jsonData, [key]: value };
    if (value === undefined || value === '') {
      delete next[key];
    }
    onOptionsChange({ ...options, jsonData: next });
  };

  // One settings row for a certificate piece: label, tooltip, required and error state.
  const row = (f: TlsField, key: string, info: { label: string; tooltip: string }, input: React.ReactElement) => (
    <InlineField
      key={key}
      label={info.label}
      labelWidth={labelWidth}
      tooltip={info.tooltip}
      required={f === 'ca' && requiresCaCert(jsonData.sslmode)}
      invalid={Boolean(errors[f])}
      error={errors[f]}
    >
      {input}
    </InlineField>
  );

  const pathField = (f: TlsField) => {
    const key = PATH_KEYS[f];
    return row(
      f,
      key,
      PATH_FIELDS[f],
      <Input
        aria-label={PATH_FIELDS[f].label}
        width={inputWidth}
        value={jsonData[key] ?? ''}
        placeholder={PATH_FIELDS[f].placeholder}
        onChange={(e) => setJson(key, e.currentTarget.value)}
      />
    );
  };

  // Secrets: a saved value shows as "configured" with a Reset button, like the password.
  const contentField = (f: TlsField) => {
    const key = SECRET_KEYS[f];
    return row(
      f,
      key,
      CONTENT_FIELDS[f],
      <SecretTextArea
        aria-label={CONTENT_FIELDS[f].label}
        cols={45}
        rows={5}
        isConfigured={Boolean(secureJsonFields[key])}
        value={secureJsonData[key] ?? ''}
        placeholder={CONTENT_FIELDS[f].placeholder}
        onChange={(e) => onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: e.currentTarget.value } })}
        onReset={() =>
          onOptionsChange({
            ...options,
            secureJsonFields: { ...secureJsonFields, [key]: false },
            secureJsonData: { ...secureJsonData, [key]: '' },
          })
        }
      />
    );
  };

  return (
    <FieldSet label="TLS/SSL certificates">
      <InlineField
        label="TLS/SSL method"
        labelWidth={labelWidth}
        tooltip="Files on the Grafana server, or their PEM text stored encrypted by Grafana. Only the chosen method's settings are used; the other method's are ignored."
      >
        <RadioButtonGroup
          aria-label="TLS/SSL method"
          options={TLS_METHODS}
          value={method}
          onChange={(v) => setJson('tlsConfigurationMethod', v)}
        />
      </InlineField>
      {TLS_FIELDS.map(method === 'file-path' ? pathField : contentField)}
    </FieldSet>
  );
}
