// Schema migrations and the referential copy in the database (`socle init`). Idempotent: a second run changes nothing.
import { Migrator, sql, type MigrationResultSet } from 'kysely';
import { formatNumber } from '../core/format/number-format.js';
import { COG_YEAR, POPULATION_MILLESIME, type Referential } from '../core/referential/referential.js';
import { foldText } from '../core/referential/text.js';
import { lockForWrite, type Store } from './connection.js';
import { migrations } from './migrations/index.js';

export interface InitStep {
  step: string;
  done: boolean;
  detail?: string;
}

const MIGRATION_STATUS: Record<string, string> = { Success: 'appliquée', Error: 'en échec', NotExecuted: 'non appliquée' };

export const runMigrations = async (store: Store): Promise<InitStep[]> => {
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
  // Kysely runs SQLite's migrations outside any transaction (its DDL is said not transactional there) and without a
  // lock: two processes opening a new file would both create the tables. One IMMEDIATE transaction around them makes
  // the second wait, then find them applied. (On PostgreSQL Kysely takes an advisory lock itself.)
  const sqlite = store.dialect === 'sqlite' ? store.sqlite : undefined;
  sqlite?.exec('begin immediate');
  let result: MigrationResultSet;
  try {
    result = await migrator.migrateToLatest();
  } catch (e) {
    if (sqlite?.inTransaction) sqlite.exec('rollback');
    throw e;
  }
  if (sqlite?.inTransaction) sqlite.exec(result.error ? 'rollback' : 'commit');
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).map((r) => ({ step: `migration ${r.migrationName}`, done: r.status === 'Success', detail: MIGRATION_STATUS[r.status] ?? r.status }));
};

/** Version stamp of the referential copy: the package version and COG year. */
// The suffix marks a change of what is loaded from the same package (2: the COM are no longer régions).
export const REFERENTIAL_VERSION = `decoupage-administratif@6.0.0/cog${COG_YEAR}/2`;

export const loadReferentialIntoDb = async (store: Store, ref: Referential): Promise<InitStep> => {
  const loaded = { step: 'référentiel des territoires', done: false, detail: 'déjà chargé' };
  const current = await store.db.selectFrom('meta').select('value').where('key', '=', 'referential_version').executeTakeFirst();
  if (current?.value === REFERENTIAL_VERSION) return loaded;
  const done = await store.db.transaction().execute(async (tx) => {
    // Two processes opening a new database at once: the second waits here, then finds the copy made.
    await lockForWrite(store, tx, 'referential');
    const now = await tx.selectFrom('meta').select('value').where('key', '=', 'referential_version').executeTakeFirst();
    if (now?.value === REFERENTIAL_VERSION) return false;
    await tx.deleteFrom('commune_alias').execute();
    await tx.deleteFrom('commune').execute();
    await tx.deleteFrom('epci').execute();
    await tx.deleteFrom('departement').execute();
    await tx.deleteFrom('region').execute();
    const communes = ref.codes.map((code, i) => ({
      code_insee: code,
      name: ref.names[i],
      sort_key: foldText(ref.names[i]),
      departement: ref.departementOf[i],
      region: ref.regionOf[i],
      siren_epci: ref.epciOf[i],
      zone: ref.zoneOf[i],
      population: Number.isNaN(ref.population[i]) ? null : ref.population[i],
      population_millesime: POPULATION_MILLESIME,
    }));
    for (const chunk of chunks(communes, 500)) await tx.insertInto('commune').values(chunk).execute();
    const aliases = ref.aliasEntries().map(([code, a]) => ({ code, code_insee: ref.codes[a.index], via: a.via }));
    for (const chunk of chunks(aliases, 1000)) await tx.insertInto('commune_alias').values(chunk).execute();
    const epcis = [...ref.epcis.values()].map((e) => ({ siren_epci: e.code, name: e.name, sort_key: foldText(e.name), type: e.type }));
    for (const chunk of chunks(epcis, 1000)) await tx.insertInto('epci').values(chunk).execute();
    await tx.insertInto('departement').values([...ref.departements.values()].map((d) => ({ code: d.code, name: d.name, region: d.region }))).execute();
    await tx.insertInto('region').values([...ref.regions.values()].map((r) => ({ code: r.code, name: r.name }))).execute();
    await tx.deleteFrom('meta').where('key', '=', 'referential_version').execute();
    await tx.insertInto('meta').values({ key: 'referential_version', value: REFERENTIAL_VERSION }).execute();
    return true;
  });
  if (!done) return loaded;
  return { step: 'référentiel des territoires', done: true, detail: `${formatNumber(ref.communeCount)} communes, ${formatNumber(ref.epcis.size)} EPCI, ${ref.departements.size} départements, ${ref.regions.size} régions` };
};

/** The referential copy is current and every migration applied (a database made by an earlier version gets the new ones). */
export const isInitialised = async (store: Store): Promise<boolean> => {
  try {
    const row = await store.db.selectFrom('meta').select('value').where('key', '=', 'referential_version').executeTakeFirst();
    if (row?.value !== REFERENTIAL_VERSION) return false;
    const last = Object.keys(migrations).sort().at(-1)!;
    const applied = await sql<{ name: string }>`select name from kysely_migration where name = ${last}`.execute(store.db);
    return applied.rows.length === 1;
  } catch {
    return false;
  }
};

export function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
