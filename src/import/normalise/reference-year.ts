// The year of a reference date cell: the CNAF's communal files give each row's date (`Date_Ref`, `DTREF`,
// `Date_référence`: `2022-12-31`, `31/12/2022`) or year (`annee`: `2022`); a workbook gives the date as Excel's day
// number (`44926`, 31 December 2022). The millésime of the row is that year.

/** Excel's day number of 1 January 1970 (its day 1 is 1 January 1900, and it counts a 29 February 1900). */
const EXCEL_EPOCH_1970 = 25569;

/** The year a reference cell gives, or null when it is none of a year, a date or Excel's day number of a date. */
export const referenceYear = (text: string): number | null => {
  const t = text.trim();
  let m = /^((?:19|20)\d{2})(?:\.0+)?$/.exec(t);
  if (m) return Number(m[1]);
  // ISO date, with a time or not (`2022-12-31`, `2022-12-31T00:00:00`, `2022/12/31`).
  m = /^((?:19|20)\d{2})[-/]\d{1,2}[-/]\d{1,2}(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (m) return Number(m[1]);
  // French date (`31/12/2022`, `31-12-2022`, `31.12.2022`).
  m = /^\d{1,2}[-/.]\d{1,2}[-/.]((?:19|20)\d{2})$/.exec(t);
  if (m) return Number(m[1]);
  // Excel's day number of a date, as a workbook's cell holds it.
  if (/^\d{5}(?:\.\d+)?$/.test(t)) {
    const year = new Date(Math.round((Number(t) - EXCEL_EPOCH_1970) * 86_400_000)).getUTCFullYear();
    return year >= 1900 && year <= 2099 ? year : null;
  }
  return null;
};
