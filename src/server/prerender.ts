// Pages rendered by the server: the indicator page arrives with its content and its map already drawn (an SVG of its
// outlines in their class colours), and a territory's portrait with its figures and sentences, before any of the
// app's code has arrived or run; the browser then takes the page over (web/src/main.tsx, hydration) from the same API answers, which the page carries. The render is the web app's
// own (web/src/entry-server.tsx, built by `vite build --ssr` into web/dist-server); without that build, or when a
// render fails, the page is the app's plain index.html, as before. Rendered pages are kept per data version.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mapPicture } from '../services/outlines/map-picture.service.js';
import type { MapLevel } from '../services/outlines/territory-shapes.service.js';
import type { AppContext } from '../services/context.js';

/** What web/dist-server/entry-server.js exports. */
interface ServerEntry {
  pageData(pathname: string, search: string): { requests: string[]; picture: { within: string; level: string; indicator: string; max: number } | null } | null;
  render(
    url: string,
    answers: Record<string, unknown>,
    picture: { url: string; width: number; height: number; paths: { ref: string; d: string; value: number | null }[] } | null,
  ): Promise<{ markup: string; title: string | null } | null>;
}

export interface Prerender {
  /** Is the page at `pathname` one the server renders? */
  renders(pathname: string): Promise<boolean>;
  /** The page at `pathname?search` rendered into `index` (the app's index.html), or null when it is not rendered. */
  page(index: string, pathname: string, search: string): Promise<string | null>;
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
        return (await load()).pageData(pathname, '') !== null;
      } catch (e) {
        log(`rendu serveur indisponible : ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    },
    async page(index, pathname, search) {
      try {
        const app = await load();
        const data = app.pageData(pathname, search);
        if (!data) return null;
        const answers: Record<string, unknown> = {};
        await Promise.all(
          data.requests.map(async (path) => {
            const res = await request(path);
            // An error is not given: the page asks again and shows it.
            if (res.status === 200) answers[path] = await res.json();
            else await res.body?.cancel();
          }),
        );
        let picture: Parameters<ServerEntry['render']>[2] = null;
        const p = data.picture;
        const extent = Object.entries(answers).find(([path]) => path.includes('/extent?'))?.[1] as { count?: number; tiles?: { url?: string } } | undefined;
        if (p && extent?.tiles?.url && typeof extent.count === 'number' && extent.count > 0 && extent.count <= p.max && (LEVELS as readonly string[]).includes(p.level)) {
          const drawn = await mapPicture(ctx, p.within, p.level as MapLevel, p.indicator);
          if (drawn.ok && drawn.value) picture = { url: `${extent.tiles.url}&indicator=${encodeURIComponent(p.indicator)}`, ...drawn.value };
        }
        const page = await app.render(`http://socle.local${pathname}${search}`, answers, picture);
        if (page === null) return null;
        const given = `<script type="application/json" id="socle-reponses">${scriptJson({ answers, picture: picture ? { count: picture.paths.length } : null })}</script>`;
        const charset = '<meta charset="utf-8" />';
        if (!index.includes(charset) || !index.includes('<div id="root"></div>')) return null;
        // The answers before index.html's early script (which reads them), the page in the app's root, its title.
        const html = index.replace(charset, `${charset}\n    ${given}`).replace('<div id="root"></div>', `<div id="root">${page.markup}</div>`);
        return page.title ? html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`) : html;
      } catch (e) {
        log(`rendu serveur de ${pathname}${search} impossible : ${e instanceof Error ? e.message : String(e)} ; la page est servie sans`);
        return null;
      }
    },
  };
};
