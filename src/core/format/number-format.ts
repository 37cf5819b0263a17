// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// French number formats for people (principle 9): decimal comma, U+202F (espace fine insécable) as thousands
// separator and before « % », « ‰ », « € » and the other units. Written by hand rather than through Intl so that the
// output does not depend on the ICU data of the Node build (some builds print U+00A0, others U+202F).
import { joinFrench } from './french-text.js';

/** U+202F NARROW NO-BREAK SPACE: thousands separator and space before a unit in French typography. */
export const NNBSP = '\u202F';

/** U+00A0 NO-BREAK SPACE: before a colon in French typography (the narrow one goes before « ; », « ! », « ? »). */
export const NBSP = '\u00A0';

/** U+2212 MINUS SIGN: a negative number's sign in French typography, as wide as « + », not the hyphen. */
export const MINUS = '\u2212';

/** Units written after the number (« 12,6 % », « 22 140 € »). Other units are words carried by the label. */
const SYMBOL_UNITS = new Set(['%', '‰', '€', 'km²', 'hab./km²', '%/an', 'pts', 'points', 'ans']);

/** Units whose values are changes, shown with an explicit sign (« +0,8 %/an »). */
const SIGNED_UNITS = new Set(['%/an', 'pts', 'points']);

/**
 * « 1 234 567,8 »: rounds half away from zero to `decimals`, groups thousands with U+202F, decimal comma.
 * `-0` and values that round to zero print without a sign.
 */
export const formatNumber = (value: number, decimals = 0): string => {
  if (!Number.isFinite(value)) return '—';
  const d = Math.max(0, Math.min(10, Math.trunc(decimals)));
  const factor = 10 ** d;
  // Rounding on the absolute value, corrected by a relative epsilon, gives 0,15 → 0,2 as people expect.
  const abs = Math.abs(value);
  const rounded = Math.round(abs * factor * (1 + Number.EPSILON)) / factor;
  const negative = value < 0 && rounded !== 0;
  const fixed = rounded.toFixed(d);
  const dot = fixed.indexOf('.');
  const intPart = dot < 0 ? fixed : fixed.slice(0, dot);
  // Thousands grouped by hand: a regular expression here dominated the time of a portrait's sentences.
  let grouped = intPart;
  if (intPart.length > 3) {
    grouped = intPart.slice(0, intPart.length % 3 || 3);
    for (let k = grouped.length; k < intPart.length; k += 3) grouped += NNBSP + intPart.slice(k, k + 3);
  }
  return `${negative ? MINUS : ''}${grouped}${dot < 0 ? '' : `,${fixed.slice(dot + 1)}`}`;
};

/** « +0,8 », « −1,2 », « 0,0 »: a change with its sign. */
export const formatSigned = (value: number, decimals = 0): string => {
  const text = formatNumber(value, decimals);
  if (text === '—' || text.startsWith(MINUS)) return text;
  return /[1-9]/.test(text) ? `+${text}` : text;
};

export interface FormatValueOptions {
  /**
   * 'symbol' (default): the unit is written when it is a symbol (%, €, hab./km²); word units (« allocataires »,
   * « hab. ») are left to the label. 'full': every unit is written. 'none': the number alone.
   */
  unit?: 'symbol' | 'full' | 'none';
  /** Text for a null value. */
  empty?: string;
  /** Writes the sign of a positive value too (« +96 hab. »), as the units of changes always do. */
  signed?: boolean;
}

/**
 * A value with its unit as people read it: `formatValue(6.5415, '%', 1)` → « 6,5 % » (U+202F before %),
 * `formatValue(22140, '€', 0)` → « 22 140 € », `formatValue(0.83, '%/an', 1)` → « +0,8 %/an ».
 */
export const formatValue = (value: number | null | undefined, unit: string, decimals: number, options: FormatValueOptions = {}): string => {
  if (value === null || value === undefined || !Number.isFinite(value)) return options.empty ?? '—';
  const number = options.signed || SIGNED_UNITS.has(unit) ? formatSigned(value, decimals) : formatNumber(value, decimals);
  const mode = options.unit ?? 'symbol';
  if (mode === 'none' || !unit || unit === 'indice' || unit === 'rapport') return number;
  if (mode === 'symbol' && !SYMBOL_UNITS.has(unit)) return number;
  // French agreement: under 2 the noun is singular (« 0,70 enfant », « 1,94 personne »).
  const noun = PLURAL_UNITS.has(unit) && Math.abs(Number(value.toFixed(decimals))) < 2 ? unit.slice(0, -1) : unit;
  return `${number}${NNBSP}${noun}`;
};

/** Units that are plural nouns taking their singular under 2 (« décès », invariable, is not among them). */
const PLURAL_UNITS = new Set(['actifs', 'allocataires', 'chômeurs', 'emplois', 'enfants', 'familles', 'jeunes', 'logements', 'ménages', 'naissances', 'personnes', 'établissements']);

/**
 * A share of inhabitants (0–1) as a percentage that is neither none nor all when it is not: « 0,4 % » rather than
 * « 0 % », « 99,9 % » rather than « 100 % », « 24 % » in between.
 */
export const formatCoverage = (fraction: number): string => {
  const pct = fraction * 100;
  const decimals = pct < 1 || pct > 99 ? 1 : 0;
  const step = 10 ** -decimals;
  const rounded = Number(pct.toFixed(decimals));
  const shown = pct > 0 && rounded === 0 ? step : pct < 100 && rounded >= 100 ? 100 - step : rounded;
  return formatValue(shown, '%', decimals);
};

/** « 14,3 % » → the number of decimals a value is shown with, so that two figures compare as people see them. */
export const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor * (1 + Math.sign(value) * Number.EPSILON)) / factor;
};

/** A count and its noun in French, singular for 0 and 1: « 1 commune », « 12 363 valeurs secrètes ». */
/** French agreement: the plural from 2 (« 0 commune », « 1 commune », « 2 communes »). */
export const plural = (n: number, singular: string, pluralForm = `${singular}s`): string => `${formatNumber(n)} ${Math.abs(Math.round(n)) >= 2 ? pluralForm : singular}`;

/**
 * « 586 communes », « 2 EPCI », « 34 875 communes, 1 255 EPCI et 101 départements », « 18 régions et la France »;
 * « aucun » when all are zero. Reports written before régions and France were read lack them.
 */
export const describeTerritoryCounts = (t: { com: number; epci: number; dep: number; reg?: number; fr?: number }): string => {
  const parts = [
    t.com ? plural(t.com, 'commune') : '',
    t.epci ? `${formatNumber(t.epci)} EPCI` : '',
    t.dep ? plural(t.dep, 'département') : '',
    t.reg ? plural(t.reg, 'région') : '',
    t.fr ? 'la France' : '',
  ].filter(Boolean);
  return parts.length ? joinFrench(parts) : 'aucun';
};
