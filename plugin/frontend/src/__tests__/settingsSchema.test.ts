import { describe, expect, it } from 'vitest';

import shared from '../../../../src/settings/settings_cases.json';
import { isValidSetting, parseDurationMs, setting, SETTINGS_SCHEMA } from '../settingsSchema';

describe('settings schema', () => {
  // The same file runs through the plugin's settings parsing
  // (src/datasource/settings_test.cc) and the CLI's policy flags
  // (tools/dora/command_support_test.cc): editor, plugin and CLI agree.
  it('accepts exactly what the backend accepts (src/settings/settings_cases.json)', () => {
    expect(shared.cases.length).toBeGreaterThan(50);
    const wrong = shared.cases.filter((c) => isValidSetting(c.key, c.value) !== c.valid);
    expect(wrong).toEqual([]);
  });

  it('reads Go-style durations exactly, in milliseconds', () => {
    expect(parseDurationMs('1h30m')).toBe(5400000);
    expect(parseDurationMs('1m30s')).toBe(90000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1.5h')).toBe(5400000);
    expect(parseDurationMs('2d12h')).toBe(60 * 3600000);
    expect(parseDurationMs(' 5M ')).toBe(300000);
    expect(parseDurationMs('0.0009765625w')).toBe(590625);
    for (const bad of ['5 minutes', '1h 30m', '-5m', '.5h', '1.5', '0.5ms', '522858w', '1e3s']) {
      expect(parseDurationMs(bad)).toBeUndefined();
    }
  });

  it('describes every setting the editor writes, with the backend names', () => {
    for (const key of ['database', 'sslmode', 'bandProfile', 'scoreBenchmark', 'failureSignals', 'skewTolerance', 'minSample', 'incidentLinkWindow', 'maxOpenConns', 'statementTimeout', 'connectTimeout', 'defaultTimeZone']) {
      expect(setting(key).field).toBe(`jsonData.${key}`);
    }
    expect(setting('password').secure).toBe(true);
    expect(setting('skewTolerance').cliFlag).toBe('--skew-tolerance');
    expect(setting('statementTimeout')).toMatchObject({ type: 'duration', unit: 'ms', min: 1000, default: '30s' });
    expect(SETTINGS_SCHEMA.settings.filter((s) => s.cliFlag !== null)).toHaveLength(6);
    expect(setting('defaultTimeZone')).toMatchObject({ type: 'timeZone', field: 'jsonData.defaultTimeZone', default: 'UTC', cliFlag: null });
    expect(() => setting('maxPoints')).toThrow(/no setting 'maxPoints'/);
  });
});
