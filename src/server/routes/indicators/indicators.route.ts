// GET /indicators — the library; GET /indicators/{id}/values?within=dep:31&level=com — one indicator (or variable)
// for every commune, EPCI or département of a territory, as JSON, CSV or XLSX (`format`).
import { createRoute, z } from '@hono/zod-openapi';
import { listIndicatorValues } from '../../../services/indicators/list-indicator-values.service.js';
import { listIndicators } from '../../../services/indicators/list-indicators.service.js';
import { unwrap } from '../../http-error.js';
import { cachedJson, cachedResponse } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, levelSchema, refQuery, yearQuery } from '../common.schemas.js';
import { IndicatorListingSchema, IndicatorValuesSchema } from '../indicator.schemas.js';
import { requireRef } from '../territories/territory-input.js';
import { valuesToCsv, valuesToXlsx } from '../../../services/indicators/values-export.js';

export const IndicatorIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(80, 'identifiant d’indicateur trop long : 80 caractères au plus')
    .regex(/^[A-Za-z0-9_]+$/, 'identifiant d’indicateur ou nom de variable attendu (taux_chomage_15_64, P22_POP)')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'taux_chomage_15_64', description: 'identifiant d’indicateur, ou variable (P22_POP, MED21)' }),
});

export const ValuesQuery = z.object({
  within: refQuery('within', 'dep:31', 'le territoire découpé'),
  level: levelSchema.default('com').openapi({ description: 'découpage : communes, EPCI ou départements' }),
  millesime: yearQuery('année attendue (quatre chiffres : 2022)', 1800),
  method: z.enum(['quantiles', 'jenks', 'equal'], { error: 'méthode attendue : quantiles, jenks ou equal' }).default('quantiles'),
  classes: z.coerce.number({ error: 'nombre de classes attendu' }).int('nombre entier attendu').min(2, 'au moins 2 classes').max(7, 'au plus 7 classes').default(5),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'format attendu : json, csv ou xlsx' }).default('json'),
});

const listRoute = createRoute({
  method: 'get',
  path: '/indicators',
  tags: ['Indicateurs'],
  summary: 'Les indicateurs',
  description: 'Définitions : identifiant, libellé, domaine, unité, formule, sources, et le millésime le plus récent calculable avec les données chargées.',
  request: {
    query: z.object({
      public: z.string().optional().openapi({ description: 'seulement ceux de ces publics, séparés par des virgules (familles, jeunes, personnes_agees…)', example: 'personnes_agees' }),
      domaine: z.string().optional().openapi({ description: 'seulement ces domaines, séparés par des virgules (logement, emploi_chomage…)', example: 'logement' }),
    }),
  },
  responses: { 200: jsonContent(z.array(IndicatorListingSchema), 'la bibliothèque d’indicateurs'), ...errorResponses(400) },
});

const valuesRoute = createRoute({
  method: 'get',
  path: '/indicators/{id}/values',
  tags: ['Indicateurs'],
  summary: 'Valeurs d’un indicateur par commune, EPCI ou département',
  description: 'Avec les classes d’une carte (méthode et nombre). `format=csv` ou `format=xlsx` donne le même tableau en fichier.',
  request: { params: IndicatorIdParams, query: ValuesQuery },
  responses: {
    200: {
      description: 'les valeurs',
      content: {
        'application/json': { schema: IndicatorValuesSchema },
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errorResponses(400, 404),
  },
});

export const indicatorsRoute: RouteModule = (api, { ctx }) => {
  api.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = { publics: q.public ? [q.public] : undefined, domains: q.domaine ? [q.domaine] : undefined, edge: 'api' as const };
    return cachedJson(c, ctx, `indicators|${q.public ?? ''}|${q.domaine ?? ''}`, async () => unwrap(await listIndicators(ctx, filter)));
  });
  api.openapi(valuesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const within = requireRef(q.within);
    const key = `values:${id}|${within}|${q.level}|${q.millesime ?? ''}|${q.method}|${q.classes}`;
    const compute = async () => unwrap(await listIndicatorValues(ctx, { name: id, within, level: q.level, millesime: q.millesime, method: q.method, classes: q.classes }));
    if (q.format === 'json') return cachedJson(c, ctx, key, compute);
    const fileName = `${id}-${within.replace(':', '-')}-${q.level}.${q.format}`;
    const res = await cachedResponse(c, ctx, `${key}|${q.format}`, async () => {
      const data = await compute();
      return q.format === 'csv'
        ? { body: valuesToCsv(data), contentType: 'text/csv; charset=utf-8' }
        : { body: await valuesToXlsx(data), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    });
    res.headers.set('Content-Disposition', `attachment; filename="${fileName}"`);
    return res as never;
  });
};
