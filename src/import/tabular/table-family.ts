// What differs between source families of tables (INSEE, populations légales, CNAF, other): how a file is
// recognised from its header, how a column is named, what an empty cell means, where the millésime comes from, and
// the provenance written in the catalogue. Each family lives in its folder (src/import/insee, caf, generic).
import type { Result } from '../../core/result.js';
import type { FamilyId, ImportedVariable } from '../import.types.js';
import type { NormalisedName } from '../normalise/variable-name.js';
import type { CELL_MISSING, CELL_SECRET } from '../normalise/number-cell.js';
import type { CodeColumn } from './territory-code.js';

export interface FamilyContext {
  fileName: string;
  /** `--millesime`. */
  millesime?: number;
  currentYear: number;
  /** The producer's labels of the columns (an archive's metadata file), by published name. */
  labels?: ReadonlyMap<string, string>;
  /** The lines above the header, as text (a workbook's title). */
  titleLines?: readonly string[];
}

export interface TitleInput {
  fileName: string;
  variables: ImportedVariable[];
  millesimes: number[];
  code: CodeColumn;
}

export interface TableFamily {
  id: Exclude<FamilyId, 'geo'>;
  source: string;
  producer: string;
  licence: string;
  /** How an empty cell reads: missing in INSEE tables, secret in CNAF files. */
  emptyMeans: typeof CELL_SECRET | typeof CELL_MISSING;
  recognises(header: string[], code: CodeColumn): boolean;
  /** A column that is neither the code, nor a label, nor a figure (CNAF's `note`). */
  ignores?(column: string): boolean;
  /** A column that gives each row's millésime as a year or a date (CNAF's `Date_Ref`): never a figure. */
  millesimeColumn?(column: string): boolean;
  nameOf(column: string, ctx: FamilyContext): NormalisedName;
  /** Kind of a variable the dictionary does not know (counts for RP and CNAF columns, `other` elsewhere). */
  unknownKind(name: string): ImportedVariable['kind'];
  /** Millésime of the columns whose name carries none (`SUPERF`, `PMUN`, CNAF columns), or why it is unknown (French). */
  defaultMillesime(ctx: FamilyContext, found: number[]): Result<number | null, string>;
  /**
   * A code that names no territory on purpose (the CNAF's `99999`, allocataires living abroad, and `XXXXX`, commune
   * unknown): what it stands for, in French; such rows are left out with a note rather than refused.
   */
  outsideCode?(code: string): string | undefined;
  /** The report's note on where that millésime came from, when --millesime was not given (French); by default, the most frequent of the file. */
  millesimeNote?(ctx: FamilyContext, millesime: number): string;
  title(input: TitleInput): string;
}

/** The most frequent millésime of the file's columns (the latest on a tie), or null. */
export const dominantMillesime = (found: number[]): number | null => {
  if (found.length === 0) return null;
  const counts = new Map<number, number>();
  for (const m of found) counts.set(m, (counts.get(m) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [m, c] of counts) if (c > bestCount || (c === bestCount && best !== null && m > best)) [best, bestCount] = [m, c];
  return best;
};
