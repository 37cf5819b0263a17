// The server's render of a page (src/server/prerender.ts): the same routes and components as in the browser, given
// the API answers the page opens with and, for a map, its outlines; the browser then takes the page over (main.tsx,
// hydration) with the same answers, so that its first render is this one. Built by `vite build --ssr` into
// web/dist-server.
import { setLink } from '@codegouvfr/react-dsfr/link.js';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, Link, StaticRouterProvider } from 'react-router-dom';
import { earlyRequests, indicatorOf, mapLevel, PREVIEW_MAX } from './early-start.js';
import { clearApiCache, seedAnswers } from './lib/api.js';
import { setPictureOutlines, type PictureOutlines } from './lib/server-picture.js';
import { takeRenderedTitle } from './lib/use-page-title.js';
import { routes } from './routes.js';

// The DSFR components link through the router, as startReactDsfr sets it in the browser.
setLink({ Link: Link as never });

export type { PictureOutlines };

/**
 * The pages the server renders: the indicator page and a territory's portrait. The API answers they open with are
 * those index.html's early script asks for (early-start.ts); the indicator page's map picture is of the units of
 * `within`, coloured by `indicator`, when there are at most `max` of them.
 */
export const pageData = (pathname: string, search: string): { requests: string[]; picture: { within: string; level: string; indicator: string; max: number } | null } | null => {
  const indicator = indicatorOf(pathname);
  // A territory's portrait: its figures, sentences and references (its map is drawn in the browser).
  if (indicator === null) return /^\/territoire\/[^/]+\/?$/.test(pathname) ? { requests: earlyRequests(pathname, search), picture: null } : null;
  const query = new URLSearchParams(search);
  return { requests: earlyRequests(pathname, search), picture: { within: query.get('within') ?? 'dep:31', level: mapLevel(query), indicator, max: PREVIEW_MAX } };
};

/**
 * The markup and title of the page at `url` (absolute), or null when the router answers otherwise (a redirect).
 * Synchronous once the route's code is loaded: the module state it sets (answers, outlines, title) is not shared
 * with another render.
 */
export const render = async (url: string, answers: Record<string, unknown>, picture: PictureOutlines | null): Promise<{ markup: string; title: string | null } | null> => {
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(url));
  if (context instanceof Response) return null;
  const router = createStaticRouter(handler.dataRoutes, context);
  seedAnswers(answers);
  setPictureOutlines(picture);
  takeRenderedTitle();
  try {
    const markup = renderToString(
      <StrictMode>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </StrictMode>,
    );
    return { markup, title: takeRenderedTitle() };
  } finally {
    setPictureOutlines(null);
    clearApiCache();
  }
};
