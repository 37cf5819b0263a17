// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Classes of a choropleth map: quantiles (as many territories in each class), Jenks natural breaks (ckmeans, the
// optimal 1-D k-means of simple-statistics) and equal intervals.
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';
import { formatNumber, formatValue, NNBSP } from '../format/number-format.js';

export type ClassMethod = 'quantiles' | 'jenks' | 'equal';
export const CLASS_METHODS: readonly ClassMethod[] = ['quantiles', 'jenks', 'equal'];

export const CLASS_METHOD_LABELS: Record<ClassMethod, string> = {
  quantiles: 'quantiles (effectifs égaux)',
  jenks: 'seuils naturels (Jenks, ckmeans)',
  equal: 'intervalles égaux',
};

export interface Classification {
  method: ClassMethod;
  /** Ascending bounds: class k spans [breaks[k], breaks[k+1]] (the last bound included). */
  breaks: number[];
  /** Number of values in each class. */
  counts: number[];
}

/**
 * Bounds of at most `n` classes over the finite values. Fewer classes come back when the values have fewer distinct
 * figures; none when there is no value.
 */
/**
 * `decimals`: the precision the legend prints; bounds that print alike (« 4,1 % » and « 4,1 % ») make one bound, so
 * that no class reads « de 4,1 à 4,1 % » and no two read the same.
 */
export const classify = (input: ArrayLike<number>, method: ClassMethod, n: number, decimals?: number): Classification => {
  const values = Array.from(input).filter((v) => Number.isFinite(v));
  if (values.length === 0) return { method, breaks: [], counts: [] };
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = new Set(sorted).size;
  const k = Math.max(1, Math.min(Math.trunc(n) || 1, distinct));
  let breaks: number[];
  if (k === 1) breaks = [sorted[0], sorted[sorted.length - 1]];
  else if (method === 'quantiles') {
    breaks = [sorted[0]];
    for (let i = 1; i < k; i++) breaks.push(quantileSorted(sorted, i / k));
    breaks.push(sorted[sorted.length - 1]);
  } else if (method === 'jenks') {
    const clusters = ckmeans(sorted, k);
    breaks = clusters.map((c) => c[0]);
    breaks.push(clusters[clusters.length - 1][clusters[clusters.length - 1].length - 1]);
  } else {
    breaks = equalIntervalBreaks(sorted, k);
  }
  // Losses and gains never share a class (nor, then, a colour): a class across zero is cut at zero.
  const top = breaks[breaks.length - 1];
  if (breaks[0] < 0 && top > 0 && !breaks.includes(0)) breaks = [...breaks.filter((b) => b < 0), 0, ...breaks.filter((b) => b > 0)];
  // Quantiles of skewed data repeat bounds: a class with no width is merged into the next; so is one whose bounds
  // print alike. The last bound stays the largest value.
  const printed = (b: number): number => (decimals === undefined ? b : Math.round(b * 10 ** decimals));
  const unique: number[] = [];
  for (const b of breaks) if (unique.length === 0 || printed(b) > printed(unique[unique.length - 1])) unique.push(b);
  const max = breaks[breaks.length - 1];
  if (unique.length === 1) unique.push(max);
  else unique[unique.length - 1] = max;
  const counts = new Array(unique.length - 1).fill(0);
  for (const v of sorted) counts[classIndex(v, unique)]++;
  return { method, breaks: unique, counts };
};

/** Index of the class of a value (values outside the bounds go to the first or last class); -1 when not finite. */
export const classIndex = (value: number, breaks: number[]): number => {
  if (!Number.isFinite(value) || breaks.length < 2) return -1;
  const last = breaks.length - 2;
  for (let k = 0; k < last; k++) if (value < breaks[k + 1]) return k;
  return last;
};

/** « de 8,2 à 10,1 % », « 10,1 % ou plus »: the legend of each class, in the indicator's unit. */
export const classLabels = (breaks: number[], unit: string, decimals: number): string[] => {
  const labels: string[] = [];
  const suffix = unit && unit !== 'indice' && unit !== 'rapport' && /[%€²‰]|\/an/.test(unit) ? `${NNBSP}${unit}` : '';
  for (let k = 0; k < breaks.length - 1; k++) {
    const lo = formatNumber(breaks[k], decimals);
    const hi = formatNumber(breaks[k + 1], decimals);
    labels.push(lo === hi ? formatValue(breaks[k], unit, decimals) : `de ${lo} à ${hi}${suffix}`);
  }
  return labels;
};
