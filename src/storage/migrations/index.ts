// Ordered migrations, run by Kysely's Migrator. Portable DDL only; a dialect-specific step is named as such.
// Never edit a migration that has shipped: add the next one.
import { sql, type Kysely, type Migration } from 'kysely';

const m0001: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

    await db.schema
      .createTable('commune')
      .addColumn('code_insee', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('departement', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('siren_epci', 'text')
      .addColumn('zone', 'text', (c) => c.notNull())
      .addColumn('population', 'double precision')
      .addColumn('population_millesime', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commune_epci_idx').on('commune').column('siren_epci').execute();
    await db.schema.createIndex('commune_departement_idx').on('commune').column('departement').execute();

    await db.schema
      .createTable('commune_alias')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('code_insee', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('epci')
      .addColumn('siren_epci', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('departement')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('region').addColumn('code', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();

    await db.schema
      .createTable('perimeter')
      .addColumn('id', 'integer', (c) => (isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('members_spec', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createTable('perimeter_commune')
      .addColumn('perimeter_id', 'integer', (c) => c.notNull().references('perimeter.id').onDelete('cascade'))
      .addColumn('code_insee', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('perimeter_commune_pk', ['perimeter_id', 'code_insee'])
      .execute();

    await db.schema
      .createTable('dataset')
      .addColumn('id', 'integer', (c) => (isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('dataset_key', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('producer', 'text', (c) => c.notNull())
      .addColumn('millesimes', 'text', (c) => c.notNull())
      .addColumn('cog_year', 'integer', (c) => c.notNull())
      .addColumn('licence', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('imported', 'integer', (c) => c.notNull())
      .addColumn('secret_values', 'integer', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('replaced_by', 'integer')
      .execute();
    await db.schema.createIndex('dataset_key_idx').on('dataset').columns(['dataset_key', 'status']).execute();
    await db.schema.createIndex('dataset_sha_idx').on('dataset').column('sha256').execute();

    await db.schema
      .createTable('variable')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('millesime', 'integer', (c) => c.notNull())
      .addColumn('published_name', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dataset_id', 'integer', (c) => c.notNull().references('dataset.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('variable_pk', ['dataset_id', 'name', 'millesime'])
      .execute();
    await db.schema.createIndex('variable_published_idx').on('variable').column('published_name').execute();

    await db.schema
      .createTable('observation')
      .addColumn('dataset_id', 'integer', (c) => c.notNull().references('dataset.id').onDelete('cascade'))
      .addColumn('variable', 'text', (c) => c.notNull())
      .addColumn('millesime', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision')
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('withheld', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('observation_pk', ['dataset_id', 'variable', 'millesime', 'level', 'code'])
      .execute();
    await db.schema.createIndex('observation_variable_idx').on('observation').columns(['variable', 'millesime', 'level']).execute();

    await db.schema
      .createTable('outline')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('dataset_id', 'integer', (c) => c.notNull().references('dataset.id').onDelete('cascade'))
      .addColumn('geometry', 'text', (c) => c.notNull())
      .addColumn('bbox', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'integer', (c) => (isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Observations by column (ADR 0007): `observation_codes` holds a dataset's ordered codes per level, and
 * `observation_column` one row per dataset × variable × millésime × level with its values, statuses and withheld
 * counts as little-endian binary arrays aligned on those codes. Rows of the former long table are converted (cells a
 * column lacks are marked absent, status byte 255), then the long table is dropped.
 */
const m0002: Migration = {
  async up(db: Kysely<any>) {
    const blob = isPostgres(db) ? sql`bytea` : sql`blob`;
    await db.schema
      .createTable('observation_codes')
      .addColumn('dataset_id', 'integer', (c) => c.notNull().references('dataset.id').onDelete('cascade'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('codes', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('observation_codes_pk', ['dataset_id', 'level'])
      .execute();
    await db.schema
      .createTable('observation_column')
      .addColumn('dataset_id', 'integer', (c) => c.notNull().references('dataset.id').onDelete('cascade'))
      .addColumn('variable', 'text', (c) => c.notNull())
      .addColumn('millesime', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('value', blob, (c) => c.notNull())
      .addColumn('status', blob, (c) => c.notNull())
      .addColumn('withheld', blob, (c) => c.notNull())
      .addPrimaryKeyConstraint('observation_column_pk', ['dataset_id', 'variable', 'millesime', 'level'])
      .execute();
    await db.schema.createIndex('observation_column_variable_idx').on('observation_column').columns(['variable', 'millesime']).execute();

    // Conversion of the long table, one dataset at a time (a dataset is at most a few million rows).
    const datasets = await db.selectFrom('observation').select('dataset_id').distinct().orderBy('dataset_id').execute();
    for (const { dataset_id } of datasets) {
      const rows = await db
        .selectFrom('observation')
        .select(['variable', 'millesime', 'level', 'code', 'value', 'status', 'withheld'])
        .where('dataset_id', '=', dataset_id)
        .orderBy('level')
        .orderBy('code')
        .execute();
      const codesByLevel = new Map<string, Map<string, number>>();
      for (const r of rows) {
        const m = codesByLevel.get(r.level) ?? new Map<string, number>();
        if (!m.has(r.code)) m.set(r.code, m.size);
        codesByLevel.set(r.level, m);
      }
      for (const [level, m] of codesByLevel) {
        await db.insertInto('observation_codes').values({ dataset_id, level, count: m.size, codes: [...m.keys()].join('\n') }).execute();
      }
      const columns = new Map<string, { variable: string; millesime: number; level: string; value: Float64Array; status: Uint8Array; withheld: Uint32Array }>();
      for (const r of rows) {
        const key = `${r.variable}|${r.millesime}|${r.level}`;
        let c = columns.get(key);
        if (!c) {
          const n = codesByLevel.get(r.level)!.size;
          c = { variable: r.variable, millesime: Number(r.millesime), level: r.level, value: new Float64Array(n).fill(NaN), status: new Uint8Array(n).fill(255), withheld: new Uint32Array(n) };
          columns.set(key, c);
        }
        const i = codesByLevel.get(r.level)!.get(r.code)!;
        c.value[i] = r.value === null ? NaN : Number(r.value);
        c.status[i] = Number(r.status);
        c.withheld[i] = Number(r.withheld);
      }
      for (const c of columns.values()) {
        await db
          .insertInto('observation_column')
          .values({ dataset_id, variable: c.variable, millesime: c.millesime, level: c.level, value: littleEndian(c.value), status: Buffer.from(c.status), withheld: littleEndian(c.withheld) })
          .execute();
      }
    }
    await db.schema.dropTable('observation').execute();
  },
};

const littleEndian = (a: Float64Array | Uint32Array): Buffer => {
  const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const copy = Buffer.from(b);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) (a.BYTES_PER_ELEMENT === 8 ? copy.swap64() : copy.swap32());
  return copy;
};

/**
 * Outlines of EPCI, départements, régions, France and perimeters made by dissolving their communes' outlines (a
 * national map of départements takes seconds), kept with the version of the outlines they were made from: an import
 * of outlines moves it and they are made again.
 */
const m0003: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('outline_union')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('data_version', 'text', (c) => c.notNull())
      .addColumn('geometry', 'text', (c) => c.notNull())
      .execute();
  },
};

/** The dialect is known from the adapter; used where DDL differs (identity columns, the binary type). */
const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_observation_columns': m0002,
  '0003_outline_union': m0003,
};

export { sql };
