// Colours of choropleth classes. Sequential palettes from ColorBrewer (Cynthia Brewer, Apache 2.0), chosen for
// print and for colour-blind readers: orange-red when a high value is a concern, blue-green when it is an asset,
// blue when neither. Grey is kept for territories without data.
import type { Polarity } from '../../core/indicators/indicator.types.js';

const OR_RD = ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'];
const GN_BU = ['#f0f9e8', '#ccebc5', '#a8ddb5', '#7bccc4', '#4eb3d3', '#2b8cbe', '#08589e'];
const BLUES = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'];

export const MISSING_COLOR = '#d9d9d9';

/** `n` colours, light to dark, for classes ordered from the lowest values to the highest. */
export const sequentialColors = (n: number, polarity: Polarity = 'neutral'): string[] => {
  const base = polarity === 'higher_is_worse' ? OR_RD : polarity === 'higher_is_better' ? GN_BU : BLUES;
  if (n <= 0) return [];
  if (n === 1) return [base[4]];
  if (n >= base.length) return [...base];
  // Spread the classes over the palette, keeping its two ends.
  return Array.from({ length: n }, (_, k) => base[Math.round((k * (base.length - 1)) / (n - 1))]);
};
