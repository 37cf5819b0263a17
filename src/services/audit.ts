// Every write goes through a service that records who did what (DESIGN.md: accounts come later; the actor is
// « cli » or « api » until then).
//
// Each record also moves the data version (`meta.data_version`), in the same transaction as the write: a server
// instance compares it once a second to know that another instance wrote (src/server/response-cache.ts). One row read
// by its key, whatever the length of the log; writes update it in commit order (row lock on PostgreSQL).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../storage/database.types.js';

export const recordAudit = async (
  db: Kysely<Database> | Transaction<Database>,
  entry: { at: Date; actor: string; action: string; target: string; details?: unknown },
): Promise<void> => {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, details: JSON.stringify(entry.details ?? {}) })
    .execute();
  await db
    .insertInto('meta')
    .values({ key: DATA_VERSION_KEY, value: '1' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`cast(cast(meta.value as bigint) + 1 as text)` }))
    .execute();
};

export const DATA_VERSION_KEY = 'data_version';

/** The data version: '0' before the first recorded write. */
export const readDataVersion = async (db: Kysely<Database>): Promise<string> => {
  const row = await db.selectFrom('meta').select('value').where('key', '=', DATA_VERSION_KEY).executeTakeFirst();
  return row?.value ?? '0';
};
