/**
 * The time zone a query is sent with. Grafana's dashboard zone may be an IANA
 * name, "utc", "browser" (the viewer's zone) or "" (the user's or org's
 * preference). The backend cannot know the viewer's zone, so it is resolved
 * here, before the query leaves the browser: "" through Grafana's own
 * resolver (getTimeZone, which Grafana points at the user's preference),
 * "browser" through Intl. A request that still has no zone goes without one
 * and the backend uses the data source's defaultTimeZone setting (as for
 * alert rules and API calls).
 */
import { getTimeZone, InternalTimeZones } from '@grafana/data';

/** The viewer's IANA zone as the browser reports it, or undefined where Intl cannot say. */
export function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return typeof zone === 'string' && zone !== '' ? zone : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The zone to send for a dashboard zone `requested`: an IANA name as is,
 * "utc" as "utc" (the backend reads it as UTC), "browser" as the browser's
 * IANA zone, "" as Grafana's default zone resolved the same way; undefined
 * when the browser cannot tell its zone.
 */
export function resolveQueryTimeZone(
  requested: string | undefined,
  browser: () => string | undefined = browserTimeZone,
  grafanaDefault: () => string = () => getTimeZone()
): string | undefined {
  let zone = requested ?? '';
  if (zone === InternalTimeZones.default) {
    zone = grafanaDefault() ?? '';
  }
  if (zone === '' || zone === InternalTimeZones.localBrowserTime) {
    return browser();
  }
  return zone.toLowerCase() === InternalTimeZones.utc ? InternalTimeZones.utc : zone;
}
