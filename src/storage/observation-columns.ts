// Observations stored by column (ADR 0007): one row per dataset × variable × millésime × level, holding that column's
// values, statuses and withheld counts as binary arrays aligned on the dataset's code list for that level (one row of
// `observation_codes`). This is the engine's own shape (principle 6): an import writes a hundred rows instead of
// millions, and the engine reads a variable for every commune as a few blobs.
//
// Encoding, identical on both stores (BLOB on SQLite, bytea on PostgreSQL):
// - `value`: Float64 little-endian, one per code; NaN where no value (withheld or absent);
// - `status`: one byte per code, VALUE_STATUS_CODE (0 ok, 1 partial, 2 secret, 3 missing) or CELL_ABSENT (no row);
// - `withheld`: Uint32 little-endian, the number of rows withheld in a partial sum; an empty blob when every count
//   is zero (no partial sum in the column: most columns, whose zeros would be a third of what an import writes).
// Codes are the territory codes of the level (`31555`, `243100518`, `31`, `fr`) joined by a line feed.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Status byte of a code for which the column has no row (never a VALUE_STATUS_CODE). */
export const CELL_ABSENT = 255;

/** One column as written by an import: `count` first cells of the arrays, aligned on the level's code list. */
export interface ColumnCells {
  /** NaN where the value is withheld. */
  value: Float64Array;
  status: Uint8Array;
  withheld: Uint32Array;
}

export interface ColumnKey {
  datasetId: number;
  variable: string;
  millesime: number;
  level: string;
}

/** A stored column read back, with the codes it is aligned on. */
export interface StoredColumn extends ColumnKey {
  codes: string[];
  value: Float64Array;
  status: Uint8Array;
  withheld: Uint32Array;
}

