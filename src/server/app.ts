// The HTTP app: the API of the contract under /api/v1 (routes listed in routes/index.ts, each with its zod schemas,
// from which the OpenAPI document is generated), /healthz, and the web app. Dependencies come in through
// `createApp(options)`; the app reads no environment and opens nothing itself, so tests drive it with app.request().
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compression } from './compression.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { errorBody, handleError } from './http-error.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './openapi/docs-page.js';
import { openApiDocument } from './openapi/openapi-document.js';
import { routeModules } from './routes/index.js';
import { securityHeaders, writeMode } from './security.js';
import type { ApiApp, AppEnv, ServerOptions } from './server.types.js';
import { createPrerender } from './prerender.js';
import { cachedResponse } from './response-cache.js';
import { createStaticWeb, WEB_NOT_BUILT, type RenderPage } from './static-web.js';
import { appError } from '../core/result.js';
import { validationHook } from './validation.js';

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;
export const API_BASE = '/api/v1';
export const VERSION = '0.1.0';

/** web/dist next to the package, from src/server (tsx, tests) as from dist/server (the built CLI). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const tooLarge = (limit: number) =>
  errorBody(appError('TROP_VOLUMINEUX', `requête trop volumineuse : ${Math.round(limit / 1024 / 1024)} Mo au plus (limite fixée par l’administrateur du serveur)`));

export const createApp = (options: ServerOptions): Hono<AppEnv> => {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const onError = handleError(log);
  // The services word their hints for this edge: API parameters and endpoints, not command-line options.
  options.ctx.edge = 'api';

  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.use(compression);
  app.onError(onError);

  app.get('/healthz', (c) => c.json({ status: 'ok', version: VERSION, writes: writeMode(options) }));

  const api: ApiApp = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  api.onError(onError);
  // Any body larger than the limit is refused from its Content-Length, before it is read; a chunked body is counted
  // as it streams and cut at the limit.
  // GETs carry no body: asking for one would make the node adapter build a full Request on the hot path.
  const limitBody = bodyLimit({ maxSize: limit, onError: (c) => c.json(tooLarge(limit), 413) });
  api.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', limitBody);
  for (const register of routeModules) register(api, options);

  api.get('/openapi.json', (c) => c.json(openApiDocument(api)));
  api.get('/docs', (c) => c.html(DOCS_HTML));
  api.get('/docs/docs.js', (c) => c.body(DOCS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));
  api.get('/docs/docs.css', (c) => c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  api.notFound((c) => c.json({ error: { code: 'ROUTE_INCONNUE', message: `${c.req.method} ${c.req.path} : cette adresse n'existe pas dans l'API (voir ${API_BASE}/docs)` } }, 404));
  app.route(API_BASE, api);

  const webDir = options.webDir === undefined ? DEFAULT_WEB_DIR : options.webDir;
  const prerender = createPrerender(options.ctx, webDir ? join(webDir, '..', 'dist-server') : null, async (path) => app.request(path), log);
  const renderPage: RenderPage | null = prerender
    ? async (c, index) => {
        const url = new URL(c.req.url);
        if (url.pathname.length + url.search.length > 2000) return null;
        const kind = await prerender.renders(url.pathname);
        if (!kind) return null;
        if (kind === 'unknown') {
          // The « page introuvable » of an address that is none, with its 404: rendered each time (it asks for
          // nothing), not kept, since any made-up address is one.
          const page = await prerender.page(index.raw.toString('utf8'), url.pathname, url.search);
          return c.html(page?.html ?? index.raw.toString('utf8'), 404, { 'Cache-Control': 'no-cache' });
        }
        // Kept per data version and per build of the app (its index.html), like the API's answers; a page that says
        // what it names does not exist (an unknown territory) is kept with its 404.
        return cachedResponse(c, options.ctx, `page:${index.etag}:${url.pathname}${url.search}`, async () => {
          const page = await prerender.page(index.raw.toString('utf8'), url.pathname, url.search);
          return { body: page?.html ?? index.raw, contentType: 'text/html; charset=utf-8', status: page?.status ?? 200 };
        });
      }
    : null;
  const web = createStaticWeb(webDir, renderPage);
  const wrongMethod = methodNotAllowed(app, API_BASE);
  app.on(['GET', 'HEAD'], '*', async (c) => {
    if (c.req.path.startsWith('/api/')) return wrongMethod(c) ?? c.json({ error: { code: 'ROUTE_INCONNUE', message: `${c.req.path} : cette adresse n'existe pas dans l'API` } }, 404);
    const res = await web.serve(c);
    if (res) return res;
    if (!web.available) return c.html(WEB_NOT_BUILT, 503);
    return c.json({ error: { code: 'FICHIER_INCONNU', message: `${c.req.path} : aucun fichier à cette adresse` } }, 404);
  });
  app.notFound((c) => wrongMethod(c) ?? c.json({ error: { code: 'ROUTE_INCONNUE', message: `${c.req.method} ${c.req.path} : cette adresse n'existe pas` } }, 404));
  return app;
};
