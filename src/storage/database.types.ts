// The one Kysely `Database` interface, the same on SQLite and PostgreSQL (principle 7). Column names are snake_case
// with the glossary's words (`code_insee`, `millesime`). Timestamps are ISO strings, JSON is stored as text, so that
// both dialects read back the same values.
import type { ColumnType, Generated } from 'kysely';

/** pg returns bigint counts and numeric as strings; we only store integer, real/double precision and text. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface CommuneTable {
  code_insee: string;
  name: string;
  /** Accent- and case-folded name: sorting on it gives the French order on both stores (école before zèbre). */
  sort_key: string;
  departement: string;
  region: string;
  siren_epci: string | null;
  zone: string;
  population: number | null;
  population_millesime: number;
}

export interface CommuneAliasTable {
  /** A former code, a commune déléguée or associée, an arrondissement municipal. */
  code: string;
  code_insee: string;
  via: string;
}

export interface EpciTable {
  siren_epci: string;
  name: string;
  sort_key: string;
  type: string;
}

export interface DepartementTable {
  code: string;
  name: string;
  region: string;
}

export interface RegionTable {
  code: string;
  name: string;
}

export interface PerimeterTable {
  id: Generated<number>;
  slug: string;
  name: string;
  sort_key: string;
  /** The references given at creation, comma-separated (`epci:200066819,com:31555`). */
  members_spec: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PerimeterCommuneTable {
  perimeter_id: number;
  code_insee: string;
}

export interface DatasetTable {
  id: Generated<number>;
  /** Stable key of the dataset across corrected files: family + millésimes + normalised columns. */
  dataset_key: string;
  source: string;
  family: string;
  title: string;
  producer: string;
  millesimes: string;
  cog_year: number;
  licence: string;
  file_name: string;
  sha256: string;
  imported_at: string;
  rows: number;
  imported: number;
  secret_values: number;
  /** The import report, JSON. */
  report: string;
  /** 'active' or 'replaced' (a corrected file of the same dataset took its place; history is kept). */
  status: string;
  replaced_by: number | null;
}

export interface VariableTable {
  name: string;
  millesime: number;
  /** The column as published: `P22_POP`, `MED21`. */
  published_name: string;
  label: string;
  unit: string;
  kind: string;
  dataset_id: number;
}

/** The ordered codes of a dataset at one level; its columns of that level are aligned on them (ADR 0007). */
export interface ObservationCodesTable {
  dataset_id: number;
  /** `com`, or `epci`/`dep`/`reg`/`fr` for values published at that level. */
  level: string;
  count: number;
  /** INSEE code of today's commune, or the code of the level, joined by a line feed. */
  codes: string;
}

/** One variable × millésime of a dataset at one level: binary arrays aligned on the codes (see observation-columns.ts). */
export interface ObservationColumnTable {
  dataset_id: number;
  variable: string;
  millesime: number;
  level: string;
  /** Float64 little-endian; NaN where no value. */
  value: Uint8Array;
  /** One byte per code: VALUE_STATUS_CODE, or 255 where the column has no row for that code. */
  status: Uint8Array;
  /** Uint32 little-endian: withheld sub-units summed into a partial value. */
  withheld: Uint8Array;
}

export interface OutlineTable {
  /** `com:31555`: outlines are stored per commune; others are derived from them. */
  ref: string;
  dataset_id: number;
  geometry: string;
  bbox: string;
}

export interface OutlineUnionTable {
  /** `dep:31`, `fr`, `per:slug`: a territory's outline dissolved from its communes'. */
  ref: string;
  /** The version of the stored outlines when it was made (outline.service.ts): another means it may be stale. */
  data_version: string;
  geometry: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface Database {
  meta: MetaTable;
  commune: CommuneTable;
  commune_alias: CommuneAliasTable;
  epci: EpciTable;
  departement: DepartementTable;
  region: RegionTable;
  perimeter: PerimeterTable;
  perimeter_commune: PerimeterCommuneTable;
  dataset: DatasetTable;
  variable: VariableTable;
  observation_codes: ObservationCodesTable;
  observation_column: ObservationColumnTable;
  outline: OutlineTable;
  outline_union: OutlineUnionTable;
  audit_log: AuditLogTable;
}

export type Timestamp = ColumnType<string, string, string>;
