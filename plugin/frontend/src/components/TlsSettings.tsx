import React from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { FieldSet, InlineField, Input, RadioButtonGroup, SecretTextArea } from '@grafana/ui';

import { setting } from '../settingsSchema';
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

export const DEFAULT_TLS_METHOD = setting('tlsConfigurationMethod').default as TlsConfigurationMethod;

const TLS_METHODS: Array<SelectableValue<TlsConfigurationMethod>> = setting('tlsConfigurationMethod').choices.map((c) => ({
  value: c.value as TlsConfigurationMethod,
  label: c.label,
}));
const METHOD = setting('tlsConfigurationMethod');

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

type FieldInfo = { label: string; placeholder: string; tooltip: string };

/** Label, placeholder and help of a certificate setting, from the settings schema. */
function fieldInfo(key: string): FieldInfo {
  const spec = setting(key);
  return { label: spec.label, placeholder: spec.placeholder, tooltip: spec.description };
}

const PATH_FIELDS: Record<TlsField, FieldInfo> = {
  ca: fieldInfo(PATH_KEYS.ca),
  cert: fieldInfo(PATH_KEYS.cert),
  key: fieldInfo(PATH_KEYS.key),
};

const CONTENT_FIELDS: Record<TlsField, FieldInfo> = {
  ca: fieldInfo(SECRET_KEYS.ca),
  cert: fieldInfo(SECRET_KEYS.cert),
  key: fieldInfo(SECRET_KEYS.key),
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
      <InlineField label={METHOD.label} labelWidth={labelWidth} tooltip={METHOD.description}>
        <RadioButtonGroup
          aria-label={METHOD.label}
          options={TLS_METHODS}
          value={method}
          onChange={(v) => setJson('tlsConfigurationMethod', v)}
        />
      </InlineField>
      {TLS_FIELDS.map(method === 'file-path' ? pathField : contentField)}
    </FieldSet>
  );
}
