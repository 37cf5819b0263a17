// GET /datasets — the catalogue, with the provenance of every dataset (replaced versions included).
import { createRoute, z } from '@hono/zod-openapi';
import { listDatasets } from '../../../services/import/list-datasets.service.js';
import { unwrap } from '../../http-error.js';
import { cachedJson } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { jsonContent } from '../common.schemas.js';

export const DatasetSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    source: z.string(),
    family: z.string(),
    producer: z.string(),
    millesimes: z.array(z.number()),
    cog_year: z.number(),
    licence: z.string(),
    file_name: z.string(),
    sha256: z.string(),
    imported_at: z.string(),
    rows: z.number(),
    imported: z.number(),
    secret_values: z.number(),
    status: z.enum(['active', 'replaced']),
    replaced_by: z.number().nullable(),
    variables: z.number(),
    outlines: z.number(),
    precedence: z
      .array(z.string())
      .openapi({ description: 'quand deux jeux actifs donnent les mêmes variables pour les mêmes communes, lequel l’emporte (le plus récent), tel que son import l’a dit' }),
  })
  .openapi('JeuDeDonnees');

const route = createRoute({
  method: 'get',
  path: '/datasets',
  tags: ['Données'],
  summary: 'Le catalogue des jeux de données',
  description: 'Source, titre, millésimes, COG, licence, fichier et son empreinte SHA-256, date d’import, lignes ; les versions remplacées restent listées.',
  responses: { 200: jsonContent(z.array(DatasetSchema), 'les jeux de données') },
});

export const listDatasetsRoute: RouteModule = (api, { ctx }) => {
  api.openapi(route, async (c) => cachedJson(c, ctx, 'datasets', async () => unwrap(await listDatasets(ctx))));
};
