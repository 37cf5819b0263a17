// The server's render of a page (src/server/prerender.ts): the same routes and components as in the browser, given
// the API answers the page asks for and, for its maps, their outlines; the browser then takes the page over (main.tsx,
// hydration) with the same answers, so that its first render is this one. Built by `vite build --ssr` into
// web/dist-server.
import { setLink } from '@codegouvfr/react-dsfr/link.js';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, Link, matchRoutes, StaticRouterProvider } from 'react-router-dom';
import { earlyRequests } from './early-start.js';
import { clearApiCache, seedAnswers, seedErrors, takeMissingAnswers, type GivenError } from './lib/api.js';
import { setPictureOutlines, takePictures, type PictureOutlines } from './lib/server-picture.js';
import { takeRenderedNotFound, takeRenderedTitle } from './lib/use-page-title.js';
import { routes } from './routes.js';

// The DSFR components link through the router, as startReactDsfr sets it in the browser.
setLink({ Link: Link as never });

export type { PictureOutlines };

/**
 * Every page of the app is rendered by the server, with the API answers it opens with (those index.html's early
 * script asks for, early-start.ts) to begin with; what a render asks for beyond them is given by `render`
 * (`missing`, `pictures`). What only this browser holds (its recent territories, this tab's token) is read after the
 * first render.
 */
export const pageData = (pathname: string, search: string): { requests: string[]; unknown?: true } | null => {
  // An address that is no page (the « page introuvable » of any path) asks for nothing, and is said unknown: its page
  // is not kept (made-up addresses would fill that store), and is sent with the status 404.
  const matched = matchRoutes(routes, pathname);
  if (!matched) return null;
  if (matched[matched.length - 1].route.path === '*') return { requests: [], unknown: true };
  return { requests: earlyRequests(pathname, search) };
};

export interface Rendered {
  markup: string;
  title: string | null;
  /** API addresses the render asked for and was not given. */
  missing: string[];
  /** Tiles addresses of the maps it drew without a picture, for want of their outlines. */
  pictures: string[];
  /** The maps whose picture it wrote, with their number of territories. */
  drawn: { url: string; count: number }[];
  /** The page said that what its address names does not exist (usePageNotFound): it is sent with the status 404. */
  notFound: boolean;
}

/**
 * The page at `url` (absolute) rendered from `answers` and the maps' `outlines`, or null when the router answers
 * otherwise (a redirect). Synchronous once the route's code is loaded: the module state it sets (answers, outlines,
 * title, what is missing) is not shared with another render.
 */
export const render = async (url: string, answers: Record<string, unknown>, outlines: PictureOutlines[], errors: Record<string, GivenError> = {}): Promise<Rendered | null> => {
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(url));
  if (context instanceof Response) return null;
  const router = createStaticRouter(handler.dataRoutes, context);
  clearApiCache();
  seedAnswers(answers);
  seedErrors(errors);
  setPictureOutlines(outlines);
  takeRenderedTitle();
  takeRenderedNotFound();
  try {
    const markup = renderToString(
      <StrictMode>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </StrictMode>,
    );
    const pictures = takePictures();
    return { markup, title: takeRenderedTitle(), missing: takeMissingAnswers(), pictures: pictures.wanted, drawn: pictures.written, notFound: takeRenderedNotFound() };
  } finally {
    setPictureOutlines([]);
    clearApiCache();
  }
};
