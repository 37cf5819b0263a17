// Normalised names and millésimes from INSEE column names (the rule every importer and the engine share).
//
//   P22_POP      → P_POP     @ 2022   (prefix letter + 2-digit year + `_`: recensement, P principale, C complémentaire)
//   C22_FAMMONO  → C_FAMMONO @ 2022
//   BPE_2024_D307→ BPE_D307  @ 2024
//   ELECTEURSLP2024 → ELECTEURSLP @ 2024 (a 4-digit year at the end, from 1800: PTOT1876 → PTOT @ 1876)
//   NAIS1621     → NAIS      @ 2021, period 2016–2021 (letters + two 2-digit years, the first before the second,
//                                       at most 10 years apart: cumulated counts over a period keep it, the
//                                       millésime is its last year)
//   MED21 → MED @ 2021, TP6021 → TP60 @ 2021, TP60AGE121 → TP60AGE1 @ 2021, ETTEFP1024 → ETTEFP10 @ 2024,
//   SNEMM_23 → SNEMM @ 2023   (the last two digits are the year)
//   SUPERF       → SUPERF, no millésime (the import gives it the file's main millésime, and says so)
//
// Ces fonctions sont pures.

export interface NormalisedName {
  name: string;
  millesime: number | null;
  period?: [number, number];
}

/** A 2-digit year: 20yy up to next year, 19yy before (historical census columns such as D99_POP, D68_POP). */
const fullYear = (yy: number, currentYear: number): number => (2000 + yy <= currentYear + 1 ? 2000 + yy : 1900 + yy);
const plausibleYear = (y: number, currentYear: number): boolean => y >= 1900 && y <= currentYear + 1;

/** Keeps letters, digits and `_`, upper case: the alphabet of normalised names (safe in SQL and URLs). */
export const sanitiseName = (published: string): string => {
  const s = published
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return s === '' ? 'COLONNE' : /^\d/.test(s) ? `V_${s}` : s;
};

export const normaliseInseeName = (published: string, currentYear: number): NormalisedName => {
  const col = published.trim().toUpperCase();
  let m = /^([A-Z]{1,3})(\d{2})_([A-Z0-9_]+)$/.exec(col);
  if (m) return { name: `${m[1]}_${m[3]}`, millesime: fullYear(Number(m[2]), currentYear) };
  m = /^([A-Z]+)_(\d{4})_([A-Z0-9_]+)$/.exec(col);
  if (m && plausibleYear(Number(m[2]), currentYear)) return { name: `${m[1]}_${m[3]}`, millesime: Number(m[2]) };
  m = /^([A-Z0-9_]*[A-Z_])(\d{4})$/.exec(col);
  if (m) {
    const prefix = trimUnderscore(m[1]);
    const period = /^[A-Z]+$/.test(m[1]) ? periodOf(m[2], currentYear) : null;
    const year = Number(m[2]);
    // `PTOT1921` is the census of 1921, `NAIS1925` the births of 2019–2025: a census series keeps the year, any other
    // name reads a 19xx or 18xx ending that is also a recent period as that period. 20xx is always a year.
    if (period && year < 2000 && !CENSUS_SERIES.has(prefix)) return { name: prefix, millesime: period[1], period };
    if (year >= 1800 && year <= currentYear + 1) return { name: prefix, millesime: year };
  }
  m = /^([A-Z0-9_]*[A-Z_][A-Z0-9_]*?)_?(\d{2})$/.exec(col);
  if (m && /[A-Z]/.test(m[1]) && 2000 + Number(m[2]) <= currentYear + 1) {
    return { name: trimUnderscore(m[1]), millesime: 2000 + Number(m[2]) };
  }
  return { name: sanitiseName(col), millesime: null };
};

const trimUnderscore = (s: string): string => s.replace(/_+$/, '');

/** A TIME_PERIOD of INSEE's long files: `2023` → 2023; `2016-2021` (or `/`) → the period, its millésime the last year. */
export const readTimePeriod = (text: string): { millesime: number; period: [number, number] | null } | null => {
  const m = /^(\d{4})(?:[-/](\d{4}))?$/.exec(text.trim());
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from < 1800 || to < from) return null;
  return { millesime: to, period: m[2] ? [from, to] : null };
};

/** Between a variable's name and its period in the columns built from INSEE's long files (`NAIS 2016-2021`). */
export const PERIOD_SEPARATOR = ' ';

/**
 * The period a published column is cumulated over, by the rules its import read it with: `NAIS1621` → 2016–2021, a
 * column built from a long file, `NAIS 2016-2021`, likewise; undefined for a column of one year.
 */
export const publishedPeriod = (published: string, currentYear: number): [number, number] | undefined => {
  const at = published.lastIndexOf(PERIOD_SEPARATOR);
  if (at > 0) return readTimePeriod(published.slice(at + 1))?.period ?? undefined;
  return normaliseInseeName(published, currentYear).period;
};

/** `1621` read as the period 2016–2021 (the first year before the second, at most 10 years apart, not in the future). */
const periodOf = (digits: string, currentYear: number): [number, number] | null => {
  const from = Number(digits.slice(0, 2));
  const to = Number(digits.slice(2));
  return from < to && to - from <= 10 && 2000 + to <= currentYear + 1 ? [2000 + from, 2000 + to] : null;
};

/** Series of the historical census bases (`PTOT1876` … `PMUN2023`): a 4-digit ending is always the census year. */
const CENSUS_SERIES = new Set(['PMUN', 'PTOT', 'PSDC', 'PCAP', 'POP', 'P', 'D', 'PMUNI']);

/** A year found in a file name (`inseecaf2021_31.csv` → 2021), or null. */
export const yearInFileName = (fileName: string, currentYear: number): number | null => {
  const found = [...fileName.matchAll(/(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/g)].map((m) => Number(m[1])).filter((y) => plausibleYear(y, currentYear));
  return found.length > 0 ? found[0] : null;
};
