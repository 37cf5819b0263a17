import { describe, expect, it } from 'vitest';
import { IndicatorEngine, closestEarlier, evolutionPart, evolutionRate, type EngineTerritory } from './engine.js';
import type { Formula, IndicatorDefinition } from './indicator.types.js';
import { MemoryVariableStore } from './memory-variable-store.js';
import { formatValue } from '../format/number-format.js';

// Four communes: A and B make an EPCI, C and D another.
const CODES = ['31001', '31002', '31003', '31004'];
const territory = (ref: string, ...members: number[]): EngineTerritory => ({ ref, kind: ref.startsWith('com:') ? 'com' : 'epci', members: Int32Array.from(members) });
const A = territory('com:31001', 0);
const B = territory('com:31002', 1);
const AB = territory('epci:200000001', 0, 1);
const CD = territory('epci:200000002', 2, 3);

const buildIndicator = (overrides: Partial<IndicatorDefinition> & { formula: Formula }): IndicatorDefinition => ({
  id: 'essai',
  label: 'Indicateur d’essai',
  domain: 'emploi_chomage',
  publics: ['population'],
  unit: '%',
  polarity: 'neutral',
  sources: [{ label: 'test', producer: 'INSEE' }],
  definition: 'essai',
  decimals: 1,
  ...overrides,
});
const subject = (def: IndicatorDefinition) => ({ name: def.id, unit: def.unit, formula: def.formula });

const buildStore = (): MemoryVariableStore => {
  const s = new MemoryVariableStore(CODES.length);
  s.set('P_CHOM1564', 2022, 'count', [10, 300, 5, 7]);
  s.set('P_ACT1564', 2022, 'count', [50, 3000, 40, 70]);
  return s;
};

const chomage = buildIndicator({ id: 'taux_chomage_15_64', formula: { kind: 'share', numerator: ['P_CHOM1564'], denominator: ['P_ACT1564'] } });

describe('ratios', () => {
  it('un ratio sur deux communes est le ratio des sommes, pas la moyenne des ratios', () => {
    const engine = new IndicatorEngine(buildStore(), CODES);
    const a = engine.compute(subject(chomage), A);
    const b = engine.compute(subject(chomage), B);
    const ab = engine.compute(subject(chomage), AB);
    if (!a.ok || !b.ok || !ab.ok) throw new Error('calcul refusé');
    expect(a.value.value).toBeCloseTo(20, 10);
    expect(b.value.value).toBeCloseTo(10, 10);
    expect(ab.value.value).toBeCloseTo((310 / 3050) * 100, 10);
    expect(ab.value.parts).toEqual({ numerator: 310, denominator: 3050 });
    // The mean of the two communes' rates (15 %) is not the EPCI's rate (10,16 %): averaging ratios is wrong.
    const meanOfRatios = (a.value.value! + b.value.value!) / 2;
    expect(meanOfRatios).toBeCloseTo(15, 10);
    expect(Math.abs(meanOfRatios - ab.value.value!)).toBeGreaterThan(4);
    expect(ab.value.status).toBe('ok');
  });

  it('un ratio de facteur 100 donne un indice (vieillissement = 65 ans ou plus / moins de 20 ans × 100)', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP65P', 2022, 'count', [30, 60, 0, 0]);
    s.set('P_POP0019', 2022, 'count', [40, 40, 0, 0]);
    const engine = new IndicatorEngine(s, CODES);
    const def = buildIndicator({ unit: 'indice', formula: { kind: 'ratio', numerator: ['P_POP65P'], denominator: ['P_POP0019'], factor: 100 } });
    const r = engine.compute(subject(def), AB);
    expect(r.ok && r.value.value).toBeCloseTo(112.5, 10);
    // A rate per 1 000 is the same kind with a factor of 1 000 (births per 1 000 inhabitants: ‰).
    s.set('NAISD', 2022, 'count', [3, 9, 0, 0]);
    s.set('P_POP', 2022, 'count', [400, 800, 0, 0]);
    const natalite = buildIndicator({ unit: '‰', formula: { kind: 'ratio', numerator: ['NAISD'], denominator: ['P_POP'], factor: 1000 } });
    const rate = engine.compute(subject(natalite), AB);
    expect(rate.ok && rate.value.value).toBeCloseTo((12 / 1200) * 1000, 10);
    expect(rate.ok && rate.value.parts).toEqual({ numerator: 12, denominator: 1200 });
    expect(formatValue(rate.ok ? rate.value.value : null, '‰', 1)).toBe('10,0\u202F‰');
    // C has no one under 20: the index is undefined there, never infinite.
    const c = engine.compute(subject(def), territory('com:31003', 2));
    expect(c.ok && c.value).toMatchObject({ status: 'missing', value: null });
  });
});

