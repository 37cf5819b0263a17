// The indicator services on the real files of ../shared/data, imported through the real import, on every store
// (SQLite, and PostgreSQL when DATABASE_URL points to one): the same figures on both.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../test/helpers/test-stores.js';
import type { IndicatorValue } from '../../core/indicators/indicator.types.js';
import type { AppContext } from '../context.js';
import { importFile } from '../import/import-file.service.js';
import { createPerimeter } from '../perimeter/perimeter.service.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { buildMap } from './build-map.service.js';
import { buildPortrait } from './build-portrait.service.js';
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { findSimilar } from './find-similar.service.js';
import { getValue, type GetValueInput } from './get-value.service.js';
import { listIndicatorValues } from './list-indicator-values.service.js';
import { listIndicators } from './list-indicators.service.js';
import { warmIndicators } from './warm-indicators.service.js';
import { listDatasets } from '../import/list-datasets.service.js';

const DEMO: [string, number?][] = [
  ['insee/base_cc_comparateur_31.csv'],
  ['insee/cc_filosofi_2021_COM_31.csv'],
  ['insee/dossier_complet_light_sample_31546-31589.csv'],
  ['insee/populations_legales_2023_communes_31.csv', 2023],
  ['caf/inseecaf2021_31.csv', 2021],
  ['geo/communes-31-cog2026.geojson'],
];

/** A column of one of the real files, by commune code (`s`, `nd` and empty cells left out). */
const fileColumn = (file: string, column: string, codeColumn = 'CODGEO'): Map<string, number> => {
  const [header, ...lines] = readFileSync(sharedData(file), 'utf8').trim().split(/\r?\n/);
  const names = header.split(';');
  const k = names.indexOf(column);
  const c = names.indexOf(codeColumn);
  const out = new Map<string, number>();
  for (const line of lines) {
    const cells = line.split(';');
    const v = cells[k];
    if (v && v !== 's' && v !== 'nd') out.set(cells[c], Number(v.replace(',', '.')));
  }
  return out;
};

