import { describe, expect, it } from 'vitest';
import { Referential } from '../referential/referential.js';
import type { RawCommune, RawReferential } from '../referential/referential.types.js';
import { classify, classIndex, classLabels } from './classification.js';
import { IndicatorEngine } from './engine.js';
import { getIndicator, INDICATORS } from './indicator-library.js';
import { MemoryVariableStore } from './memory-variable-store.js';
import { PortraitBuilder, containsAll, rankIn } from './portrait-builder.js';
import { findSimilarInMatrix } from './similar.js';

// A small country: région 76 with départements 31 (five communes in two EPCI) and 32 (two communes), région 75 with 33.
const buildCommune = (code: string, nom: string, departement: string, region: string, overrides: Partial<RawCommune> = {}): RawCommune => ({
  code,
  nom,
  type: 'commune-actuelle',
  zone: 'metro',
  departement,
  region,
  population: 1000,
  ...overrides,
});
const buildReferential = (): Referential => {
  const raw: RawReferential = {
    communes: [
      buildCommune('31001', 'Agassac', '31', '76'),
      buildCommune('31002', 'Aignes', '31', '76'),
      buildCommune('31003', 'Aigrefeuille', '31', '76'),
      buildCommune('31004', 'Ayguesvives', '31', '76'),
      buildCommune('31005', 'Aiguebelle', '31', '76'),
      buildCommune('32001', 'Aignan', '32', '76'),
      buildCommune('32002', 'Auch', '32', '76'),
      buildCommune('33001', 'Abzac', '33', '75'),
    ],
    epci: [
      { code: '200000001', nom: 'CC Un', type: 'CC', membres: [{ code: '31001', nom: '' }, { code: '31002', nom: '' }] },
      { code: '200000002', nom: 'CC Deux', type: 'CC', membres: [{ code: '31003', nom: '' }, { code: '31004', nom: '' }, { code: '31005', nom: '' }] },
      { code: '200000003', nom: 'CA Trois', type: 'CA', membres: [{ code: '32001', nom: '' }, { code: '32002', nom: '' }] },
    ],
    departements: [
      { code: '31', nom: 'Haute-Garonne', region: '76' },
      { code: '32', nom: 'Gers', region: '76' },
      { code: '33', nom: 'Gironde', region: '75' },
    ],
    regions: [
      { code: '75', nom: 'Nouvelle-Aquitaine' },
      { code: '76', nom: 'Occitanie' },
    ],
  };
  return new Referential(raw);
};

const buildStore = (r: Referential): MemoryVariableStore => {
  const s = new MemoryVariableStore(r.communeCount);
  //                      31001 31002 31003 31004 31005 32001 32002 33001
  s.set('P_CHOM1564', 2022, 'count', [10, 20, 30, 5, 8, 12, 40, 25]);
  s.set('P_ACT1564', 2022, 'count', [100, 100, 150, 100, 100, 100, 400, 200]);
  s.set('P_CHOM1564', 2016, 'count', [12, 18, 30, 6, 9, 10, 30, 20]);
  s.set('P_ACT1564', 2016, 'count', [100, 100, 150, 100, 100, 100, 400, 200]);
  s.set('P_POP', 2022, 'count', [500, 600, 900, 400, 450, 700, 2200, 1000]);
  s.set('P_POP', 2016, 'count', [480, 610, 800, 400, 420, 650, 2300, 900]);
  s.set('MED', 2021, 'median', [21000, 22000, { value: null, status: 'secret' }, 25000, 23000, 20000, 19500, 24000]);
  return s;
};

const setUp = () => {
  const r = buildReferential();
  const builder = new PortraitBuilder(new IndicatorEngine(buildStore(r), r.codes), r);
  return { r, builder };
};

const indicatorOf = (domains: ReturnType<PortraitBuilder['buildDomains']>, id: string) => domains.flatMap((d) => d.indicators).find((i) => i.id === id)!;

