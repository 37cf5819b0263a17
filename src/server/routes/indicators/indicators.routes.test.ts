// The indicator and map routes through app.request(), on the demo data, on every store.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../../test/helpers/test-stores.js';
import type { AppContext } from '../../../services/context.js';
import { loadDemo } from '../../../services/demo/load-demo.service.js';
import { createApp } from '../../app.js';

describe.each(storeTargets())('routes des indicateurs et des cartes sur $name', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ctx = await target.create();
    const loaded = await loadDemo(ctx);
    if (!loaded.ok) throw new Error(loaded.error.message);
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  it('la liste des indicateurs contient ceux du contrat, avec leur millésime', async () => {
    const res = await app.request('/api/v1/indicators');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string; millesime: number | null }[];
    expect(list.length).toBeGreaterThanOrEqual(60);
    expect(list.find((i) => i.id === 'taux_chomage_15_64')?.millesime).toBe(2022);
    // Those of one public, of one domain; an unknown public is a 400 that lists them.
    const elderly = (await (await app.request('/api/v1/indicators?public=personnes_agees')).json()) as { id: string; publics: string[] }[];
    expect(elderly.length).toBeGreaterThan(5);
    expect(elderly.every((i) => i.publics.includes('personnes âgées'))).toBe(true);
    const housing = (await (await app.request('/api/v1/indicators?domaine=logement')).json()) as { domain: string }[];
    expect(new Set(housing.map((i) => i.domain))).toEqual(new Set(['logement']));
    const bad = await app.request('/api/v1/indicators?public=retraites');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^public= « retraites » : valeurs possibles familles/);
  });

  it('les valeurs par commune de la Haute-Garonne, avec les classes', async () => {
    const res = await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&level=com&method=jenks&classes=4');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { values: { ref: string; value: number | null }[]; classes: { method: string; counts: number[] } };
    expect(body.values).toHaveLength(586);
    expect(body.values.find((v) => v.ref === 'com:31555')?.value).toBeCloseTo(14.2947, 4);
    expect(body.classes.method).toBe('jenks');
    expect(body.classes.counts).toHaveLength(4);
  });

  it('les mêmes valeurs en CSV (point-virgule, virgule décimale) et en XLSX', async () => {
    const csv = await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('taux_chomage_15_64-dep-31-com.csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(587);
    expect(lines.find((l) => l.includes(';com:31555;'))).toMatch(/^\d+;com:31555;31555;Toulouse;14,29\d+;%;disponible;2022$/);
    // Caubous has no active person: its rate is not defined, which is not « no data ».
    expect(lines.find((l) => l.includes(';com:31127;'))).toBe(';com:31127;31127;Caubous;;%;non défini;2022');
    const json = (await (await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31')).json()) as { values: { ref: string; note?: string; status: string }[] };
    expect(json.values.find((v) => v.ref === 'com:31127')).toMatchObject({ status: 'missing', note: 'non défini : le dénominateur (P_ACT1564) vaut 0 sur ce territoire' });

    const xlsx = await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&format=xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.getWorksheet('Valeurs')!;
    expect(sheet.rowCount).toBe(587);
    expect(wb.getWorksheet('Définition et sources')).toBeDefined();
  });

  it('valeurs : un indicateur inconnu est un 404, un niveau ou un format inconnu un 400, within manquant un 400', async () => {
    expect((await app.request('/api/v1/indicators/inexistant/values?within=dep:31')).status).toBe(404);
    expect((await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&level=iris')).status).toBe(400);
    expect((await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&format=ods')).status).toBe(400);
    const missing = await app.request('/api/v1/indicators/taux_chomage_15_64/values');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('paramètre within manquant (par exemple within=dep:31)');
    expect((await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=com:99999')).status).toBe(404);
    // A millésime is four digits, as on the command line: not a hexadecimal number, nor one with spaces or a decimal.
    for (const bad of ['0x7E6', '2022%20', '02022', '2022.0', '1e3']) {
      const r = await app.request(`/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&millesime=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toContain('année attendue (quatre chiffres : 2022)');
    }
    expect((await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&millesime=2022')).status).toBe(200);
    // A parameter given twice is said to be.
    const twice = await app.request('/api/v1/indicators/taux_chomage_15_64/values?within=dep:31&within=com:31555');
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: { message: string } }).error.message).toBe('paramètre within donné 2 fois (« dep:31 », « com:31555 ») : une seule valeur attendue');
    // So on the routes validated by hand (the SVG map).
    const map = await app.request('/api/v1/maps/taux_chomage_15_64.svg?within=dep:31&within=com:31555');
    expect(map.status).toBe(400);
    expect(((await map.json()) as { error: { message: string } }).error.message).toBe('paramètre within donné 2 fois (« dep:31 », « com:31555 ») : une seule valeur attendue');
  });

  it('un niveau qui ne divise pas le territoire est un 400 qui dit les niveaux possibles, pour les valeurs comme pour la carte', async () => {
    for (const path of ['/api/v1/indicators/population/values', '/api/v1/maps/population.svg']) {
      const res = await app.request(`${path}?within=com:31555&level=dep`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: 'PARAMETRE_INVALIDE',
        message: 'niveau « dep » : Toulouse (com:31555) ne se divise pas en départements ; niveau attendu : com',
      });
    }
    const epci = await app.request('/api/v1/indicators/population/values?within=epci:200066819&level=dep');
    expect(((await epci.json()) as { error: { message: string } }).error.message).toContain('niveau attendu : com ou epci');
    expect((await app.request('/api/v1/indicators/population/values?within=com:31555&level=com')).status).toBe(200);
    expect((await app.request('/api/v1/indicators/population/values?within=per:sud-haute-garonne&level=epci')).status).toBe(200);
  });

  it('la carte SVG des 586 communes de la Haute-Garonne', async () => {
    const res = await app.request('/api/v1/maps/taux_chomage_15_64.svg?within=dep:31&level=com');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg.match(/data-ref="com:/g)).toHaveLength(586);
    expect(svg).toContain('Source');
  });

  it('carte : un indicateur inconnu est un 404, des paramètres invalides un 400, une autre extension n’existe pas', async () => {
    expect((await app.request('/api/v1/maps/inexistant.svg?within=dep:31')).status).toBe(404);
    expect((await app.request('/api/v1/maps/taux_chomage_15_64.svg?within=dep:31&classes=12')).status).toBe(400);
    expect((await app.request('/api/v1/maps/taux_chomage_15_64.svg')).status).toBe(400);
    expect((await app.request('/api/v1/maps/taux_chomage_15_64.png?within=dep:31')).status).toBe(404);
  });

  it('carte : un territoire sans contour chargé est un 422', async () => {
    const res = await app.request('/api/v1/maps/population.svg?within=dep:09&level=com');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUCUNE_DONNEE');
  });
});
