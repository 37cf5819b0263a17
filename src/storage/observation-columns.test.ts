// Observations by column (ADR 0007) on every store: a column round-trips bit for bit (NaN, partial sums, absent
// cells), and a database of the long-table schema (migration 0001) is converted by migration 0002 without losing a
// value.
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, postgresUrl } from '../../test/helpers/test-stores.js';
import { openStore, type Store } from './connection.js';
import type { Database } from './database.types.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import { CELL_ABSENT, countObservations, deleteColumns, readColumns, readObservations, writeCodeList, writeColumn } from './observation-columns.js';

interface Target {
  name: string;
  open(): Promise<Store>;
}

const created: { admin: string; name: string }[] = [];
const targets: Target[] = [{ name: 'sqlite', open: () => openStore('sqlite::memory:') }];
const pgUrl = postgresUrl();
if (pgUrl) {
  targets.push({
    name: 'postgres',
    async open() {
      const name = `socle_cols_${process.pid}_${Date.now().toString(36)}_${created.length}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database "${name}"`).finally(() => admin.end());
      created.push({ admin: pgUrl, name });
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      return openStore(u.toString());
    },
  });
}
afterAll(async () => {
  for (const d of created) await dropDatabase(d.admin, d.name);
});

const dataset = async (db: Kysely<Database>): Promise<number> => {
  const r = await db
    .insertInto('dataset')
    .values({ dataset_key: 'k', source: 'insee', family: 'insee', title: 't', producer: 'INSEE', millesimes: '2022', cog_year: 2026, licence: 'LO', file_name: 'f.csv', sha256: 'x', imported_at: '2026-11-28T00:00:00.000Z', rows: 3, imported: 3, secret_values: 1, report: '{}', status: 'active', replaced_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
};

describe.each(targets)('observations par colonne ($name)', (target) => {
  it('une colonne se relit à l’identique : décimales, valeur masquée, somme partielle, cellule absente', async () => {
    const store = await target.open();
    try {
      await runMigrations(store);
      const id = await dataset(store.db);
      const codes = ['31555', '31001', '31069', '31471'];
      await writeCodeList(store.db, id, 'com', codes);
      // Arrays longer than `count`, and not at offset 0: only the first cells are written.
      const backing = new Float64Array(8);
      const value = backing.subarray(1, 7);
      value.set([280598.559263947, NaN, 5722, 0.1 + 0.2, 9, 9]);
      const status = new Uint8Array([0, 2, 1, CELL_ABSENT, 7, 7]);
      const withheld = new Uint32Array([0, 0, 1, 0, 7, 7]);
      await writeColumn(store.db, { datasetId: id, variable: 'P_MEN', millesime: 2022, level: 'com' }, { value, status, withheld }, 4);
      await writeCodeList(store.db, id, 'epci', ['243100518']);
      await writeColumn(store.db, { datasetId: id, variable: 'MED', millesime: 2021, level: 'epci' }, { value: new Float64Array([22140]), status: new Uint8Array([0]), withheld: new Uint32Array([0]) }, 1);

      // Arrays in shared memory (an import's accumulator, see page-prefault.ts) are written the same way.
      const shared = new Float64Array(new SharedArrayBuffer(4 * 8));
      shared.set([511684, 117, NaN, 412]);
      const sharedStatus = new Uint8Array(new SharedArrayBuffer(8), 0, 4);
      sharedStatus.set([0, 0, 2, 0]);
      await writeColumn(store.db, { datasetId: id, variable: 'P_POP', millesime: 2022, level: 'com' }, { value: shared, status: sharedStatus, withheld: new Uint32Array(4) }, 4);
      const [pop] = await readColumns(store.db, { variables: ['P_POP'] });
      expect(Array.from(pop.value)).toEqual([511684, 117, NaN, 412]);
      expect(Array.from(pop.status)).toEqual([0, 0, 2, 0]);
      expect(Array.from(pop.withheld)).toEqual([0, 0, 0, 0]);
      // A withheld column of zeros is stored as an empty blob; one with a count keeps its four bytes a code.
      const blobs = await store.db.selectFrom('observation_column').select(['variable', 'withheld']).orderBy('variable').execute();
      expect(blobs.map((b) => [b.variable, b.withheld.byteLength])).toEqual([
        ['MED', 0],
        ['P_MEN', 16],
        ['P_POP', 0],
      ]);

      const [c] = await readColumns(store.db, { variables: ['P_MEN'] });
      expect(c.codes).toEqual(codes);
      expect(Array.from(c.value.subarray(0, 3))).toEqual([280598.559263947, NaN, 5722]);
      expect(c.value[3]).toBe(0.1 + 0.2);
      expect(Array.from(c.status)).toEqual([0, 2, 1, CELL_ABSENT]);
      expect(Array.from(c.withheld)).toEqual([0, 0, 1, 0]);

      // Long form: code order, absent cell left out, withheld value null.
      expect(await readObservations(store.db, { datasetIds: [id], variables: ['P_MEN'] })).toEqual([
        { datasetId: id, variable: 'P_MEN', millesime: 2022, level: 'com', code: '31001', value: null, status: 2, withheld: 0 },
        { datasetId: id, variable: 'P_MEN', millesime: 2022, level: 'com', code: '31069', value: 5722, status: 1, withheld: 1 },
        { datasetId: id, variable: 'P_MEN', millesime: 2022, level: 'com', code: '31555', value: 280598.559263947, status: 0, withheld: 0 },
      ]);
      expect(await readObservations(store.db, { level: 'epci' })).toEqual([{ datasetId: id, variable: 'MED', millesime: 2021, level: 'epci', code: '243100518', value: 22140, status: 0, withheld: 0 }]);
      expect(await countObservations(store.db, id)).toBe(8);

      await deleteColumns(store.db, id);
      expect(await countObservations(store.db)).toBe(0);
      expect(await store.db.selectFrom('observation_codes').selectAll().execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('une colonne dont le contenu ne correspond pas à sa liste de codes est refusée à la lecture', async () => {
    const store = await target.open();
    try {
      await runMigrations(store);
      const id = await dataset(store.db);
      await writeCodeList(store.db, id, 'com', ['31555', '31001']);
      await writeColumn(store.db, { datasetId: id, variable: 'P_POP', millesime: 2022, level: 'com' }, { value: new Float64Array([1, 2, 3]), status: new Uint8Array(3), withheld: new Uint32Array(3) }, 3);
      await expect(readColumns(store.db)).rejects.toThrow(/P_POP@2022.*24 octets pour 2 codes/);
    } finally {
      await store.close();
    }
  });

  it('la migration 0002 convertit la table longue de la 0001 sans perdre une valeur', async () => {
    const store = await target.open();
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      const first = await migrator.migrateTo('0001_initial');
      expect(first.error).toBeUndefined();
      const id = await dataset(store.db);
      const rows = [
        { variable: 'P_POP', millesime: 2022, level: 'com', code: '31555', value: 511684, status: 0, withheld: 0 },
        { variable: 'P_POP', millesime: 2022, level: 'com', code: '31001', value: 1234.5, status: 0, withheld: 0 },
        { variable: 'MED', millesime: 2021, level: 'com', code: '31555', value: 22140, status: 0, withheld: 0 },
        { variable: 'MED', millesime: 2021, level: 'com', code: '31002', value: null, status: 2, withheld: 0 },
        { variable: 'CAF_A', millesime: 2021, level: 'com', code: '31069', value: 5722, status: 1, withheld: 1 },
        { variable: 'MED', millesime: 2021, level: 'epci', code: '243100518', value: 21000, status: 0, withheld: 0 },
      ];
      await sql`insert into observation (dataset_id, variable, millesime, level, code, value, status, withheld) values ${sql.join(
        rows.map((r) => sql`(${id}, ${r.variable}, ${r.millesime}, ${r.level}, ${r.code}, ${r.value}, ${r.status}, ${r.withheld})`),
      )}`.execute(store.db);

      await runMigrations(store);
      const after = await readObservations(store.db);
      const key = (r: { variable: string; millesime: number; level: string; code: string }) => `${r.variable}|${r.millesime}|${r.level}|${r.code}`;
      expect(after.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        rows.map((r) => ({ datasetId: id, ...r })).sort((a, b) => key(a).localeCompare(key(b))),
      );
      // The long table is gone.
      await expect(sql`select count(*) from observation`.execute(store.db)).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
