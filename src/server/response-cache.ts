// Answers that only change with the data (a portrait, outlines, the indicator list) are built once per data version
// and kept serialised, with their gzip and brotli copies and an ETag: under load a portrait is a map lookup and a
// write to the socket. The cache lives in the context's cache, so every write through a service (which calls
// ctx.invalidate) empties it; writes made by another instance on the same PostgreSQL are seen through the audit
// log, whose last id is the data version, read at most once a second.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppContext } from '../services/context.js';
import { asBody, compressBuffer, isCompressible, preferredEncoding, type Encoding } from './compression.js';
import { SECURITY_HEADERS } from './security.js';

export interface CachedBody {
  etag: string;
  contentType: string;
  raw: Buffer;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

const CACHE_KEY = 'http:responses';
const VERSION_KEY = 'http:data-version';
const MAX_ENTRIES = 400;
const VERSION_TTL_MS = 1000;

interface VersionState {
  value: string;
  checkedAt: number;
  pending: Promise<string> | null;
}

const versionStates = new WeakMap<AppContext, VersionState>();

const readVersion = async (ctx: AppContext): Promise<string> => {
  const row = await ctx.store.db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.max('id').as('last'), eb.fn.countAll().as('n')])
    .executeTakeFirst();
  return `${Number(row?.last ?? 0)}.${Number(row?.n ?? 0)}`;
};

/**
 * The data version: changes with every recorded write. When it moves under us (another instance wrote), the
 * context's caches are emptied so that the engine reloads too.
 */
export const dataVersion = (ctx: AppContext): string | Promise<string> => {
  let state = versionStates.get(ctx);
  if (!state) {
    state = { value: '', checkedAt: 0, pending: null };
    versionStates.set(ctx, state);
  }
  const now = Date.now();
  if (state.value && now - state.checkedAt < VERSION_TTL_MS && ctx.cache.has(VERSION_KEY)) return state.value;
  let pending = state.pending;
  if (!pending) {
    const s = state;
    pending = s.pending = readVersion(ctx)
      .then((v) => {
        if (s.value && v !== s.value) ctx.invalidate();
        if (!ctx.cache.has(VERSION_KEY)) ctx.cache.set(VERSION_KEY, v);
        s.value = v;
        s.checkedAt = Date.now();
        return v;
      })
      .finally(() => {
        s.pending = null;
      });
  }
  return pending;
};

const entries = (ctx: AppContext): Map<string, Promise<CachedBody>> => {
  let m = ctx.cache.get(CACHE_KEY) as Map<string, Promise<CachedBody>> | undefined;
  if (!m) {
    m = new Map();
    ctx.cache.set(CACHE_KEY, m);
  }
  return m;
};

export const makeCachedBody = (body: string | Uint8Array, contentType: string): CachedBody => {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const etag = `"${createHash('sha1').update(raw).digest('base64url').slice(0, 22)}"`;
  return { etag, contentType, raw, encoded: {} };
};

/** Browsers send a handful of distinct Accept-Encoding values: each is parsed once. */
const encodings = new Map<string, Encoding | null>();
const encodingFor = (header: string | undefined): Encoding | null => {
  if (!header) return null;
  let e = encodings.get(header);
  if (e === undefined) {
    e = preferredEncoding(header);
    if (encodings.size < 64) encodings.set(header, e);
  }
  return e;
};

/** Writes a cached body: 304 when the client has it, otherwise the best encoding it accepts. */
export const sendCached = async (c: Context, entry: CachedBody, cacheControl = 'no-cache'): Promise<Response> => {
  c.set('prebuilt', true);
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': entry.contentType, ETag: entry.etag, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) return new Response(null, { status: 304, headers });
  const encoding = entry.raw.byteLength >= 1024 && isCompressible(entry.contentType) ? encodingFor(c.req.header('accept-encoding')) : null;
  if (!encoding) return new Response(c.req.method === 'HEAD' ? null : asBody(entry.raw), { status: 200, headers: { ...headers, 'Content-Length': String(entry.raw.byteLength) } });
  let pending = entry.encoded[encoding];
  if (!pending) {
    pending = compressBuffer(entry.raw, encoding, entry.raw.byteLength > 256_000 ? 'each' : 'once');
    entry.encoded[encoding] = pending;
  }
  const body = await pending;
  return new Response(c.req.method === 'HEAD' ? null : asBody(body), {
    status: 200,
    headers: { ...headers, 'Content-Encoding': encoding, 'Content-Length': String(body.byteLength) },
  });
};

/**
 * The answer for `key` at the current data version: built once (concurrent first requests share the build), then
 * served from memory. A build that throws is not kept (the error handler answers it).
 */
export const cachedResponse = async (
  c: Context,
  ctx: AppContext,
  key: string,
  build: () => Promise<{ body: string | Uint8Array; contentType?: string }>,
): Promise<Response> => {
  // Most of the time the version is fresh and known: no promise on the hot path.
  const version = dataVersion(ctx);
  if (typeof version !== 'string') await version;
  const map = entries(ctx);
  let pending = map.get(key);
  if (!pending) {
    pending = build().then((b) => makeCachedBody(b.body, b.contentType ?? 'application/json; charset=utf-8'));
    map.set(key, pending);
    pending.catch(() => map.delete(key));
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
  }
  return sendCached(c, await pending);
};

/**
 * JSON built from a value, cached per data version. Typed `never` so that a route declared with a response schema
 * can return it: zod-openapi types a route's answer from `c.json(value)`, and this body is that value serialised.
 */
export const cachedJson = (c: Context, ctx: AppContext, key: string, build: () => Promise<unknown>): Promise<never> =>
  cachedResponse(c, ctx, key, async () => ({ body: JSON.stringify(await build()) })) as Promise<never>;
