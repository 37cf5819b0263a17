// The OpenAPI 3 document, generated from the zod schemas the routes validate with (never written by hand).
import type { ApiApp } from '../server.types.js';

let cached: { app: ApiApp; doc: unknown } | null = null;

export const openApiDocument = (api: ApiApp): unknown => {
  if (cached?.app === api) return cached.doc;
  const doc = api.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'API Socle',
      version: '0.1.0',
      description:
        "Diagnostics territoriaux (ABS, CTG) à partir des données publiques : territoires, portraits, indicateurs, cartes, jeux de données et imports. Réponses en JSON ; erreurs sous la forme { \"error\": { \"code\", \"message\" } } avec un message en français qui nomme la valeur en cause. Les réponses de lecture portent un ETag ; quand plusieurs serveurs partagent une base PostgreSQL, une écriture faite par l’un (import, périmètre) est visible des autres en une seconde au plus, et tout de suite de celui qui l’a faite.",
      license: { name: 'MIT' },
    },
    servers: [{ url: '/api/v1' }],
    tags: [
      { name: 'Territoires' },
      { name: 'Indicateurs' },
      { name: 'Cartes' },
      { name: 'Données' },
      { name: 'Périmètres' },
      { name: 'Rapports' },
    ],
  });
  cached = { app: api, doc };
  return doc;
};
