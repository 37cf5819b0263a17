// Ces valeurs sont pures. The threshold of ADR 0013, in a module of its own so that the web app reads it without the
// engine.

/**
 * Least share of a territory's inhabitants a partial figure must cover to be compared (as a reference, or in a
 * sentence), ranked or shown as the territory's figure: withheld small communes leave more than 99 % covered; a région
 * when one of its départements is loaded, a few per cent.
 */
export const MIN_COMPARABLE_COVERAGE = 0.9;

/**
 * Whether a value stands for its territory: not a partial figure of communes where under MIN_COMPARABLE_COVERAGE of
 * its inhabitants live. Maps colour only these (a figure of 2 % of an EPCI's inhabitants is no colour for it).
 */
export const representsTerritory = (v: { value: number | null; status: string; coverage?: number }): boolean =>
  v.value !== null && !(v.status === 'partial' && v.coverage !== undefined && v.coverage < MIN_COMPARABLE_COVERAGE);
