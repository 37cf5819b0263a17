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

/** The dialect is known from the adapter; used only where DDL differs (identity columns). */
const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};

export { sql };
