// Every GET route of the OpenAPI document, asked with the examples the document gives, answers 200 with a body that
// its own declared schema accepts: the document says what the API returns, not what it once returned. Run on the demo
// data (Haute-Garonne), on SQLite (the schemas are the store's business only through the services).
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../test/helpers/test-stores.js';
import type { AppContext } from '../../services/context.js';
import { loadDemo } from '../../services/demo/load-demo.service.js';
import { createApp } from '../app.js';
import { routeModules } from '../routes/index.js';
import type { ApiApp, ServerOptions } from '../server.types.js';

interface DocParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown };
}

interface RouteDefinition {
  type: string;
  route?: { method: string; path: string; responses: Record<string, { content?: Record<string, { schema: z.ZodType }> }> };
}

const target = storeTargets()[0];

describe('le document OpenAPI dit ce que l’API répond', () => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let definitions: RouteDefinition[];
  let doc: { paths: Record<string, Record<string, { parameters?: DocParameter[] }>> };

  beforeAll(async () => {
    ctx = await target.create();
    const loaded = await loadDemo(ctx);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const options: ServerOptions = { ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null };
    app = createApp(options);
    // The same route modules on an app of their own: its registry holds each route's zod schemas.
    const api = new OpenAPIHono() as unknown as ApiApp;
    for (const register of routeModules) register(api, options);
    definitions = api.openAPIRegistry.definitions as unknown as RouteDefinition[];
    doc = (await (await app.request('/api/v1/openapi.json')).json()) as typeof doc;
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('chaque route GET répond 200 à ses exemples, avec un corps que son schéma accepte', async () => {
    const faults: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op) continue;
      const params = op.parameters ?? [];
      const example = (p: DocParameter): unknown => p.example ?? p.schema?.example;
      let url = path;
      for (const p of params.filter((x) => x.in === 'path')) {
        if (example(p) === undefined) faults.push(`GET ${path} : le paramètre ${p.name} n’a pas d’exemple`);
        url = url.replace(`{${p.name}}`, encodeURIComponent(String(example(p))));
      }
      const query = new URLSearchParams();
      for (const p of params.filter((x) => x.in === 'query' && x.required)) {
        if (example(p) === undefined) faults.push(`GET ${path} : le paramètre obligatoire ${p.name} n’a pas d’exemple`);
        else query.set(p.name, String(example(p)));
      }
      const res = await app.request(`/api/v1${url}${query.size ? `?${query}` : ''}`);
      if (res.status !== 200) {
        faults.push(`GET ${url}?${query} : ${res.status} ${(await res.text()).slice(0, 200)}`);
        continue;
      }
      const type = res.headers.get('content-type') ?? '';
      const declared = definitions.find((d) => d.type === 'route' && d.route?.method === 'get' && d.route.path === path)?.route?.responses['200']?.content;
      if (!declared) {
        faults.push(`GET ${path} : aucune réponse 200 déclarée`);
        continue;
      }
      const media = Object.keys(declared).find((m) => type.startsWith(m));
      if (!media) {
        faults.push(`GET ${path} : répond ${type}, le document déclare ${Object.keys(declared).join(', ')}`);
        continue;
      }
      if (!media.includes('json')) continue;
      const parsed = declared[media].schema.safeParse(await res.json());
      if (!parsed.success) faults.push(`GET ${url} : ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`);
      checked++;
    }
    expect(faults).toEqual([]);
    // The JSON routes of the contract at least: territories, search, portrait, similar, indicators, values, datasets, perimeters.
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
