// Classes of a choropleth come from core (src/core/indicators/classification.ts: quantiles, Jenks through ckmeans,
// equal intervals) and colours from the static maps' palette (src/reports/maps/palette.ts), so that the map on the
// page, its SVG and PNG exports and the maps of the reports agree.
import type { Polarity } from '../../../src/core/indicators/indicator.types.js';
import { classColors, MISSING_COLOR } from '../../../src/reports/maps/palette.js';
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

export const NO_DATA_COLOR = MISSING_COLOR;

/** Classes of the values (nulls ignored), or null when none has a value. */
export const classify = (values: (number | null)[], method: Method, wanted: number, unit: string, decimals: number, polarity?: string): Classes | null => {
  const c = classifyValues(values.filter((v): v is number => v !== null), method, wanted, decimals);
  if (c.breaks.length === 0) return null;
  return { breaks: c.breaks, counts: c.counts, colors: classColors(c.breaks, (polarity ?? 'neutral') as Polarity), labels: classLabels(c.breaks, unit, decimals) };
};

export const colorOf = (v: number | null, classes: Classes | null): string => {
  if (v === null || !classes) return NO_DATA_COLOR;
  const k = classIndex(v, classes.breaks);
  return k < 0 ? NO_DATA_COLOR : classes.colors[k];
};
