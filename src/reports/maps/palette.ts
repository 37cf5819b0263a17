// Colours of choropleth classes. Sequential palettes from ColorBrewer (Cynthia Brewer, Apache 2.0), chosen for
// print and for colour-blind readers: orange-red when a high value is a concern, blue-green when it is an asset,
// blue when neither. Values below zero (a change of population, a solde) take a diverging palette, red below zero and
// blue above (the other way round when a high value is a concern), darker away from zero; core's classes are cut at
// zero, and a class given across it (breaks from elsewhere) is a pale neutral. Grey is kept for territories without data.
import type { Polarity } from '../../core/indicators/indicator.types.js';

const OR_RD = ['#fef0d9', '#fdd49e', '#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'];
const GN_BU = ['#f0f9e8', '#ccebc5', '#a8ddb5', '#7bccc4', '#4eb3d3', '#2b8cbe', '#08589e'];
const BLUES = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'];

export const MISSING_COLOR = '#d9d9d9';

/** `n` colours, light to dark, for classes ordered from the lowest values to the highest. */
export const sequentialColors = (n: number, polarity: Polarity = 'neutral'): string[] => {
  const base = polarity === 'higher_is_worse' ? OR_RD : polarity === 'higher_is_better' ? GN_BU : BLUES;
  return n <= 0 ? [] : n === 1 ? [base[4]] : spread(base, n);
};

/** `n` (2 or more) colours spread over a palette, keeping its two ends; the whole palette when it has no more. */
const spread = (base: readonly string[], n: number): string[] =>
  n >= base.length ? [...base] : Array.from({ length: n }, (_, k) => base[Math.round((k * (base.length - 1)) / (n - 1))]);

/** ColorBrewer RdBu, each side from zero outwards: light to dark. */
const RED_SIDE = ['#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];
const BLUE_SIDE = ['#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
const ZERO = '#f7f7f7';

/** `n` colours of one side, the first nearest zero. */
const side = (base: readonly string[], n: number): string[] => (n <= 0 ? [] : n === 1 ? [base[1]] : spread(base, n));

/**
 * The colours of classes given by their ascending bounds (class k spans [breaks[k], breaks[k+1]]): sequential when no
 * value is below zero, else diverging around zero (a map of losses only is all of the « below » side, darker for the
 * larger losses).
 */
export const classColors = (breaks: readonly number[], polarity: Polarity = 'neutral'): string[] => {
  const n = Math.max(0, breaks.length - 1);
  // Each class below zero (its upper bound at most zero), above it (its lower bound at least zero), or across it.
  let below = 0;
  let above = 0;
  for (let k = 0; k < n; k++) {
    if (breaks[k] >= 0) above++;
    else if (breaks[k + 1] <= 0) below++;
  }
  // Nothing below zero: light to dark from the lowest value.
  if (n === 0 || breaks[0] >= 0) return sequentialColors(n, polarity);
  const [low, high] = polarity === 'higher_is_worse' ? [BLUE_SIDE, RED_SIDE] : [RED_SIDE, BLUE_SIDE];
  const across = n - below - above;
  return [...side(low, below).reverse(), ...(across ? [ZERO] : []), ...side(high, above)];
};