describe('dénominateur de repli', () => {
  // Households counted by the complementary exploitation (C_MEN) where loaded, else by the principal one (P_MEN).
  const menages = buildIndicator({ formula: { kind: 'share', numerator: ['C_MENPSEUL'], denominator: ['C_MEN'], otherwise: ['P_MEN'] } });

  it('sans le dénominateur déclaré, celui de repli ; avec lui, le déclaré pour toutes les communes', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('C_MENPSEUL', 2022, 'count', [40, 60, 10, 10]);
    s.set('P_MEN', 2022, 'count', [100, 200, 20, 20]);
    const fallback = new IndicatorEngine(s, CODES).compute(subject(menages), AB);
    expect(fallback.ok && fallback.value).toMatchObject({ value: (100 / 300) * 100, parts: { numerator: 100, denominator: 300 }, millesime: 2022 });
    // C_MEN given for A only: the engine does not mix the two counts commune by commune; B is short of it.
    s.set('C_MEN', 2022, 'count', new Map([[0, 101]]));
    const declared = new IndicatorEngine(s, CODES).compute(subject(menages), AB);
    expect(declared.ok && declared.value).toMatchObject({ value: (40 / 101) * 100, status: 'partial', parts: { numerator: 40, denominator: 101 } });
    // B's households made of its three kinds (one person, other without a family, with a family): 60 + 5 + 130.
    s.set('C_MENSFAM', 2022, 'count', new Map([[1, 5]]));
    s.set('C_MENFAM', 2022, 'count', new Map([[1, 130]]));
    const whole = new IndicatorEngine(s, CODES).compute(subject(menages), AB);
    expect(whole.ok && whole.value).toMatchObject({ value: (100 / 296) * 100, status: 'ok', parts: { numerator: 100, denominator: 296 } });
    // A millésime only the fallback has answers from it.
    s.set('C_MENPSEUL', 2016, 'count', [30, 50, 10, 10]);
    s.set('P_MEN', 2016, 'count', [90, 180, 20, 20]);
    const engine = new IndicatorEngine(s, CODES);
    expect(engine.availableMillesimes(menages.formula)).toEqual([2022, 2016]);
    const older = engine.compute(subject(menages), AB, { millesime: 2016 });
    expect(older.ok && older.value).toMatchObject({ value: (80 / 270) * 100, millesime: 2016 });
  });
});

