// The HTTP edge through app.request() (no port): health, security headers, the error body, validation, size limit,
// the write rule, compression, caching, the web app and the OpenAPI document.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../test/helpers/test-stores.js';
import type { AppContext } from '../services/context.js';
import { createApp } from './app.js';

const TOKEN = 'jeton-de-test-assez-long-0123456789';

const makeWebDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="fr"><title>Socle</title><div id="root"></div></html>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  return dir;
};

describe.each(storeTargets())('serveur HTTP sur $name', (target) => {
  let ctx: AppContext;
  let local: ReturnType<typeof createApp>;
  let exposed: ReturnType<typeof createApp>;
  let exposedNoToken: ReturnType<typeof createApp>;
  const logged: string[] = [];

  beforeAll(async () => {
    ctx = await target.create();
    const webDir = makeWebDir();
    local = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir, bodyLimit: 2048, log: (l) => logged.push(l) });
    exposed = createApp({ ctx, config: { databaseUrl: 'test', adminToken: TOKEN }, host: '0.0.0.0', webDir: null });
    exposedNoToken = createApp({ ctx, config: { databaseUrl: 'test' }, host: '0.0.0.0', webDir: null });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('répond à /healthz et dit comment écrire', async () => {
    const res = await local.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', writes: 'local' });
    expect(await (await exposed.request('/healthz')).json()).toMatchObject({ writes: 'token' });
    expect(await (await exposedNoToken.request('/healthz')).json()).toMatchObject({ writes: 'closed' });
  });

  it('pose les en-têtes de sécurité sur toutes les réponses, erreurs comprises', async () => {
    for (const path of ['/healthz', '/api/v1/territories/com:99999', '/']) {
      const res = await local.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain('worker-src');
      expect(csp).not.toContain('http:');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('une adresse inconnue de l’API donne 404 avec le corps d’erreur du contrat', async () => {
    const res = await local.request('/api/v1/nulle-part');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ROUTE_INCONNUE');
    expect(body.error.message).toContain('/api/v1/nulle-part');
  });

  it('un paramètre invalide donne 400 avec un message français qui nomme le paramètre et la valeur', async () => {
    const res = await local.request('/api/v1/territories?q=tou&limit=beaucoup');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('PARAMETRE_INVALIDE');
    expect(body.error.message).toContain('limit');
    expect(body.error.message).toContain('« beaucoup »');
  });

  it('un corps JSON illisible donne 400 en français, sans trace de pile', async () => {
    const res = await local.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{pas du json' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('JSON illisible');
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('un corps d’un type que la route ne prend pas est un 400 du contrat (pas un 415), qui nomme le type', async () => {
    const res = await local.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'PARAMETRE_INVALIDE', message: 'corps de la requête : type « text/plain » non accepté par POST /api/v1/perimeters' } });
  });

  it('un champ obligatoire absent est nommé, avec un exemple quand le schéma en donne un', async () => {
    const res = await local.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Sud"}' });
    expect(res.status).toBe(400);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toBe('champ slug manquant (par exemple slug=sud-haute-garonne) ; champ members manquant (par exemple ["epci:200066819", "com:31555"])');
    expect(message).not.toMatch(/indéfini reçu|= absent/);
  });

  it('refuse un corps trop gros par 413 avant de le lire', async () => {
    const res = await local.request('/api/v1/perimeters', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
      body: JSON.stringify({ slug: 'x', name: 'x', members: ['x'.repeat(3000)] }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TROP_VOLUMINEUX');
  });

  it('refuse un corps envoyé par morceaux dès qu’il dépasse la limite', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 50) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await local.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(50);
  });

  describe('écritures', () => {
    const body = (slug: string) => JSON.stringify({ slug, name: `Test ${slug}`, members: ['epci:200066819'] });
    const post = (app: ReturnType<typeof createApp>, slug: string, headers: Record<string, string> = {}) =>
      app.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body(slug) });

    it('un serveur ouvert au réseau refuse une écriture sans jeton (403 ECRITURE_REFUSEE)', async () => {
      const res = await post(exposed, 'sans-jeton');
      expect(res.status).toBe(403);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('ECRITURE_REFUSEE');
      expect(err.error.message).toContain('jeton');
    });

    it('refuse un mauvais jeton, accepte le bon', async () => {
      expect((await post(exposed, 'mauvais', { authorization: 'Bearer pas-le-bon' })).status).toBe(403);
      const ok = await post(exposed, 'bon-jeton', { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(201);
      const audit = await ctx.store.db.selectFrom('audit_log').select(['actor', 'target']).where('target', '=', 'per:bon-jeton').executeTakeFirst();
      expect(audit?.actor).toBe('api:admin');
    });

    it('sans jeton configuré, un serveur ouvert au réseau refuse toute écriture', async () => {
      const res = await post(exposedNoToken, 'ferme', { authorization: `Bearer ${TOKEN}` });
      expect(res.status).toBe(403);
    });

    it('un serveur local accepte une écriture de ses propres pages, refuse celle d’un autre site', async () => {
      expect((await post(local, 'local-ok', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).status).toBe(201);
      const cross = await post(local, 'autre-site', { host: '127.0.0.1:8080', origin: 'https://exemple.org' });
      expect(cross.status).toBe(403);
      const rebinding = await post(local, 'rebinding', { host: 'attaquant.example:8080' });
      expect(rebinding.status).toBe(403);
    });

    it('la suppression suit la même règle', async () => {
      expect((await exposed.request('/api/v1/perimeters/local-ok', { method: 'DELETE' })).status).toBe(403);
      expect((await local.request('/api/v1/perimeters/local-ok', { method: 'DELETE', headers: { host: 'localhost:8080' } })).status).toBe(200);
    });
  });

  it('compresse en brotli ou gzip selon Accept-Encoding, et répond 304 à un ETag connu', async () => {
    const br = await local.request('/api/v1/indicators', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const list = JSON.parse(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8')) as { id: string }[];
    expect(list.map((i) => i.id)).toContain('taux_chomage_15_64');
    const gz = await local.request('/api/v1/indicators', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'))).toEqual(list);
    const etag = gz.headers.get('etag')!;
    const again = await local.request('/api/v1/indicators', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('une écriture vide le cache des réponses', async () => {
    const before = (await (await local.request('/api/v1/territories/per:cache-vide')).json()) as { error?: { code: string } };
    expect(before.error?.code).toBe('TERRITOIRE_INCONNU');
    const created = await local.request('/api/v1/perimeters', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'cache-vide', name: 'Cache vide', members: ['com:31555'] }),
    });
    expect(created.status).toBe(201);
    const after = await local.request('/api/v1/territories/per:cache-vide');
    expect(after.status).toBe(200);
  });

  it('sert l’application web : fichiers hachés immuables, index.html revalidé, routes du client', async () => {
    const asset = await local.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    const index = await local.request('/');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<div id="root">');
    const client = await local.request('/territoire/per:sud-haute-garonne');
    expect(client.status).toBe(200);
    expect(await client.text()).toContain('<div id="root">');
    expect((await local.request('/assets/absent-000.js')).status).toBe(404);
    expect((await local.request('/../package.json')).status).not.toBe(200);
  });

  it('sans application construite, la page dit comment la construire', async () => {
    const res = await exposed.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('publie un document OpenAPI 3 généré qui couvre chaque route, et une page pour le lire', async () => {
    const doc = (await (await local.request('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const expected: [string, string][] = [
      ['/territories', 'get'],
      ['/territories/{ref}', 'get'],
      ['/territories/{ref}/portrait', 'get'],
      ['/territories/{ref}/similar', 'get'],
      ['/territories/{ref}/outlines', 'get'],
      ['/territories/{ref}/extent', 'get'],
      ['/indicators', 'get'],
      ['/indicators/{id}/values', 'get'],
      ['/maps/{id}.svg', 'get'],
      ['/datasets', 'get'],
      ['/imports', 'post'],
      ['/perimeters', 'get'],
      ['/perimeters', 'post'],
      ['/perimeters/{slug}', 'delete'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    // OpenAPI 3: each {name} of a path is a parameter « in: path » that is required, and not nullable.
    const faults: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const params = ((op as { parameters?: { name: string; in: string; required?: boolean; schema?: { nullable?: boolean } }[] }).parameters ?? []).filter((x) => x.in === 'path');
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          const param = params.find((x) => x.name === name);
          if (!param || param.required !== true || param.schema?.nullable) faults.push(`${method} ${path} : ${name}`);
        }
      }
    }
    expect(faults).toEqual([]);
    const page = await local.request('/api/v1/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/docs/docs.js');
    expect((await local.request('/api/v1/docs/docs.js')).headers.get('content-type')).toContain('javascript');
  });
});
