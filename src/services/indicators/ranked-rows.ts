// The order of an indicator's table over territories, shared by the CLI's table and the exported files (kept apart
// from the exports so that the CLI does not load the spreadsheet writer to print a table).
import { compareNames } from '../../core/referential/text.js';
import type { IndicatorValues } from './list-indicator-values.service.js';

type Row = IndicatorValues['values'][number];

/**
 * Rows from the highest value to the lowest (rank 1 the highest, equal values sharing a rank, then by name), then
 * those without a value, by name: the order of the CLI's table and of the exported files.
 */
export const rankedRows = (data: IndicatorValues): (Row & { rank: number | null })[] => {
  const withValue = data.values.filter((v) => v.value !== null).sort((a, b) => b.value! - a.value! || compareNames(a.name, b.name));
  const without = data.values.filter((v) => v.value === null).sort((a, b) => compareNames(a.name, b.name));
  let rank = 0;
  const ranked = withValue.map((v, k) => {
    if (k === 0 || v.value !== withValue[k - 1].value) rank = k + 1;
    return { ...v, rank };
  });
  return [...ranked, ...without.map((v) => ({ ...v, rank: null }))];
};

