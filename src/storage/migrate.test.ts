// A database made by an earlier version of Socle gets the migrations added since, at its first use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { closeContext, createContext } from '../services/context.js';
import { isInitialised } from './migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('une base à laquelle manque la dernière migration n’est pas prête, et la reçoit à sa première ouverture', async () => {
    const url = `sqlite:${join(dir, 'ancienne.sqlite')}`;
    const made = await createContext(url);
    // As an earlier version left it: without the outline_union table nor its migration.
    await sql`drop table outline_union`.execute(made.store.db);
    await sql`delete from kysely_migration where name = '0003_outline_union'`.execute(made.store.db);
    expect(await isInitialised(made.store)).toBe(false);
    await closeContext(made);
    const reopened = await createContext(url);
    try {
      expect(await isInitialised(reopened.store)).toBe(true);
      expect(await reopened.store.db.selectFrom('outline_union').selectAll().execute()).toEqual([]);
    } finally {
      await closeContext(reopened);
    }
  });
});
