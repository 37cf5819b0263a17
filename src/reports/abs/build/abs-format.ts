// Ces fonctions sont pures. French formats for the report: numbers through core/format (decimal comma, U+202F as
// thousands separator and before units), gaps between values, dates with months spelled out, lists.
import { formatNumber as coreNumber, formatSigned, formatValue as coreValue, NNBSP } from '../../../core/format/number-format.js';


export { NNBSP };

/** 1234.56 → « 1 234,6 » (U+202F between groups); `sign` adds « + » to positive changes. Same rules as the web app. */
export const formatNumber = (value: number, decimals = 0, sign = false): string => (sign ? formatSigned(value, decimals) : coreNumber(value, decimals));

/** A value with its unit, word units included (« 20 163 hab. »): tables name the unit nowhere else. */
export const formatValue = (value: number | null | undefined, unit: string, decimals: number, sign = false): string => {
  if (value == null || !Number.isFinite(value)) return '—';
  // Signed or not, a word unit agrees with its number (« −1 emploi », « +3 emplois »).
  return coreValue(value, unit, decimals, { unit: 'full', signed: sign });
};

/** A number rounded to `decimals` as formatNumber prints it. */
const roundTo = (x: number, decimals: number): number => Number(formatNumber(x, decimals).replace(/[\s\u202F\u00A0]/g, '').replace(',', '.').replace('\u2212', '-'));

/** The difference between two values in the indicator's unit: « +4,2 points » for shares, « +12 % » otherwise. */
export const formatGap = (value: number, reference: number, unit: string, decimals: number): string => {
  if (unit === '%' || unit === '%/an') {
    // The gap of the figures as printed beside it (« 3,8 % contre 3,0 %, soit +0,8 point », never +0,7).
    const d = Math.max(1, decimals);
    const gap = roundTo(value, decimals) - roundTo(reference, decimals);
    return `${formatNumber(gap, d, true)}${NNBSP}point${Math.abs(Number(gap.toFixed(d))) >= 2 ? 's' : ''}`;
  }
  if (reference === 0) return formatValue(value - reference, unit, decimals, true);
  return `${formatNumber(((value - reference) / Math.abs(reference)) * 100, 0, true)}${NNBSP}%`;
};

export { formatDateLabel } from '../../../core/format/french-text.js';

/** Valid calendar date in YYYY-MM-DD form. */
export const isIsoDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

export { joinFrench, lowerFirst, yearsOf } from '../../../core/format/french-text.js';
export { plural } from '../../../core/format/number-format.js';

/**
 * French typography in running text: a no-break space before « : » and a narrow one before « ; ! ? » and inside
 * « », so that a line never starts with a colon or a closing guillemet.
 */
export const frenchTypography = (text: string): string =>
  text
    .replace(/ :/g, '\u00a0:')
    .replace(/ ([;!?»])/g, `${NNBSP}$1`)
    // « 90 % » in running text as the formatted figures write it.
    .replace(/(\d) %/g, `$1${NNBSP}%`)
    // The typewriter apostrophe of names from the referential (« Côte d'Azur ») as the text writes it (« d’une »).
    .replace(/(\p{L})'(?=\p{L})/gu, '$1’')
    .replace(/« /g, `«${NNBSP}`);

/** « de la Haute-Garonne », « la CC Tarn-Agout », « Toulouse »: a report territory's name with its article (core). */
export { isPluralRef, ofRef, theRef, toRef } from '../../../core/format/territory-names.js';
