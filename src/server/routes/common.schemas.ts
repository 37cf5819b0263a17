// Schemas shared by several routes: the error body, territory references, a territory. Each route keeps its own
// input schema beside it; these are the pieces they have in common.
import { z } from '@hono/zod-openapi';
import { missingParam } from '../validation.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'TERRITOIRE_INCONNU' }),
      message: z.string().openapi({ example: 'com:99999 : aucune commune, actuelle ou ancienne, ne porte ce code' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Erreur');

const ERROR_TEXT: Record<number, string> = {
  400: 'paramètre invalide (le message nomme le paramètre et la valeur)',
  403: "écriture refusée (jeton d'administration absent ou faux)",
  404: 'introuvable (territoire, indicateur, périmètre)',
  409: 'conflit (existe déjà)',
  413: 'requête trop volumineuse',
  422: 'fichier rejeté ou données absentes',
};

/** The error answers of a route, documented with the contract's body. */
export const errorResponses = (...codes: (400 | 403 | 404 | 409 | 413 | 422)[]) =>
  Object.fromEntries(codes.map((code) => [code, { description: ERROR_TEXT[code], content: { 'application/json': { schema: ErrorSchema } } }])) as Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;

export const refSchema = z
  .string()
  .min(1)
  .max(120, 'référence trop longue : 120 caractères au plus (com:31555, epci:243100518, per:sud-haute-garonne)')
  .openapi({ description: 'référence de territoire : com:31555, epci:243100518, dep:31, reg:76, fr, per:slug', example: 'epci:200066819' });

/** A required query parameter holding a reference: absent, « paramètre within manquant (par exemple within=dep:31) ». */
export const refQuery = (name: string, example: string, description: string) =>
  z
    .string({ error: missingParam(name, example) })
    .min(1, `${name} vide (par exemple ${name}=${example})`)
    .max(120, `${name} trop long : 120 caractères au plus (par exemple ${name}=${example})`)
    .openapi({ description, example });

export const RefParams = z.object({ ref: refSchema.openapi({ param: { name: 'ref', in: 'path' } }) });

/** `dep:31,fr` → ['dep:31', 'fr']; empty or absent → undefined. */
export const refListSchema = z
  .string()
  .max(2000, 'liste trop longue : 2\u202F000 caractères au plus')
  .optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined))
  .openapi({ type: 'string', description: 'références séparées par des virgules', example: 'dep:31,fr' });

/**
 * A year in a query (`millesime=2022`): four digits, nothing else (not `0x7E6`, `2022 `, `02022`, `2022.0`, which a
 * number coercion would take), as the command line wants it.
 */
export const yearQuery = (message: string, min: number) =>
  z
    .string({ error: message })
    .regex(/^\d{4}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, `année de ${min} à 2100`).max(2100, `année de ${min} à 2100`))
    .optional()
    .openapi({ type: 'integer', example: 2022 });

export const levelSchema = z.enum(['com', 'epci', 'dep'], { error: 'niveau attendu : com, epci ou dep' });

const Link = z.object({ ref: z.string(), name: z.string() });

export const TerritorySchema = z
  .object({
    ref: z.string(),
    name: z.string(),
    kind: z.enum(['com', 'epci', 'dep', 'reg', 'fr', 'per']),
    kindLabel: z.string(),
    population: z.number().nullable(),
    millesime: z.number(),
    populationMissing: z.number().optional(),
    communes: z.number(),
    parents: z.object({ epci: Link.nullable().optional(), departement: Link.optional(), region: Link.optional() }),
    departements: z.array(z.string()),
    codeInsee: z.string().optional(),
    postalCodes: z.array(z.string()).optional(),
    arrondissements: z.array(z.string()).optional(),
    epciType: z.string().optional(),
    resolvedFrom: z.object({ code: z.string(), via: z.string(), message: z.string() }).optional(),
    membersSpec: z.array(z.string()).optional(),
    outline: z.boolean(),
  })
  .openapi('Territoire');

export const jsonContent = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
