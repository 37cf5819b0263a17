import { formatNumber } from '../../../src/core/format/number-format.js';

/** « 1er », « 2e », « 12e ». */
export const ordinal = (n: number): string => (n === 1 ? '1er' : `${formatNumber(n, 0)}e`);
