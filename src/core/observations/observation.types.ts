// Ces types sont purs. What the import writes and the engine reads: values per commune, per variable and millésime.

/**
 * Status of one stored value. A withheld value is not zero (principle 3): it is stored with a null value.
 * - ok: published value;
 * - partial: a sum over sub-units (IRIS, arrondissements, merged communes) where some were withheld;
 * - secret: withheld at source (`s`, an empty CAF cell);
 * - missing: not available (`nd`, empty INSEE cell, a median of a merged commune that cannot be recomputed).
 */
export type ValueStatus = 'ok' | 'partial' | 'secret' | 'missing';
export const VALUE_STATUS_CODE: Record<ValueStatus, number> = { ok: 0, partial: 1, secret: 2, missing: 3 };
export const VALUE_STATUS_OF_CODE: ValueStatus[] = ['ok', 'partial', 'secret', 'missing'];
/** Status code of a commune for which no row exists in any dataset (never stored). */
export const STATUS_ABSENT = 4;

/** How a variable may be aggregated over communes (principle 4). */
export type VariableKind = 'count' | 'amount' | 'share' | 'median' | 'rate' | 'area' | 'other';
export const ADDITIVE_KINDS: ReadonlySet<VariableKind> = new Set(['count', 'amount', 'area']);

/** A variable as described by the built-in dictionary or, for unknown columns, by its name. */
export interface VariableDefinition {
  /** Normalised name without millésime: `P_POP`, `C_FAMMONO`, `MED`, `NAIS` (the period goes in `period`), `PMUN`. */
  name: string;
  label: string;
  unit: string;
  kind: VariableKind;
}

/**
 * One variable of one millésime for every commune of the referential, aligned on its commune index
 * (principle 6). `status` uses VALUE_STATUS_CODE, or STATUS_ABSENT where no dataset has the commune.
 */
export interface VariableColumn {
  name: string;
  millesime: number;
  kind: VariableKind;
  values: Float64Array;
  status: Uint8Array;
  /** Datasets that contributed, for provenance. */
  datasets: { id: number; title: string; source: string }[];
  /**
   * Id of the dataset each commune's value comes from (0 where absent), when several datasets fill one column; lets
   * a territory name only the datasets its own communes used.
   */
  origin?: Int32Array;
  /** For counts cumulated over a period (`NAIS1621`: births from 2016 to 2021): its first and last years. */
  period?: [number, number];
}

/** A value published by the source at a level other than the commune (a median of an EPCI, say). */
export interface PublishedValue {
  value: number | null;
  status: ValueStatus;
  datasetId: number;
}

/** What the engine reads. Implemented over the database with a cache (src/services), and over plain arrays in tests. */
export interface VariableStore {
  /** Millésimes available for a normalised variable, most recent first. */
  millesimes(name: string): number[];
  column(name: string, millesime: number): VariableColumn | undefined;
  /** Value published at a level other than the commune (`epci:…`, `dep:…`, `reg:…`, `fr`). */
  published(name: string, millesime: number, ref: string): PublishedValue | undefined;
  /** Whether any territory has a value of the variable published at its own level (a cheap test before `published`). */
  hasPublished(name: string, millesime: number): boolean;
}
