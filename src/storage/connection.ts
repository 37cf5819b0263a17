// Opens the store named by DATABASE_URL (or --database): SQLite by default, PostgreSQL for `postgres://` URLs.
// Dialect-specific code lives here and nowhere else.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Transaction } from 'kysely';
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

/**
 * SQLite transactions begin IMMEDIATE: a writer takes the write lock at BEGIN, where busy_timeout makes another
 * process wait for it, rather than when it first writes, where SQLite fails at once (« database is locked ») — two
 * imports into one file, or two first uses of a new file, follow each other instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly options: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(options);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.options);
  }
}

/** What a write that must not run twice at once locks (PostgreSQL: a transaction-level advisory lock). */
export type WriteLock = 'referential' | 'import' | 'perimeter';
const LOCK_KEYS: Record<WriteLock, number> = { referential: 0x50c1e001, import: 0x50c1e002, perimeter: 0x50c1e003 };

/**
 * Serialises a write across processes, for the rest of the transaction: on PostgreSQL an advisory lock (two app
 * instances importing the same file), on SQLite the IMMEDIATE transaction already holds the write lock. The
 * transaction then reads what the other writer committed.
 */
export const lockForWrite = async (store: Store, tx: Transaction<Database>, lock: WriteLock): Promise<void> => {
  if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEYS[lock]})`.execute(tx);
};

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
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
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

/**
 * A French message for a database that cannot be reached or read (the URL named, its password hidden), or undefined
 * for any other error.
 */
export const describeStoreError = (url: string, e: unknown): string | undefined => {
  const shown = url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
  const err = e as { code?: string; message?: string } | undefined;
  const code = err?.code ?? '';
  const message = err?.message ?? '';
  const pg = /^postgres/.test(url);
  if (pg && code === '3D000') return `base de données « ${shown} » : cette base n’existe pas sur le serveur PostgreSQL (createdb pour la créer)`;
  if (pg && (code === '28000' || code === '28P01')) return `base de données « ${shown} » : connexion refusée par PostgreSQL (utilisateur ou mot de passe)`;
  if (pg && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'))
    return `base de données « ${shown} » : serveur PostgreSQL injoignable (${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'nom d’hôte inconnu' : 'rien n’écoute à cette adresse'})`;
  if (!pg && (code === 'SQLITE_NOTADB' || /file is not a database/.test(message))) return `base de données « ${shown} » : ce fichier n’est pas une base SQLite`;
  if (!pg && (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR')) return `base de données « ${shown} » : fichier SQLite impossible à ouvrir (droits, ou dossier à sa place)`;
  if (!pg && code === 'SQLITE_READONLY') return `base de données « ${shown} » : fichier SQLite en lecture seule`;
  return undefined;
};
