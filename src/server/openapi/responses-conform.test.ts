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

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/**
 * The paths of a body's properties its OpenAPI schema does not declare (zod lets unknown keys through, so a field
 * added to an answer and not to its schema would pass its parse): each must be documented.
 */
const undeclared = (value: unknown, schema: JsonSchema | undefined, components: Record<string, JsonSchema>, path: string): string[] => {
  if (!schema || value === null || typeof value !== 'object') return [];
  if (schema.$ref) return undeclared(value, components[schema.$ref.replace('#/components/schemas/', '')], components, path);
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (branches.length) {
    // A property is declared when some branch declares it; the first branch without fault is taken.
    const faults = branches.map((b) => undeclared(value, b, components, path));
    return faults.find((f) => f.length === 0) ?? faults.reduce((a, b) => (a.length <= b.length ? a : b));
  }
  if (Array.isArray(value)) {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    return value.slice(0, 50).flatMap((v, k) => (Array.isArray(schema.items) ? undeclared(v, schema.items[k], components, `${path}[${k}]`) : undeclared(v, items, components, `${path}[${k}]`)));
  }
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const declared = schema.properties?.[key];
    if (declared) out.push(...undeclared(v, declared, components, `${path}.${key}`));
    else if (schema.additionalProperties && schema.additionalProperties !== true) out.push(...undeclared(v, schema.additionalProperties, components, `${path}.${key}`));
    else if (!schema.additionalProperties) out.push(`${path}.${key}`);
  }
  return out;
};

const target = storeTargets()[0];

describe('le document OpenAPI dit ce que l’API répond', () => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let definitions: RouteDefinition[];
  let doc: {
    paths: Record<string, Record<string, { parameters?: DocParameter[]; responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
    components: { schemas: Record<string, JsonSchema> };
  };

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
      const body: unknown = await res.json();
      const parsed = declared[media].schema.safeParse(body);
      if (!parsed.success) faults.push(`GET ${url} : ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`);
      const extra = undeclared(body, op.responses?.['200']?.content?.[media]?.schema, doc.components.schemas, '');
      if (extra.length) faults.push(`GET ${url} : propriétés non décrites par le document : ${[...new Set(extra.map((e) => e.replace(/\[\d+\]/g, '[]')))].slice(0, 8).join(', ')}`);
      checked++;
    }
    expect(faults).toEqual([]);
    // The JSON routes of the contract at least: territories, search, portrait, similar, indicators, values, datasets, perimeters.
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
