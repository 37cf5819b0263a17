// The shapes an import produces: the report of ../shared/CONTRACT.md (`socle import --json`) and what the loaders
// hand to the database. Field names of the report are the contract's (snake_case); the extra fields are additions.
import type { VariableKind } from '../core/observations/observation.types.js';

/** Source families recognised from a file's header (`--source` forces one). */
export type FamilyId = 'insee' | 'populations-legales' | 'caf' | 'generic' | 'geo';

export type FileFormat = 'csv' | 'xlsx' | 'xls' | 'geojson';

/** A cell or a feature refused, with where it is: the line of the file (1-based, header included) and the column. */
export interface RejectedCell {
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface RemappedCode {
  from: string;
  to: string;
  /** How the old code reached today's commune: `ancien_code`, `deleguee`, `associee`, `arrondissement`. */
  via: string;
}

export interface UnknownCode {
  code: string;
  line: number;
}

/** A variable as imported: normalised name and millésime, and the column it came from. */
export interface ImportedVariable {
  name: string;
  millesime: number;
  published_name: string;
  label: string;
  unit: string;
  kind: VariableKind;
  /** For cumulated counts (`NAIS1621`): first and last year of the period; the millésime is the last. */
  period?: [number, number];
  /** False when the built-in dictionary does not know the variable (imported with its name as label). */
  known: boolean;
}

export interface ImportReport {
  file: string;
  sha256: string;
  source: string;
  millesimes: number[];
  rows: number;
  /** Rows written (0 for a refused file; for a dry run, those that would be). */
  imported: number;
  /** Of a refused file: its valid rows, which --accept-partial would import. */
  valid_rows?: number;
  rejected: RejectedCell[];
  remapped: RemappedCode[];
  unknown_codes: UnknownCode[];
  secret_values: number;
  dry_run: boolean;
  /** True when the same file (same sha256, same options) was already imported: nothing was written. */
  noop: boolean;
  /** The dataset written (or the one already holding this file for a no-op); null for a dry run or a rejection. */
  datasetId: number | null;
  /** Active dataset of the same key that this import replaced (its row is kept with status `replaced`). */
  replaced_dataset: number | null;
  /**
   * A file of several millésimes in its column of reference dates (CNAF's `Date_Ref`) is read once per year, each year
   * a dataset: their numbers, in the order of the years (`datasetId` is the first).
   */
  datasets?: number[];
  family: FamilyId;
  format: FileFormat;
  title: string;
  producer: string;
  licence: string;
  cog_year: number;
  /** Number of rows refused (the `rejected` list keeps at most MAX_REJECTED_LISTED cells). */
  rejected_rows: number;
  missing_values: number;
  /** Communes that received values (outlines: territories with an outline); the other levels are in `territories`. */
  communes: number;
  /** Territories that received values, by level: a table may hold communes, EPCI, départements, régions and France. */
  territories?: TerritoryCounts;
  variables: ImportedVariable[];
  unknown_variables: string[];
  /** French sentences: merged communes whose medians became missing, columns ignored, millésime inferred… */
  notes: string[];
  encoding?: string;
  separator?: string;
  /** The worksheet read, for a workbook. */
  sheet?: string;
  /** The workbook's other worksheets with a territory code column (one per level in INSEE's workbooks). */
  other_sheets?: string[];
  /** The ZIP archive the file came from (`file` then reads « archive.zip › entry.csv »). */
  archive?: { file: string; entry: string };
}

export interface TerritoryCounts {
  com: number;
  epci: number;
  dep: number;
  reg: number;
  /** 1 when the file gave France as a whole. */
  fr: number;
}

export const MAX_REJECTED_LISTED = 1000;

/** Progress of a long import, for a bar on a terminal or plain lines. */
export interface ImportProgress {
  /** `extraction`: the file copied out of its ZIP archive (bytes). */
  phase: 'extraction' | 'lecture' | 'écriture';
  /** Bytes read so far and the file size (reading), or rows written and rows to write (writing). */
  done: number;
  total: number;
  rows: number;
}

export type ProgressListener = (p: ImportProgress) => void;

export const LICENCE_OUVERTE = 'Licence Ouverte / Etalab 2.0';
