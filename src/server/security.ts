// Security at the edge: response headers for every answer, and the rule for writes (imports, perimeters). Accounts
// come later (DESIGN.md); until then a write needs the administrator token, or a server that only listens on the
// loopback interface, where the person at the keyboard is the only one who can reach it.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { httpError } from './http-error.js';
import type { AppEnv, ServerOptions } from './server.types.js';

/**
 * MapLibre draws on a canvas and runs its workers from blob: URLs and decodes images from data:/blob:; Observable
 * Plot puts a <style> element in each chart, hence 'unsafe-inline' for styles only. Nothing is loaded from
 * elsewhere: the app works offline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every answer. Cached answers carry them already (response-cache.ts), which spares six header writes. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
});
const ENTRIES = Object.entries(SECURITY_HEADERS);

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.get('prebuilt')) return;
  const h = c.res.headers;
  if (h.has('Content-Security-Policy')) return;
  for (const [k, v] of ENTRIES) h.set(k, v);
};

export const isLoopback = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
};

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const hostnameOf = (hostHeader: string): string => hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

/** How writes are allowed on this server, for the web app to know whether to ask for the token. */
export const writeMode = (options: ServerOptions): 'local' | 'token' | 'closed' =>
  isLoopback(options.host) ? 'local' : options.config.adminToken ? 'token' : 'closed';

/**
 * Guards a write route. With a valid `Authorization: Bearer <SOCLE_ADMIN_TOKEN>` the write goes through. Without it,
 * only on a loopback-bound server, and only when the request really comes from this machine's pages: a browser
 * sends `Origin` on cross-site POSTs (a page elsewhere cannot write through the person's browser), and the `Host`
 * must be a loopback name (a DNS-rebinding page would carry its own).
 */
export const requireWriteAccess =
  (options: ServerOptions): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const auth = c.req.header('authorization');
    const token = options.config.adminToken;
    if (auth !== undefined) {
      const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
      if (!token) throw httpError('ECRITURE_REFUSEE', "écriture refusée : aucun jeton d'administration n'est configuré sur ce serveur (SOCLE_ADMIN_TOKEN)");
      if (!m || !sameToken(m[1].trim(), token)) throw httpError('ECRITURE_REFUSEE', "écriture refusée : le jeton d'administration donné n'est pas le bon");
      c.set('actor', 'api:admin');
      return next();
    }
    if (!isLoopback(options.host)) {
      throw httpError(
        'ECRITURE_REFUSEE',
        token
          ? "écriture refusée : donner le jeton d'administration (en-tête Authorization: Bearer …)"
          : "écriture refusée : ce serveur est ouvert au réseau et aucun jeton d'administration n'est configuré (SOCLE_ADMIN_TOKEN)",
      );
    }
    checkLocalOrigin(c);
    c.set('actor', 'api:local');
    return next();
  };

const checkLocalOrigin = (c: Context): void => {
  const host = c.req.header('host');
  if (host && !isLoopback(hostnameOf(host))) {
    throw httpError('ECRITURE_REFUSEE', `écriture refusée : l'hôte « ${host} » n'est pas une adresse locale`);
  }
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw httpError('ECRITURE_REFUSEE', `écriture refusée : origine « ${origin} » illisible`);
    }
    if (host && originHost !== host) throw httpError('ECRITURE_REFUSEE', `écriture refusée : la requête vient d'une autre origine (« ${origin} »)`);
  } else if (origin === 'null' || c.req.header('sec-fetch-site') === 'cross-site') {
    throw httpError('ECRITURE_REFUSEE', "écriture refusée : la requête vient d'un autre site");
  }
};