describe('portrait', () => {
  it('une commune a pour références son EPCI, son département, sa région et la France', () => {
    const { builder } = setUp();
    const t = builder.territory('com', '31003')!;
    expect(builder.defaultReferences(t).map((x) => [x.ref, x.contains])).toEqual([
      ['epci:200000002', true],
      ['dep:31', true],
      ['reg:76', true],
      ['fr', true],
    ]);
    const epci = builder.territory('epci', '200000001')!;
    expect(builder.defaultReferences(epci).map((x) => x.ref)).toEqual(['dep:31', 'reg:76', 'fr']);
    expect(builder.defaultReferences(builder.territory('dep', '32')!).map((x) => x.ref)).toEqual(['reg:76', 'fr']);
    expect(builder.defaultReferences(builder.territory('fr', '')!)).toEqual([]);
    // A perimeter within one EPCI is compared with it first.
    const within = { ref: 'per:agassac', kind: 'per' as const, code: 'agassac', name: 'Agassac seule', members: Int32Array.from([0]) };
    expect(builder.defaultReferences(within).map((x) => x.ref)).toEqual(['epci:200000001', 'dep:31', 'reg:76', 'fr']);
  });

  it('donne chaque indicateur par domaine, ses références, ses rangs, son évolution et sa phrase', () => {
    const { builder } = setUp();
    const t = builder.territory('com', '31003')!;
    const domains = builder.buildDomains(t, builder.defaultReferences(t));
    expect(domains.flatMap((d) => d.indicators)).toHaveLength(INDICATORS.length);
    const chomage = indicatorOf(domains, 'taux_chomage_15_64');
    expect(chomage.value).toMatchObject({ status: 'ok', millesime: 2022, value: 20 });
    expect(chomage.references.map((x) => [x.territory, x.value])).toEqual([
      ['epci:200000002', (43 / 350) * 100],
      ['dep:31', (73 / 550) * 100],
      ['reg:76', (125 / 1050) * 100],
      ['fr', (150 / 1250) * 100],
    ]);
    // 31003 (20 %) ties with 31002 for the highest rate: both rank 1, with 3 of 5 (6 of 8 in France) below them.
    expect(chomage.ranks).toEqual([
      { within: 'dep:31', rank: 1, count: 5, percentile: 60 },
      { within: 'fr', rank: 1, count: 8, percentile: 75 },
    ]);
    expect(chomage.evolution).toEqual({ from: 2016, to: 2022, valueFrom: 20, valueTo: 20, change: 0 });
    expect(chomage.sentence).toBe('Le taux de chômage des 15-64 ans (20,0\u202F%) est supérieur à celui de la CC Deux (12,3\u202F%), un écart défavorable.');
    const evolution = indicatorOf(domains, 'evolution_population_annuelle');
    expect(evolution.value.period).toEqual([2016, 2022]);
    expect(evolution.value.value).toBeCloseTo((Math.pow(900 / 800, 1 / 6) - 1) * 100, 10);
    // No data for the age groups: missing, with no sentence and no rank.
    expect(indicatorOf(domains, 'part_75_plus')).toMatchObject({ value: { status: 'missing', value: null }, ranks: [], sentence: null, evolution: null });
  });

  it('une évolution se lit sur les mêmes communes aux deux dates ; une variation ou un taux annuel n’en a pas', () => {
    const r = buildReferential();
    const s = buildStore(r);
    // 2016: one commune of CC Deux withheld; 2022: all of them. The EPCI's 2016 sum is two communes', its 2022 three.
    s.set('P_CHOM1564', 2016, 'count', new Map([[4, { value: null, status: 'secret' }]]), { id: 2, title: 'correctif', source: 'test' });
    const builder = new PortraitBuilder(new IndicatorEngine(s, r.codes), r);
    const t = builder.territory('epci', '200000002')!;
    const domains = builder.buildDomains(t, builder.defaultReferences(t));
    expect(indicatorOf(domains, 'taux_chomage_15_64').value.status).toBe('ok');
    expect(indicatorOf(domains, 'taux_chomage_15_64').evolution).toBeNull();
    // Both dates over the same communes: the change is given.
    const other = builder.territory('epci', '200000001')!;
    expect(indicatorOf(builder.buildDomains(other, builder.defaultReferences(other)), 'taux_chomage_15_64').evolution).toMatchObject({ from: 2016, to: 2022 });
    expect(indicatorOf(domains, 'evolution_population_annuelle').evolution).toBeNull();
  });

  it('la médiane d’un EPCI n’est pas agrégeable et n’est pas classée ; celle d’une commune secrète non plus', () => {
    const { builder } = setUp();
    const epci = builder.territory('epci', '200000001')!;
    const median = indicatorOf(builder.buildDomains(epci, builder.defaultReferences(epci)), 'revenu_median');
    expect(median).toMatchObject({ value: { status: 'not_aggregable', value: null }, ranks: [], sentence: null });
    expect(median.references.every((x) => x.status === 'not_aggregable')).toBe(true);
    const secret = builder.territory('com', '31003')!;
    expect(indicatorOf(builder.buildDomains(secret, builder.defaultReferences(secret)), 'revenu_median').value).toMatchObject({ status: 'secret', value: null });
    const com = builder.territory('com', '31004')!;
    const m = indicatorOf(builder.buildDomains(com, builder.defaultReferences(com)), 'revenu_median');
    // Highest of the four Haute-Garonne communes with a published median, and of the seven of France.
    expect(m.ranks).toEqual([
      { within: 'dep:31', rank: 1, count: 4, percentile: 75 },
      { within: 'fr', rank: 1, count: 7, percentile: 85.7 },
    ]);
  });

  it('range un EPCI parmi les EPCI de son département, un département parmi ceux de sa région', () => {
    const { builder } = setUp();
    const epci = builder.territory('epci', '200000002')!;
    const chomage = indicatorOf(builder.buildDomains(epci, builder.defaultReferences(epci)), 'taux_chomage_15_64');
    // CC Un: 15 %, CC Deux: 12,3 %, CA Trois: 10,4 %.
    expect(chomage.ranks).toEqual([
      { within: 'dep:31', rank: 2, count: 2, percentile: 0 },
      { within: 'fr', rank: 2, count: 3, percentile: 33.3 },
    ]);
    const dep = builder.territory('dep', '32')!;
    expect(indicatorOf(builder.buildDomains(dep, builder.defaultReferences(dep)), 'taux_chomage_15_64').ranks.map((x) => x.within)).toEqual(['reg:76', 'fr']);
  });

  it('sans données hors du département, le rang « en France » serait le même sous un nom trompeur : il n’est pas donné', () => {
    const r = buildReferential();
    const s = new MemoryVariableStore(r.communeCount);
    const none = { value: null, status: 'missing' as const };
    //                      31001 31002 31003 31004 31005 32001 32002 33001
    s.set('P_CHOM1564', 2022, 'count', [10, 20, 30, 5, 8, none, none, none]);
    s.set('P_ACT1564', 2022, 'count', [100, 100, 150, 100, 100, none, none, none]);
    const builder = new PortraitBuilder(new IndicatorEngine(s, r.codes), r);
    const com = builder.territory('com', '31003')!;
    expect(indicatorOf(builder.buildDomains(com, builder.defaultReferences(com)), 'taux_chomage_15_64').ranks).toEqual([{ within: 'dep:31', rank: 1, count: 5, percentile: 60 }]);
    // The second portrait reads the sorted tables: the same answer.
    const other = builder.territory('com', '31001')!;
    expect(indicatorOf(builder.buildDomains(other, builder.defaultReferences(other)), 'taux_chomage_15_64').ranks).toEqual([{ within: 'dep:31', rank: 3, count: 5, percentile: 40 }]);
    const epci = builder.territory('epci', '200000002')!;
    expect(indicatorOf(builder.buildDomains(epci, builder.defaultReferences(epci)), 'taux_chomage_15_64').ranks.map((x) => x.within)).toEqual(['dep:31']);
    // The only département of its région with data: no rank among one.
    const dep = builder.territory('dep', '31')!;
    expect(indicatorOf(builder.buildDomains(dep, builder.defaultReferences(dep)), 'taux_chomage_15_64').ranks).toEqual([]);
  });

  it('les rangs comptés au premier usage d’une table et ceux lus dans ses valeurs triées par département sont les mêmes, pour chaque commune', () => {
    const { r } = setUp();
    const ranksOf = (builder: PortraitBuilder, code: string) => {
      const t = builder.territory('com', code)!;
      return builder.buildDomains(t, builder.defaultReferences(t)).flatMap((d) => d.indicators.map((i) => [i.id, i.ranks]));
    };
    const sorted = new PortraitBuilder(new IndicatorEngine(buildStore(r), r.codes), r);
    // Two portraits: the tables are sorted from the second use on.
    ranksOf(sorted, '31001');
    ranksOf(sorted, '31001');
    for (const code of r.codes) {
      const counted = new PortraitBuilder(new IndicatorEngine(buildStore(r), r.codes), r);
      expect(ranksOf(sorted, code)).toEqual(ranksOf(counted, code));
    }
  });

  it('sur 3 000 communes (le tri par base des grandes tables), les rangs lus dans les tables triées et les rangs comptés sont les mêmes', () => {
    // Four départements of different sizes; rates with ties (rounded counts), withheld cells, falling and rising
    // populations (negative and positive evolutions).
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const sizes: [string, number][] = [['01', 900], ['02', 800], ['03', 700], ['04', 600]];
    const r = new Referential({
      communes: sizes.flatMap(([dep, size]) => Array.from({ length: size }, (_, k) => buildCommune(`${dep}${String(k).padStart(3, '0')}`, `Commune ${dep}-${k}`, dep, '84'))),
      epci: [],
      departements: sizes.map(([code]) => ({ code, nom: `Département ${code}`, region: '84' })),
      regions: [{ code: '84', nom: 'Auvergne-Rhône-Alpes' }],
    });
    const n = r.communeCount;
    const store = () => {
      const s = new MemoryVariableStore(n);
      const cell = (v: number) => (random() < 0.02 ? { value: null, status: 'secret' as const } : v);
      seed = 23;
      s.set('P_ACT1564', 2022, 'count', Array.from({ length: n }, () => 100));
      s.set('P_CHOM1564', 2022, 'count', Array.from({ length: n }, () => cell(Math.round(random() * 30))));
      s.set('P_POP', 2022, 'count', Array.from({ length: n }, () => cell(200 + Math.round(random() * 5_000))));
      s.set('P_POP', 2016, 'count', Array.from({ length: n }, () => cell(200 + Math.round(random() * 5_000))));
      return s;
    };
    const ranksOf = (builder: PortraitBuilder, code: string) => {
      const t = builder.territory('com', code)!;
      return builder.buildDomains(t, builder.defaultReferences(t)).flatMap((d) => d.indicators.map((i) => [i.id, i.ranks]));
    };
    const sorted = new PortraitBuilder(new IndicatorEngine(store(), r.codes), r);
    ranksOf(sorted, r.codes[0]);
    ranksOf(sorted, r.codes[0]);
    const ranked = ranksOf(sorted, r.codes[1]).filter(([, ranks]) => (ranks as unknown[]).length > 0);
    expect(ranked.map(([id]) => id)).toEqual(expect.arrayContaining(['taux_chomage_15_64', 'evolution_population_annuelle']));
    for (let k = 0; k < n; k += 97) {
      const counted = new PortraitBuilder(new IndicatorEngine(store(), r.codes), r);
      expect(ranksOf(sorted, r.codes[k])).toEqual(ranksOf(counted, r.codes[k]));
    }
  });

  it('une référence comparée qui ne contient pas le territoire est signalée', () => {
    const { builder } = setUp();
    const t = builder.territory('com', '31001')!;
    const other = builder.asReference(t, builder.territory('dep', '32')!);
    expect(other.contains).toBe(false);
    expect(containsAll(Int32Array.of(0, 2, 4), Int32Array.of(0, 4))).toBe(true);
    expect(containsAll(Int32Array.of(0, 2, 4), Int32Array.of(1))).toBe(false);
    const population = indicatorOf(builder.buildDomains(t, [other]), 'population_rp');
    expect(population.sentence).toBe('La population du recensement est de 500\u202Fhab.\u202F; celle du Gers est de 2\u202F900\u202Fhab.');
  });
});