/** One value in the long form (`socle` exports, tests and checks read it this way). */
export interface ObservationRow extends ColumnKey {
  code: string;
  value: number | null;
  status: number;
  withheld: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The bytes of a typed array's first `count` elements, little-endian, as a Buffer the drivers bind as a blob: on a
 * little-endian machine a view of the array itself, not a copy (the drivers copy it when they bind it; a column's
 * arrays are not changed before its write is awaited).
 */
const bytesOf = (a: Float64Array | Uint32Array | Uint8Array, count: number): Buffer => {
  const n = count * a.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return Buffer.from(a.buffer, a.byteOffset, n);
  const b = Buffer.allocUnsafe(n);
  b.set(new Uint8Array(a.buffer, a.byteOffset, n));
  a.BYTES_PER_ELEMENT === 8 ? b.swap64() : b.swap32();
  return b;
};

const allZero = (a: Uint32Array, count: number): boolean => {
  for (let i = 0; i < count; i++) if (a[i] !== 0) return false;
  return true;
};

/** A typed array over a copy of the blob (drivers give Buffers at any offset; typed arrays need alignment). */
const decode = <T extends Float64Array | Uint32Array | Uint8Array>(blob: Uint8Array, Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, count: number, label: string): T => {
  if (blob.byteLength !== count * Ctor.BYTES_PER_ELEMENT) throw new Error(`colonne ${label} : ${blob.byteLength} octets pour ${count} codes`);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  if (!LITTLE_ENDIAN && Ctor.BYTES_PER_ELEMENT > 1) {
    const b = Buffer.from(copy.buffer);
    Ctor.BYTES_PER_ELEMENT === 8 ? b.swap64() : b.swap32();
  }
  return new Ctor(copy.buffer);
};

/** Records the ordered codes of a dataset at one level; columns of that level are aligned on them. */
export const writeCodeList = async (db: Db, datasetId: number, level: string, codes: readonly string[]): Promise<void> => {
  await db.insertInto('observation_codes').values({ dataset_id: datasetId, level, codes: codes.join('\n'), count: codes.length }).execute();
};

/**
 * Writes one column: the first `count` cells, aligned on the code list of (dataset, level) written before. The
 * cells' arrays must stay as they are until the returned promise settles.
 */
export const writeColumn = async (db: Db, key: ColumnKey, cells: ColumnCells, count: number): Promise<void> => {
  await db
    .insertInto('observation_column')
    .values({
      dataset_id: key.datasetId,
      variable: key.variable,
      millesime: key.millesime,
      level: key.level,
      value: bytesOf(cells.value, count),
      status: bytesOf(cells.status, count),
      withheld: allZero(cells.withheld, count) ? Buffer.alloc(0) : bytesOf(cells.withheld, count),
    })
    .execute();
};

/** Removes a dataset's values (a corrected file replaced it). */
export const deleteColumns = async (db: Db, datasetId: number): Promise<void> => {
  await db.deleteFrom('observation_column').where('dataset_id', '=', datasetId).execute();
  await db.deleteFrom('observation_codes').where('dataset_id', '=', datasetId).execute();
};

export interface ColumnQuery {
  datasetIds?: readonly number[];
  variables?: readonly string[];
  millesime?: number;
  level?: string;
}

/**
 * Reads the columns matching the query, each with the codes it is aligned on, in key order (dataset, variable,
 * millésime, level). Code lists are split once per (dataset, level) and shared between the columns.
 */
export const readColumns = async (db: Db, q: ColumnQuery = {}): Promise<StoredColumn[]> => {
  if (q.datasetIds?.length === 0 || q.variables?.length === 0) return [];
  let cq = db.selectFrom('observation_column').select(['dataset_id', 'variable', 'millesime', 'level', 'value', 'status', 'withheld']);
  if (q.datasetIds) cq = cq.where('dataset_id', 'in', [...q.datasetIds]);
  if (q.variables) cq = cq.where('variable', 'in', [...q.variables]);
  if (q.millesime !== undefined) cq = cq.where('millesime', '=', q.millesime);
  if (q.level !== undefined) cq = cq.where('level', '=', q.level);
  const rows = await cq.orderBy('dataset_id').orderBy('variable').orderBy('millesime').orderBy('level').execute();
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => Number(r.dataset_id)))];
  let lq = db.selectFrom('observation_codes').select(['dataset_id', 'level', 'codes', 'count']).where('dataset_id', 'in', ids);
  if (q.level !== undefined) lq = lq.where('level', '=', q.level);
  const lists = new Map<string, string[]>();
  for (const l of await lq.execute()) {
    const count = Number(l.count);
    lists.set(`${Number(l.dataset_id)}|${l.level}`, count === 0 ? [] : l.codes.split('\n'));
  }
  return rows.map((r) => {
    const datasetId = Number(r.dataset_id);
    const codes = lists.get(`${datasetId}|${r.level}`);
    const label = `${r.variable}@${r.millesime} (jeu ${datasetId}, ${r.level})`;
    if (!codes) throw new Error(`colonne ${label} sans liste de codes`);
    return {
      datasetId,
      variable: r.variable,
      millesime: Number(r.millesime),
      level: r.level,
      codes,
      value: decode(r.value, Float64Array, codes.length, label),
      status: decode(r.status, Uint8Array, codes.length, label),
      withheld: r.withheld.byteLength === 0 ? new Uint32Array(codes.length) : decode(r.withheld, Uint32Array, codes.length, label),
    };
  });
};

/** The columns in long form, one row per stored value (absent cells skipped), in key order then code order. */
export const readObservations = async (db: Db, q: ColumnQuery & { codes?: readonly string[] } = {}): Promise<ObservationRow[]> => {
  const wanted = q.codes ? new Set(q.codes) : undefined;
  const out: ObservationRow[] = [];
  for (const c of await readColumns(db, q)) {
    const order = c.codes.map((_, i) => i).sort((a, b) => (c.codes[a] < c.codes[b] ? -1 : c.codes[a] > c.codes[b] ? 1 : 0));
    for (const i of order) {
      const status = c.status[i];
      if (status === CELL_ABSENT || (wanted && !wanted.has(c.codes[i]))) continue;
      const v = c.value[i];
      out.push({ datasetId: c.datasetId, variable: c.variable, millesime: c.millesime, level: c.level, code: c.codes[i], value: Number.isNaN(v) ? null : v, status, withheld: c.withheld[i] });
    }
  }
  return out;
};

/** Number of stored values (absent cells excluded), for a dataset or for all. */
export const countObservations = async (db: Db, datasetId?: number): Promise<number> => {
  let n = 0;
  for (const c of await readColumns(db, datasetId === undefined ? {} : { datasetIds: [datasetId] })) {
    for (let i = 0; i < c.status.length; i++) if (c.status[i] !== CELL_ABSENT) n++;
  }
  return n;
};
