// Classes of a choropleth come from core (src/core/indicators/classification.ts: quantiles, Jenks through ckmeans,
// equal intervals — the same rule as the static SVG maps); this adds the colours. ColorBrewer sequential ramps,
// chosen by the indicator's polarity: warm when more is worse, blue when more is better, purple otherwise.
import { CLASS_METHOD_LABELS, CLASS_METHODS, classIndex, classLabels, classify as classifyValues, type ClassMethod } from '../../../src/core/indicators/classification.js';

export type Method = ClassMethod;
export const METHODS = CLASS_METHODS;
export const METHOD_LABELS = CLASS_METHOD_LABELS;
export const isMethod = (s: string | null): s is Method => !!s && (CLASS_METHODS as readonly string[]).includes(s);

export interface Classes {
  /** Ascending bounds: class k spans [breaks[k], breaks[k+1]]. */
  breaks: number[];
  colors: string[];
  counts: number[];
  labels: string[];
}

const RAMPS: Record<'warm' | 'cool' | 'neutral', string[][]> = {
  // ColorBrewer YlOrRd, Blues and Purples, 3 to 7 classes.
  warm: [
    ['#ffeda0', '#feb24c', '#f03b20'],
    ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c'],
    ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'],
    ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'],
    ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'],
  ],
  cool: [
    ['#deebf7', '#9ecae1', '#3182bd'],
    ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
    ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
    ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
    ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'],
  ],
  neutral: [
    ['#efedf5', '#bcbddc', '#756bb1'],
    ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#6a51a3'],
    ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
    ['#f2f0f7', '#dadaeb', '#bcbddc', '#9e9ac8', '#756bb1', '#54278f'],
    ['#f2f0f7', '#dadaeb', '#bcbddc', '#9e9ac8', '#807dba', '#6a51a3', '#4a1486'],
  ],
};

export const NO_DATA_COLOR = '#d9d9d9';

const rampFor = (polarity: string | undefined, k: number): string[] => {
  const family = polarity === 'higher_is_worse' ? 'warm' : polarity === 'higher_is_better' ? 'cool' : 'neutral';
  if (k <= 2) return k === 1 ? [RAMPS[family][0][1]] : [RAMPS[family][0][0], RAMPS[family][0][2]];
  return RAMPS[family][Math.min(7, k) - 3];
};

/** Classes of the values (nulls ignored), or null when none has a value. */
export const classify = (values: (number | null)[], method: Method, wanted: number, unit: string, decimals: number, polarity?: string): Classes | null => {
  const c = classifyValues(values.filter((v): v is number => v !== null), method, wanted);
  if (c.breaks.length === 0) return null;
  const k = c.counts.length;
  return { breaks: c.breaks, counts: c.counts, colors: rampFor(polarity, k), labels: classLabels(c.breaks, unit, decimals) };
};

export const colorOf = (v: number | null, classes: Classes | null): string => {
  if (v === null || !classes) return NO_DATA_COLOR;
  const k = classIndex(v, classes.breaks);
  return k < 0 ? NO_DATA_COLOR : classes.colors[k];
};
