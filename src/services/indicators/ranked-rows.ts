// The order of an indicator's table over territories, shared by the CLI's table and the exported files (kept apart
// from the exports so that the CLI does not load the spreadsheet writer to print a table).
import { MIN_COMPARABLE_COVERAGE } from '../../core/indicators/portrait-builder.js';
import { compareNames } from '../../core/referential/text.js';
import type { IndicatorValues } from './list-indicator-values.service.js';

type Row = IndicatorValues['values'][number];

/**
 * Rows from the highest value to the lowest (rank 1 the highest, equal values sharing a rank, then by name), then
 * those without a rank, by name: the order of the CLI's table and of the exported files. A partial value is ranked
 * when it covers at least 90 % of the territory's inhabitants (MIN_COMPARABLE_COVERAGE, as in portraits); under that
 * it is listed, unranked, with its value.
 */
export const rankedRows = (data: IndicatorValues): (Row & { rank: number | null })[] => {
  const ranked = (v: Row) => v.value !== null && (v.status !== 'partial' || v.coverage === undefined || v.coverage >= MIN_COMPARABLE_COVERAGE);
  const withValue = data.values.filter(ranked).sort((a, b) => b.value! - a.value! || compareNames(a.name, b.name));
  const without = data.values.filter((v) => !ranked(v)).sort((a, b) => Number(b.value !== null) - Number(a.value !== null) || compareNames(a.name, b.name));
  let rank = 0;
  const rows = withValue.map((v, k) => {
    if (k === 0 || v.value !== withValue[k - 1].value) rank = k + 1;
    return { ...v, rank };
  });
  return [...rows, ...without.map((v) => ({ ...v, rank: null }))];
};

