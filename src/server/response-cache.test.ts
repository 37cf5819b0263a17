// Cached answers on a real socket: a request target the app has answered from the response cache is answered again
// from node's request event (answerFromMemory) with the same status, headers and bytes, until a write changes the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../test/helpers/test-stores.js';
import { closeContext, createContext, type AppContext } from '../services/context.js';
import { createPerimeter, deletePerimeter } from '../services/perimeter/perimeter.service.js';
import { createApp } from './app.js';
import { answerFromMemory } from './response-cache.js';
import { startServer, type RunningServer } from './start-server.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * An answer as sent, without decoding; the headers that depend on the moment or the socket are left out. The path is
 * sent as it is written.
 */
const send = (base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          if (name !== 'date' && name !== 'connection' && name !== 'keep-alive') headers[name] = res.rawHeaders[i + 1];
        }
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });

describe.each(storeTargets())('réponses gardées en mémoire sur $name', (target) => {
  let ctx: AppContext;
  let server: Server;
  let base: string;
  /** What answered each request: the memory or the app. */
  const answeredBy: ('memory' | 'app')[] = [];
  const lastAnswer = () => answeredBy[answeredBy.length - 1];

  beforeAll(async () => {
    ctx = await target.create();
    const app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null });
    const appListener = getRequestListener(app.fetch);
    // The composition of start-server.ts, with a record of who answered.
    server = createServer((req, res) => {
      if (answerFromMemory(ctx, req, res)) answeredBy.push('memory');
      else {
        answeredBy.push('app');
        void appListener(req, res);
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await target.destroy(ctx);
  });

  it('sert depuis la mémoire les mêmes octets et les mêmes en-têtes que l’application, pour chaque encodage', async () => {
    const path = '/api/v1/indicators';
    const variants: Record<string, string>[] = [{ 'accept-encoding': 'gzip, deflate, br' }, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'identity' }, {}];
    for (const headers of variants) {
      const first = await send(base, path, { headers });
      const firstBy = lastAnswer();
      const again = await send(base, path, { headers });
      expect(lastAnswer()).toBe('memory');
      expect(again).toEqual(first);
      expect(first.status).toBe(200);
      expect(first.headers['content-security-policy']).toContain("default-src 'self'");
      expect(first.headers['x-content-type-options']).toBe('nosniff');
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(first.headers['vary']).toBe('Accept-Encoding');
      expect(first.headers['content-length']).toBe(String(first.body.byteLength));
      // The first request of the path went through the app; the later ones (other encodings) already find it.
      if (headers === variants[0]) expect(firstBy).toBe('app');
    }
    const [br, gz, identity, none] = await Promise.all(variants.map((headers) => send(base, path, { headers })));
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(none.body).toEqual(identity.body);
    expect(brotliDecompressSync(br.body)).toEqual(identity.body);
    expect(gunzipSync(gz.body)).toEqual(identity.body);
    expect((JSON.parse(identity.body.toString('utf8')) as { id: string }[]).map((i) => i.id)).toContain('taux_chomage_15_64');
  });

  it('répond 304 depuis la mémoire à un ETag connu, et à HEAD sans corps', async () => {
    const path = '/api/v1/indicators';
    const full = await send(base, path, { headers: { 'accept-encoding': 'br' } });
    const etag = full.headers['etag'];
    expect(etag).toMatch(/^".+"$/);
    for (const ifNoneMatch of [etag, `"autre", W/${etag}`]) {
      const notModified = await send(base, path, { headers: { 'if-none-match': ifNoneMatch, 'accept-encoding': 'br' } });
      expect(lastAnswer()).toBe('memory');
      expect(notModified.status).toBe(304);
      expect(notModified.body.byteLength).toBe(0);
      expect(notModified.headers['etag']).toBe(etag);
      expect(notModified.headers['content-security-policy']).toBe(full.headers['content-security-policy']);
    }
    expect((await send(base, path, { headers: { 'if-none-match': '"perime"' } })).status).toBe(200);
    const head = await send(base, path, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(lastAnswer()).toBe('memory');
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers['content-encoding']).toBe('br');
  });

  it('ne garde ni les erreurs ni les adresses que l’application n’a pas encore servies', async () => {
    for (let i = 0; i < 2; i++) {
      const unknown = await send(base, '/api/v1/territories/com:99999');
      expect(lastAnswer()).toBe('app');
      expect(unknown.status).toBe(404);
      const invalid = await send(base, '/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&level=region');
      expect(lastAnswer()).toBe('app');
      expect(invalid.status).toBe(400);
    }
    // The same answer under another spelling of the address is first served by the app.
    await send(base, '/api/v1/indicators?');
    expect(lastAnswer()).toBe('app');
    await send(base, '/api/v1/indicators?');
    expect(lastAnswer()).toBe('memory');
    // Writes always go to the app.
    await send(base, '/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(lastAnswer()).toBe('app');
  });

  it('une écriture (création, suppression de périmètre) rend la main à l’application, qui sert les nouvelles données', async () => {
    const path = '/api/v1/territories/per:memoire';
    expect((await send(base, path)).status).toBe(404);
    const create = () =>
      send(base, '/api/v1/perimeters', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ slug: 'memoire', name: 'Mémoire', members: ['com:31555'] }),
      });
    expect((await create()).status).toBe(201);
    const created = await send(base, path);
    expect(created.status).toBe(200);
    expect(lastAnswer()).toBe('app');
    expect((await send(base, path)).status).toBe(200);
    expect(lastAnswer()).toBe('memory');

    expect((await send(base, '/api/v1/perimeters/memoire', { method: 'DELETE' })).status).toBe(200);
    const deleted = await send(base, path);
    expect(lastAnswer()).toBe('app');
    expect(deleted.status).toBe(404);

    // Recreated under the same name with other members: the new answer, not the one kept before.
    expect(
      (
        await send(base, '/api/v1/perimeters', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ slug: 'memoire', name: 'Mémoire', members: ['com:31555', 'com:31069'] }),
        })
      ).status,
    ).toBe(201);
    const recreated = await send(base, path);
    expect(recreated.status).toBe(200);
    expect(recreated.headers['etag']).not.toBe(created.headers['etag']);
    expect((JSON.parse(recreated.body.toString('utf8')) as { communes: number }).communes).toBe(2);
    await send(base, path);
    expect(lastAnswer()).toBe('memory');
  });
});

