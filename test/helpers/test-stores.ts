// Service tests run on every store the machine offers: SQLite in memory always, and PostgreSQL when DATABASE_URL
// points to one (CI sets it). Each PostgreSQL context gets its own fresh database, dropped afterwards. When
// PostgreSQL was asked for and cannot be reached, creating the context fails: the suite fails, it never skips.
import pg from 'pg';
import { closeContext, createContext, type AppContext } from '../../src/services/context.js';

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A new, initialised context on an empty store (referential loaded, no data). */
  create(options?: { now?: () => Date }): Promise<AppContext>;
  /** Closes the context and drops what it created. */
  destroy(ctx: AppContext): Promise<void>;
}

export const postgresUrl = (): string | undefined => {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
};

const databases = new Map<AppContext, { admin: string; name: string }>();
let counter = 0;

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * Drops a test database. A pool's end resolves before its clients have left the server: a forced drop would then cut
 * a connection still closing, whose client reports the cut as an uncaught error. So it waits until they have left
 * (force remains for one that never does).
 */
export const dropDatabase = async (adminUrl: string, name: string): Promise<void> => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const r = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (r.rows[0].n === 0) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
};

const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  create: (options) => createContext('sqlite::memory:', { now: options?.now }),
  destroy: (ctx) => closeContext(ctx),
};

const postgresTarget = (adminUrl: string): StoreTarget => ({
  name: 'postgres',
  async create(options) {
    const name = `socle_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    const ctx = await createContext(withDatabase(adminUrl, name), { now: options?.now });
    databases.set(ctx, { admin: adminUrl, name });
    return ctx;
  },
  async destroy(ctx) {
    await closeContext(ctx);
    const d = databases.get(ctx);
    if (!d) return;
    databases.delete(ctx);
    await dropDatabase(d.admin, d.name);
  },
});

/** The stores to run service tests on. */
export const storeTargets = (): StoreTarget[] => {
  const url = postgresUrl();
  return url ? [sqliteTarget, postgresTarget(url)] : [sqliteTarget];
};

/** Path of the shared real data files (../shared/data from the project root). */
export const sharedData = (file: string): string => new URL(`../../../shared/data/${file}`, import.meta.url).pathname;
