// A checksum of the stored data (datasets, variables, observation codes and columns, outlines), to prove that a refused or
// interrupted import left the database exactly as it was. Rows are read in key order and fed field by field.
import { createHash, type Hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.types.js';

const feed = (hash: Hash, table: string, rows: Record<string, unknown>[]) => {
  hash.update(`#${table}:${rows.length}\n`);
  for (const r of rows) {
    for (const k in r) {
      const v = r[k];
      // Numbers in their shortest round-trip form: 0.1 + 0.2 and 0.3 differ here too.
      if (v instanceof Uint8Array) hash.update(v);
      else hash.update(v === null ? '\u0000' : typeof v === 'string' ? v : String(v));
      hash.update('\u001f');
    }
    hash.update('\n');
  }
};

export const storeChecksum = async (db: Kysely<Database>): Promise<string> => {
  const hash = createHash('sha256');
  feed(hash, 'dataset', await db.selectFrom('dataset').selectAll().orderBy('id').execute());
  feed(hash, 'variable', await db.selectFrom('variable').selectAll().orderBy('dataset_id').orderBy('name').orderBy('millesime').execute());
  feed(hash, 'observation_codes', await db.selectFrom('observation_codes').select(['dataset_id', 'level', 'count', 'codes']).orderBy('dataset_id').orderBy('level').execute());
  feed(
    hash,
    'observation_column',
    await db
      .selectFrom('observation_column')
      .select(['dataset_id', 'variable', 'millesime', 'level', 'value', 'status', 'withheld'])
      .orderBy('dataset_id')
      .orderBy('variable')
      .orderBy('millesime')
      .orderBy('level')
      .execute(),
  );
  feed(hash, 'outline', await db.selectFrom('outline').select(['ref', 'dataset_id', 'geometry', 'bbox']).orderBy('ref').execute());
  return hash.digest('hex');
};
