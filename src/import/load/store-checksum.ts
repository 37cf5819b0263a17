// A checksum of the stored data (datasets, variables, observations, outlines), to prove that a refused or
// interrupted import left the database exactly as it was.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.types.js';

export const storeChecksum = async (db: Kysely<Database>): Promise<string> => {
  const hash = createHash('sha256');
  const feed = (table: string, rows: unknown[]) => {
    hash.update(`#${table}:${rows.length}\n`);
    for (const r of rows) hash.update(JSON.stringify(r) + '\n');
  };
  feed('dataset', await db.selectFrom('dataset').selectAll().orderBy('id').execute());
  feed('variable', await db.selectFrom('variable').selectAll().orderBy('dataset_id').orderBy('name').orderBy('millesime').execute());
  feed(
    'observation',
    await db
      .selectFrom('observation')
      .selectAll()
      .orderBy('dataset_id')
      .orderBy('variable')
      .orderBy('millesime')
      .orderBy('level')
      .orderBy('code')
      .execute(),
  );
  feed('outline', await db.selectFrom('outline').selectAll().orderBy('ref').execute());
  return hash.digest('hex');
};
