// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Similar territories: the k territories of the same kind closest to one on the key indicators of the library,
// each standardised (z-score over every territory of the kind that has a value; log first for skewed stocks such as
// population and density), so that a gap of one standard deviation weighs the same on every indicator.
import { lowerFirst } from '../format/french-text.js';
import { formatValue } from '../format/number-format.js';
import type { IndicatorDefinition } from './indicator.types.js';

export interface SimilarityMatrix {
  /** The key indicators, in column order. */
  indicators: IndicatorDefinition[];
  refs: string[];
  names: string[];
  /** values[k][j]: indicator k of territory j (NaN when missing). */
  values: Float64Array[];
}

export interface SimilarTerritory {
  ref: string;
  name: string;
  /** Root mean square of the z-score gaps over the indicators both have. */
  distance: number;
  /** The indicators on which it is closest, with both values. */
  close: { id: string; label: string; value: number; other: number }[];
  /** « proche sur : taux de chômage des 15-64 ans (14,3 % contre 13,9 %), … » */
  reason: string;
  /** Number of key indicators compared. */
  compared: number;
}

const transform = (def: IndicatorDefinition, v: number): number => (def.scale === 'log' ? (v > 0 ? Math.log(v) : NaN) : v);

/** The matrix with each indicator standardised: made once per kind of territory and data version, then searched. */
export interface StandardisedMatrix {
  indicators: IndicatorDefinition[];
  refs: string[];
  values: Float64Array[];
  /** z[k][j]: the z-score of indicator k for territory j (NaN when missing). */
  z: Float64Array[];
}

/** Standardises each indicator over the territories that have it (log first for the skewed ones). */
export const standardise = ({ indicators, refs, values }: Omit<SimilarityMatrix, 'names'>): StandardisedMatrix => {
  const z = values.map((col, c) => {
    const def = indicators[c];
    const t = new Float64Array(col.length);
    let sum = 0;
    let count = 0;
    for (let j = 0; j < col.length; j++) {
      const v = Number.isFinite(col[j]) ? transform(def, col[j]) : NaN;
      t[j] = v;
      if (Number.isFinite(v)) (sum += v), count++;
    }
    const mean = count ? sum / count : 0;
    let sq = 0;
    for (let j = 0; j < t.length; j++) if (Number.isFinite(t[j])) sq += (t[j] - mean) ** 2;
    const sd = count > 1 ? Math.sqrt(sq / (count - 1)) : 0;
    for (let j = 0; j < t.length; j++) t[j] = Number.isFinite(t[j]) && sd > 0 ? (t[j] - mean) / sd : NaN;
    return t;
  });
  return { indicators, refs, values, z };
};

/** Largest standardised gap read as « proche » in a reason. */
const CLOSE_Z = 0.5;

/** The k nearest territories to `target` (an index into `matrix.refs`). */
export const findSimilarInMatrix = (matrix: SimilarityMatrix, target: number, k: number): SimilarTerritory[] =>
  nearestInMatrix(standardise(matrix), target, k, (j) => matrix.names[j]);

/** The k nearest territories to `target` in a standardised matrix; `nameOf` names the ones kept. */
export const nearestInMatrix = (matrix: StandardisedMatrix, target: number, k: number, nameOf: (j: number) => string): SimilarTerritory[] => {
  const { indicators, values, refs, z } = matrix;
  const n = refs.length;
  const own = z.map((col) => col[target]);
  const available = own.filter((v) => Number.isFinite(v)).length;
  // At least half of the target's indicators, and two, must be shared for a distance to mean anything.
  const minShared = Math.max(2, Math.ceil(available / 2));
  const candidates: { j: number; distance: number; shared: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (j === target) continue;
    let sum = 0;
    let shared = 0;
    for (let c = 0; c < z.length; c++) {
      const a = own[c];
      const b = z[c][j];
      if (Number.isFinite(a) && Number.isFinite(b)) {
        sum += (a - b) ** 2;
        shared++;
      }
    }
    if (shared >= minShared) candidates.push({ j, distance: Math.sqrt(sum / shared), shared });
  }
  candidates.sort((a, b) => a.distance - b.distance || b.shared - a.shared || (refs[a.j] < refs[b.j] ? -1 : 1));
  return candidates.slice(0, k).map(({ j, distance, shared }) => {
    const gaps = indicators
      .map((def, c) => ({ def, c, gap: Math.abs(z[c][target] - z[c][j]) }))
      .filter((g) => Number.isFinite(g.gap))
      .sort((a, b) => a.gap - b.gap)
      .slice(0, 3);
    const close = gaps.map(({ def, c }) => ({ id: def.id, label: def.shortLabel ?? def.label, value: values[c][target], other: values[c][j] }));
    // « proche » where the gap is under half a spread of the territories; beyond, the nearest gaps are only the
    // smallest ones (443,5 against 281,6 hab./km² is not « close »).
    const near = gaps.filter((g) => g.gap <= CLOSE_Z);
    const far = gaps.filter((g) => g.gap > CLOSE_Z);
    // The full label: a short one (« Allocataires du RSA ») reads as a count beside a percentage.
    const listed = (list: typeof gaps): string =>
      list.map(({ def, c }) => `${lowerFirst(def.label)} (${formatValue(values[c][target], def.unit, def.decimals, { unit: 'full' })} contre ${formatValue(values[c][j], def.unit, def.decimals, { unit: 'full' })})`).join(', ');
    const reason = near.length ? `proche sur : ${listed(near)}${far.length ? ` ; plus éloigné sur : ${listed(far)}` : ''}` : `écarts les plus faibles, sans être proches : ${listed(gaps)}`;
    return { ref: refs[j], name: nameOf(j), distance, close, reason, compared: shared };
  });
};
