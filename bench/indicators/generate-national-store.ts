// A generated national data set for the engine benchmark: every variable the indicator library reads, for every
// commune of the referential, with the millésimes of the real files (recensement 2022 and 2016, Filosofi 2021, CNAF
// 2021, Sirene and état civil 2024, populations légales 2023) and withheld values where the sources withhold them
// (Filosofi below 2 000 inhabitants for rates, CNAF counts under 5). Values are random but plausible and seeded, so
// that two runs compare the same data. Written straight into an in-memory VariableStore with the import's names.
import { MemoryVariableStore } from '../../src/core/indicators/memory-variable-store.js';
import type { VariableKind } from '../../src/core/observations/observation.types.js';
import type { Referential } from '../../src/core/referential/referential.js';
import { LIBRARY_VARIABLES } from '../../src/services/indicators/indicator-runtime.js';

/** mulberry32: a small seeded PRNG. */
const prng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

interface Spec {
  millesimes: number[];
  /** For counts cumulated over years (births and deaths from 2016 to 2021, millésime 2021). */
  period?: [number, number];
  kind: VariableKind;
  /** Value for a commune of population `pop`; null = withheld. */
  value: (pop: number, rnd: () => number, millesime: number) => number | null;
}

const share = (lo: number, hi: number) => (pop: number, rnd: () => number) => pop * (lo + (hi - lo) * rnd());
const CAF_SHARES: Record<string, [number, number]> = {
  CAF_A: [0.15, 0.3],
  CAF_PERCOU: [0.35, 0.6],
  CAF_ENF: [0.15, 0.3],
  CAF_AAL: [0.05, 0.12],
  CAF_AAPL: [0.02, 0.07],
  CAF_ARSAS: [0.01, 0.05],
  CAF_APPA: [0.03, 0.08],
  CAF_AAAH: [0.005, 0.02],
};

const specOf = (name: string): Spec => {
  if (name === 'SUPERF') return { millesimes: [2022], kind: 'area', value: (_p, r) => 2 + 40 * r() };
  if (name === 'PMUN') return { millesimes: [2023], kind: 'count', value: (p) => p };
  if (['MED', 'D1', 'D9'].includes(name)) {
    const base = name === 'MED' ? 22000 : name === 'D1' ? 11500 : 40000;
    return { millesimes: [2021], kind: 'median', value: (p, r) => (p < (name === 'MED' ? 250 : 2000) ? null : base * (0.8 + 0.4 * r())) };
  }
  if (name === 'RD') return { millesimes: [2021], kind: 'other', value: (p, r) => (p < 2000 ? null : 2.5 + 2 * r()) };
  if (/^(TP60|PIMP|PACT|PCHO|PPEN|PPSOC|PPFAM|PPMINI|PPLOGT)/.test(name)) return { millesimes: [2021], kind: 'rate', value: (p, r) => (p < 2000 ? null : 3 + 40 * r()) };
  if (name === 'NBMENFISC') return { millesimes: [2021], kind: 'count', value: share(0.4, 0.45) };
  if (name.startsWith('CAF_')) {
    const [lo, hi] = CAF_SHARES[name] ?? [0.01, 0.08];
    // The CNAF masks counts under 5.
    return { millesimes: [2021], kind: 'count', value: (p, r) => {
      const v = Math.round(p * (lo + (hi - lo) * r()));
      return v < 5 ? null : v;
    } };
  }
  if (/^(NAISD|DECESD|ET|BPE_|ENCTOT)/.test(name)) return { millesimes: [2024], kind: 'count', value: share(0.005, 0.08) };
  if (name === 'NAIS' || name === 'DECE') return { millesimes: [2021], period: [2016, 2021], kind: 'count', value: share(0.03, 0.07) };
  // The census of 2016 a little off that of 2022 (from −8 % to +2 %), so that evolutions are not all zero.
  if (name === 'P_POP') return { millesimes: [2022, 2016], kind: 'count', value: (p, r, m) => (m === 2022 ? p : Math.round(p * (0.92 + 0.1 * r()))) };
  const census = ['P_EMPLT', 'P_ACT1564', 'P_CHOM1564'].includes(name) ? [2022, 2016] : [2022];
  const fractions: Record<string, [number, number]> = {
    P_POP0014: [0.14, 0.2],
    P_POP1529: [0.12, 0.22],
    P_POP3044: [0.16, 0.21],
    P_POP4559: [0.18, 0.22],
    P_POP6074: [0.14, 0.22],
    P_POP7589: [0.06, 0.12],
    P_POP90P: [0.005, 0.02],
    P_POP75P: [0.07, 0.14],
    P_POP65P: [0.15, 0.3],
    P_POP0019: [0.18, 0.26],
    P_MEN: [0.42, 0.5],
    P_PMEN: [0.96, 0.99],
    P_POP1564: [0.58, 0.64],
    P_ACT1564: [0.42, 0.48],
    P_CHOM1564: [0.03, 0.07],
    P_ACTOCC15P: [0.39, 0.45],
    P_LOG: [0.5, 0.7],
    P_RP: [0.42, 0.5],
  };
  const [lo, hi] = fractions[name] ?? [0.02, 0.2];
  return { millesimes: census, kind: 'count', value: share(lo, hi) };
};

export interface NationalData {
  store: MemoryVariableStore;
  /** Variable, millésime pairs written. */
  columns: { name: string; millesime: number }[];
  cells: number;
}

export const generateNationalStore = (r: Referential, seed = 42): NationalData => {
  const rnd = prng(seed);
  const n = r.communeCount;
  const store = new MemoryVariableStore(n);
  const dataset = { id: 1, title: 'Fichier national généré (banc d’essai)', source: 'bench' };
  const columns: NationalData['columns'] = [];
  let cells = 0;
  for (const name of LIBRARY_VARIABLES) {
    const spec = specOf(name);
    for (const millesime of spec.millesimes) {
      const c = store.ensureColumn(name, millesime, spec.kind);
      if (spec.period) c.period = spec.period;
      c.datasets.push(dataset);
      for (let i = 0; i < n; i++) {
        const pop = Number.isNaN(r.population[i]) ? 50 : r.population[i];
        const v = spec.value(pop, rnd, millesime);
        c.values[i] = v ?? 0;
        c.status[i] = v === null ? 2 : 0;
        c.origin![i] = dataset.id;
        cells++;
      }
      columns.push({ name, millesime });
    }
  }
  return { store, columns, cells };
};
