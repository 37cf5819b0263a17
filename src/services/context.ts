// The dependencies every service receives, passed in (no hidden singletons): the store, the referential, a clock.
// The CLI and the HTTP server build one with createContext and hand it to the services they call.
import type { Referential } from '../core/referential/referential.js';
import { ConfigError } from '../config.js';
import { describeStoreError, openStore, type Store } from '../storage/connection.js';
import { isInitialised, loadReferentialIntoDb, runMigrations, type InitStep } from '../storage/migrate.js';
import { getReferential } from '../storage/referential-source.js';

export interface AppContext {
  store: Store;
  referential: Referential;
  now(): Date;
  /** Per-context caches (engine columns, outlines); cleared by writes through `invalidate`. */
  cache: Map<string, unknown>;
  /** Called by every write that changes data the caches hold. */
  invalidate(): void;
  /** Who reads the messages: the command line (default) or the HTTP API (set by the app); see edge.ts. */
  edge?: 'cli' | 'api';
}

export interface ContextOptions {
  now?: () => Date;
  /** Run migrations and load the referential when the database is new (every command but `init` does). */
  autoInit?: boolean;
}

export const createContext = async (url: string, options: ContextOptions = {}): Promise<AppContext> => {
  try {
    return await openContext(url, options);
  } catch (e) {
    // A database that cannot be reached or read is a configuration to mend (exit 2), said in French.
    const described = describeStoreError(url, e);
    if (described) throw new ConfigError([described]);
    throw e;
  }
};

const openContext = async (url: string, options: ContextOptions): Promise<AppContext> => {
  const store = await openStore(url);
  const referential = getReferential();
  const cache = new Map<string, unknown>();
  const ctx: AppContext = { store, referential, now: options.now ?? (() => new Date()), cache, invalidate: () => cache.clear() };
  if (options.autoInit !== false && !(await isInitialised(store))) {
    try {
      await initDatabase(ctx);
    } catch (e) {
      // The pool is closed on failure too: an open one would keep the process alive after its error.
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  return ctx;
};

/** `socle init`: schema migrations, then the referential copy. Safe to run twice. */
export const initDatabase = async (ctx: AppContext): Promise<InitStep[]> => {
  const steps = await runMigrations(ctx.store);
  steps.push(await loadReferentialIntoDb(ctx.store, ctx.referential));
  return steps;
};

export const closeContext = async (ctx: AppContext): Promise<void> => {
  await ctx.store.close();
};
