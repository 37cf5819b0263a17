// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// French text: lists and labels set inside a sentence.

/**
 * The years a value speaks of: « 2016–2022 » for an evolution, « 2016–2021 » for a count cumulated over a period,
 * « 2022 » otherwise, « — » without data.
 */
export const yearsOf = (v: { millesime: number | null; period?: [number, number]; cumulated?: [number, number] }): string => {
  const range = v.period ?? v.cumulated;
  if (range) return `${range[0]}–${range[1]}`;
  return v.millesime !== null ? String(v.millesime) : '—';
};

/** The same in a sentence: « millésimes 2016 → 2022 », « période 2016–2021, millésime 2021 », « millésime 2022 ». */
export const millesimePhrase = (v: { millesime: number | null; period?: [number, number]; cumulated?: [number, number] }): string => {
  if (v.period) return `millésimes ${v.period[0]} → ${v.period[1]}`;
  if (v.cumulated) return `période ${yearsOf(v)}, millésime ${v.millesime}`;
  return v.millesime !== null ? `millésime ${v.millesime}` : 'aucun millésime chargé';
};

/** French list: « a, b et c ». */
export const joinFrench = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;

/**
 * A label set inside a sentence: its first letter in lower case (« Part des 75 ans ou plus » → « part des 75 ans ou
 * plus »), unless its first word is an acronym (« RSA », « EPCI », « CAF ») or a name's capital would be lost.
 */
/** The first letter in upper case, for a sentence that starts with a name or a label. */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const lowerFirst = (label: string): string => {
  const first = label.split(/[\s’'-]/, 1)[0];
  if (first.length > 1 && first === first.toUpperCase() && first !== first.toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
};

/** The noun of a level of territories, singular and plural: « 1 commune », « 586 communes ». */
export const LEVEL_NOUNS: Record<'com' | 'epci' | 'dep', [string, string]> = {
  com: ['commune', 'communes'],
  epci: ['intercommunalité', 'intercommunalités'],
  dep: ['département', 'départements'],
};

/** How a value's status reads in a table people open (the CLI's table, the CSV and XLSX exports). */
export const STATUS_LABELS: Record<string, string> = {
  ok: 'disponible',
  partial: 'partiel',
  secret: 'secret statistique',
  missing: 'non disponible',
  not_aggregable: 'non agrégeable',
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 2026-03-01 » → « 1er mars 2026 » (no time zone involved: the date is a calendar date). */
export const formatDateLabel = (iso: string): string => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
};
