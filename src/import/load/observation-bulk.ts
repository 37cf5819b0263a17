// Writes one variable × millésime for many territories into `observation`, inside the caller's transaction. Bulk
// loading is where the dialects differ, so each has its named path:
// - SQLite: multi-row INSERT prepared once per (variable, chunk size) on the better-sqlite3 handle under Kysely —
//   the same single connection, hence the same transaction; constants are inlined so each row binds 4 values.
//   (Kysely prepares every query anew: for 3.5 million rows that doubled the load time, see bench/import.)
// - PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per column (parameters: 7, whatever the row count).
import { sql, type Transaction } from 'kysely';
import type { Store } from '../../storage/connection.js';
import type { Database } from '../../storage/database.types.js';
import type { Column } from '../tabular/commune-accumulator.js';

export interface ColumnTarget {
  datasetId: number;
  variable: string;
  millesime: number;
  level: string;
}

const SQLITE_CHUNK = 2000;

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Rows written per statement cache entry: statements differ only by their constants, so the cache stays small. */
const statementCache = new WeakMap<object, Map<string, import('better-sqlite3').Statement>>();

const sqliteStatement = (handle: import('better-sqlite3').Database, target: ColumnTarget, rows: number) => {
  let cache = statementCache.get(handle);
  if (!cache) {
    cache = new Map();
    statementCache.set(handle, cache);
  }
  const tuple = `(${target.datasetId},${literal(target.variable)},${target.millesime},${literal(target.level)},?,?,?,?)`;
  const key = `${rows}|${tuple}`;
  let st = cache.get(key);
  if (!st) {
    if (cache.size > 64) cache.clear();
    st = handle.prepare(`insert into observation (dataset_id, variable, millesime, level, code, value, status, withheld) values ${new Array(rows).fill(tuple).join(',')}`);
    cache.set(key, st);
  }
  return st;
};

/**
 * Inserts `count` values of one column: codes[k] with column.value[k] (NaN = null), status and withheld.
 * Must be called inside a Kysely transaction of `store` (`tx`).
 */
export const insertColumn = async (
  store: Store,
  tx: Transaction<Database>,
  target: ColumnTarget,
  codes: string[],
  column: Column,
  count: number,
): Promise<void> => {
  if (count === 0) return;
  if (store.dialect === 'sqlite' && store.sqlite) {
    const handle = store.sqlite;
    const params: unknown[] = new Array(SQLITE_CHUNK * 4);
    for (let start = 0; start < count; start += SQLITE_CHUNK) {
      const n = Math.min(SQLITE_CHUNK, count - start);
      const p = n === SQLITE_CHUNK ? params : new Array(n * 4);
      let k = 0;
      for (let i = start; i < start + n; i++) {
        const v = column.value[i];
        p[k++] = codes[i];
        p[k++] = Number.isNaN(v) ? null : v;
        p[k++] = column.status[i];
        p[k++] = column.withheld[i];
      }
      sqliteStatement(handle, target, n).run(p);
    }
    return;
  }
  if (store.dialect === 'postgres') {
    const value: (number | null)[] = new Array(count);
    for (let i = 0; i < count; i++) value[i] = Number.isNaN(column.value[i]) ? null : column.value[i];
    await sql`insert into observation (dataset_id, variable, millesime, level, code, value, status, withheld)
      select ${target.datasetId}, ${target.variable}, ${target.millesime}, ${target.level}, t.code, t.value, t.status, t.withheld
      from unnest(${codes.slice(0, count)}::text[], ${value}::float8[], ${Array.from(column.status.subarray(0, count))}::int[], ${Array.from(column.withheld.subarray(0, count))}::int[])
        as t(code, value, status, withheld)`.execute(tx);
    return;
  }
  // Portable path (a store without its raw handle): multi-row inserts through Kysely.
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const v = column.value[i];
      rows.push({ dataset_id: target.datasetId, variable: target.variable, millesime: target.millesime, level: target.level, code: codes[i], value: Number.isNaN(v) ? null : v, status: column.status[i], withheld: column.withheld[i] });
    }
    await tx.insertInto('observation').values(rows).execute();
  }
};
