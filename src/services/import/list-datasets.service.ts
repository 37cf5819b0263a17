// `socle datasets` and `GET /datasets`: the catalogue, with the provenance of every dataset (history included:
// a dataset replaced by a corrected file stays listed with status `replaced`).
import { ok, type AppError, type Result } from '../../core/result.js';
import { listDatasetRows, type DatasetRow } from '../../import/load/dataset.repository.js';
import type { AppContext } from '../context.js';

export interface DatasetEntry {
  id: number;
  title: string;
  source: string;
  family: string;
  producer: string;
  millesimes: number[];
  cog_year: number;
  licence: string;
  file_name: string;
  sha256: string;
  imported_at: string;
  rows: number;
  imported: number;
  secret_values: number;
  status: 'active' | 'replaced';
  replaced_by: number | null;
  /** Variables (normalised names) of tables; 0 for outlines. */
  variables: number;
  /** Outlines stored (for GeoJSON datasets). */
  outlines: number;
  /**
   * Whose values come first where two active datasets give the same variables for the same communes, as its import
   * said (« Pour 586 communes, ses valeurs de 4 variables priment sur celles du jeu de données n° 1 »), while that
   * other dataset is still active.
   */
  precedence: string[];
}

/** The notes of an import on other datasets it comes before, or beside (an extract), still true of the catalogue. */
const precedenceOf = (report: string, active: ReadonlySet<number>): string[] => {
  let notes: unknown;
  try {
    notes = (JSON.parse(report) as { notes?: unknown }).notes;
  } catch {
    return [];
  }
  if (!Array.isArray(notes)) return [];
  return notes.filter((n): n is string => typeof n === 'string' && (/ priment? sur celles du jeu de données n° \d+/.test(n) || n.startsWith('Même plan que le jeu de données n° ')) && active.has(Number(/n° (\d+)/.exec(n)![1])));
};

export const rowToDatasetEntry = (r: DatasetRow, counts: { variables: number; outlines: number }, active: ReadonlySet<number> = new Set()): DatasetEntry => ({
  id: Number(r.id),
  title: r.title,
  source: r.source,
  family: r.family,
  producer: r.producer,
  millesimes: r.millesimes === '' ? [] : r.millesimes.split(',').map(Number),
  cog_year: Number(r.cog_year),
  licence: r.licence,
  file_name: r.file_name,
  sha256: r.sha256,
  imported_at: r.imported_at,
  rows: Number(r.rows),
  imported: Number(r.imported),
  secret_values: Number(r.secret_values),
  status: r.status === 'replaced' ? 'replaced' : 'active',
  replaced_by: r.replaced_by === null ? null : Number(r.replaced_by),
  variables: counts.variables,
  outlines: counts.outlines,
  precedence: r.status === 'active' ? precedenceOf(r.report, active) : [],
});

export const listDatasets = async (ctx: AppContext): Promise<Result<DatasetEntry[], AppError>> => {
  const db = ctx.store.db;
  const rows = await listDatasetRows(db);
  // The paired sums a file of IRIS also stores (`CAF_AM~CAF_A`, core/observations/paired-sums.ts) are not its variables.
  const variables = await db.selectFrom('variable').select(['dataset_id', (eb) => eb.fn.countAll<number>().as('n')]).where('name', 'not like', '%~%').groupBy('dataset_id').execute();
  const outlines = await db.selectFrom('outline').select(['dataset_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('dataset_id').execute();
  const v = new Map(variables.map((r) => [Number(r.dataset_id), Number(r.n)]));
  const o = new Map(outlines.map((r) => [Number(r.dataset_id), Number(r.n)]));
  const active = new Set(rows.filter((r) => r.status === 'active').map((r) => Number(r.id)));
  return ok(rows.map((r) => rowToDatasetEntry(r, { variables: v.get(Number(r.id)) ?? 0, outlines: o.get(Number(r.id)) ?? 0 }, active)));
};