describe.each(storeTargets())('socle serve sur $name', (target) => {
  let ctx: AppContext;
  let running: RunningServer;

  beforeAll(async () => {
    ctx = await target.create();
    running = await startServer({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', port: 0, webDir: null, log: () => {} });
  });
  afterAll(async () => {
    await running.close();
    await target.destroy(ctx);
  });

  it('répond pareil à la première demande et aux suivantes, et suit les écritures', async () => {
    const path = '/api/v1/territories/per:serve';
    const create = (members: string[]) =>
      send(running.url, '/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'serve', name: 'Servi', members }) });
    expect((await create(['com:31555'])).status).toBe(201);
    const first = await send(running.url, path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const again = await send(running.url, path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect((await send(running.url, '/api/v1/perimeters/serve', { method: 'DELETE' })).status).toBe(200);
    expect((await send(running.url, path)).status).toBe(404);
    expect((await create(['com:31555', 'com:31069'])).status).toBe(201);
    const after = await send(running.url, path);
    expect((JSON.parse(after.body.toString('utf8')) as { communes: number }).communes).toBe(2);
  });
});

describe.each(storeTargets())('deux instances sur la même base ($name)', (target) => {
  let first: AppContext;
  let other: AppContext;
  let running: RunningServer;
  let dir: string | undefined;

  beforeAll(async () => {
    if (target.name === 'sqlite') {
      // Two processes share a SQLite file, not a memory database.
      dir = mkdtempSync(join(tmpdir(), 'socle-instances-'));
      const url = `sqlite:${join(dir, 'socle.sqlite')}`;
      first = await createContext(url);
      other = await createContext(url);
    } else {
      first = await target.create();
      other = await createContext(first.store.url);
    }
    running = await startServer({ ctx: first, config: { databaseUrl: 'test' }, host: '127.0.0.1', port: 0, webDir: null, log: () => {} });
  });
  afterAll(async () => {
    await running.close();
    await closeContext(other);
    if (dir) {
      await closeContext(first);
      rmSync(dir, { recursive: true, force: true });
    } else await target.destroy(first);
  });

  it('une écriture faite par l’autre instance est servie au plus tard une seconde après', async () => {
    const path = '/api/v1/territories/per:autre-instance';
    const communes = async () => {
      const r = await send(running.url, path);
      return r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as { communes: number }).communes : r.status;
    };
    expect((await createPerimeter(other, { slug: 'autre-instance', name: 'Autre instance', members: ['com:31555'] })).ok).toBe(true);
    await new Promise((done) => setTimeout(done, 1100));
    expect(await communes()).toBe(1);
    expect(await communes()).toBe(1); // now answered from memory
    // The other instance replaces it: this one's memory does not know, its data version tells it.
    expect((await deletePerimeter(other, 'autre-instance')).ok).toBe(true);
    expect((await createPerimeter(other, { slug: 'autre-instance', name: 'Autre instance', members: ['com:31555', 'com:31069'] })).ok).toBe(true);
    await new Promise((done) => setTimeout(done, 1100));
    await communes(); // the first request after the second sees the new version and empties the caches
    expect(await communes()).toBe(2);
  });
});
