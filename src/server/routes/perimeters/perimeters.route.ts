// Custom perimeters: GET /perimeters, POST /perimeters, PUT and DELETE /perimeters/{slug}. Writes need the write access of
// src/server/security.ts and are recorded in the audit log by the service.
import { createRoute, z } from '@hono/zod-openapi';
import { createPerimeter, deletePerimeter, listPerimeters, updatePerimeter } from '../../../services/perimeter/perimeter.service.js';
import { unwrap } from '../../http-error.js';
import { requireWriteAccess } from '../../security.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, TerritorySchema } from '../common.schemas.js';
import { missingParam } from '../../validation.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const PerimeterSchema = z
  .object({ ref: z.string(), slug: z.string(), name: z.string(), communes: z.number(), members: z.array(z.string()), memberNames: z.array(z.string()).openapi({ description: 'noms des membres, dans l’ordre de members' }), createdAt: z.string(), version: z.number().openapi({ description: 'à renvoyer avec une modification (PUT) : un périmètre modifié depuis par quelqu’un d’autre n’est pas écrasé (409)' }) })
  .openapi('Perimetre');

export const CreatePerimeterBody = z
  .object({
    slug: z
      .string({ error: missingParam('slug', 'sud-haute-garonne', 'champ') })
      .trim()
      .max(80, 'identifiant trop long (80 caractères au plus)')
      .regex(SLUG, 'identifiant en minuscules, chiffres et tirets (sud-haute-garonne)')
      .openapi({ example: 'sud-haute-garonne' }),
    name: z.string({ error: missingParam('name', 'Sud Haute-Garonne', 'champ') }).trim().min(1, 'nom vide').max(200, 'nom trop long (200 caractères au plus)').openapi({ example: 'Sud Haute-Garonne' }),
    members: z
      .array(z.string().trim().min(1, 'référence vide').max(40, 'référence trop longue : 40 caractères au plus (com:31555)'), { error: (issue) => (issue.input === undefined ? 'champ members manquant (par exemple ["epci:200066819", "com:31555"])' : 'champ members : liste de références attendue (["epci:200066819", "com:31555"])') })
      .min(1, 'au moins un membre (commune, EPCI, département, région)')
      .max(40_000, 'trop de membres (40 000 au plus)')
      .openapi({ example: ['epci:200066819', 'epci:200072643', 'epci:200073146'] }),
  })
  .openapi('NouveauPerimetre');

export const UpdatePerimeterBody = z
  .object({
    name: CreatePerimeterBody.shape.name,
    members: CreatePerimeterBody.shape.members,
    // Required: a change made without saying from which version would overwrite someone else's unseen.
    version: z
      .number({ error: (issue) => (issue.input === undefined ? 'champ version manquant : celle du périmètre lu (GET /api/v1/perimeters), par exemple 1' : 'champ version : un nombre entier attendu (celui de GET /api/v1/perimeters)') })
      .int()
      .min(1)
      .openapi({ example: 1 }),
  })
  .openapi('PerimetreModifie');

const slugParam = z.object({ slug: z.string().max(80, 'identifiant trop long : 80 caractères au plus').openapi({ param: { name: 'slug', in: 'path' }, example: 'sud-haute-garonne' }) });

const updateRoute = createRoute({
  method: 'put',
  path: '/perimeters/{slug}',
  tags: ['Périmètres'],
  summary: 'Modifier un périmètre',
  description: "Son nom et ses membres ; l'identifiant reste. `version` est celle du périmètre lu (GET /perimeters) : un périmètre modifié depuis par quelqu'un d'autre est refusé (409) plutôt qu'écrasé. Écriture : jeton d'administration ou serveur local.",
  request: { params: slugParam, body: { content: { 'application/json': { schema: UpdatePerimeterBody } }, required: true } },
  responses: { 200: jsonContent(TerritorySchema, 'le périmètre modifié'), ...errorResponses(400, 403, 404, 409) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/perimeters',
  tags: ['Périmètres'],
  summary: 'Les périmètres',
  responses: { 200: jsonContent(z.array(PerimeterSchema), 'les périmètres, par nom') },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/perimeters',
  tags: ['Périmètres'],
  summary: 'Créer un périmètre',
  description: "Un ensemble de communes, d'EPCI, de départements ou de régions. Écriture : jeton d'administration ou serveur local.",
  request: { body: { content: { 'application/json': { schema: CreatePerimeterBody } }, required: true } },
  responses: { 201: jsonContent(TerritorySchema, 'le périmètre créé'), ...errorResponses(400, 403, 404, 409) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/perimeters/{slug}',
  tags: ['Périmètres'],
  summary: 'Supprimer un périmètre',
  description: 'Avec `version` (celle que donne la liste), un périmètre modifié depuis par quelqu’un d’autre est refusé (409) au lieu d’être supprimé sans avoir été vu.',
  request: {
    params: z.object({ slug: z.string().max(80, 'identifiant trop long : 80 caractères au plus').openapi({ param: { name: 'slug', in: 'path' }, example: 'sud-haute-garonne' }) }),
    query: z.object({
      version: z
        .string()
        .regex(/^[1-9]\d{0,8}$/, { error: 'version : un entier positif est attendu' })
        .optional()
        .openapi({ param: { name: 'version', in: 'query' }, description: 'la version lue (GET /perimeters)', example: '3' }),
    }),
  },
  responses: { 200: jsonContent(z.object({ ref: z.string(), deleted: z.literal(true) }), 'supprimé'), ...errorResponses(400, 403, 404, 409) },
});

export const perimetersRoute: RouteModule = (api, options) => {
  const { ctx } = options;
  api.openapi(listRoute, async (c) => c.json(await listPerimeters(ctx), 200));
  // The write check runs before the body is validated: a refused write is a 403 whatever it carries.
  const guard = requireWriteAccess(options);
  api.openapi({ ...createRouteDef, middleware: [guard] as const }, async (c) => {
    const body = c.req.valid('json');
    const created = unwrap(await createPerimeter(ctx, { ...body, actor: c.get('actor') ?? 'api' }));
    return c.json(created, 201);
  });
  api.openapi({ ...updateRoute, middleware: [guard] as const }, async (c) => {
    const body = c.req.valid('json');
    return c.json(unwrap(await updatePerimeter(ctx, { ...body, slug: c.req.valid('param').slug, actor: c.get('actor') ?? 'api' })), 200);
  });
  api.openapi({ ...deleteRoute, middleware: [guard] as const }, async (c) => {
    const { version } = c.req.valid('query');
    return c.json(unwrap(await deletePerimeter(ctx, c.req.valid('param').slug, c.get('actor') ?? 'api', version === undefined ? undefined : Number(version))), 200);
  });
};
