import { DataQuery, DataSourceJsonData } from '@grafana/data';

export type EditorMode = 'code' | 'builder';

/** What Grafana stores per query and sends to the backend as DataQuery.json. */
export interface DoraQuery extends DataQuery {
  /** Query-language text; the only field the backend computes from. */
  expr: string;
  /** The dashboard's time zone as an IANA name (or "utc"), resolved and added by DataSource.query() (timeZone.ts). */
  timezone?: string;
  /**
   * Editor state; ignored by the backend. (Queries saved by earlier versions
   * may also carry `format`, a display hint nothing read; it is ignored.)
   */
  editorMode?: EditorMode;
}

/**
 * Variable query: which dimension's values to list, and optionally the
 * conditions that narrow them (the text after `where`, e.g. `team in
 * ($team)`). Sent to the backend's `values` resource as
 * `<dimension>s where <conditions>` with the dashboard's time range
 * (variableQuery.ts).
 */
export type Dimension = 'service' | 'team' | 'environment';
export interface DoraVariableQuery extends DataQuery {
  dimension: Dimension;
  where?: string;
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
  /** IANA zone of requests without one (alert rules, API calls); default UTC. */
  defaultTimeZone?: string;
}

export interface DoraSecureJsonData {
  password?: string;
  /** file-content method: PEM text. */
  tlsCACert?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
}

/** One banded metric's cut-offs in a band profile (src/metrics/bands.h). */
export interface BandCutoffs {
  lowerIsBetter: boolean;
  inclusive: boolean;
  Elite: number;
  High: number;
  Medium: number;
}

/**
 * The catalog document: the engine's (src/query/catalog_json.h), served by
 * the `catalog` resource and bundled from `dora catalog --json` as
 * src/generated/catalog.json (see catalog.ts).
 */
export interface CatalogMetric {
  name: string;
  aliases: string[];
  unit: string;
  kind: 'count' | 'per_day' | 'duration' | 'ratio' | 'score';
  takesStat: boolean;
  /** `<metric> samples` lists the rows behind it. */
  takesSamples: boolean;
  /** The form whose clauses a query of this metric may have: 'metric', or 'score' (dora_score: by and where only). */
  form: 'metric' | 'score';
  description: string;
}

/** A query form: `word` selects it (first word, or after the metric for samples; '' for the metric form). */
export interface CatalogForm {
  name: 'metric' | 'series' | 'band_distribution' | 'score' | 'samples' | 'annotations' | 'data_quality';
  word: string;
  /** The clause keywords the form accepts. */
  clauses: string[];
  description: string;
  /**
   * The error for a clause the form does not take, suggesting `use e.g. <example>`; `<clause>` in the refusal is the
   * clause's phrase (clausePhrases), `<metric>` in the example the query's metric.
   */
  refusal: string;
  example: string;
  /** Clauses the form takes only with another (`rolling` needs `every`), refused like the form's with their own refusal and example. */
  requirements: Array<{ clause: string; needs: string; refusal: string; example: string }>;
}

export interface Catalog {
  metrics: CatalogMetric[];
  /** The documented stat names. */
  stats: string[];
  defaultStat: string;
  /** Stat words besides pN and the stat each means (median -> p50, avg -> mean). */
  statWords: Record<string, string>;
  /** pN: N starts with a digit, holds digits and dots, and lies strictly between the bounds. */
  percentile: { prefix: string; exclusiveMin: number; exclusiveMax: number };
  dimensions: string[];
  operators: string[];
  /** The intervals offered for `every`. */
  intervals: string[];
  /** `every <n><unit>`: the units. */
  intervalUnits: string[];
  /** The windows offered for `rolling`. */
  windows: string[];
  /** `rolling <n><unit>`: the units (calendar days, weeks, months). */
  windowUnits: string[];
  keywords: string[];
  clauseKeywords: string[];
  /** Each clause keyword's phrase as written: band -> band distribution, vs -> vs previous. */
  clausePhrases: Record<string, string>;
  forms: CatalogForm[];
  annotationKinds: Array<{ name: string; events: string[]; description: string }>;
  defaultAnnotationKinds: string[];
  samples: { defaultLimit: number; maxLimit: number };
  limits: { maxQueryBytes: number; maxListValues: number };
  bands: string[];
  /** The Grafana named colour of each band, as frames' band value mappings carry it. */
  bandColors: Record<string, string>;
  /**
   * Band profiles; `cutoffs` per banded metric, in the metric's unit: Elite
   * below `Elite` (at it too when `inclusive`), High below `High`, Medium
   * below `Medium`, else Low (mirrored when not `lowerIsBetter`).
   */
  bandProfiles: Array<{ id: string; description: string; metrics: string[]; cutoffs?: Record<string, BandCutoffs> }>;
  defaultBandProfile: string;
  /** dora_score's benchmark editions (the `scoreBenchmark` policy) and the default one. */
  scoreBenchmarks: string[];
  defaultScoreBenchmark: string;
  /** A dashboard variable's query: `<head> [where ...]` (heads: services, teams, environments); like a form. */
  variableQuery: { heads: string[]; clauses: string[]; description: string; refusal: string; example: string };
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
