// Pages rendered by the server: every page of the app arrives written — the indicator page and a territory's portrait
// with their map already drawn (an SVG of its outlines in their class colours) — before any of the app's code has
// arrived or run; the browser then takes the page over (web/src/main.tsx, hydration) from the same API answers, which
// the page carries. The render is the web app's own (web/src/entry-server.tsx, built by `vite build --ssr` into
// web/dist-server); without that build, or when a render fails, the page is the app's plain index.html, as before.
// Rendered pages are kept per data version (app.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mapPicture, type MapPicture } from '../services/outlines/map-picture.service.js';
import type { MapLevel } from '../services/outlines/territory-shapes.service.js';
import type { AppContext } from '../services/context.js';

/** A map's outlines for its picture, by the tiles address the map component holds. */
interface PictureOutlines extends MapPicture {
  url: string;
}

/** An error answer given to the page: its status and the contract's body. */
interface GivenError {
  status: number;
  error: { code: string; message: string };
}

/** What web/dist-server/entry-server.js exports. */
interface ServerEntry {
  pageData(pathname: string, search: string): { requests: string[]; unknown?: true } | null;
  render(
    url: string,
    answers: Record<string, unknown>,
    outlines: PictureOutlines[],
    errors: Record<string, GivenError>,
  ): Promise<{ markup: string; title: string | null; missing: string[]; pictures: string[]; drawn: { url: string; count: number }[]; notFound?: boolean } | null>;
}

/** A page of the app, or the « page introuvable » of an address that is none. */
export type PageKind = 'page' | 'unknown';

/** Renders of one page at most: its first, then with what the previous one asked for. */
const MAX_PASSES = 4;
/** API answers asked for after a render, at most (a page asks for a few). */
const MAX_ASKED = 40;
/** A map's tiles address: its territory, and its level and indicator. */
const PICTURE_TILES = /^\/api\/v1\/territories\/([^/]+)\/tiles\/\{z\}\/\{x\}\/\{y\}\?(.*)$/;

export interface Prerender {
  /** What the server renders at `pathname`: a page, the page of an unknown address, or nothing (null). */
  renders(pathname: string): Promise<PageKind | null>;
  /**
   * The page at `pathname?search` rendered into `index` (the app's index.html) with its status (404 when the page
   * says what it names does not exist), or null when it is not rendered.
   */
  page(index: string, pathname: string, search: string): Promise<{ html: string; status: 200 | 404 } | null>;
}

/** JSON inside a <script> element: nothing in it may close the element or break a line for an old parser. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const LEVELS: readonly MapLevel[] = ['com', 'epci', 'dep'];

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `serverDir`: web/dist-server (none: no server rendering). `request` answers an API address as the server does
 * (the app itself: the same validation, errors and cached answers as the browser's requests).
 */
export const createPrerender = (ctx: AppContext, serverDir: string | null, request: (path: string) => Promise<Response>, log: (line: string) => void): Prerender | null => {
  const file = serverDir ? join(serverDir, 'entry-server.js') : null;
  if (!file || !existsSync(file)) return null;
  let entry: Promise<ServerEntry> | null = null;
  const load = () => (entry ??= import(pathToFileURL(file).href) as Promise<ServerEntry>);
  return {
    async renders(pathname) {
      try {
        const data = (await load()).pageData(pathname, '');
        return data ? (data.unknown ? 'unknown' : 'page') : null;
      } catch (e) {
        log(`rendu serveur indisponible : ${e instanceof Error ? e.message : String(e)}`);
        return null;
      }
    },
    async page(index, pathname, search) {
      const charset = '<meta charset="utf-8" />';
      if (!index.includes(charset) || !index.includes('<div id="root"></div>')) return null;
      try {
        const app = await load();
        const data = app.pageData(pathname, search);
        if (!data) return null;
        const answers: Record<string, unknown> = {};
        const errors: Record<string, GivenError> = {};
        const asked = new Set<string>();
        const ask = (paths: string[]) =>
          Promise.all(
            paths.map(async (path) => {
              asked.add(path);
              const res = await request(path);
              if (res.status === 200) answers[path] = await res.json();
              else if (res.status === 400 || res.status === 404) {
                // What the address names does not exist: the page shows it (and says so with its status). Another
                // error is not given: the page asks again and shows it.
                const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
                if (typeof body?.error?.code === 'string' && typeof body.error.message === 'string') {
                  errors[path] = { status: res.status, error: { code: body.error.code, message: body.error.message } };
                }
              } else await res.body?.cancel();
            }),
          );
        const outlines: PictureOutlines[] = [];
        const drawn = new Set<string>();
        await ask(data.requests);
        // Rendered again while it asks for answers or maps' outlines it was not given (a portrait's map: its values
        // and extent, then its outlines), a few times at most.
        let page = await app.render(`http://socle.local${pathname}${search}`, answers, outlines, errors);
        for (let pass = 1; page && pass < MAX_PASSES; pass++) {
          const more = page.missing.filter((path) => (path.startsWith('/api/v1/') || path === '/healthz') && !asked.has(path)).slice(0, MAX_ASKED);
          const maps = page.pictures.filter((url) => !drawn.has(url));
          if (!more.length && !maps.length) break;
          await ask(more);
          for (const url of maps) {
            drawn.add(url);
            const m = PICTURE_TILES.exec(url);
            const query = new URLSearchParams(m?.[2] ?? '');
            const level = query.get('level') ?? 'com';
            const indicator = query.get('indicator');
            if (!m || !indicator || !(LEVELS as readonly string[]).includes(level) || query.has('millesime')) continue;
            const picture = await mapPicture(ctx, decodeURIComponent(m[1]), level as MapLevel, indicator);
            if (picture.ok && picture.value) outlines.push({ url, ...picture.value });
          }
          page = await app.render(`http://socle.local${pathname}${search}`, answers, outlines, errors);
        }
        if (page === null) return null;
        // What index.html's early script reads: the answers, and whether a map's picture is in the page.
        const shown = page.drawn[0];
        const given = `<script type="application/json" id="socle-reponses">${scriptJson({ answers, errors, picture: shown ? { count: shown.count } : null })}</script>`;
        // The answers before index.html's early script (which reads them), the page in the app's root, its title.
        const html = index.replace(charset, `${charset}\n    ${given}`).replace('<div id="root"></div>', `<div id="root">${page.markup}</div>`);
        const status = page.notFound || data.unknown ? 404 : 200;
        return { html: page.title ? html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`) : html, status };
      } catch (e) {
        log(`rendu serveur de ${pathname}${search} impossible : ${e instanceof Error ? e.message : String(e)} ; la page est servie sans`);
        return null;
      }
    },
  };
};
