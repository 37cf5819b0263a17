// GET /territories/{ref}/similar?k=5 — the territories of the same kind closest on the key indicators, with why.
import { createRoute, z } from '@hono/zod-openapi';
import { findSimilar } from '../../../services/indicators/find-similar.service.js';
import { unwrap } from '../../http-error.js';
import { cachedJson } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, RefParams } from '../common.schemas.js';
import { SimilarSchema } from '../indicator.schemas.js';
import { requireRef } from './territory-input.js';

export const SimilarQuery = z.object({
  k: z.coerce.number({ error: 'nombre entier attendu' }).int('nombre entier attendu').min(1, 'au moins 1').max(50, 'au plus 50').default(5).openapi({ description: 'nombre de territoires' }),
});

const route = createRoute({
  method: 'get',
  path: '/territories/{ref}/similar',
  tags: ['Territoires'],
  summary: 'Territoires semblables',
  description: 'Les territoires du même type les plus proches sur les indicateurs clés (centrés réduits), avec la raison.',
  request: { params: RefParams, query: SimilarQuery },
  responses: { 200: jsonContent(SimilarSchema, 'les territoires semblables'), ...errorResponses(400, 404) },
});

export const getSimilarRoute: RouteModule = (api, { ctx }) => {
  api.openapi(route, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const { k } = c.req.valid('query');
    return cachedJson(c, ctx, `similar:${ref}|${k}`, async () => unwrap(await findSimilar(ctx, ref, k)));
  });
};