describe('secret et données absentes', () => {
  it('un secret dans une commune rend la somme partielle et la nomme', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2022, 'count', new Map([[3, { value: null, status: 'secret' }]]), { id: 2, title: 'correctif', source: 'test' });
    const engine = new IndicatorEngine(s, CODES);
    const stock = engine.compute({ name: 'chomeurs', unit: 'chômeurs', formula: { kind: 'stock', terms: ['P_CHOM1564'] } }, CD);
    expect(stock.ok && stock.value).toMatchObject({ status: 'partial', value: 5, missing: { count: 1, communes: ['31004'] } });
    // The ratio leaves the withheld commune out of the denominator too: 5 / 40, not 5 / 110.
    const ratio = engine.compute(subject(chomage), CD);
    expect(ratio.ok && ratio.value).toMatchObject({ status: 'partial', value: 12.5, parts: { numerator: 5, denominator: 40 }, missing: { count: 1, communes: ['31004'] } });
  });

  it('sans ses communes, un EPCI ou un département répond par ses propres comptes publiés, si tous le sont', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_CHOM1564', 2022, 'count', new Map([[0, 10], [1, 300]]));
    s.set('P_ACT1564', 2022, 'count', new Map([[0, 50], [1, 3000]]));
    s.setPublished('P_CHOM1564', 2022, 'epci:200000002', { value: 12, status: 'ok', datasetId: 7 });
    s.setPublished('P_ACT1564', 2022, 'epci:200000002', { value: 110, status: 'ok', datasetId: 7 });
    const engine = new IndicatorEngine(s, CODES);
    const r = engine.compute(subject(chomage), CD);
    expect(r.ok && r.value).toMatchObject({ status: 'ok', value: (12 / 110) * 100, parts: { numerator: 12, denominator: 110 } });
    expect(r.ok && r.value.sources.map((x) => x.datasetId)).toEqual([7]);
    // A term without its published count: the communes' sum stands (here, none: missing).
    const t = new MemoryVariableStore(CODES.length);
    t.set('P_CHOM1564', 2022, 'count', new Map([[0, 10]]));
    t.set('P_ACT1564', 2022, 'count', new Map([[0, 50]]));
    t.setPublished('P_CHOM1564', 2022, 'epci:200000002', { value: 12, status: 'ok', datasetId: 7 });
    expect(new IndicatorEngine(t, CODES).compute(subject(chomage), CD)).toMatchObject({ ok: true, value: { status: 'missing', value: null } });
    // A commune never reads a higher level's figure.
    expect(engine.compute(subject(chomage), territory('com:31003', 2))).toMatchObject({ ok: true, value: { status: 'missing' } });
  });

  it('une valeur partielle dit la part des habitants qu’elle couvre ; une valeur complète n’en dit rien', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2022, 'count', new Map([[0, 100], [1, 200]]));
    const population = Float64Array.of(1000, 3000, 6000, NaN);
    const engine = new IndicatorEngine(s, CODES, population);
    const pop = { name: 'P_POP', unit: 'hab.', formula: { kind: 'stock', terms: ['P_POP'] } as Formula };
    // 1 000 + 3 000 of 10 000 inhabitants (the commune without a population is left out of both).
    const partial = engine.compute(pop, territory('epci:x', 0, 1, 2, 3));
    expect(partial.ok && partial.value.coverage).toBeCloseTo(0.4, 12);
    const whole = engine.compute(pop, AB);
    expect(whole.ok && whole.value).toMatchObject({ status: 'ok' });
    expect(whole.ok && 'coverage' in whole.value).toBe(false);
  });

  it('une commune dont toutes les valeurs sont secrètes répond secret, sans valeur', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2022, 'count', new Map([[0, { value: null, status: 'secret' }]]), { id: 2, title: 'correctif', source: 'test' });
    const r = new IndicatorEngine(s, CODES).compute(subject(chomage), A);
    expect(r.ok && r.value).toMatchObject({ status: 'secret', value: null });
    // The dataset that withholds it is cited.
    expect(r.ok && r.value.sources.map((x) => x.dataset)).toContain('correctif');
  });

  it('un secret à côté d’un terme que les fichiers ne donnent pas (la superficie) : donnée manquante, pas secret', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2022, 'count', new Map<number, number | { value: null; status: 'secret' }>([[0, { value: null, status: 'secret' }], [1, 200], [2, 300], [3, 400]]));
    // The area is known for the communes of another territory only (C and D).
    s.set('SUPERF', 2022, 'count', new Map([[2, 3], [3, 4]]));
    const engine = new IndicatorEngine(s, CODES);
    const densite = { name: 'densite', unit: 'hab./km²', formula: { kind: 'density', terms: ['P_POP'], area: 'SUPERF' } as Formula };
    expect(engine.compute(densite, AB)).toMatchObject({ ok: true, value: { status: 'missing', value: null, sources: [] } });
    expect(engine.compute(densite, A)).toMatchObject({ ok: true, value: { status: 'missing', value: null } });
    expect(engine.compute(densite, CD)).toMatchObject({ ok: true, value: { status: 'ok', value: 100 } });
    // Both terms published but the population withheld: secret.
    s.set('SUPERF', 2022, 'count', [1, 2, 3, 4]);
    expect(new IndicatorEngine(s, CODES).compute(densite, A)).toMatchObject({ ok: true, value: { status: 'secret', value: null } });
  });

  it('une commune absente des données rend la somme partielle ; aucune donnée répond missing sans erreur', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2022, 'count', new Map([[0, 100], [1, 200]]));
    const engine = new IndicatorEngine(s, CODES);
    const pop = { name: 'P_POP', unit: 'hab.', formula: { kind: 'stock', terms: ['P_POP'] } as Formula };
    expect(engine.compute(pop, territory("epci:x", 0, 1, 2))).toMatchObject({ ok: true, value: { status: 'partial', value: 300, missing: { count: 1, communes: ['31003'] } } });
    expect(engine.compute(pop, CD)).toMatchObject({ ok: true, value: { status: 'missing', value: null } });
    const unknown = engine.compute({ name: 'x', unit: '%', formula: { kind: 'share', numerator: ['P_POP7589'], denominator: ['P_POP'] } }, A);
    expect(unknown).toMatchObject({ ok: true, value: { status: 'missing', value: null, millesime: null } });
  });

  it('un dénominateur nul : pas de valeur, ni zéro ni « aucune donnée », mais un rapport non défini, avec ses sommes', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_CHOM1564', 2022, 'count', [0, 3, 5, 7]);
    s.set('P_ACT1564', 2022, 'count', [0, 30, 40, 70]);
    const engine = new IndicatorEngine(s, CODES);
    const a = engine.compute(subject(chomage), A);
    expect(a).toMatchObject({ ok: true, value: { status: 'missing', value: null, parts: { numerator: 0, denominator: 0 }, note: 'non défini : le dénominateur (P_ACT1564) vaut 0 sur ce territoire' } });
    // With the other commune of its EPCI, the sums are those of the two.
    expect(engine.compute(subject(chomage), AB)).toMatchObject({ ok: true, value: { status: 'ok', value: 10, parts: { numerator: 3, denominator: 30 } } });
    // Data for one commune of two, whose denominator is zero: missing data for the pair, not an undefined ratio.
    const half = new MemoryVariableStore(CODES.length);
    half.set('P_CHOM1564', 2022, 'count', new Map([[0, 0]]));
    half.set('P_ACT1564', 2022, 'count', new Map([[0, 0]]));
    const pair = new IndicatorEngine(half, CODES).compute(subject(chomage), AB);
    expect(pair.ok && pair.value.status).toBe('missing');
    expect(pair.ok && pair.value.note).toBeUndefined();
    // No data at all is no data: no note.
    const none = engine.compute(subject(chomage), territory('com:31004'));
    expect(none.ok && none.value.note).toBeUndefined();
  });

  it('une valeur partielle stockée (IRIS masqués) rend la commune partielle', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('CAF_A', 2021, 'count', [{ value: 90, status: 'partial' }, 50, 10, 10]);
    const r = new IndicatorEngine(s, CODES).compute({ name: 'a', unit: 'allocataires', formula: { kind: 'stock', terms: ['CAF_A'] } }, AB);
    expect(r.ok && r.value).toMatchObject({ status: 'partial', value: 140, missing: { count: 1, communes: ['31001'] } });
  });
});