describe('rangs', () => {
  it('rang 1 pour la plus forte valeur, percentile = part des valeurs plus faibles', () => {
    const sorted = Float64Array.of(1, 2, 2, 3, 5);
    expect(rankIn(sorted, 5, 'fr')).toEqual({ within: 'fr', rank: 1, count: 5, percentile: 80 });
    expect(rankIn(sorted, 2, 'fr')).toEqual({ within: 'fr', rank: 3, count: 5, percentile: 20 });
    expect(rankIn(sorted, 1, 'fr')).toEqual({ within: 'fr', rank: 5, count: 5, percentile: 0 });
  });
});

describe('territoires semblables', () => {
  it('trouve les plus proches sur les indicateurs clés centrés réduits, avec la raison', () => {
    const defs = [getIndicator('taux_chomage_15_64')!, getIndicator('part_75_plus')!, getIndicator('densite')!];
    const matrix = {
      indicators: defs,
      refs: ['com:1', 'com:2', 'com:3', 'com:4'],
      names: ['Un', 'Deux', 'Trois', 'Quatre'],
      values: [Float64Array.of(10, 10.5, 20, 11), Float64Array.of(8, 8.2, 3, NaN), Float64Array.of(100, 120, 5000, 90)],
    };
    const similar = findSimilarInMatrix(matrix, 0, 2);
    expect(similar.map((s) => s.ref)).toEqual(['com:2', 'com:4']);
    expect(similar[0].compared).toBe(3);
    expect(similar[1].compared).toBe(2);
    expect(similar[0].reason).toMatch(/^proche sur : /);
    expect(similar[0].reason).toContain('taux de chômage des 15-64 ans (10,0\u202F% contre 10,5\u202F%)');
    expect(similar[0].distance).toBeLessThan(similar[1].distance + 1);
  });

  it('ne dit « proche » que sous une demi-dispersion d’écart ; au-delà, il dit l’écart', () => {
    const defs = [getIndicator('taux_chomage_15_64')!, getIndicator('part_75_plus')!];
    // Un and Deux: close on unemployment, far on the 75-or-over; Trois and Quatre far on both.
    const matrix = {
      indicators: defs,
      refs: ['com:1', 'com:2', 'com:3', 'com:4'],
      names: ['Un', 'Deux', 'Trois', 'Quatre'],
      values: [Float64Array.of(10, 10.1, 20, 30), Float64Array.of(5, 15, 25, 35)],
    };
    const [nearest] = findSimilarInMatrix(matrix, 0, 1);
    expect(nearest.reason).toBe('proche sur : taux de chômage des 15-64 ans (10,0\u202F% contre 10,1\u202F%) ; plus éloigné sur : part des 75 ans ou plus (5,0\u202F% contre 15,0\u202F%)');
    const far = findSimilarInMatrix({ ...matrix, values: [Float64Array.of(10, 20, 30, 40), Float64Array.of(5, 15, 25, 35)] }, 0, 1)[0];
    expect(far.reason).toMatch(/^écarts les plus faibles, sans être proches : /);
  });
});

