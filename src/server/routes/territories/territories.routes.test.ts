// The territory routes through app.request(), on the demo data (Haute-Garonne), on every store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../../test/helpers/test-stores.js';
import type { Portrait } from '../../../core/indicators/portrait.types.js';
import type { AppContext } from '../../../services/context.js';
import { loadDemo } from '../../../services/demo/load-demo.service.js';
import { createApp } from '../../app.js';

interface ErrorBody {
  error: { code: string; message: string };
}

describe.each(storeTargets())('routes des territoires sur $name', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  const get = async <T>(path: string) => {
    const res = await app.request(`/api/v1${path}`);
    return { status: res.status, body: (await res.json()) as T, res };
  };

  beforeAll(async () => {
    ctx = await target.create();
    const loaded = await loadDemo(ctx);
    if (!loaded.ok) throw new Error(loaded.error.message);
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('cherche par nom, code postal ou code INSEE', async () => {
    const byName = await get<{ results: { ref: string }[] }>('/territories?q=volvestre');
    expect(byName.status).toBe(200);
    expect(byName.body.results[0].ref).toBe('epci:200066819');
    expect((await get<{ results: { ref: string }[] }>('/territories?q=31000')).body.results.map((r) => r.ref)).toContain('com:31555');
    expect((await get<{ results: { ref: string }[] }>('/territories?q=sud%20haute')).body.results.map((r) => r.ref)).toContain('per:sud-haute-garonne');
  });

  it('une recherche sans texte est un 400', async () => {
    const r = await get<ErrorBody>('/territories');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('texte à chercher manquant (q=volvestre)');
  });

  it('« France » donne la France en premier ; une recherche vaine propose le nom le plus proche', async () => {
    type Answer = { results: { ref: string; name: string }[]; suggestion?: { ref: string; name: string } };
    const france = await get<Answer>('/territories?q=France');
    expect(france.body.results[0]).toMatchObject({ ref: 'fr', name: 'France' });
    expect(france.body.suggestion).toBeUndefined();
    const typo = await get<Answer>('/territories?q=tolouse');
    expect(typo.status).toBe(200);
    expect(typo.body.results).toEqual([]);
    expect(typo.body.suggestion).toMatchObject({ ref: 'com:31555', name: 'Toulouse' });
    expect((await get<Answer>('/territories?q=zzz')).body).toEqual({ query: 'zzz', results: [] });
    // A name found only as the beginning of a small place's name: the larger place one letter away is offered.
    const toulouze = await get<Answer>('/territories?q=Toulouze');
    expect(toulouze.body.results.map((r) => r.name)).toEqual(['Toulouzette']);
    expect(toulouze.body.suggestion).toMatchObject({ ref: 'com:31555', name: 'Toulouse' });
    // On the way to a larger hit, no suggestion: « toulou » is Toulouse being typed, not Toulon.
    const typing = await get<Answer>('/territories?q=toulou');
    expect(typing.body.results.map((r) => r.name)).toContain('Toulouse');
    expect(typing.body.suggestion).toBeUndefined();
  });

  it('une méthode que l’adresse n’accepte pas est un 405 qui dit lesquelles elle accepte', async () => {
    const res = await app.request('/api/v1/territories/com:31555', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(((await res.json()) as ErrorBody).error).toEqual({
      code: 'METHODE_NON_AUTORISEE',
      message: 'DELETE /api/v1/territories/com:31555 : méthode non autorisée ; cette adresse accepte GET, HEAD',
    });
    const get405 = await app.request('/api/v1/imports');
    expect(get405.status).toBe(405);
    expect(get405.headers.get('allow')).toBe('POST');
    expect((await app.request('/api/v1/maps/population.svg', { method: 'PUT' })).headers.get('allow')).toBe('GET, HEAD');
    // An address that is no route stays a 404.
    expect((await app.request('/api/v1/nulle/part', { method: 'DELETE' })).status).toBe(404);
  });

  it('un territoire : Toulouse, avec son contour chargé', async () => {
    const r = await get<{ ref: string; population: number; outline: boolean }>('/territories/com:31555');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ref: 'com:31555', population: 514819, outline: true });
  });

  it('un territoire inconnu est un 404 TERRITOIRE_INCONNU, une référence mal formée un 400', async () => {
    const unknown = await get<ErrorBody>('/territories/com:99999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TERRITOIRE_INCONNU');
    expect(unknown.body.error.message).toContain('com:99999');
    const bad = await get<ErrorBody>('/territories/epci:12');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REFERENCE_INVALIDE');
  });

  it('le portrait de Toulouse Métropole donne le taux de chômage du contrat et ses références', async () => {
    const r = await get<Portrait>('/territories/epci:243100518/portrait');
    expect(r.status).toBe(200);
    const chomage = r.body.domains.flatMap((d) => d.indicators).find((i) => i.id === 'taux_chomage_15_64')!;
    expect(chomage.value.value).toBeCloseTo(12.6043, 4);
    expect(chomage.references.map((x) => x.territory)).toContain('dep:31');
    expect(chomage.sentence).toMatch(/Haute-Garonne/);
  });

  it('le portrait avec compare= prend les références demandées, et refuse une référence inconnue', async () => {
    const r = await get<Portrait>('/territories/epci:200066819/portrait?compare=dep:31,fr');
    expect(r.status).toBe(200);
    expect(r.body.references.map((x) => x.territory)).toEqual(['dep:31', 'fr']);
    const bad = await get<ErrorBody>('/territories/epci:200066819/portrait?compare=dep:99');
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toMatch(/^compare= : .*dep:99/);
  });

  it('le portrait d’un public (?public=) ou de domaines (?domaine=) ; une valeur inconnue est un 400', async () => {
    const r = await get<Portrait>('/territories/epci:200066819/portrait?domaine=logement');
    expect(r.status).toBe(200);
    expect(r.body.domains.map((d) => d.id)).toEqual(['logement']);
    const all = await get<Portrait>('/territories/epci:200066819/portrait');
    expect(all.body.domains.length).toBeGreaterThan(1);
    const bad = await get<ErrorBody>('/territories/epci:200066819/portrait?public=retraites');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'PARAMETRE_INVALIDE' });
  });

  it('le portrait d’un territoire inconnu est un 404', async () => {
    expect((await get<ErrorBody>('/territories/epci:999999999/portrait')).status).toBe(404);
  });

  it('un portrait est servi du cache avec son ETag, compressé', async () => {
    const first = await app.request('/api/v1/territories/epci:200066819/portrait', { headers: { 'accept-encoding': 'br' } });
    expect(first.headers.get('content-encoding')).toBe('br');
    const again = await app.request('/api/v1/territories/epci:200066819/portrait', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('les territoires semblables de la CC du Volvestre sont des EPCI, avec la raison', async () => {
    const r = await get<{ similar: { ref: string; reason: string }[] }>('/territories/epci:200066819/similar?k=3');
    expect(r.status).toBe(200);
    expect(r.body.similar).toHaveLength(3);
    for (const s of r.body.similar) {
      expect(s.ref).toMatch(/^epci:/);
      expect(s.reason).toMatch(/proche sur/);
    }
  });

  it('un périmètre n’a pas de semblables (400), k hors bornes non plus', async () => {
    expect((await get<ErrorBody>('/territories/per:sud-haute-garonne/similar')).status).toBe(400);
    const k = await get<ErrorBody>('/territories/epci:200066819/similar?k=500');
    expect(k.status).toBe(400);
    expect(k.body.error.message).toContain('k');
  });

  it('les contours des 191 communes du Sud Haute-Garonne, avec la valeur de l’indicateur', async () => {
    const r = await get<{ type: string; bbox: number[]; features: { properties: { ref: string; value: number | null; status: string } }[] }>(
      '/territories/per:sud-haute-garonne/outlines?level=com&indicator=taux_chomage_15_64',
    );
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toContain('application/geo+json');
    expect(r.body.type).toBe('FeatureCollection');
    expect(r.body.features).toHaveLength(191);
    expect(r.body.bbox).toHaveLength(4);
    expect(r.body.features.every((f) => f.properties.ref.startsWith('com:31'))).toBe(true);
    expect(r.body.features.filter((f) => typeof f.properties.value === 'number').length).toBeGreaterThan(150);
  });

  it('les contours des EPCI de la Haute-Garonne', async () => {
    const r = await get<{ features: { properties: { ref: string } }[] }>('/territories/dep:31/outlines?level=epci');
    expect(r.status).toBe(200);
    expect(r.body.features).toHaveLength(18);
  });

  it('l’emprise des contours cadre la carte avant leur arrivée', async () => {
    const r = await get<{ bbox: number[]; count: number }>('/territories/dep:31/extent?level=com');
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(586);
    const [w, s, e, n] = r.body.bbox;
    expect(w).toBeGreaterThan(0.4);
    expect(e).toBeLessThan(2.1);
    expect(s).toBeGreaterThan(42.6);
    expect(n).toBeLessThan(44);
    expect((await get<ErrorBody>('/territories/dep:99/extent')).status).toBe(404);
    // A level coarser than the territory divides nothing, here as for the values and the maps.
    const coarse = await get<ErrorBody>('/territories/com:31555/extent?level=dep');
    expect(coarse.status).toBe(400);
    expect(coarse.body.error.message).toBe('niveau « dep » : Toulouse (com:31555) ne se divise pas en départements ; niveau attendu : com');
    expect((await get<ErrorBody>('/territories/com:31555/outlines?level=epci')).status).toBe(400);
  });

  it('l’emprise donne le cadrage et l’adresse des tuiles vectorielles', async () => {
    const r = await get<{ bbox: number[]; frame: number[]; count: number; tiles: { url: string; layer: string; minzoom: number; maxzoom: number } }>(
      '/territories/dep:31/extent?level=com',
    );
    expect(r.body.frame).toEqual(r.body.bbox);
    expect(r.body.tiles).toEqual({ url: '/api/v1/territories/dep:31/tiles/{z}/{x}/{y}?level=com', layer: 'territoires', minzoom: 0, maxzoom: 11 });
  });

  it('une tuile vectorielle des communes, compressée, revalidée par ETag', async () => {
    // Zoom 6, the tile holding Toulouse: the whole département.
    const path = '/api/v1/territories/dep:31/tiles/6/32/23?level=com&indicator=taux_chomage_15_64';
    const res = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const bytes = Buffer.from(await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    expect(bytes.includes(Buffer.from('com:31555'))).toBe(true);
    expect(bytes.includes(Buffer.from('Toulouse'))).toBe(true);
    const again = await app.request(path, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // Far from the département: an empty tile.
    const far = await app.request('/api/v1/territories/dep:31/tiles/6/31/22?level=com');
    expect(far.status).toBe(200);
    expect((await far.arrayBuffer()).byteLength).toBe(0);
  });

  it('tuiles : hors de la grille ou illisible un 400, territoire ou indicateur inconnu un 404', async () => {
    expect((await get<ErrorBody>('/territories/dep:31/tiles/12/0/0?level=com')).status).toBe(400);
    expect((await get<ErrorBody>('/territories/dep:31/tiles/2/4/0?level=com')).status).toBe(400);
    const text = await get<ErrorBody>('/territories/dep:31/tiles/6/a/23?level=com');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toContain('x');
    expect((await get<ErrorBody>('/territories/dep:99/tiles/6/32/23?level=com')).status).toBe(404);
    const indicator = await get<ErrorBody>('/territories/dep:31/tiles/6/32/23?level=com&indicator=inexistant');
    expect(indicator.status).toBe(404);
    expect(indicator.body.error.code).toBe('INDICATEUR_INCONNU');
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/territories/{ref}/tiles/{z}/{x}/{y}']).toBeDefined();
  });

  it('contours : un niveau inconnu est un 400, un indicateur inconnu un 404', async () => {
    expect((await get<ErrorBody>('/territories/dep:31/outlines?level=iris')).status).toBe(400);
    const r = await get<ErrorBody>('/territories/dep:31/outlines?indicator=inexistant');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('INDICATEUR_INCONNU');
  });
});
