// GET /territories?q=TEXT — communes, EPCI, départements, régions and perimeters by name, code or postal code.
import { createRoute, z } from '@hono/zod-openapi';
import { searchTerritories, suggestTerritory } from '../../../services/territory/resolve-territory.service.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent } from '../common.schemas.js';

export const SearchQuery = z.object({
  q: z
    .string({ error: 'texte à chercher manquant (q=volvestre)' })
    .trim()
    .min(1, 'texte à chercher vide (q=volvestre)')
    .max(200, 'texte à chercher trop long (200 caractères au plus)')
    .openapi({ description: 'nom (sans accents ni majuscules), code INSEE, code postal, SIREN', example: 'volvestre' }),
  limit: z.coerce.number({ error: 'nombre entier attendu' }).int('nombre entier attendu').min(1, 'au moins 1').max(50, 'au plus 50').default(10),
});

export const SearchHitSchema = z
  .object({
    ref: z.string(),
    kind: z.enum(['com', 'epci', 'dep', 'reg', 'fr', 'per']),
    name: z.string(),
    matched: z.string().openapi({ description: 'ce qui correspond : « nom », « code postal 31000 »…' }),
    departement: z.string().optional(),
    population: z.number().nullable().optional(),
    score: z.number(),
  })
  .openapi('ResultatRecherche');

const route = createRoute({
  method: 'get',
  path: '/territories',
  tags: ['Territoires'],
  summary: 'Chercher un territoire',
  description: 'Communes, intercommunalités, départements, régions et périmètres, du plus proche au moins proche.',
  request: { query: SearchQuery },
  responses: {
    200: jsonContent(
      z.object({
        query: z.string(),
        results: z.array(SearchHitSchema),
        suggestion: SearchHitSchema.optional().openapi({ description: 'la commune ou l’intercommunalité au nom le plus proche (« tolouse » → Toulouse) : sans résultat, ou quand elle est plus peuplée que chaque résultat (« Toulouze » trouve Toulouzette et propose Toulouse)' }),
      }),
      'les territoires trouvés',
    ),
    ...errorResponses(400),
  },
});

/** Hits few enough for the text to be a whole name mistyped rather than the beginning of many. */
const FEW_HITS = 3;

export const searchTerritoriesRoute: RouteModule = (api, { ctx }) => {
  api.openapi(route, async (c) => {
    const { q, limit } = c.req.valid('query');
    const results = await searchTerritories(ctx, q, limit);
    // Nothing found, or only names that merely begin like the text: the closest name is offered too when it is a
    // larger place than every hit (« Toulouze » finds Toulouzette, 309 inhabitants, and suggests Toulouse), not
    // while a word is being typed towards a larger hit (« toulou » is on its way to Toulouse, not Toulon).
    // A search box asks at each key: the names are compared only when no hit is exact and hits are few (a typo of a
    // whole name), and only with places larger than every hit.
    const exact = results.some((r) => r.score >= 100);
    const largest = Math.max(...results.map((r) => r.population ?? 0));
    const suggestion =
      results.length === 0 ? suggestTerritory(ctx, q) : !exact && results.length <= FEW_HITS ? suggestTerritory(ctx, q, largest) : null;
    return c.json({ query: q, results, ...(suggestion ? { suggestion } : {}) }, 200);
  });
};