describe('classes de carte', () => {
  const values = [1, 2, 2, 3, 4, 10, 11, 12, 30, 31];
  it('quantiles : autant de territoires par classe', () => {
    const c = classify(values, 'quantiles', 5);
    expect(c.breaks[0]).toBe(1);
    expect(c.breaks.at(-1)).toBe(31);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(10);
  });
  it('Jenks (ckmeans) sépare les groupes naturels', () => {
    expect(classify(values, 'jenks', 3)).toEqual({ method: 'jenks', breaks: [1, 10, 30, 31], counts: [5, 3, 2] });
  });
  it('intervalles égaux', () => {
    expect(classify(values, 'equal', 3).breaks).toEqual([1, 11, 21, 31]);
  });
  it('moins de valeurs distinctes que de classes, aucune valeur, et libellés français', () => {
    expect(classify([5, 5, 5], 'quantiles', 5).breaks).toEqual([5, 5]);
    expect(classify([NaN], 'jenks', 5).breaks).toEqual([]);
    expect(classIndex(31, [1, 10, 30, 31])).toBe(2);
    expect(classIndex(9.99, [1, 10, 30, 31])).toBe(0);
    expect(classLabels([1.25, 10, 31], '%', 1)).toEqual(['de 1,3 à 10,0\u202F%', 'de 10,0 à 31,0\u202F%']);
  });

  it('une classe à cheval sur zéro est coupée à zéro : pertes et gains n’ont jamais la même couleur', () => {
    const change = [-0.8, -0.6, -0.2, 0.4, 0.9, 1.2, 1.7, 2.5, 3.1];
    for (const method of ['jenks', 'quantiles', 'equal'] as const) {
      const c = classify(change, method, 3, 1);
      expect(c.breaks).toContain(0);
      // No class holds both a loss and a gain.
      for (let k = 0; k + 1 < c.breaks.length; k++) expect(c.breaks[k] < 0 && c.breaks[k + 1] > 0).toBe(false);
      expect(c.counts.reduce((a, b) => a + b, 0)).toBe(change.length);
    }
  });

  it('des bornes qui s’impriment pareil font une seule borne : aucune classe « de 4,1 à 4,1 % », aucune en double', () => {
    const values = [4.01, 4.04, 4.06, 4.08, 4.09, 4.11, 4.12, 4.14, 4.16, 4.19];
    const c = classify(values, 'quantiles', 5, 1);
    const labels = classLabels(c.breaks, '%', 1);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => !/de (\S+) à \1/.test(l))).toBe(true);
    expect(c.breaks.at(-1)).toBe(4.19);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    // Without the printed precision, the five quantile classes stay.
    expect(classify(values, 'quantiles', 5).breaks).toHaveLength(6);
  });
});