const dir = mkdtempSync(join(tmpdir(), 'socle-indicators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(storeTargets())('indicateurs sur les fichiers réels ($name)', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create();
    for (const [file, millesime] of DEMO) {
      const r = await importFile(ctx, { filePath: sharedData(file), millesime });
      if (!r.ok) throw new Error(`${file} : ${r.error.message}`);
    }
    const p = await createPerimeter(ctx, { slug: 'sud-haute-garonne', name: 'Sud Haute-Garonne', members: ['epci:200066819', 'epci:200072643', 'epci:200073146'] });
    if (!p.ok) throw new Error(p.error.message);
  }, 240_000);
  afterAll(async () => target.destroy(ctx));

  const value = async (name: string, ref: string, millesime?: number): Promise<IndicatorValue> => {
    const input: GetValueInput = { name, ref, millesime };
    const r = await getValue(ctx, input);
    if (!r.ok) throw new Error(`${r.error.code} : ${r.error.message}`);
    return r.value;
  };

  it('donne les chiffres attendus du contrat', async () => {
    expect((await value('taux_chomage_15_64', 'com:31555')).value).toBeCloseTo(14.2947, 4);
    expect((await value('taux_chomage_15_64', 'epci:243100518')).value).toBeCloseTo(12.6043, 4);
    expect((await value('taux_chomage_15_64', 'dep:31')).value).toBeCloseTo(11.0801, 4);
    expect(await value('taux_chomage_15_64', 'com:31555')).toMatchObject({
      name: 'taux_chomage_15_64',
      territory: 'com:31555',
      millesime: 2022,
      unit: '%',
      status: 'ok',
      parts: { numerator: 38258.0066548556, denominator: 267637.52277028 },
      sources: [{ dataset: 'Base du comparateur de territoires 2025', millesime: 2022 }],
    });
    // The dossier complet's age groups over the comparateur's P22_POP: two datasets, one millésime.
    const old = await value('part_75_plus', 'com:31555');
    expect(old.value).toBeCloseTo(((27971.7220591417 + 5500.79920753107) / 511684) * 100, 10);
    expect(old.sources.map((s) => s.millesime)).toEqual([2022, 2022]);
    expect(old.sources).toHaveLength(2);
    // The whole asked by its name, made of its two parts (no file here has P22_POP75P).
    expect(await value('P_POP75P', 'com:31555')).toMatchObject({ status: 'ok', millesime: 2022, value: 27971.7220591417 + 5500.79920753107 });
    expect(await value('revenu_median', 'epci:243100518')).toMatchObject({ status: 'not_aggregable', value: null, millesime: 2021 });
    expect(await value('P22_POP', 'epci:243100518')).toMatchObject({ status: 'ok', value: 832348, millesime: 2022 });
    expect((await value('P22_MEN', 'epci:243100518')).value).toBeCloseTo(426048.5166662092, 6);
    expect(await value('P22_POP', 'epci:200034023')).toMatchObject({ status: 'partial', missing: { count: 20 } });
    expect(await value('PMUN', 'dep:31', 2023)).toMatchObject({ status: 'ok', value: 1471468 });
    expect(await value('MED21', 'com:31555')).toMatchObject({ status: 'ok', value: 22140 });
    expect(await value('TP6021', 'com:31555')).toMatchObject({ status: 'ok', value: 22 });
    expect(await value('a', 'com:31555', 2021)).toMatchObject({ status: 'ok', value: 166186 });
    expect(await value('P_POP', 'com:31555', 2016)).toMatchObject({ status: 'ok', value: 475438 });
    // NAIS1621 − DECE1621: births and deaths cumulated from 2016 to 2021, said so; a year's count has no period.
    expect(await value('solde_naturel_periode', 'com:31555')).toMatchObject({ status: 'ok', millesime: 2021, cumulated: [2016, 2021] });
    expect(await value('solde_naturel', 'com:31555')).not.toHaveProperty('cumulated');
    expect(await value('evolution_population_annuelle', 'com:31555')).toMatchObject({ period: [2016, 2022] });
    expect(await value('evolution_population_annuelle', 'com:31555')).not.toHaveProperty('cumulated');
  });

  it('l’évolution de la population se partage entre solde naturel et solde apparent, sur les sommes du département, avec les naissances et décès de 2016 à 2021', async () => {
    const file = 'insee/base_cc_comparateur_31.csv';
    const [p22, p16, nais, dece] = ['P22_POP', 'P16_POP', 'NAIS1621', 'DECE1621'].map((c) => [...fileColumn(file, c).values()].reduce((a, b) => a + b, 0));
    const rate = (Math.pow(p22 / p16, 1 / 6) - 1) * 100;
    const natural = (rate * (nais - dece)) / (p22 - p16);
    const value = async (name: string, ref: string) => {
      const v = await getValue(ctx, { name, ref });
      if (!v.ok) throw new Error(v.error.message);
      return v.value;
    };
    const sn = await value('evolution_population_solde_naturel', 'dep:31');
    expect(sn).toMatchObject({ status: 'ok', millesime: 2022, period: [2016, 2022] });
    expect(sn.value).toBeCloseTo(natural, 10);
    expect((await value('evolution_population_solde_migratoire', 'dep:31')).value).toBeCloseTo(rate - natural, 10);
    // Toulouse: 1,23 %/an, of which 0,76 from births minus deaths.
    expect((await value('evolution_population_solde_naturel', 'com:31555')).value).toBeCloseTo(((Math.pow(511684 / 475438, 1 / 6) - 1) * 100 * (39572 - 17228)) / (511684 - 475438), 10);
  });

  it('la population d’un périmètre est la somme de ses 191 communes', async () => {
    const per = await resolveTerritory(ctx, 'per:sud-haute-garonne');
    if (!per.ok) throw new Error(per.error.message);
    expect(per.value.members).toHaveLength(191);
    const pmun = fileColumn('insee/populations_legales_2023_communes_31.csv', 'PMUN', 'COM');
    const expected = Array.from(per.value.members, (i) => pmun.get(ctx.referential.codes[i])!).reduce((a, b) => a + b, 0);
    expect(await value('population', 'per:sud-haute-garonne')).toMatchObject({ status: 'ok', value: expected, millesime: 2023 });
  });

  it('un ratio sur deux communes réelles est le ratio des sommes, pas la moyenne des ratios', async () => {
    await createPerimeter(ctx, { slug: 'toulouse-agassac', name: 'Toulouse et Agassac', members: ['com:31555', 'com:31001'] });
    const chom = fileColumn('insee/base_cc_comparateur_31.csv', 'P22_CHOM1564');
    const act = fileColumn('insee/base_cc_comparateur_31.csv', 'P22_ACT1564');
    const both = await value('taux_chomage_15_64', 'per:toulouse-agassac');
    const ratioOfSums = ((chom.get('31555')! + chom.get('31001')!) / (act.get('31555')! + act.get('31001')!)) * 100;
    expect(both.value).toBeCloseTo(ratioOfSums, 10);
    const meanOfRatios = ((await value('taux_chomage_15_64', 'com:31555')).value! + (await value('taux_chomage_15_64', 'com:31001')).value!) / 2;
    // Agassac (117 inhabitants, 20 % of unemployment) would weigh as much as Toulouse in a mean of ratios.
    expect(Math.abs(meanOfRatios - both.value!)).toBeGreaterThan(2);
  });

  it('une part d’allocataires se calcule sur les IRIS qui publient à la fois le numérateur et le dénominateur', async () => {
    // From the file: the IRIS of a commune that give both `am` (single parents) and `a` (allocataires).
    const [header, ...lines] = readFileSync(sharedData('caf/inseecaf2021_31.csv'), 'utf8').trim().split(/\r?\n/);
    const names = header.split(';').map((n) => n.replace(/"/g, ''));
    const rows = lines.map((l) => Object.fromEntries(l.split(';').map((c, k) => [names[k], c.replace(/"/g, '')])));
    const complete = (commune: string, num: string) => {
      let n = 0;
      let d = 0;
      let all = 0;
      for (const r of rows.filter((x) => x.iris_code.startsWith(commune))) {
        if (r.a !== '') all += Number(r.a);
        if (r[num] === '' || r.a === '') continue;
        n += Number(r[num]);
        d += Number(r.a);
      }
      return { value: (n / d) * 100, n, d, share: d / all };
    };
    // L'Union: two IRIS (423 allocataires) withhold `am`; counting them in the denominator only read 13,5 %.
    const union = complete('31561', 'am');
    const v = await value('part_allocataires_monoparents', 'com:31561');
    expect(v).toMatchObject({ status: 'partial', parts: { numerator: union.n, denominator: union.d } });
    expect(v.value).toBeCloseTo(union.value, 12);
    expect(v.value).toBeCloseTo((240 / 1351) * 100, 12);
    // Its coverage is the share of its allocataires in those IRIS, not 100 %.
    expect(v.coverage).toBeCloseTo(union.share, 12);
    // Toulouse's APL share, and Toulouse Métropole's: the sums over every commune, each over its paired IRIS.
    const toulouse = complete('31555', 'aapl');
    expect((await value('part_allocataires_apl', 'com:31555')).value).toBeCloseTo(toulouse.value, 12);
    const metropole = await value('part_allocataires_apl', 'epci:243100518');
    const members = await resolveTerritory(ctx, 'epci:243100518');
    if (!members.ok) throw new Error(members.error.message);
    const communes = new Set(Array.from(members.value.members, (i) => ctx.referential.codes[i]));
    const sums = [...new Set(rows.map((r) => r.iris_code.slice(0, 5)))].filter((c) => communes.has(c)).map((c) => complete(c, 'aapl')).filter((c) => c.d > 0);
    expect(metropole.value).toBeCloseTo((sums.reduce((a, c) => a + c.n, 0) / sums.reduce((a, c) => a + c.d, 0)) * 100, 10);
    // The variable itself is still the sum of what is published, and the catalogue lists the file's 21 variables.
    expect((await value('CAF_AM', 'com:31561')).value).toBe(union.n);
    const listed = await listDatasets(ctx);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.find((d) => d.file_name === 'inseecaf2021_31.csv')?.variables).toBe(21);
  });

  it('un ménage fiscal masqué rend la somme partielle et nomme les communes', async () => {
    const menages = fileColumn('insee/cc_filosofi_2021_COM_31.csv', 'NBMENFISC21');
    const epci = await resolveTerritory(ctx, 'epci:200066819');
    if (!epci.ok) throw new Error(epci.error.message);
    const codes = Array.from(epci.value.members, (i) => ctx.referential.codes[i]);
    const withheld = codes.filter((c) => !menages.has(c)).sort();
    expect(withheld.length).toBeGreaterThan(0);
    const v = await value('menages_fiscaux', 'epci:200066819');
    expect(v.status).toBe('partial');
    expect(v.value).toBe(codes.filter((c) => menages.has(c)).reduce((a, c) => a + menages.get(c)!, 0));
    expect(v.missing).toEqual({ count: withheld.length, communes: withheld });
  });

  it('refuse un mélange de millésimes et un nom inconnu', async () => {
    expect(await getValue(ctx, { name: 'P22_POP+P16_POP', ref: 'com:31555' })).toMatchObject({ ok: false, error: { code: 'MILLESIMES_MELANGES' } });
    expect(await getValue(ctx, { name: 'P22_POP', ref: 'com:31555', millesime: 2016 })).toMatchObject({ ok: false, error: { code: 'MILLESIMES_MELANGES' } });
    const sum = await value('P22_POP7589+P22_POP90P', 'com:31555');
    expect(sum.value).toBeCloseTo(27971.7220591417 + 5500.79920753107, 8);
    const unknown = await getValue(ctx, { name: 'taux_chomage', ref: 'com:31555' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INDICATEUR_INCONNU' } });
    expect(unknown.ok ? '' : unknown.error.message).toContain('taux_chomage_15_64');
    // No data for a known indicator is an answer, not an error.
    expect(await value('indice_vieillissement', 'com:31555')).toMatchObject({ status: 'missing', value: null });
  });

  it('le jeu de données importé le plus récemment l’emporte, commune par commune', async () => {
    const path = join(dir, `correctif-${target.name}.csv`);
    writeFileSync(path, 'CODGEO;P22_POP\n31001;120\n');
    const r = await importFile(ctx, { filePath: path });
    if (!r.ok) throw new Error(r.error.message);
    expect(await value('P22_POP', 'com:31001')).toMatchObject({ value: 120, sources: [{ datasetId: r.value.datasetId }] });
    // Toulouse keeps the comparateur's figure.
    expect(await value('P22_POP', 'com:31555')).toMatchObject({ value: 511684, sources: [{ dataset: 'Base du comparateur de territoires 2025' }] });
  });

  it('liste au moins 60 indicateurs avec le millésime que les données permettent', async () => {
    const list = await listIndicators(ctx);
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.length).toBeGreaterThanOrEqual(60);
    expect(list.value.find((i) => i.id === 'taux_chomage_15_64')).toMatchObject({ millesime: 2022, formula: 'Σ P_CHOM1564 / Σ P_ACT1564 × 100', unit: '%' });
    expect(list.value.find((i) => i.id === 'indice_vieillissement')!.millesime).toBeNull();
  });

  it('fait le portrait de la CC du Volvestre : références, rangs, évolutions et phrases', async () => {
    const p = await buildPortrait(ctx, 'epci:200066819');
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.references.map((r) => r.territory)).toEqual(['dep:31', 'reg:76', 'fr']);
    const all = p.value.domains.flatMap((d) => d.indicators);
    expect(all.length).toBeGreaterThanOrEqual(60);
    const chomage = all.find((i) => i.id === 'taux_chomage_15_64')!;
    expect(chomage.references[0]).toMatchObject({ territory: 'dep:31', status: 'ok' });
    expect(chomage.references[0].value).toBeCloseTo(11.0801, 4);
    // Only Haute-Garonne is loaded: ranked among its EPCI; a rank « in France » would be the same among the same EPCI.
    expect(chomage.ranks.map((r) => r.within)).toEqual(['dep:31']);
    expect(chomage.sentence).toMatch(/^Le taux de chômage des 15-64 ans \(\d+,\d\u202F%\) est (inférieur|supérieur) à celui de la Haute-Garonne \(11,1\u202F%\)/);
    const emploi = all.find((i) => i.id === 'emplois')!;
    expect(emploi.evolution).toMatchObject({ from: 2016, to: 2022 });
    expect(all.find((i) => i.id === 'revenu_median')).toMatchObject({ value: { status: 'not_aggregable' }, sentence: null });
    expect(p.value.sources.map((s) => s.title)).toContain('Base du comparateur de territoires 2025');
  });

  it('écrit les phrases du portrait de Toulouse', async () => {
    const p = await buildPortrait(ctx, 'com:31555');
    if (!p.ok) throw new Error(p.error.message);
    const sentence = (id: string) => p.value.domains.flatMap((d) => d.indicators).find((i) => i.id === id)!.sentence;
    expect(['part_75_plus', 'taux_chomage_15_64', 'revenu_median', 'taux_pauvrete', 'part_proprietaires', 'population', 'allocataires_caf'].map(sentence)).toMatchInlineSnapshot(`
      [
        "La part des 75 ans ou plus est de 6,5 %.",
        "Le taux de chômage des 15-64 ans (14,3 %) est supérieur à celui de Toulouse Métropole (12,6 %), un écart défavorable.",
        "Le revenu médian est de 22 140 €.",
        "Le taux de pauvreté est de 22,0 %.",
        "La part des ménages propriétaires (32,2 %) est inférieure à celle de Toulouse Métropole (40,4 %).",
        "La population (514 819 hab.) représente 61,2 % de celle de Toulouse Métropole (841 524 hab.).",
        "Le nombre d’allocataires CAF est de 166 186.",
      ]
    `);
  });

  it('ne compare pas avec une référence connue pour peu de ses habitants : elle est donnée manquante, avec sa couverture', async () => {
    const p = await buildPortrait(ctx, 'com:31555');
    if (!p.ok) throw new Error(p.error.message);
    const all = p.value.domains.flatMap((d) => d.indicators);
    // The dossier complet sample has 44 communes: Toulouse Métropole's 75+ share would be mostly Toulouse's own.
    const aged = all.find((i) => i.id === 'part_75_plus')!;
    const tm = aged.references.find((r) => r.territory === 'epci:243100518')!;
    expect(tm).toMatchObject({ value: null, status: 'missing' });
    expect(tm.coverage).toBeGreaterThan(0.5);
    expect(tm.coverage).toBeLessThan(0.9);
    // The comparateur covers every commune of Haute-Garonne: its references are compared.
    const chomage = all.find((i) => i.id === 'taux_chomage_15_64')!;
    expect(chomage.references.find((r) => r.territory === 'epci:243100518')).toMatchObject({ status: 'ok' });
    // The same figure asked alone says it is partial, and how much of the EPCI it covers.
    const v = await getValue(ctx, { name: 'part_75_plus', ref: 'epci:243100518' });
    if (!v.ok) throw new Error(v.error.message);
    expect(v.value.status).toBe('partial');
    expect(v.value.coverage).toBeCloseTo(tm.coverage!, 12);
  });

  it('ne donne pas d’évolution d’une variation : « depuis 2016 » se lit sur une population, pas sur sa variation', async () => {
    // The variation 2011–2016 would also come from the 8 communes of the dossier complet sample only (P11_POP).
    const p = await buildPortrait(ctx, 'per:sud-haute-garonne');
    if (!p.ok) throw new Error(p.error.message);
    const all = p.value.domains.flatMap((d) => d.indicators);
    expect(all.find((i) => i.id === 'variation_population')!.evolution).toBeNull();
    expect(all.find((i) => i.id === 'population_rp')!.evolution).toMatchObject({ from: 2016, to: 2022 });
  });

  it('compare avec les références demandées', async () => {
    const p = await buildPortrait(ctx, 'com:31555', { compare: ['dep:31', 'com:31069'] });
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.references).toEqual([
      { territory: 'dep:31', name: 'Haute-Garonne' },
      { territory: 'com:31069', name: 'Blagnac' },
    ]);
    expect(await buildPortrait(ctx, 'com:31555', { compare: ['dep:99'] })).toMatchObject({ ok: false, error: { code: 'TERRITOIRE_INCONNU' } });
    // Named twice, one reference; more than ten, refused.
    const twice = await buildPortrait(ctx, 'com:31555', { compare: ['dep:31', 'DEP:31', 'com:31069'] });
    expect(twice.ok && twice.value.references.map((r) => r.territory)).toEqual(['dep:31', 'com:31069']);
    const many = await buildPortrait(ctx, 'com:31555', { compare: Array.from({ length: 11 }, (_, k) => `com:310${String(k + 10)}`) });
    expect(many).toMatchObject({ ok: false, error: { code: 'PARAMETRE_INVALIDE', message: '--compare : 11 références, au plus 10 (un portrait se lit contre quelques territoires)' } });
  });

  it('un portrait d’un public ou de quelques domaines : seulement leurs indicateurs ; un public inconnu est refusé avec la liste', async () => {
    const all = await buildPortrait(ctx, 'com:31555');
    const elderly = await buildPortrait(ctx, 'com:31555', { publics: ['personnes âgées'] });
    if (!all.ok || !elderly.ok) throw new Error('portrait refusé');
    const ids = (p: typeof all.value) => p.domains.flatMap((d) => d.indicators.map((i) => i.id));
    const expected = INDICATORS.filter((d) => d.publics.includes('personnes_agees')).map((d) => d.id);
    expect(ids(elderly.value).sort()).toEqual([...expected].sort());
    expect(ids(elderly.value)).toContain('part_75_plus');
    // The same figures as in the whole portrait.
    const whole = all.value.domains.flatMap((d) => d.indicators).find((i) => i.id === 'part_75_plus');
    expect(elderly.value.domains.flatMap((d) => d.indicators).find((i) => i.id === 'part_75_plus')).toEqual(whole);
    const two = await buildPortrait(ctx, 'com:31555', { domains: ['logement,Emploi et chômage'] });
    expect(two.ok && two.value.domains.map((d) => d.id)).toEqual(['emploi_chomage', 'logement']);
    const bad = await buildPortrait(ctx, 'com:31555', { publics: ['retraités'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'PARAMETRE_INVALIDE' } });
    expect(!bad.ok && bad.error.message).toMatch(/^--public « retraités » : valeurs possibles familles \(familles\), jeunes \(jeunes\), personnes_agees \(personnes âgées\)/);
  });

  it('refuse les semblables d’une collectivité d’outre-mer et de ses communes, hors de la France des statistiques', async () => {
    for (const [ref, what] of [['dep:987', 'collectivité d’outre-mer'], ['com:98735', 'commune d’une collectivité d’outre-mer']]) {
      const s = await findSimilar(ctx, ref);
      expect(s.ok).toBe(false);
      if (!s.ok) expect(s.error.message).toContain(`: ${what}, hors de la France des statistiques`);
    }
  });

  it('trouve des communes semblables, avec la raison', async () => {
    const s = await findSimilar(ctx, 'com:31069', 3);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.similar).toHaveLength(3);
    for (const x of s.value.similar) {
      expect(x.ref).toMatch(/^com:31/);
      expect(x.reason).toMatch(/^proche sur : /);
    }
    expect(s.value.similar.map((x) => x.distance)).toEqual([...s.value.similar.map((x) => x.distance)].sort((a, b) => a - b));
  });

  it('donne les valeurs des communes d’un département avec leurs classes, et la carte', async () => {
    const v = await listIndicatorValues(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'com' });
    if (!v.ok) throw new Error(v.error.message);
    expect(v.value.values).toHaveLength(586);
    expect(v.value.values.find((x) => x.ref === 'com:31555')!.value).toBeCloseTo(14.2947, 4);
    expect(v.value.classes.labels).toHaveLength(5);
    expect(v.value.classes.counts.reduce((a, b) => a + b, 0)).toBe(v.value.values.filter((x) => x.value !== null).length);
    const epcis = await listIndicatorValues(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'epci', method: 'jenks', classes: 3 });
    expect(epcis.ok && epcis.value.values).toHaveLength(18);
    // CC Tarn-Agout reaches into Haute-Garonne by one commune (2 % of its inhabitants): its figure is listed, not classed.
    if (!epcis.ok) throw new Error(epcis.error.message);
    const tarn = epcis.value.values.find((x) => x.ref === 'epci:200034023')!;
    expect(tarn).toMatchObject({ status: 'partial', class: -1, rank: null });
    expect(tarn.coverage).toBeLessThan(0.05);
    expect(epcis.value.classes.counts.reduce((a, b) => a + b, 0)).toBe(epcis.value.values.filter((x) => x.class >= 0).length);
    expect(epcis.value.values.filter((x) => x.class >= 0).length).toBeLessThan(18);
    const epciMap = await buildMap(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'epci' });
    if (!epciMap.ok) throw new Error(epciMap.error.message);
    expect(epciMap.value.svg).toMatch(/non représentatif \(\d+\)/);
    const map = await buildMap(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'com' });
    if (!map.ok) throw new Error(map.error.message);
    expect(map.value.svg.match(/<path data-ref="com:/g)).toHaveLength(586);
    expect(map.value.svg).toContain('<title>Toulouse : 14,3\u202F%</title>');
    expect(map.value.svg).toContain('Source : INSEE, Base du comparateur de territoires 2025 — millésime 2022');
    expect(await listIndicatorValues(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'iris' })).toMatchObject({ ok: false, error: { code: 'PARAMETRE_INVALIDE' } });
  });

  it('la mise en train d’un serveur prépare les classements et les matrices de la première commune peuplée qui a des données', async () => {
    ctx.invalidate();
    // Paris, Marseille and Lyon have no data here: Toulouse is the first commune with values.
    expect(await warmIndicators(ctx)).toBe('com:31555');
    expect([...ctx.cache.keys()].filter((k) => k.startsWith('indicators:similar:')).sort()).toEqual(['indicators:similar:com', 'indicators:similar:dep', 'indicators:similar:epci']);
    const similar = await findSimilar(ctx, 'com:31069');
    expect(similar.ok && similar.value.similar).toHaveLength(5);
  });

  it('l’indicateur de concentration d’emploi rapporte les emplois aux actifs occupés de 15 ans ou plus, comme l’INSEE', async () => {
    // The dossier complet's employed residents, of 15 or more and of 15 to 64 (the emplois count workers of any age).
    const path = join(dir, `actifs-occupes-${target.name}.csv`);
    writeFileSync(path, 'CODGEO;P22_ACTOCC15P;P22_ACTOCC1564\n31555;226000.5;221500.25\n');
    const r = await importFile(ctx, { filePath: path });
    if (!r.ok) throw new Error(r.error.message);
    // P22_EMPLT of Toulouse in the comparateur: 353452.346016466.
    const v = await value('indicateur_concentration_emploi', 'com:31555');
    expect(v).toMatchObject({ status: 'ok', millesime: 2022 });
    expect(v.value).toBeCloseTo((353452.346016466 / 226000.5) * 100, 9);
  });

  it('la base infracommunale donne les 75 ans ou plus entiers (P22_POP75P), le dossier complet en deux tranches : la part se calcule avec l’un ou l’autre', async () => {
    // Two IRIS of Toulouse (31555) and the single IRIS of Agassac (31001), in the IRIS base's layout with its zoning
    // and label columns; Agassac is not in the dossier complet sample.
    const path = join(dir, `base-ic-evol-struct-pop-${target.name}.csv`);
    writeFileSync(
      path,
      [
        'IRIS;REG;DEP;UU2020;COM;LIBCOM;LIBIRIS;TYP_IRIS;MODIF_IRIS;LAB_IRIS;P22_POP75P;P22_POP0014',
        '310010000;76;31;31000;31001;Agassac;Agassac;Z;00;5;10.5;15.25',
        '315550101;76;31;31701;31555;Toulouse;Capitole;H;00;1;199.25;200.5',
        '315550102;76;31;31701;31555;Toulouse;Arnaud Bernard;H;00;1;198.75;300.5',
      ].join('\n'),
    );
    const r = await importFile(ctx, { filePath: path });
    if (!r.ok) throw new Error(r.error.message);
    // The zoning and label columns are not figures.
    expect(r.value.variables.map((x) => x.published_name)).toEqual(['P22_POP75P', 'P22_POP0014']);
    // Agassac: the whole from the IRIS base over the comparateur's P22_POP (two datasets, one millésime).
    const agassac = await value('part_75_plus', 'com:31001');
    const pop = await value('P22_POP', 'com:31001');
    expect(agassac).toMatchObject({ status: 'ok', millesime: 2022 });
    expect(agassac.value).toBeCloseTo((10.5 / pop.value!) * 100, 9);
    // Toulouse: the whole given by a file wins over its parts (398, not 27 971,7 + 5 500,8).
    expect(await value('population_75_plus', 'com:31555')).toMatchObject({ status: 'ok', value: 398 });
  });
});