describe('valeurs publiées non agrégeables', () => {
  const buildMedianStore = () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('MED', 2021, 'median', [20000, 24000, { value: null, status: 'secret' }, 21000]);
    return s;
  };
  const median = buildIndicator({ id: 'revenu_median', unit: '€', formula: { kind: 'published', variable: 'MED' } });

  it('la médiane d’une commune est celle publiée', () => {
    const r = new IndicatorEngine(buildMedianStore(), CODES).compute(subject(median), B);
    expect(r.ok && r.value).toMatchObject({ status: 'ok', value: 24000, millesime: 2021 });
  });

  it('la médiane d’un EPCI n’est pas agrégeable, sauf si la source la publie à ce niveau', () => {
    const s = buildMedianStore();
    const engine = new IndicatorEngine(s, CODES);
    expect(engine.compute(subject(median), AB)).toMatchObject({ ok: true, value: { status: 'not_aggregable', value: null } });
    s.setPublished('MED', 2021, 'epci:200000001', { value: 22500, status: 'ok', datasetId: 7 });
    const published = new IndicatorEngine(s, CODES).compute(subject(median), AB);
    expect(published.ok && published.value).toMatchObject({ status: 'ok', value: 22500 });
    // Never the mean of the communes' medians (22 000).
    expect(published.ok && published.value.value).not.toBe(22000);
  });

  it('un territoire d’une seule commune (Paris, département 75) prend la valeur publiée pour lui, à défaut de celle de sa commune', () => {
    const s = new MemoryVariableStore(CODES.length);
    // A file of départements only: no commune has a median.
    s.set('MED', 2021, 'median', [{ value: null, status: 'missing' }, { value: null, status: 'missing' }, { value: null, status: 'missing' }, { value: null, status: 'missing' }]);
    s.setPublished('MED', 2021, 'dep:99', { value: 28500, status: 'ok', datasetId: 7 });
    const one = territory('dep:99', 3);
    const r = new IndicatorEngine(s, CODES).compute(subject(median), one);
    expect(r.ok && r.value).toMatchObject({ status: 'ok', value: 28500 });
    // The commune itself keeps its own (missing) figure.
    expect(new IndicatorEngine(s, CODES).compute(subject(median), territory('com:31004', 3)).ok).toBe(true);
    expect(new IndicatorEngine(s, CODES).compute(subject(median), territory('com:31004', 3))).toMatchObject({ value: { status: 'missing' } });
  });

  it('une variable médiane demandée sur plusieurs communes n’est pas agrégeable', () => {
    const engine = new IndicatorEngine(buildMedianStore(), CODES);
    expect(engine.computeVariable('MED', 'MED21', 2021, 'median', '€', AB)).toMatchObject({ name: 'MED21', status: 'not_aggregable', value: null });
    expect(engine.computeVariable('MED', 'MED21', 2021, 'median', '€', A)).toMatchObject({ status: 'ok', value: 20000 });
  });
});