// A métropole over a whole département and a sliver of another, a région of one département (as La Réunion), and a
// département whose communes are all published but one small one withheld.
describe('références et rangs hors du cas simple', () => {
  const raw: RawReferential = {
    communes: [
      buildCommune('75056', 'Paris', '75', '11', { population: 2000 }),
      buildCommune('92001', 'Antony', '92', '11', { population: 1000 }),
      buildCommune('92002', 'Asnières', '92', '11', { population: 1000 }),
      buildCommune('95001', 'Argenteuil', '95', '11', { population: 50 }),
      buildCommune('95002', 'Cergy', '95', '11', { population: 5000 }),
      buildCommune('95003', 'Pontoise', '95', '11', { population: 300 }),
      buildCommune('97401', 'Saint-Denis', '974', '04', { population: 1500, zone: 'drom' }),
      buildCommune('97402', 'Saint-Paul', '974', '04', { population: 1000, zone: 'drom' }),
    ],
    epci: [
      { code: '200054781', nom: 'Métropole du Grand Paris', type: 'MET', membres: ['75056', '92001', '92002', '95001'].map((code) => ({ code, nom: '' })) },
      { code: '200000009', nom: 'CA Cergy', type: 'CA', membres: [{ code: '95002', nom: '' }, { code: '95003', nom: '' }] },
    ],
    departements: [
      { code: '75', nom: 'Paris', region: '11' },
      { code: '92', nom: 'Hauts-de-Seine', region: '11' },
      { code: '95', nom: 'Val-d’Oise', region: '11' },
      { code: '974', nom: 'La Réunion', region: '04' },
    ],
    regions: [
      { code: '04', nom: 'La Réunion' },
      { code: '11', nom: 'Île-de-France' },
    ],
  };
  const r = new Referential(raw);
  const s = new MemoryVariableStore(r.communeCount);
  //                       75056 92001 92002 95001 95002 95003 97401 97402
  s.set('P_CHOM1564', 2022, 'count', [100, 50, 60, 5, 250, { value: null, status: 'secret' }, { value: null, status: 'secret' }, 200]);
  s.set('P_ACT1564', 2022, 'count', [1000, 500, 500, 25, 2500, 150, 700, 500]);
  s.set('P_POP', 2022, 'count', [2000, 1000, 1000, 50, 5000, 300, 1500, 1000]);
  const builder = new PortraitBuilder(new IndicatorEngine(s, r.codes, r.population), r);

  it('une référence contenue dans le territoire n’en est pas une ; un département où vit moins d’un dixième de ses habitants non plus', () => {
    const mgp = builder.territory('epci', '200054781')!;
    // Paris and the Hauts-de-Seine are inside it; the Val-d'Oise holds 50 of its 4 050 inhabitants.
    expect(builder.defaultReferences(mgp).map((x) => x.ref)).toEqual(['reg:11', 'fr']);
  });

  it('une région d’un seul département n’est pas la référence de ce département, ni une seconde référence de ses communes', () => {
    expect(builder.defaultReferences(builder.territory('dep', '974')!).map((x) => x.ref)).toEqual(['fr']);
    expect(builder.defaultReferences(builder.territory('com', '97401')!).map((x) => x.ref)).toEqual(['dep:974', 'fr']);
  });

  it('un agrégat partiel est classé s’il couvre au moins 90 % de ses habitants, pas en deçà', () => {
    const def = getIndicator('taux_chomage_15_64')!;
    const rankOf = (kind: 'epci' | 'dep', code: string) => {
      const t = builder.territory(kind, code)!;
      return indicatorOf(builder.buildDomains(t, builder.defaultReferences(t), { keep: (d) => d.id === def.id }), def.id);
    };
    // Val-d'Oise: Pontoise (300 of its 5 350 inhabitants) withheld, 94 % covered: 10,1 %, ranked between Paris (10 %)
    // and the Hauts-de-Seine (11 %). La Réunion: Saint-Denis (1 500 of 2 500) withheld, 40 % covered: not ranked.
    const valdoise = rankOf('dep', '95');
    expect(valdoise.value).toMatchObject({ status: 'partial' });
    expect(valdoise.value.coverage).toBeCloseTo(5050 / 5350, 10);
    expect(valdoise.ranks).toEqual([{ within: 'reg:11', rank: 2, count: 3, percentile: 33.3 }]);
    expect(rankOf('dep', '92').ranks).toEqual([{ within: 'reg:11', rank: 1, count: 3, percentile: 66.7 }]);
    const reunion = rankOf('dep', '974');
    expect(reunion.value).toMatchObject({ status: 'partial', coverage: 0.4 });
    expect(reunion.ranks).toEqual([]);
  });
});