describe.each(storeTargets())('une édition plus récente chargée pour un autre département ($name)', (target) => {
  let ctx: AppContext;
  const value = async (name: string, ref: string, millesime?: number): Promise<IndicatorValue> => {
    const r = await getValue(ctx, { name, ref, ...(millesime ? { millesime } : {}) });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  beforeAll(async () => {
    ctx = await target.create();
    const r = await importFile(ctx, { filePath: sharedData('insee/base_cc_comparateur_31.csv') });
    if (!r.ok) throw new Error(r.error.message);
    // Two communes of the Tarn (Albi, Castres) in a 2023 edition of the same base: the 2022 one covers the 586
    // communes of the Haute-Garonne, the 2023 one only these two.
    const path = join(dir, `tarn-2023-${target.name}.csv`);
    writeFileSync(path, ['CODGEO;P23_POP;P23_CHOM1564;P23_ACT1564', '81004;49612;3100;22000', '81065;41822;2900;18500'].join('\n'));
    const t = await importFile(ctx, { filePath: path });
    if (!t.ok) throw new Error(t.error.message);
  }, 120_000);

  it('chaque territoire prend le millésime le plus récent qui atteint ses communes : 2022 en Haute-Garonne, 2023 dans le Tarn', async () => {
    expect(await value('taux_chomage_15_64', 'com:31555')).toMatchObject({ status: 'ok', millesime: 2022 });
    expect((await value('taux_chomage_15_64', 'com:31555')).value).toBeCloseTo(14.2947095978367, 10);
    expect(await value('taux_chomage_15_64', 'dep:31')).toMatchObject({ status: 'ok', millesime: 2022 });
    expect((await value('taux_chomage_15_64', 'dep:31')).value).toBeCloseTo(11.080112829552617, 10);
    expect(await value('taux_chomage_15_64', 'com:81004')).toMatchObject({ status: 'ok', millesime: 2023 });
    expect((await value('taux_chomage_15_64', 'com:81004')).value).toBeCloseTo((3100 / 22000) * 100, 10);
    // A variable named without its millésime follows the same rule; asked at a millésime, it keeps it.
    expect(await value('P_POP', 'dep:31')).toMatchObject({ status: 'ok', value: 1456261, millesime: 2022 });
    expect(await value('P_POP', 'com:81065')).toMatchObject({ status: 'ok', value: 41822, millesime: 2023 });
    expect(await value('P_POP', 'dep:31', 2023)).toMatchObject({ status: 'missing', millesime: 2023 });
    expect(await value('taux_chomage_15_64', 'com:31555', 2023)).toMatchObject({ status: 'missing', millesime: 2023 });
  });

  it('le tableau des communes, le portrait et ses références sont au millésime du territoire demandé', async () => {
    const table = await listIndicatorValues(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'com' });
    if (!table.ok) throw new Error(table.error.message);
    expect(table.value.millesime).toBe(2022);
    expect(table.value.values.filter((v) => v.value !== null)).toHaveLength(585);
    const p = await buildPortrait(ctx, 'com:31555');
    if (!p.ok) throw new Error(p.error.message);
    const chomage = p.value.domains.flatMap((d) => d.indicators).find((i) => i.id === 'taux_chomage_15_64')!;
    expect(chomage.value).toMatchObject({ status: 'ok', millesime: 2022 });
    expect(chomage.references.find((r) => r.territory === 'dep:31')).toMatchObject({ status: 'ok', millesime: 2022 });
    const albi = await buildPortrait(ctx, 'com:81004');
    if (!albi.ok) throw new Error(albi.error.message);
    const tarn = albi.value.domains.flatMap((d) => d.indicators).find((i) => i.id === 'taux_chomage_15_64')!;
    expect(tarn.value).toMatchObject({ status: 'ok', millesime: 2023 });
    // The Tarn's reference is read at 2023 too, from the two communes loaded: no longer compared as a whole.
    expect(tarn.references.find((r) => r.territory === 'dep:81')).toMatchObject({ millesime: 2023 });
    // Each territory's change is from the millésime before its own: none for Albi (not in 2022), 2016 → 2022 for
    // Blagnac, whichever portrait came first.
    const population = (portrait: Awaited<ReturnType<typeof buildPortrait>>) => (portrait.ok ? portrait.value.domains.flatMap((d) => d.indicators).find((i) => i.id === 'population_rp') : undefined);
    expect(population(albi)?.evolution).toBeNull();
    expect(population(await buildPortrait(ctx, 'com:31069'))?.evolution).toMatchObject({ from: 2016, to: 2022 });
  });
});
