// Every write goes through a service that records who did what (DESIGN.md: accounts come later; the actor is
// « cli » or « api » until then).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database.types.js';

export const recordAudit = async (
  db: Kysely<Database> | Transaction<Database>,
  entry: { at: Date; actor: string; action: string; target: string; details?: unknown },
): Promise<void> => {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, details: JSON.stringify(entry.details ?? {}) })
    .execute();
};
