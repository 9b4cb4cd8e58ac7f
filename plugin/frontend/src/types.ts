import { DataQuery, DataSourceJsonData } from '@grafana/data';

export type EditorMode = 'code' | 'builder';
export type FormatHint = 'table' | 'time_series';

/** What Grafana stores per query and sends to the backend as DataQuery.json. */
export interface DoraQuery extends DataQuery {
  /** Query-language text; the only field the backend computes from. */
  expr: string;
  /** Dashboard time zone (IANA name, "utc" or "browser"), added by DataSource.query(). */
  timezone?: string;
  /** Display hint only. */
  format?: FormatHint;
  /** Editor state; ignored by the backend. */
  editorMode?: EditorMode;
}

/** Variable query: which dimension's values to list. */
export type Dimension = 'service' | 'team' | 'environment';
export interface DoraVariableQuery extends DataQuery {
  dimension: Dimension;
}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/** Where the TLS certificates come from (Grafana PostgreSQL data source names). */
export type TlsConfigurationMethod = 'file-path' | 'file-content';

/** jsonData as the backend reads it (PostgreSQL-datasource-like names). */
export interface DoraDataSourceOptions extends DataSourceJsonData {
  database?: string;
  sslmode?: SslMode;
  /** Default 'file-path'. Only the chosen method's settings are used. */
  tlsConfigurationMethod?: TlsConfigurationMethod;
  /** file-path method: absolute paths on the Grafana server. */
  sslRootCertFile?: string;
  sslCertFile?: string;
  sslKeyFile?: string;
  bandProfile?: string;
  /** 'reference' (default), 'dora-2024', or a list of failed,rollback,incident,hotfix. */
  failureSignals?: string;
  skewTolerance?: string;
  minSample?: number;
  incidentLinkWindow?: string;
  maxOpenConns?: number;
  statementTimeout?: string;
  connectTimeout?: string;
}

export interface DoraSecureJsonData {
  password?: string;
  /** file-content method: PEM text. */
  tlsCACert?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
}

export interface CatalogMetric {
  name: string;
  aliases: string[];
  unit: string;
  kind: 'count' | 'per_day' | 'duration' | 'ratio';
  takesStat: boolean;
  /** `<metric> samples` lists the rows behind it (absent from older backends). */
  takesSamples?: boolean;
  description: string;
}

export interface Catalog {
  metrics: CatalogMetric[];
  stats: string[];
  defaultStat: string;
  dimensions: string[];
  operators: string[];
  intervals: string[];
  keywords: string[];
  bands: string[];
  bandProfiles: Array<{ id: string; description: string; metrics: string[] }>;
  defaultBandProfile: string;
}

export interface ValidationError {
  message: string;
  phase?: string;
  /** 1-based character position in the text that was validated. */
  position?: number;
  length?: number;
  what?: string;
  expected?: string;
  suggestion?: string;
}

export interface ValidateResponse {
  valid: boolean;
  normalized?: string;
  error?: ValidationError;
}

export interface MetricFindItem {
  text: string;
  value: string;
}

export const DEFAULT_QUERY_EXPR = 'deploy_frequency every auto';
export const DEFAULT_ANNOTATION_EXPR = 'annotations deploys, rollbacks, incidents';

/** Used when the catalog resource cannot be read (e.g. datasource not saved yet). */
export const FALLBACK_CATALOG: Catalog = {
  metrics: [
    { name: 'deploys', aliases: [], unit: 'short', kind: 'count', takesStat: false, takesSamples: true, description: 'Successful production deploys in the window' },
    { name: 'deploy_frequency', aliases: [], unit: 'short', kind: 'per_day', takesStat: false, takesSamples: false, description: 'Successful production deploys per day' },
    { name: 'lead_time', aliases: [], unit: 's', kind: 'duration', takesStat: true, takesSamples: true, description: 'Time from first commit to successful production deploy (seconds)' },
    { name: 'change_failure_rate', aliases: ['cfr'], unit: 'percentunit', kind: 'ratio', takesStat: false, takesSamples: true, description: 'Share of production deploys that failed or were rollbacks' },
    { name: 'recovery_time', aliases: ['mttr'], unit: 's', kind: 'duration', takesStat: true, takesSamples: true, description: 'Incident open to resolved, for incidents linked to a recent deploy (seconds)' },
    { name: 'rework_rate', aliases: [], unit: 'percentunit', kind: 'ratio', takesStat: false, takesSamples: false, description: 'Share of production deploys that were unplanned (hotfix or rollback)' },
    { name: 'incidents', aliases: [], unit: 'short', kind: 'count', takesStat: false, takesSamples: false, description: 'Incidents opened in the window' },
  ],
  stats: ['p50', 'p75', 'p90', 'p95', 'p99', 'median', 'mean', 'min', 'max'],
  defaultStat: 'p50',
  dimensions: ['service', 'team', 'environment'],
  operators: ['=', '!=', 'in', 'not in'],
  intervals: ['1h', '1d', '1w', 'auto'],
  keywords: ['by', 'where', 'and', 'in', 'not', 'every', 'band', 'distribution', 'auto'],
  bands: ['Elite', 'High', 'Medium', 'Low'],
  bandProfiles: [
    { id: 'dora-2024', description: 'DORA 2024 report clusters', metrics: [] },
    { id: 'dora-2023', description: 'DORA 2023 report clusters', metrics: [] },
  ],
  defaultBandProfile: 'dora-2024',
};
