import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { FieldSet, InlineField, Input, SecretInput, Select } from '@grafana/ui';

import { isValidSetting, setting } from '../settingsSchema';
import { DoraDataSourceOptions, DoraSecureJsonData, SslMode } from '../types';
import { TlsSettings, usesTlsSettings } from './TlsSettings';

type Props = DataSourcePluginOptionsEditorProps<DoraDataSourceOptions, DoraSecureJsonData>;

type DurationKey = 'skewTolerance' | 'incidentLinkWindow' | 'statementTimeout' | 'connectTimeout';
type IntegerKey = 'minSample' | 'maxOpenConns';
/** Text settings validated by their schema entry: the durations and the default time zone. */
type TextKey = DurationKey | 'defaultTimeZone';

/** The options of a choice setting, as the settings schema lists them. */
function choiceOptions<T extends string>(key: string): Array<SelectableValue<T>> {
  return setting(key).choices.map((c) => ({ value: c.value as T, label: c.label, description: c.description }));
}

const SSL_MODES = choiceOptions<SslMode>('sslmode');
const BAND_PROFILES = choiceOptions<string>('bandProfile');
const FAILURE_SIGNALS = choiceOptions<string>('failureSignals');

/** The settings' defaults, from the settings schema (the backend's). */
export const DEFAULTS = {
  sslmode: setting('sslmode').default as SslMode,
  bandProfile: setting('bandProfile').default!,
  failureSignals: setting('failureSignals').default!,
};

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
  const onText = (key: 'database' | TextKey) => (e: ChangeEvent<HTMLInputElement>) => setJson(key, e.currentTarget.value);
  const onInt = (key: IntegerKey) => (e: ChangeEvent<HTMLInputElement>) => {
    const raw = e.currentTarget.value.trim();
    setJson(key, raw === '' ? undefined : Number(raw));
  };

  // A jsonData field validated by its schema entry: label, help and rule from the schema.
  const schemaField = (key: TextKey | IntegerKey, number: boolean) => {
    const spec = setting(key);
    return (
      <InlineField
        label={spec.label}
        labelWidth={LABEL_WIDTH}
        tooltip={spec.description}
        invalid={!isValidSetting(key, jsonData[key])}
        error={spec.rule}
      >
        <Input
          aria-label={spec.label}
          type={number ? 'number' : undefined}
          min={number ? (spec.min ?? undefined) : undefined}
          max={number ? (spec.max ?? undefined) : undefined}
          width={INPUT_WIDTH}
          value={jsonData[key] ?? ''}
          placeholder={spec.placeholder}
          onChange={number ? onInt(key as IntegerKey) : onText(key as TextKey)}
        />
      </InlineField>
    );
  };
  const durationField = (key: DurationKey) => schemaField(key, false);
  const intField = (key: IntegerKey) => schemaField(key, true);

  const url = setting('url');
  const database = setting('database');
  const user = setting('user');
  const password = setting('password');
  const sslmode = setting('sslmode');
  const bandProfile = setting('bandProfile');
  const failureSignals = setting('failureSignals');

  return (
    <>
      <FieldSet label="Connection">
        <InlineField label={url.label} labelWidth={LABEL_WIDTH} tooltip={url.description} required={url.required}>
          <Input
            aria-label={url.label}
            width={INPUT_WIDTH}
            value={options.url ?? ''}
            placeholder={url.placeholder}
            onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label={database.label} labelWidth={LABEL_WIDTH} tooltip={database.description} required={database.required}>
          <Input
            aria-label={database.label}
            width={INPUT_WIDTH}
            value={jsonData.database ?? ''}
            placeholder={database.placeholder}
            onChange={onText('database')}
          />
        </InlineField>
        <InlineField label={user.label} labelWidth={LABEL_WIDTH} tooltip={user.description} required={user.required}>
          <Input
            aria-label={user.label}
            width={INPUT_WIDTH}
            value={options.user ?? ''}
            placeholder={user.placeholder}
            onChange={(e) => onOptionsChange({ ...options, user: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label={password.label} labelWidth={LABEL_WIDTH} tooltip={password.description}>
          <SecretInput
            aria-label={password.label}
            width={INPUT_WIDTH}
            isConfigured={Boolean(secureJsonFields.password)}
            value={secureJsonData.password ?? ''}
            placeholder={password.placeholder}
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
        <InlineField label={sslmode.label} labelWidth={LABEL_WIDTH} tooltip={sslmode.description}>
          <Select
            aria-label={sslmode.label}
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
        <InlineField label={bandProfile.label} labelWidth={LABEL_WIDTH} tooltip={bandProfile.description}>
          <Select
            aria-label={bandProfile.label}
            width={INPUT_WIDTH}
            options={BAND_PROFILES}
            value={jsonData.bandProfile ?? DEFAULTS.bandProfile}
            onChange={(v) => setJson('bandProfile', v.value)}
          />
        </InlineField>
        <InlineField
          label={failureSignals.label}
          labelWidth={LABEL_WIDTH}
          tooltip={failureSignals.description}
          invalid={!isValidSetting('failureSignals', jsonData.failureSignals)}
          error={failureSignals.rule}
        >
          <Select
            aria-label={failureSignals.label}
            width={INPUT_WIDTH}
            options={FAILURE_SIGNALS}
            allowCustomValue
            value={jsonData.failureSignals ?? DEFAULTS.failureSignals}
            onChange={(v) => setJson('failureSignals', v.value)}
          />
        </InlineField>
        {durationField('skewTolerance')}
        {intField('minSample')}
        {durationField('incidentLinkWindow')}
        {schemaField('defaultTimeZone', false)}
      </FieldSet>

      <FieldSet label="Limits">
        {intField('maxOpenConns')}
        {durationField('statementTimeout')}
        {durationField('connectTimeout')}
      </FieldSet>
    </>
  );
}
