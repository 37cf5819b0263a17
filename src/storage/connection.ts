// Opens the store named by DATABASE_URL (or --database): SQLite by default, PostgreSQL for `postgres://` URLs.
// Dialect-specific code lives here and nowhere else.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './database.types.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  url: string;
  /** The better-sqlite3 handle behind `db` (SQLite only): pragmas (integrity check, backups) on the same connection. */
  sqlite?: import('better-sqlite3').Database;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/socle.sqlite';

export type ParsedUrl = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export const parseDatabaseUrl = (url: string): ParsedUrl | { error: string } => {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) return { error: `base de données « ${url} » : chemin SQLite manquant (sqlite:data/socle.sqlite)` };
    return { dialect: 'sqlite', path };
  }
  return { error: `base de données « ${url} » : l'adresse doit commencer par sqlite: ou postgres://` };
};

export const openStore = async (url: string): Promise<Store> => {
  const parsed = parseDatabaseUrl(url);
  if ('error' in parsed) throw new Error(parsed.error);
  if (parsed.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const path = parsed.path === ':memory:' ? ':memory:' : resolve(parsed.path);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    // 64 KiB pages (effective when the file is created): a column of observations is a 280 KB blob for France, which
    // 4 KiB pages split into overflow chains; writing the national benchmark file's 100 columns takes 30–40 ms with
    // 64 KiB pages against 220–240 ms with 4 KiB (ADR 0007).
    sqlite.pragma('page_size = 65536');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', url, sqlite, close: () => db.destroy() };
  }
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // Counts come back as strings from pg (int8); our integers fit in a double.
  types.setTypeParser(20, (v: string) => Number(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new Pool({ connectionString: parsed.url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', url, close: () => db.destroy() };
};
