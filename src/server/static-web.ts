// The built web app (web/dist): files kept in memory with their compressed copies. Vite's hashed assets are
// immutable for a year; index.html is revalidated on every visit so that a new build is picked up at once. Any other
// path that is not a file is a client route of the single-page app and gets index.html, or the page rendered into it by
// the server (prerender.ts) for the pages it renders.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';
import { makeCachedBody, sendCached, type CachedBody } from './response-cache.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticWeb {
  /** Answers a GET for a file or a client route; null when the path is not the web app's. */
  serve(c: Context): Promise<Response | null>;
  available: boolean;
}

/**
 * A page of the app rendered by the server (prerender.ts) from the app's index.html, or null when that page is served
 * as index.html itself.
 */
export type RenderPage = (c: Context, index: CachedBody) => Promise<Response | null>;

export const createStaticWeb = (root: string | null, renderPage?: RenderPage | null): StaticWeb => {
  // Kept with the file's modification time: a new build under a running server is served at once.
  const files = new Map<string, { mtime: number; body: CachedBody }>();
  const available = !!root && existsSync(join(root, 'index.html'));

  const load = (relative: string): CachedBody | null => {
    const full = normalize(join(root!, relative));
    if (!full.startsWith(normalize(root!) + sep)) return null;
    let mtime: number;
    try {
      const st = statSync(full);
      if (!st.isFile()) return null;
      mtime = st.mtimeMs;
    } catch {
      files.delete(relative);
      return null;
    }
    const kept = files.get(relative);
    if (kept && kept.mtime === mtime) return kept.body;
    const body = makeCachedBody(readFileSync(full), TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream');
    files.set(relative, { mtime, body });
    return body;
  };

  const cacheControlOf = (relative: string): string => {
    if (relative.startsWith('assets/')) return 'public, max-age=31536000, immutable';
    if (relative === 'index.html') return 'no-cache';
    // The DSFR files are referenced with ?v=<version>; the rest (favicon) changes rarely.
    return 'public, max-age=86400';
  };

  return {
    available,
    async serve(c) {
      if (!available) return null;
      let relative: string;
      try {
        relative = decodeURIComponent(c.req.path).replace(/^\/+/, '');
      } catch {
        return null;
      }
      if (relative.includes('\0')) return null;
      // The home page is a page of the app like the others (rendered by the server when it renders pages).
      if (relative !== '') {
        const file = load(relative);
        if (file) return sendCached(c, file, cacheControlOf(relative));
        // A missing asset is a 404; a path without an extension is a page of the app.
        if (extname(relative) !== '' || relative.startsWith('assets/')) return null;
      }
      const index = load('index.html');
      if (!index) return null;
      return (renderPage && (await renderPage(c, index))) ?? sendCached(c, index, 'no-cache');
    },
  };
};

/** The page shown when the web app has not been built (an API-only checkout). */
export const WEB_NOT_BUILT = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Socle</title>
<body><h1>Socle</h1><p>L'interface web n'est pas construite : lancer <code>npm run build</code>, puis relancer le serveur.</p>
<p>L'API est disponible sous <a href="/api/v1/docs">/api/v1/docs</a>.</p></body></html>`;
