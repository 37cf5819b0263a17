// GET /territories/{ref}/portrait?compare=dep:31,fr — every indicator by domain against its references, with ranks,
// evolutions and sentences. Cached per (ref, compare, data version): under load it is a lookup.
import { createRoute, z } from '@hono/zod-openapi';
import { buildPortrait } from '../../../services/indicators/build-portrait.service.js';
import { unwrap } from '../../http-error.js';
import { cachedJson } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, RefParams, refListSchema } from '../common.schemas.js';
import { PortraitSchema } from '../indicator.schemas.js';
import { requireRef } from './territory-input.js';

export const PortraitQuery = z.object({
  compare: refListSchema.openapi({
    description: "références à comparer, séparées par des virgules ; par défaut l'EPCI, le département, la région et la France qui contiennent le territoire",
    example: 'dep:31,fr',
  }),
  public: z.string().optional().openapi({ description: 'seulement les indicateurs de ces publics, séparés par des virgules (familles, jeunes, personnes_agees…)', example: 'personnes_agees' }),
  domaine: z.string().optional().openapi({ description: 'seulement ces domaines, séparés par des virgules (logement, emploi_chomage…)', example: 'logement' }),
});

const route = createRoute({
  method: 'get',
  path: '/territories/{ref}/portrait',
  tags: ['Territoires'],
  summary: 'Portrait d’un territoire',
  description: 'Tous les indicateurs par domaine, avec les valeurs des références, le rang, l’évolution et une phrase en français.',
  request: { params: RefParams, query: PortraitQuery },
  responses: { 200: jsonContent(PortraitSchema, 'le portrait'), ...errorResponses(400, 404) },
});

export const getPortraitRoute: RouteModule = (api, { ctx }) => {
  api.openapi(route, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const query = c.req.valid('query');
    const compare = query.compare?.map((r) => requireRef(r));
    const publics = query.public ? [query.public] : undefined;
    const domains = query.domaine ? [query.domaine] : undefined;
    const key = `portrait:${ref}|${compare?.join(',') ?? ''}|${query.public ?? ''}|${query.domaine ?? ''}`;
    return cachedJson(c, ctx, key, async () => unwrap(await buildPortrait(ctx, ref, { compare, publics, domains, edge: 'api' })));
  });
};
