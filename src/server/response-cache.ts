// Answers that only change with the data (a portrait, outlines, the indicator list) are built once per data version
// and kept serialised, with their gzip and brotli copies, an ETag and their header sets: under load a portrait is a
// map lookup and a write to the socket. The cache lives in the context's cache, so every write through a service
// (which calls ctx.invalidate) empties it; writes made by another instance on the same PostgreSQL are seen through
// the data version that every audited write moves (`meta.data_version`, services/audit.ts), read at most once a second.
//
// A request target (path and query, as received) that was answered from this cache is remembered with its answer, in
// the same context cache: the next request for it is answered by `answerFromMemory` straight from node's request
// event, before the Hono app (routing, validation, Request and Response objects) runs. Only answers a route returns
// untouched are remembered (`cachedJson`), so both paths send the same bytes and headers.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { AppContext } from '../services/context.js';
import { readDataVersion } from '../services/audit.js';
import { asBody, compressBuffer, isCompressible, MIN_BYTES, preferredEncoding, type Encoding } from './compression.js';
import { SECURITY_HEADERS } from './security.js';

type HeaderRecord = Readonly<Record<string, string>>;

/** The headers of one cached body under one Cache-Control, built once and shared by every answer. */
interface HeaderSet {
  notModified: HeaderRecord;
  identity: HeaderRecord;
  encoded: Partial<Record<Encoding, HeaderRecord>>;
}

