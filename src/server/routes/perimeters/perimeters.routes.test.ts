// The perimeter routes through app.request(): list, create (201, 400, 404, 409), change (200, 404, 409), delete (200, 400, 404, 409).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../../test/helpers/test-stores.js';
import type { AppContext } from '../../../services/context.js';
import { createApp } from '../../app.js';

describe.each(storeTargets())('routes des périmètres sur $name', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  const post = (body: unknown) => app.request('/api/v1/perimeters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ctx = await target.create();
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('crée le Sud Haute-Garonne : 191 communes', async () => {
    const res = await post({ slug: 'sud-haute-garonne', name: 'Sud Haute-Garonne', members: ['epci:200066819', 'epci:200072643', 'epci:200073146'] });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ref: 'per:sud-haute-garonne', communes: 191 });
    const list = (await (await app.request('/api/v1/perimeters')).json()) as { ref: string; communes: number }[];
    expect(list).toEqual([expect.objectContaining({ ref: 'per:sud-haute-garonne', communes: 191 })]);
  });

  it('le même identifiant une seconde fois est un 409', async () => {
    const res = await post({ slug: 'sud-haute-garonne', name: 'Autre', members: ['com:31555'] });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PERIMETRE_EXISTANT');
  });

  it('un membre inconnu est un 404, un identifiant mal formé un 400', async () => {
    expect((await post({ slug: 'inconnu', name: 'Inconnu', members: ['com:99999'] })).status).toBe(404);
    const bad = await post({ slug: 'Pas Bon', name: 'X', members: ['com:31555'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('slug');
  });

  it('modifie le nom et les membres ; une version périmée est un 409 qui n’écrit rien', async () => {
    const put = (slug: string, body: unknown) => app.request(`/api/v1/perimeters/${slug}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const listed = async () => ((await (await app.request('/api/v1/perimeters')).json()) as { slug: string; name: string; communes: number; version: number; memberNames: string[] }[]).find((p) => p.slug === 'sud-haute-garonne')!;
    const before = await listed();
    expect(before.version).toBe(1);
    const res = await put('sud-haute-garonne', { name: 'Sud Haute-Garonne et Toulouse', members: ['epci:200066819', 'epci:200072643', 'epci:200073146', 'com:31555'], version: before.version });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ref: 'per:sud-haute-garonne', name: 'Sud Haute-Garonne et Toulouse', communes: 192 });
    const after = await listed();
    expect(after).toMatchObject({ version: 2, communes: 192, memberNames: ['CC du Volvestre', 'CC Cœur et Coteaux du Comminges', 'CC Cagire Garonne Salat', 'Toulouse'] });
    // Someone still holding version 1 does not overwrite the change.
    const stale = await put('sud-haute-garonne', { name: 'Sud', members: ['com:31555'], version: 1 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string; message: string } }).error.message).toContain('version 2, la vôtre 1');
    expect(await listed()).toEqual(after);
    expect((await put('inconnu', { name: 'X', members: ['com:31555'], version: 1 })).status).toBe(404);
    expect((await put('sud-haute-garonne', { name: '', members: ['com:31555'] })).status).toBe(400);
    // A change must say from which version it was made; a body of the wrong shape is said as it is.
    const messageOf = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;
    const unversioned = await put('sud-haute-garonne', { name: 'Sud', members: ['com:31555'] });
    expect(unversioned.status).toBe(400);
    expect(await messageOf(unversioned)).toContain('champ version manquant');
    expect(await messageOf(await put('sud-haute-garonne', []))).toMatch(/^corps de la requête = « \[\] » : .*tableau reçu/);
    expect(await messageOf(await put('sud-haute-garonne', { name: 123, members: ['com:31555'], version: 2 }))).toMatch(/^champ name = « 123 » : .*nombre reçu/);
    expect(await listed()).toEqual(after);
    // Back as it was.
    expect((await put('sud-haute-garonne', { name: 'Sud Haute-Garonne', members: ['epci:200066819', 'epci:200072643', 'epci:200073146'], version: 2 })).status).toBe(200);
    expect(await listed()).toMatchObject({ version: 3, communes: 191 });
  });

  it('supprime ; une version périmée est un 409 ; refait sous le même identifiant, il ne reprend pas ses anciennes versions', async () => {
    const del = (query = '') => app.request(`/api/v1/perimeters/sud-haute-garonne${query}`, { method: 'DELETE' });
    const listed = async () => ((await (await app.request('/api/v1/perimeters')).json()) as { slug: string; version: number }[]).find((p) => p.slug === 'sud-haute-garonne');
    expect((await listed())!.version).toBe(3);
    const stale = await del('?version=2');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toBe('per:sud-haute-garonne a été modifié depuis (version 3, la vôtre 2) : rechargez-le avant de le supprimer');
    expect(await listed()).toBeDefined();
    expect((await del('?version=trois')).status).toBe(400);
    expect((await del('?version=3')).status).toBe(200);
    // Made again by someone else: a page still open on the old one (version 1 to 3) neither changes nor deletes it.
    expect((await post({ slug: 'sud-haute-garonne', name: 'Autre Sud', members: ['epci:200066819'] })).status).toBe(201);
    const remade = (await listed())!.version;
    expect(remade).toBeGreaterThan(3);
    const put = await app.request('/api/v1/perimeters/sud-haute-garonne', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Sud', members: ['com:31555'], version: 1 }) });
    expect(put.status).toBe(409);
    expect((await del('?version=3')).status).toBe(409);
    expect((await del(`?version=${remade}`)).status).toBe(200);
  });

  it('supprime sans version (la ligne de commande), et un périmètre inconnu est un 404', async () => {
    expect((await post({ slug: 'sud-haute-garonne', name: 'Sud', members: ['epci:200066819'] })).status).toBe(201);
    expect((await app.request('/api/v1/perimeters/sud-haute-garonne', { method: 'DELETE' })).status).toBe(200);
    const again = await app.request('/api/v1/perimeters/sud-haute-garonne', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('PERIMETRE_INCONNU');
  });
});
