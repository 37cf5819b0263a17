import { describe, expect, it } from 'vitest';
import { IndicatorEngine, type EngineTerritory } from '../indicators/engine.js';
import { getIndicator } from '../indicators/indicator-library.js';
import { MemoryVariableStore, type CellInput } from '../indicators/memory-variable-store.js';
import { StoreWithEquivalentSums, withParts } from './equivalent-sums.js';
import { STATUS_ABSENT, VALUE_STATUS_CODE } from './observation.types.js';

// Five communes. A file of the IRIS base gives the 75-or-over whole for 31001 and 31003; the dossier complet gives
// them in two parts for 31002, 31003 (where the whole wins) and 31004 (90-or-over withheld); 31005 has neither.
const CODES = ['31001', '31002', '31003', '31004', '31005'];
const IRIS_BASE = { id: 1, title: 'Base infracommunale 2022', source: 'insee' };
const DOSSIER = { id: 2, title: 'Dossier complet 2025', source: 'insee' };

const buildStore = (): MemoryVariableStore => {
  const s = new MemoryVariableStore(CODES.length);
  s.set('P_POP75P', 2022, 'count', new Map([[0, 120.5], [2, 300]]), IRIS_BASE);
  s.set('P_POP7589', 2022, 'count', new Map([[1, 80.25], [2, 250], [3, 40]]), DOSSIER);
  s.set('P_POP90P', 2022, 'count', new Map<number, CellInput>([[1, 19.75], [2, 40], [3, { value: null, status: 'secret' }]]), DOSSIER);
  s.set('P_POP', 2022, 'count', [1000, 800, 2500, 400, 300], IRIS_BASE);
  s.set('P_POP7589', 2016, 'count', [1, 1, 1, 1, 1], DOSSIER);
  return s;
};

const territory = (ref: string, ...members: number[]): EngineTerritory => ({ ref, kind: ref.startsWith('com:') ? 'com' : 'epci', members: Int32Array.from(members) });

describe('un tout publié entier ou en parties (75 ans ou plus)', () => {
  it('prend le tout là où un fichier le donne, la somme des parties ailleurs, commune par commune', () => {
    const store = new StoreWithEquivalentSums(buildStore(), CODES.length);
    // 2016 has only one of the two parts: no whole there.
    expect(store.millesimes('P_POP75P')).toEqual([2022]);
    const c = store.column('P_POP75P', 2022)!;
    expect(Array.from(c.values.subarray(0, 3))).toEqual([120.5, 100, 300]);
    expect(Array.from(c.status)).toEqual([VALUE_STATUS_CODE.ok, VALUE_STATUS_CODE.ok, VALUE_STATUS_CODE.ok, VALUE_STATUS_CODE.secret, STATUS_ABSENT]);
    expect(Array.from(c.origin!)).toEqual([1, 2, 1, 2, 0]);
    expect(c.datasets.map((d) => d.title)).toEqual(['Base infracommunale 2022', 'Dossier complet 2025']);
    // Made once; other variables read as stored.
    expect(store.column('P_POP75P', 2022)).toBe(c);
    expect(store.column('P_POP', 2022)).toBe(store.inner.column('P_POP', 2022));
    expect(withParts(['P_POP75P', 'P_POP'])).toEqual(['P_POP75P', 'P_POP7589', 'P_POP90P', 'P_POP']);
    // A name that is a property of every object is no rule.
    expect(withParts(['constructor', 'toString'])).toEqual(['constructor', 'toString']);
  });

  it('la part des 75 ans ou plus d’un EPCI additionne les touts et les parties ; une partie secrète rend la somme partielle', () => {
    const engine = new IndicatorEngine(buildStore(), CODES);
    const def = getIndicator('part_75_plus')!;
    const subject = { name: def.id, unit: def.unit, formula: def.formula };
    const compute = (t: EngineTerritory) => {
      const r = engine.compute(subject, t);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect(compute(territory('com:31002', 1))).toMatchObject({ status: 'ok', value: 12.5, millesime: 2022 });
    // 31001, 31002, 31003: (120.5 + 100 + 300) / (1000 + 800 + 2500).
    expect(compute(territory('epci:200000001', 0, 1, 2))).toMatchObject({ status: 'ok', value: ((120.5 + 100 + 300) / 4300) * 100 });
    const withSecret = compute(territory('epci:200000002', 1, 3));
    expect(withSecret).toMatchObject({ status: 'partial', value: (100 / 800) * 100 });
    expect(withSecret.missing).toEqual({ count: 1, communes: ['31004'] });
    // Sources: only the datasets the territory's communes used.
    expect(compute(territory('com:31002', 1)).sources.map((s) => s.dataset)).toContain('Dossier complet 2025');
    expect(compute(territory('com:31001', 0)).sources.map((s) => s.dataset)).not.toContain('Dossier complet 2025');
  });
});
