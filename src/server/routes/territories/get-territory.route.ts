// GET /territories/{ref} — a territory with its population, parents and members (as `socle territory --json`).
import { createRoute } from '@hono/zod-openapi';
import { getTerritory } from '../../../services/territory/get-territory.service.js';
import { unwrap } from '../../http-error.js';
import { cachedJson } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, RefParams, TerritorySchema } from '../common.schemas.js';
import { requireRef } from './territory-input.js';

const route = createRoute({
  method: 'get',
  path: '/territories/{ref}',
  tags: ['Territoires'],
  summary: 'Un territoire',
  description: 'Population, parents, nombre de communes, contour chargé ou non. Un ancien code de commune répond avec la commune actuelle.',
  request: { params: RefParams },
  responses: { 200: jsonContent(TerritorySchema, 'le territoire'), ...errorResponses(400, 404) },
});

export const getTerritoryRoute: RouteModule = (api, { ctx }) => {
  api.openapi(route, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    // The answer is cached per data version: its `outline` flag changes with imports.
    return cachedJson(c, ctx, `territory:${ref}`, async () => unwrap(await getTerritory(ctx, ref)));
  });
};
