// Datasets, their variables and outlines in the database. Repositories take `db` or a transaction; the import
// service owns the transaction.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DatasetTable } from '../../storage/database.types.js';
import type { ImportedVariable } from '../import.types.js';
import type { OutlineRecord } from '../geo/read-geojson.js';
import { deleteColumns } from '../../storage/observation-columns.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A dataset as read back: the table's columns with the generated id resolved. */
export type DatasetRow = Selectable<DatasetTable>;

export type NewDataset = Omit<DatasetTable, 'id'>;

/**
 * The active dataset holding this exact file with the same header plan (a second import is a no-op) — and, in a
 * workbook, read from the same worksheet: the sheets of one file are as many datasets, all of the file's sha256.
 */
export const findActiveBySha = async (db: Db, sha256: string, keyPrefix: string, sheet?: string): Promise<DatasetRow | undefined> => {
  const rows = await db.selectFrom('dataset').selectAll().where('sha256', '=', sha256).where('status', '=', 'active').execute();
  return (rows as DatasetRow[]).find((r) => r.dataset_key.startsWith(keyPrefix) && sheetOf(r) === sheet);
};

/** The worksheet a dataset was read from (its stored report's `sheet`), undefined for a file that is no workbook. */
export const sheetOf = (row: DatasetRow): string | undefined => {
  try {
    const sheet = (JSON.parse(row.report) as { sheet?: unknown }).sheet;
    return typeof sheet === 'string' ? sheet : undefined;
  } catch {
    return undefined;
  }
};

export const findActiveByKey = async (db: Db, key: string): Promise<DatasetRow[]> =>
  (await db.selectFrom('dataset').selectAll().where('dataset_key', '=', key).where('status', '=', 'active').orderBy('id').execute()) as DatasetRow[];

/**
 * How many of a dataset's territories (communes, and rows published at another level) a new file leaves out: a file
 * that leaves none out may replace it; one that does (an extract of 29 of its 586 communes) may not.
 */
/** A dataset's territories by level (`com`, `epci`, …), as its code lists hold them. */
export const territoriesOf = async (db: Db, datasetId: number, level?: string): Promise<Map<string, Set<string>>> => {
  let q = db.selectFrom('observation_codes').select(['level', 'codes']).where('dataset_id', '=', datasetId);
  if (level) q = q.where('level', '=', level);
  return new Map((await q.execute()).map((l) => [l.level, new Set(l.codes === '' ? [] : l.codes.split('\n'))]));
};

export const territoriesLeftOut = async (db: Db, datasetId: number, kept: ReadonlyMap<string, ReadonlySet<string>>): Promise<{ level: string; count: number }[]> => {
  const out: { level: string; count: number }[] = [];
  for (const [level, codes] of await territoriesOf(db, datasetId)) {
    const have = kept.get(level);
    let count = 0;
    for (const code of codes) if (!have?.has(code)) count++;
    if (count > 0) out.push({ level, count });
  }
  return out;
};

/**
 * The active datasets (other than `exclude`) that give some of these variables, at the same millésime, for some of
 * these communes: a new file's values take their place there (the most recent wins, commune by commune), which the
 * import report says.
 */
export const overlappingDatasets = async (
  db: Db,
  exclude: readonly number[],
  variables: readonly { name: string; millesime: number }[],
  communes: ReadonlySet<string>,
): Promise<{ id: number; title: string; variables: number; communes: number }[]> => {
  const wanted = new Set(variables.map((v) => `${v.name}@${v.millesime}`));
  const names = [...new Set(variables.map((v) => v.name))];
  const shared = new Map<number, number>();
  for (let i = 0; i < names.length; i += 500) {
    const rows = await db
      .selectFrom('variable')
      .innerJoin('dataset', 'dataset.id', 'variable.dataset_id')
      .select(['variable.dataset_id as id', 'variable.name as name', 'variable.millesime as millesime'])
      .where('dataset.status', '=', 'active')
      .where('variable.name', 'in', names.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const id = Number(r.id);
      if (!exclude.includes(id) && wanted.has(`${r.name}@${r.millesime}`)) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
  }
  const out: { id: number; title: string; variables: number; communes: number }[] = [];
  for (const [id, count] of [...shared].sort((a, b) => a[0] - b[0])) {
    let overlap = 0;
    for (const code of (await territoriesOf(db, id, 'com')).get('com') ?? []) if (communes.has(code)) overlap++;
    if (overlap === 0) continue;
    const row = await db.selectFrom('dataset').select('title').where('id', '=', id).executeTakeFirst();
    out.push({ id, title: row?.title ?? `jeu de données ${id}`, variables: count, communes: overlap });
  }
  return out;
};

export const insertDataset = async (db: Db, row: NewDataset): Promise<number> => {
  const r = await db.insertInto('dataset').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
};

export const updateDatasetReport = async (db: Db, id: number, report: string): Promise<void> => {
  await db.updateTable('dataset').set({ report }).where('id', '=', id).execute();
};

/** A corrected file took this dataset's place: its values go, its catalogue row stays as history. */
export const replaceDataset = async (db: Db, oldId: number, newId: number): Promise<void> => {
  await deleteColumns(db, oldId);
  await db.deleteFrom('variable').where('dataset_id', '=', oldId).execute();
  await db.deleteFrom('outline').where('dataset_id', '=', oldId).execute();
  await db.updateTable('dataset').set({ status: 'replaced', replaced_by: newId }).where('id', '=', oldId).execute();
};

export const insertVariables = async (db: Db, datasetId: number, variables: ImportedVariable[]): Promise<void> => {
  const rows = variables.map((v) => ({
    dataset_id: datasetId,
    name: v.name,
    millesime: v.millesime,
    published_name: v.published_name,
    label: v.label,
    unit: v.unit,
    kind: v.kind,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('variable').values(rows.slice(i, i + 500)).execute();
};

/** Outlines are one per territory: a newer file's outline of a commune takes the place of an older one. */
export const upsertOutlines = async (db: Db, datasetId: number, outlines: OutlineRecord[], onRows?: (n: number) => void): Promise<void> => {
  const refs = outlines.map((o) => o.ref);
  for (let i = 0; i < refs.length; i += 500) await db.deleteFrom('outline').where('ref', 'in', refs.slice(i, i + 500)).execute();
  for (let i = 0; i < outlines.length; i += 200) {
    const chunk = outlines.slice(i, i + 200).map((o) => ({ ref: o.ref, dataset_id: datasetId, geometry: JSON.stringify(o.geometry), bbox: JSON.stringify(o.bbox) }));
    await db.insertInto('outline').values(chunk).execute();
    onRows?.(Math.min(outlines.length, i + 200));
  }
};

export const listDatasetRows = async (db: Db): Promise<DatasetRow[]> =>
  (await db.selectFrom('dataset').selectAll().orderBy('id').execute()) as DatasetRow[];
