// Pages rendered by the server (prerender.ts with the built web/dist-server), through app.request(), on the demo data
// and every store: the indicator page arrives with its content, its map drawn as an SVG in the legend's colours and
// the answers the browser takes it over with; a territory's portrait with its figures and its map; every other page
// with its title and answers; nothing from the address gets into the page unescaped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../test/helpers/test-stores.js';
import type { AppContext } from '../services/context.js';
import { loadDemo } from '../services/demo/load-demo.service.js';
import { createApp, DEFAULT_WEB_DIR } from './app.js';

const PAGE = '/indicateur/taux_chomage_15_64?within=dep:31&level=com';

const answersOf = (html: string): { answers: Record<string, unknown>; picture: { count: number } | null } => {
  const m = /<script type="application\/json" id="socle-reponses">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('page sans réponses');
  return JSON.parse(m[1]) as { answers: Record<string, unknown>; picture: { count: number } | null };
};

describe.each(storeTargets())('pages rendues par le serveur ($name)', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  const logged: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_DIR, '..', 'dist-server', 'entry-server.js'))) throw new Error('rendu serveur non construit : lancer npm run build');
    ctx = await target.create();
    const demo = await loadDemo(ctx);
    if (!demo.ok) throw new Error(demo.error.message);
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', log: (l) => logged.push(l) });
  }, 120_000);
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('la page d’un indicateur arrive avec son titre, sa légende, sa carte dessinée et les réponses de l’API', async () => {
    const res = await app.request(PAGE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Taux de chômage des 15-64 ans<\/h1>/);
    // The page's own title, as the browser sets it: the tab and a screen reader say which page this is.
    expect(html).toContain('<title>Taux de chômage des 15-64 ans — Haute-Garonne — Socle</title>');
    // The legend: five classes and their counts, as the browser writes them.
    expect(html.match(/class="socle-legend__swatch"/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    // The answers the page was rendered from, those the browser would ask for first.
    const given = answersOf(html);
    expect(Object.keys(given.answers).sort()).toEqual([
      '/api/v1/indicators',
      '/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&level=com',
      '/api/v1/territories/dep:31',
      '/api/v1/territories/dep:31/extent?level=com',
    ]);
    const values = given.answers['/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&level=com'] as { values: { ref: string; value: number | null }[] };
    expect(values.values).toHaveLength(586);
    expect(values.values.find((v) => v.ref === 'com:31555')?.value).toBeCloseTo(14.2947, 4);
    expect(given.picture).toEqual({ count: 586 });
    // The map's picture: one path per class colour (and one for communes without a value), coloured as the legend.
    const picture = /<div class="socle-map__image" data-cle="([^"]+)"[^>]*><svg [^>]*viewBox="0 0 2000 (\d+)"[^>]*>(.*?)<\/svg><\/div>/s.exec(html);
    expect(picture, 'image de la carte').not.toBeNull();
    expect(picture![1]).toContain('/api/v1/territories/dep:31/tiles/{z}/{x}/{y}?level=com&amp;indicator=taux_chomage_15_64|');
    const fills = [...picture![3].matchAll(/<path fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills.length).toBeGreaterThanOrEqual(5);
    const swatches = [...html.matchAll(/class="socle-legend__swatch" style="background:([^;"]+)/g)].map((m) => m[1]);
    for (const colour of swatches.slice(0, 5)) expect(fills).toContain(colour);
    // The table of every commune is the browser's to write (after the map).
    expect(html).not.toContain('<tbody');
    expect(logged).toEqual([]);
  });

  it('la page est gardée : la même empreinte, et 304 quand le navigateur l’a déjà', async () => {
    const first = await app.request(PAGE);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await app.request(PAGE, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('un indicateur inconnu : « Indicateur introuvable » en 404, avec l’erreur donnée à la page, sans carte ni exports', async () => {
    const res = await app.request('/indicateur/inconnu?within=dep:31&level=com');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<title>Indicateur introuvable — Socle</title>');
    expect(html).toMatch(/<h1[^>]*>Indicateur introuvable<\/h1>/);
    expect(html).toContain('href="#liste-indicateurs"');
    expect(html).not.toContain('Tableau CSV');
    const given = answersOf(html) as ReturnType<typeof answersOf> & { errors: Record<string, { status: number; error: { code: string } }> };
    expect(Object.keys(given.answers)).not.toContain('/api/v1/indicators/inconnu/values?within=dep:31&level=com');
    expect(given.errors['/api/v1/indicators/inconnu/values?within=dep:31&level=com']).toMatchObject({ status: 404, error: { code: 'INDICATEUR_INCONNU' } });
    expect(given.picture).toBeNull();
  });

  it('un territoire inconnu ou une référence invalide : « Territoire introuvable » en 404, sans le vocabulaire de l’API', async () => {
    for (const ref of ['com:99999', 'foo']) {
      const res = await app.request(`/territoire/${ref}`);
      expect(res.status, ref).toBe(404);
      const html = await res.text();
      expect(html, ref).toContain('<title>Territoire introuvable — Socle</title>');
      // What the page shows (the API's answers it carries keep the API's own message).
      const shown = html.replace(/<script type="application\/json" id="socle-reponses">.*?<\/script>/s, '');
      expect(shown, ref).toContain('Territoire introuvable');
      expect(shown, ref).not.toContain('GET /api/v1');
    }
    // Kept with its status: the second answer is the same 404, not a 304 or a 200.
    const again = await app.request('/territoire/com:99999');
    expect(again.status).toBe(404);
  });

  it('rien de l’adresse n’entre dans la page sans être échappé', async () => {
    const res = await app.request(`/indicateur/population?within=${encodeURIComponent('</script><script>alert(1)</script>')}&level=com`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/title>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)?.length).toBe(html.match(/<script/g)?.length);
  });

  it('le portrait d’un territoire arrive avec ses chiffres, ses phrases et la carte de ses communes', async () => {
    const html = await (await app.request('/territoire/epci:200066819')).text();
    expect(html).toMatch(/<h1[^>]*>CC du Volvestre/);
    expect(html).toContain('<title>CC du Volvestre — portrait — Socle</title>');
    const given = answersOf(html);
    // What the early script asks for, then what the page's render asked for beyond it: its map's extent and values.
    expect(Object.keys(given.answers)).toEqual(
      expect.arrayContaining([
        '/api/v1/indicators',
        '/api/v1/territories/epci:200066819',
        '/api/v1/territories/epci:200066819/portrait',
        '/api/v1/territories/epci:200066819/extent?level=com',
        '/api/v1/indicators/taux_chomage_15_64/values?within=epci:200066819&level=com',
      ]),
    );
    // A sentence of the portrait, with French number formats, as the browser writes it.
    expect(html).toMatch(/La part des [^<]*(supérieure|inférieure|proche)/);
    // The map of its 32 communes, drawn.
    expect(given.picture).toEqual({ count: 32 });
    expect(html).toMatch(/<div class="socle-map__image" data-cle="\/api\/v1\/territories\/epci:200066819\/tiles\//);
    expect(html).not.toContain('Chargement de la carte');
  });

  it('le portrait d’une commune : la carte des communes de son EPCI, la commune soulignée comme sur la carte interactive', async () => {
    const html = await (await app.request('/territoire/com:31555')).text();
    expect(answersOf(html).picture).toEqual({ count: 37 });
    expect(html).toMatch(/<div class="socle-map__image" data-cle="\/api\/v1\/territories\/epci:243100518\/tiles\//);
    expect(html).toMatch(/<path fill="none" stroke="#000091" stroke-width="2.5"[^>]* d="M/);
  });

  it('toutes les pages de l’application arrivent rendues, avec leur titre et les réponses qu’elles demandent', async () => {
    const pages: [string, string, string[]][] = [
      ['/', 'Socle — observatoire des territoires', ['/api/v1/perimeters']],
      ['/comparer?territoires=epci:200066819,epci:243100518', 'Comparer des territoires — Socle', []],
      ['/donnees', 'Données — Socle', ['/api/v1/datasets']],
      ['/donnees/import', 'Importer un fichier — Socle', ['/healthz']],
      ['/perimetres', 'Périmètres — Socle', ['/healthz']],
    ];
    for (const [path, title, asked] of pages) {
      const html = await (await app.request(path)).text();
      expect(html, path).not.toContain('<div id="root"></div>');
      expect(html, path).toContain(`<title>${title}</title>`);
      expect(Object.keys(answersOf(html).answers), path).toEqual(expect.arrayContaining(asked));
    }
    // The home page's recent territories are this browser's: not in the page the server writes.
    expect(await (await app.request('/')).text()).not.toContain('Vus récemment');
    // An address that is no page: « Page introuvable », with the status 404.
    const nowhere = await app.request('/nulle-part');
    expect(nowhere.status).toBe(404);
    const html = await nowhere.text();
    expect(html).toContain('<title>Page introuvable — Socle</title>');
    expect(html).toMatch(/<h1[^>]*>Page introuvable<\/h1>/);
  });
});
