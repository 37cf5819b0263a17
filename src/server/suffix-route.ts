// Routes whose path ends in a file suffix (`/maps/{id}.svg`, `/reports/abs/{ref}.pdf`): hono matches them with a
// pattern (`:file{…\.svg}`) that zod-openapi's path conversion cannot write, so the route is documented in the
// OpenAPI registry with its readable path and registered on hono with the pattern; its inputs are validated by the
// same zod schemas, by hand.
import type { RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiApp, AppEnv } from './server.types.js';

export interface SuffixRoute {
  /** The route as the OpenAPI document shows it (`/maps/{id}.svg`). */
  doc: RouteConfig;
  /** The hono pattern (`/maps/:file{[^/]+\\.svg}`). */
  pattern: string;
  handler: (c: Context<AppEnv>) => Promise<Response>;
}

export const registerSuffixRoute = (api: ApiApp, route: SuffixRoute): void => {
  api.openAPIRegistry.registerPath(route.doc);
  api.on(route.doc.method.toUpperCase(), route.pattern, route.handler);
};
