// gzip and brotli with node's zlib (hono's own compress middleware has no brotli). Compression runs on libuv's thread
// pool, so a large answer does not hold the event loop. Answers that already carry an encoding (the response cache
// keeps compressed copies) and formats that are compressed already (PNG, PDF, XLSX, DOCX) pass through.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|geo\+json|xml|manifest\+json)|image\/svg\+xml)/;
/** Smaller answers are sent as they are: compressing them saves less than it costs. */
export const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

export const preferredEncoding = (acceptEncoding: string | undefined): Encoding | null => {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
};

/** Quality 11 for files compressed once and kept; 5 for answers compressed on each request. */
export const compressBuffer = (data: Uint8Array, encoding: Encoding, level: 'once' | 'each'): Promise<Buffer> =>
  encoding === 'br'
    ? brotli(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: level === 'once' ? 11 : 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
        },
      })
    : gz(data, { level: level === 'once' ? 9 : 6 });

export const isCompressible = (contentType: string | null | undefined): boolean => !!contentType && COMPRESSIBLE.test(contentType);

export const compression: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.get('prebuilt')) return;
  const res = c.res;
  if (c.req.method === 'HEAD' || !res.body || res.headers.has('Content-Encoding') || res.status === 204 || res.status === 304) return;
  if (!isCompressible(res.headers.get('Content-Type'))) return;
  const encoding = preferredEncoding(c.req.header('accept-encoding'));
  const length = Number(res.headers.get('Content-Length') ?? NaN);
  if (!encoding || length < MIN_BYTES) return;
  const raw = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.append('Vary', 'Accept-Encoding');
  let body: Uint8Array = raw;
  if (raw.byteLength >= MIN_BYTES) {
    body = await compressBuffer(raw, encoding, 'each');
    headers.set('Content-Encoding', encoding);
  }
  headers.set('Content-Length', String(body.byteLength));
  replaceResponse(c, new Response(asBody(body), { status: res.status, headers }));
};

/** Hono copies the previous answer's headers onto a new one (its old Content-Length too): start from nothing. */
export const replaceResponse = (c: Context, res: Response): void => {
  c.res = undefined;
  c.res = res;
};

/** Node's Buffers are Uint8Arrays over an ArrayBufferLike; the fetch types want a plain ArrayBuffer view. */
export const asBody = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;
