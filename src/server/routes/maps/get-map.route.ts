// GET /maps/{id}.svg?within=dep:31&level=com — the static choropleth of `socle map`: one `<path data-ref>` per
// territory, the legend, the source line. Cached per data version.
import { createRoute, z } from '@hono/zod-openapi';
import { buildMap } from '../../../services/indicators/build-map.service.js';
import { unwrap } from '../../http-error.js';
import { cachedResponse } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { registerSuffixRoute } from '../../suffix-route.js';
import { singleQuery, validate } from '../../validation.js';
import { errorResponses, levelSchema, refQuery, yearQuery } from '../common.schemas.js';
import { requireRef } from '../territories/territory-input.js';

const ID = /^[A-Za-z0-9_]+$/;

export const MapQuery = z.object({
  within: refQuery('within', 'dep:31', 'le territoire découpé'),
  level: levelSchema.default('com'),
  millesime: yearQuery('année attendue (quatre chiffres : 2022)', 1800),
  method: z.enum(['quantiles', 'jenks', 'equal'], { error: 'méthode attendue : quantiles, jenks ou equal' }).default('quantiles'),
  classes: z.coerce.number({ error: 'nombre de classes attendu' }).int('nombre entier attendu').min(2, 'au moins 2 classes').max(7, 'au plus 7 classes').default(5),
});

const MapParams = z.object({
  id: z.string().regex(ID).openapi({ param: { name: 'id', in: 'path' }, example: 'taux_chomage_15_64', description: 'identifiant d’indicateur ou variable' }),
});

const doc = createRoute({
  method: 'get',
  path: '/maps/{id}.svg',
  tags: ['Cartes'],
  summary: 'Carte statique d’un indicateur (SVG)',
  description: 'La carte de `socle map` : un chemin `data-ref` par territoire dessiné, la légende des classes, la source et le millésime.',
  request: { params: MapParams, query: MapQuery },
  responses: {
    200: { description: 'la carte', content: { 'image/svg+xml': { schema: z.string() } } },
    ...errorResponses(400, 404, 422),
  },
});

const FileParam = z.object({
  file: z
    .string()
    .regex(/^[A-Za-z0-9_]+\.svg$/, 'identifiant d’indicateur suivi de .svg attendu (taux_chomage_15_64.svg)')
    .transform((f) => f.slice(0, -4)),
});

export const getMapRoute: RouteModule = (api, { ctx }) => {
  registerSuffixRoute(api, {
    doc,
    pattern: '/maps/:file{[^/]+\\.svg}',
    handler: async (c) => {
      const id = validate(FileParam, c.req.param(), 'param').file;
      const q = validate(MapQuery, singleQuery(c), 'query');
      const within = requireRef(q.within);
      const key = `map:${id}|${within}|${q.level}|${q.millesime ?? ''}|${q.method}|${q.classes}`;
      const res = await cachedResponse(c, ctx, key, async () => {
        const map = unwrap(await buildMap(ctx, { name: id, within, level: q.level, millesime: q.millesime, method: q.method, classes: q.classes }));
        return { body: map.svg, contentType: 'image/svg+xml; charset=utf-8' };
      });
      res.headers.set('Content-Disposition', `inline; filename="${id}-${within.replace(':', '-')}-${q.level}.svg"`);
      return res;
    },
  });
};
