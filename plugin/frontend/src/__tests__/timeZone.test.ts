import { describe, expect, it } from 'vitest';

import { browserTimeZone, resolveQueryTimeZone } from '../timeZone';

// Issue 13: a dashboard set to the browser's zone used to send "browser",
// which the backend cannot resolve; buckets were UTC for every viewer.
describe('resolveQueryTimeZone', () => {
  const berlin = () => 'Europe/Berlin';
  it("sends the viewer's IANA zone for a dashboard in the browser's zone", () => {
    expect(resolveQueryTimeZone('browser', berlin)).toBe('Europe/Berlin');
  });
  it("resolves the default zone ('') through Grafana's preference, then the browser", () => {
    expect(resolveQueryTimeZone('', berlin, () => 'America/New_York')).toBe('America/New_York');
    expect(resolveQueryTimeZone(undefined, berlin, () => 'browser')).toBe('Europe/Berlin');
    expect(resolveQueryTimeZone('', berlin, () => 'utc')).toBe('utc');
    // Grafana's own resolver outside Grafana (no preference set) is the browser's zone.
    expect(resolveQueryTimeZone('', berlin)).toBe('Europe/Berlin');
  });
  it('keeps UTC and explicit IANA zones', () => {
    expect(resolveQueryTimeZone('utc', berlin)).toBe('utc');
    expect(resolveQueryTimeZone('UTC', berlin)).toBe('utc');
    expect(resolveQueryTimeZone('Asia/Kolkata', berlin)).toBe('Asia/Kolkata');
  });
  it('sends no zone when the browser cannot tell (the data source default applies)', () => {
    expect(resolveQueryTimeZone('browser', () => undefined)).toBeUndefined();
  });
  it("reads the browser's zone from Intl", () => {
    expect(browserTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