describe('phrase d’un portrait dont la première référence n’est pas comparable', () => {
  it('compare avec la première référence dont le chiffre l’est (le département quand l’EPCI couvre la moitié de ses habitants)', () => {
    const r = new Referential({
      communes: [
        buildCommune('75056', 'Paris', '75', '11', { population: 2000 }),
        buildCommune('92001', 'Antony', '92', '11', { population: 1000 }),
        buildCommune('92002', 'Asnières', '92', '11', { population: 1000 }),
      ],
      epci: [{ code: '200054781', nom: 'Métropole du Grand Paris', type: 'MET', membres: ['75056', '92001', '92002'].map((code) => ({ code, nom: '' })) }],
      departements: [
        { code: '75', nom: 'Paris', region: '11' },
        { code: '92', nom: 'Hauts-de-Seine', region: '11' },
      ],
      regions: [{ code: '11', nom: 'Île-de-France' }],
    });
    const s = new MemoryVariableStore(r.communeCount);
    s.set('P_CHOM1564', 2022, 'count', [{ value: null, status: 'secret' }, 50, 70]);
    s.set('P_ACT1564', 2022, 'count', [{ value: null, status: 'secret' }, 500, 500]);
    const builder = new PortraitBuilder(new IndicatorEngine(s, r.codes, r.population), r);
    const antony = builder.territory('com', '92001')!;
    const chomage = indicatorOf(builder.buildDomains(antony, builder.defaultReferences(antony)), 'taux_chomage_15_64');
    // The Métropole: Paris withheld, half its inhabitants covered. The Hauts-de-Seine: 12 %.
    // (The région and France, the same three communes as the Métropole, are no second reference.)
    expect(chomage.references.map((x) => [x.territory, x.value])).toEqual([
      ['epci:200054781', null],
      ['dep:92', 12],
    ]);
    expect(chomage.sentence).toMatch(/^Le taux de chômage des 15-64 ans \(10,0\u202F%\) est inférieur à celui des Hauts-de-Seine \(12,0\u202F%\)/);
  });
});