describe('millésimes', () => {
  it('le taux d’évolution annuel moyen entre deux millésimes', () => {
    expect(evolutionRate(1000, 1000 * 1.01 ** 6, 6)).toBeCloseTo(1, 10);
    expect(evolutionRate(475438, 511684, 6)).toBeCloseTo((Math.pow(511684 / 475438, 1 / 6) - 1) * 100, 12);
    expect(evolutionRate(0, 10, 6)).toBeNull();
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2016, 'count', [100, 200, 300, 400]);
    s.set('P_POP', 2022, 'count', [110, 230, 300, 380]);
    s.set('P_POP', 2011, 'count', [90, 190, 290, 390]);
    const r = new IndicatorEngine(s, CODES).compute({ name: 'evolution', unit: '%/an', formula: { kind: 'evolution', terms: ['P_POP'] } }, AB);
    expect(r.ok && r.value).toMatchObject({ millesime: 2022, period: [2016, 2022], parts: { numerator: 340, denominator: 300 }, status: 'ok' });
    expect(r.ok && r.value.value).toBeCloseTo((Math.pow(340 / 300, 1 / 6) - 1) * 100, 12);
  });

  it('l’évolution due au solde naturel et au solde apparent : la décomposition de l’INSEE, sur les sommes, avec les naissances et décès des mêmes années', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2016, 'count', [100, 200, 300, 400]);
    s.set('P_POP', 2022, 'count', [110, 230, 300, 380]);
    const cumulated = (name: string, cells: number[]) => (s.set(name, 2021, 'count', cells).period = [2016, 2021]);
    cumulated('NAIS', [8, 20, 10, 10]);
    cumulated('DECE', [5, 8, 10, 30]);
    const engine = new IndicatorEngine(s, CODES);
    const natural = { name: 'sn', unit: '%/an', formula: { kind: 'evolution_component', terms: ['P_POP'], component: ['NAIS', '-DECE'] } as Formula };
    const migration = { name: 'sm', unit: '%/an', formula: { kind: 'evolution_component', terms: ['P_POP'], component: ['NAIS', '-DECE'], rest: true } as Formula };
    // The EPCI: 300 → 340 over 6 years, 15 of it births minus deaths.
    const rate = (Math.pow(340 / 300, 1 / 6) - 1) * 100;
    const sn = engine.compute(natural, AB);
    expect(sn.ok && sn.value).toMatchObject({ millesime: 2022, period: [2016, 2022], status: 'ok' });
    expect(sn.ok && sn.value.value).toBeCloseTo((rate * 15) / 40, 12);
    const sm = engine.compute(migration, AB);
    expect(sm.ok && sm.value.value).toBeCloseTo(rate - (rate * 15) / 40, 12);
    // Not the mean of the communes' parts.
    const a = engine.compute(natural, A);
    const b = engine.compute(natural, B);
    if (!a.ok || !b.ok || !sn.ok) throw new Error('calcul refusé');
    expect(Math.abs((a.value.value! + b.value.value!) / 2 - sn.value.value!)).toBeGreaterThan(0.05);
    // A population that did not change (the third commune): the limit, births minus deaths over six years of 300.
    const c = engine.compute(natural, territory('com:31003', 2));
    expect(c.ok && c.value.value).toBeCloseTo(0, 12);
    expect(evolutionPart(300, 300, 12, 6)).toBeCloseTo((12 / (6 * 300)) * 100, 12);
    expect(evolutionPart(300, 300.000001, 12, 6)).toBeCloseTo((12 / (6 * 300)) * 100, 6);
    // Births and deaths of other years than the evolution's: no value rather than a mix.
    const other = new MemoryVariableStore(CODES.length);
    other.set('P_POP', 2016, 'count', [100, 200, 300, 400]);
    other.set('P_POP', 2022, 'count', [110, 230, 300, 380]);
    other.set('NAIS', 2021, 'count', [8, 20, 10, 10]).period = [2017, 2021];
    other.set('DECE', 2021, 'count', [5, 8, 10, 30]).period = [2017, 2021];
    expect(new IndicatorEngine(other, CODES).compute(natural, AB)).toMatchObject({ ok: true, value: { status: 'missing', value: null } });
  });

  it('le millésime de départ d’une évolution est le plus proche de six ans avant', () => {
    expect(closestEarlier([2022, 2021, 2016, 2011], 2022, 6)).toBe(2016);
    expect(closestEarlier([2022, 2021], 2022, 6)).toBe(2021);
    expect(closestEarlier([2022], 2022, 6)).toBeUndefined();
  });

  it('un indicateur prend le millésime le plus récent où toutes ses variables existent (deux jeux, un millésime)', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP7589', 2022, 'count', [5, 7, 0, 0], { id: 1, title: 'dossier complet', source: 'insee' });
    s.set('P_POP90P', 2022, 'count', [1, 1, 0, 0], { id: 1, title: 'dossier complet', source: 'insee' });
    s.set('P_POP', 2022, 'count', [100, 100, 50, 50], { id: 2, title: 'comparateur', source: 'insee' });
    s.set('P_POP', 2023, 'count', [101, 101, 51, 51], { id: 3, title: 'plus récent', source: 'insee' });
    const def = buildIndicator({ id: 'part_75_plus', formula: { kind: 'share', numerator: ['P_POP7589', 'P_POP90P'], denominator: ['P_POP'] } });
    const r = new IndicatorEngine(s, CODES).compute(subject(def), A);
    expect(r.ok && r.value).toMatchObject({ millesime: 2022, value: 6, status: 'ok' });
    expect(r.ok && r.value.sources.map((x) => x.dataset)).toEqual(['dossier complet', 'comparateur']);
    // Asked for 2023, where the age groups do not exist: missing, not a mix of 2022 and 2023.
    const r2023 = new IndicatorEngine(s, CODES).compute(subject(def), A, { millesime: 2023 });
    expect(r2023.ok && r2023.value).toMatchObject({ millesime: 2023, status: 'missing', value: null });
  });

  it('une demande qui mêle deux millésimes est refusée', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2016, 'count', [100, 200, 300, 400]);
    s.set('P_POP', 2022, 'count', [110, 230, 300, 380]);
    const engine = new IndicatorEngine(s, CODES);
    const mixedSum = engine.compute({ name: 'x', unit: 'hab.', formula: { kind: 'stock', terms: ['P_POP@2016', 'P_POP@2022'] } }, A);
    expect(mixedSum).toMatchObject({ ok: false, error: { code: 'MILLESIMES_MELANGES' } });
    const mixedRatio = engine.compute({ name: 'x', unit: '%', formula: { kind: 'share', numerator: ['P_POP@2022'], denominator: ['P_POP@2016'] } }, A);
    expect(mixedRatio).toMatchObject({ ok: false, error: { code: 'MILLESIMES_MELANGES' } });
    const pinnedOther = engine.compute({ name: 'x', unit: 'hab.', formula: { kind: 'stock', terms: ['P_POP@2016'] } }, A, { millesime: 2022 });
    expect(pinnedOther).toMatchObject({ ok: false, error: { code: 'MILLESIMES_MELANGES' } });
    expect(mixedSum.ok ? '' : mixedSum.error.message).toContain('2016, 2022');
  });

  it('la densité rapporte la population à la superficie', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('P_POP', 2022, 'count', [100, 300, 0, 0]);
    s.set('SUPERF', 2022, 'area', [10, 30, 5, 5]);
    const r = new IndicatorEngine(s, CODES).compute({ name: 'densite', unit: 'hab./km²', formula: { kind: 'density', terms: ['P_POP'], area: 'SUPERF' } }, AB);
    expect(r.ok && r.value).toMatchObject({ value: 10, parts: { numerator: 400, denominator: 40 } });
  });

  it('un solde (naissances − décès) s’additionne sur les communes', () => {
    const s = new MemoryVariableStore(CODES.length);
    s.set('NAISD', 2024, 'count', [10, 20, 0, 0]);
    s.set('DECESD', 2024, 'count', [4, 30, 0, 0]);
    const r = new IndicatorEngine(s, CODES).compute({ name: 'solde', unit: 'hab.', formula: { kind: 'stock', terms: ['NAISD', '-DECESD'] } }, AB);
    expect(r.ok && r.value.value).toBe(-4);
  });
});

