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
}

export const rowToDatasetEntry = (r: DatasetRow, counts: { variables: number; outlines: number }): DatasetEntry => ({
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
});

export const listDatasets = async (ctx: AppContext): Promise<Result<DatasetEntry[], AppError>> => {
  const db = ctx.store.db;
  const rows = await listDatasetRows(db);
  // The paired sums a file of IRIS also stores (`CAF_AM~CAF_A`, core/observations/paired-sums.ts) are not its variables.
  const variables = await db.selectFrom('variable').select(['dataset_id', (eb) => eb.fn.countAll<number>().as('n')]).where('name', 'not like', '%~%').groupBy('dataset_id').execute();
  const outlines = await db.selectFrom('outline').select(['dataset_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('dataset_id').execute();
  const v = new Map(variables.map((r) => [Number(r.dataset_id), Number(r.n)]));
  const o = new Map(outlines.map((r) => [Number(r.dataset_id), Number(r.n)]));
  return ok(rows.map((r) => rowToDatasetEntry(r, { variables: v.get(Number(r.id)) ?? 0, outlines: o.get(Number(r.id)) ?? 0 })));
};