export interface CachedBody {
  /** 200, or the status of a page that says what it names does not exist (404): sent as it is, never as a 304. */
  status: number;
  etag: string;
  contentType: string;
  raw: Buffer;
  /** Compressible type and large enough: the client's preferred encoding is sent. */
  compressible: boolean;
  /** Compressed copies, made once each (on libuv's pool), and the same once they are ready. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
  ready: Partial<Record<Encoding, Buffer>>;
  headers: Map<string, HeaderSet>;
}

const CACHE_KEY = 'http:responses';
const TARGETS_KEY = 'http:targets';
const VERSION_KEY = 'http:data-version';
const MAX_ENTRIES = 400;
/** As many remembered targets as entries, and short ones: the memory they hold stays bounded. */
const MAX_TARGETS = MAX_ENTRIES;
const MAX_TARGET_LENGTH = 1024;
const VERSION_TTL_MS = 1000;

interface VersionState {
  value: string;
  checkedAt: number;
  pending: Promise<string> | null;
}

const versionStates = new WeakMap<AppContext, VersionState>();

const readVersion = (ctx: AppContext): Promise<string> => readDataVersion(ctx.store.db);

/**
 * The data version: changes with every recorded write. When it moves under us (another instance wrote), the
 * context's caches are emptied so that the engine reloads too. A string when it is known and fresh, so that the
 * hot path awaits nothing.
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

const contextMap = <V>(ctx: AppContext, key: string): Map<string, V> => {
  let m = ctx.cache.get(key) as Map<string, V> | undefined;
  if (!m) {
    m = new Map();
    ctx.cache.set(key, m);
  }
  return m;
};

export const makeCachedBody = (body: string | Uint8Array, contentType: string, status = 200): CachedBody => {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const etag = `"${createHash('sha1').update(raw).digest('base64url').slice(0, 22)}"`;
  const compressible = raw.byteLength >= MIN_BYTES && isCompressible(contentType);
  return { status, etag, contentType, raw, compressible, encoded: {}, ready: {}, headers: new Map() };
};

const headerSetOf = (entry: CachedBody, cacheControl: string): HeaderSet => {
  let set = entry.headers.get(cacheControl);
  if (!set) {
    const common = { ...SECURITY_HEADERS, 'Content-Type': entry.contentType, ETag: entry.etag, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' };
    set = {
      notModified: Object.freeze(common),
      identity: Object.freeze({ ...common, 'Content-Length': String(entry.raw.byteLength) }),
      encoded: {},
    };
    entry.headers.set(cacheControl, set);
  }
  return set;
};

const encodedHeaders = (set: HeaderSet, encoding: Encoding, body: Buffer): HeaderRecord =>
  (set.encoded[encoding] ??= Object.freeze({ ...set.notModified, 'Content-Encoding': encoding, 'Content-Length': String(body.byteLength) }));

/** The compressed copy, made once: quality 11 for an answer kept in memory, a faster level above 250 kB. */
const encode = (entry: CachedBody, encoding: Encoding): Promise<Buffer> => {
  let pending = entry.encoded[encoding];
  if (!pending) {
    pending = compressBuffer(entry.raw, encoding, entry.raw.byteLength > 256_000 ? 'each' : 'once').then((b) => (entry.ready[encoding] = b));
    entry.encoded[encoding] = pending;
  }
  return pending;
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

const isNotModified = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  for (const tag of ifNoneMatch.split(',')) if (tag.trim().replace(/^W\//, '') === etag) return true;
  return false;
};

/** Writes a cached body: 304 when the client has it, otherwise the best encoding it accepts. */
export const sendCached = async (c: Context, entry: CachedBody, cacheControl = 'no-cache'): Promise<Response> => {
  c.set('prebuilt', true);
  const set = headerSetOf(entry, cacheControl);
  if (entry.status === 200 && isNotModified(c.req.header('if-none-match'), entry.etag)) return new Response(null, { status: 304, headers: set.notModified });
  const head = c.req.method === 'HEAD';
  const encoding = entry.compressible ? encodingFor(c.req.header('accept-encoding')) : null;
  if (!encoding) return new Response(head ? null : asBody(entry.raw), { status: entry.status, headers: set.identity });
  const body = entry.ready[encoding] ?? (await encode(entry, encoding));
  return new Response(head ? null : asBody(body), { status: entry.status, headers: encodedHeaders(set, encoding, body) });
};

interface Target {
  entry: CachedBody;
  headers: HeaderSet;
}

/** The request target as node received it: the key under which `answerFromMemory` finds the answer again. */
const requestTarget = (c: Context): string | undefined => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.url;

/**
 * The answer for `key` at the current data version: built once (concurrent first requests share the build), then
 * served from memory. A build that throws is not kept (the error handler answers it). With `direct`, the route
 * returns this answer untouched, and the request target is remembered for `answerFromMemory`.
 */
export const cachedResponse = async (
  c: Context,
  ctx: AppContext,
  key: string,
  build: () => Promise<{ body: string | Uint8Array; contentType?: string; status?: number }>,
  options: { direct?: boolean } = {},
): Promise<Response> => {
  // Most of the time the version is fresh and known: no promise on the hot path.
  const version = dataVersion(ctx);
  if (typeof version !== 'string') await version;
  // Both maps are taken before the build: a write during the build empties the context's cache, and the answer
  // built from the older data then lands in the maps that were dropped, not in the new ones.
  const map = contextMap<Promise<CachedBody>>(ctx, CACHE_KEY);
  const targets = options.direct ? contextMap<Target>(ctx, TARGETS_KEY) : null;
  let pending = map.get(key);
  if (!pending) {
    pending = build().then((b) => makeCachedBody(b.body, b.contentType ?? 'application/json; charset=utf-8', b.status));
    map.set(key, pending);
    pending.catch(() => map.delete(key));
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
  }
  const entry = await pending;
  const target = targets && (c.req.method === 'GET' || c.req.method === 'HEAD') ? requestTarget(c) : undefined;
  if (targets && entry.status === 200 && target !== undefined && target.length <= MAX_TARGET_LENGTH && !targets.has(target)) {
    if (targets.size >= MAX_TARGETS) targets.delete(targets.keys().next().value!);
    targets.set(target, { entry, headers: headerSetOf(entry, 'no-cache') });
  }
  return sendCached(c, entry);
};

/**
 * JSON built from a value, cached per data version. Typed `never` so that a route declared with a response schema
 * can return it: zod-openapi types a route's answer from `c.json(value)`, and this body is that value serialised.
 * The route must return it as it is (no header added): the answer is also sent by `answerFromMemory`.
 */
export const cachedJson = (c: Context, ctx: AppContext, key: string, build: () => Promise<unknown>): Promise<never> =>
  cachedResponse(c, ctx, key, async () => ({ body: JSON.stringify(await build()) }), { direct: true }) as Promise<never>;

/**
 * Answers a GET or HEAD from node's request event when its target was answered from the cache at the current data
 * version, with the same status, headers and body as the app would send; returns false to let the app answer
 * (unknown target, data version being re-read, compressed copy not ready, a repeated header).
 */
export const answerFromMemory = (ctx: AppContext, req: IncomingMessage, res: ServerResponse): boolean => {
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const targets = ctx.cache.get(TARGETS_KEY) as Map<string, Target> | undefined;
  const hit = targets?.get(req.url!);
  if (!hit || typeof dataVersion(ctx) !== 'string') return false;
  // rawHeaders rather than req.headers, which node builds on first read.
  let ifNoneMatch: string | undefined;
  let acceptEncoding: string | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 15 && name.toLowerCase() === 'accept-encoding') {
      if (acceptEncoding !== undefined) return false;
      acceptEncoding = raw[i + 1];
    } else if (name.length === 13 && name.toLowerCase() === 'if-none-match') {
      if (ifNoneMatch !== undefined) return false;
      ifNoneMatch = raw[i + 1];
    }
  }
  const { entry, headers } = hit;
  if (isNotModified(ifNoneMatch, entry.etag)) {
    res.writeHead(304, headers.notModified);
    res.end();
    return true;
  }
  const encoding = entry.compressible ? encodingFor(acceptEncoding) : null;
  let body = entry.raw;
  let sent = headers.identity;
  if (encoding) {
    const encoded = entry.ready[encoding];
    if (!encoded) return false;
    body = encoded;
    sent = encodedHeaders(headers, encoding, encoded);
  }
  res.writeHead(200, sent);
  if (method === 'HEAD') res.end();
  else res.end(body);
  return true;
};