describe('vecteur par commune', () => {
  it('donne la valeur de chaque commune, NaN là où elle manque', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2022, 'count', new Map([[2, { value: null, status: 'secret' }]]), { id: 2, title: 'correctif', source: 'test' });
    const engine = new IndicatorEngine(s, CODES);
    const plan = engine.plan(chomage.formula);
    if (!plan.ok) throw new Error('plan refusé');
    const v = engine.communeVector(chomage, plan.value);
    expect(Array.from(v.values).map((x) => (Number.isNaN(x) ? null : Math.round(x * 10) / 10))).toEqual([20, 10, null, 10]);
    expect(Array.from(v.status)).toEqual([0, 0, 2, 0]);
  });
});

describe('millésime de chaque territoire (planFor)', () => {
  const population = Float64Array.from([100, 1000, 10, 10]);
  const ALL = territory('epci:200000009', 0, 1, 2, 3);
  const planned = (engine: IndicatorEngine, t: EngineTerritory) => {
    const latest = engine.plan(chomage.formula);
    if (!latest.ok) throw new Error(latest.error.message);
    return engine.planFor(chomage.formula, t, latest.value).millesime;
  };

  it('une édition nationale plus récente répond partout', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2023, 'count', [11, 310, 6, 8]);
    s.set('P_ACT1564', 2023, 'count', [51, 3010, 41, 71]);
    const engine = new IndicatorEngine(s, CODES, population);
    expect([A, CD, ALL].map((t) => planned(engine, t))).toEqual([2023, 2023, 2023]);
  });

  it('une édition plus récente de quelques communes ne répond que là où elle atteint les communes du territoire', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2023, 'count', new Map([[2, 6], [3, 8]]));
    s.set('P_ACT1564', 2023, 'count', new Map([[2, 41], [3, 71]]));
    const engine = new IndicatorEngine(s, CODES, population);
    expect(planned(engine, A)).toBe(2022);
    expect(planned(engine, CD)).toBe(2023);
    // The whole: 2022 reaches its 1 120 inhabitants, 2023 twenty of them.
    expect(planned(engine, ALL)).toBe(2022);
    expect(engine.compute(subject(chomage), CD)).toMatchObject({ ok: true, value: { millesime: 2023, status: 'ok' } });
    expect(engine.compute(subject(chomage), AB)).toMatchObject({ ok: true, value: { millesime: 2022, status: 'ok' } });
    // Asked at a millésime, a territory keeps it.
    expect(engine.compute(subject(chomage), AB, { millesime: 2023 })).toMatchObject({ ok: true, value: { millesime: 2023, status: 'missing' } });
  });

  it('un territoire qui a sa propre ligne dans la dernière édition y répond, même sans ses communes', () => {
    const s = buildStore();
    // A 2023 file of EPCI rows only: no commune has a 2023 figure.
    s.set('P_CHOM1564', 2023, 'count', new Map());
    s.set('P_ACT1564', 2023, 'count', new Map());
    s.setPublished('P_CHOM1564', 2023, 'epci:200000002', { value: 12, status: 'ok', datasetId: 7 });
    s.setPublished('P_ACT1564', 2023, 'epci:200000002', { value: 110, status: 'ok', datasetId: 7 });
    const engine = new IndicatorEngine(s, CODES, population);
    expect(engine.compute(subject(chomage), CD)).toMatchObject({ ok: true, value: { millesime: 2023, status: 'ok', value: (12 / 110) * 100 } });
    expect(engine.compute(subject(chomage), AB)).toMatchObject({ ok: true, value: { millesime: 2022, status: 'ok' } });
    expect(planned(engine, territory('com:31003', 2))).toBe(2022);
  });

  it('une commune sans chiffre dans la dernière édition ne fait pas changer de millésime un territoire qu’elle pèse peu', () => {
    const s = buildStore();
    s.set('P_CHOM1564', 2023, 'count', [11, 310, null, 8]);
    s.set('P_ACT1564', 2023, 'count', [51, 3010, null, 71]);
    const engine = new IndicatorEngine(s, CODES, population);
    // C (10 inhabitants of 1 120) has no 2023 figure: the whole stays at 2023; C alone answers with its 2022 figure.
    expect(planned(engine, ALL)).toBe(2023);
    expect(planned(engine, territory('com:31003', 2))).toBe(2022);
  });
});
