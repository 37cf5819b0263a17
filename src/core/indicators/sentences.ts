// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// One French sentence per indicator of a portrait, setting its value against the first reference:
// « La part des 75 ans ou plus (6,5 %) est inférieure à celle de la Haute-Garonne (8,1 %). »
// The adjective agrees with the subject (« celle » / « celui », « inférieure » / « inférieur »), the territory takes
// its article (« de la Haute-Garonne », « de Toulouse Métropole », « de la France »), and a gap within the
// indicator's tolerance reads « proche de ». Polarity adds whether the gap is favourable. A count is set beside the
// reference's, never judged; a rate of fewer than 50 people is said with its base, never compared.
import { capitalise, lowerFirst } from '../format/french-text.js';
import { formatCoverage, formatNumber, formatValue, NBSP, NNBSP, roundTo } from '../format/number-format.js';
import { ofTerritory } from '../format/territory-names.js';
import type { TerritoryKind } from '../territory/territory-ref.js';
import type { IndicatorDefinition, IndicatorStatus } from './indicator.types.js';
import { representsTerritory } from './coverage.js';

export interface SentenceValue {
  value: number | null;
  status: IndicatorStatus;
  /** A partial value: the share (0–1) of the territory's inhabitants in communes with a figure. */
  coverage?: number;
  /** The sums of a ratio: its denominator is the base of a rate or an evolution. */
  parts?: { denominator: number };
}

/**
 * Under this base (people, households, jobs, dwellings: a rate's denominator, an evolution's earlier count), a rate
 * or an evolution is said but neither compared nor judged: one job lost is « −100 %/an ».
 */
export const MIN_COMPARED_BASE = 50;

/** Whether a rate, a share, an index or an evolution rests on fewer than MIN_COMPARED_BASE. */
export const onSmallBase = (def: Pick<IndicatorDefinition, 'unit'>, v: SentenceValue): boolean =>
  (def.unit === '%' || def.unit === '%/an' || def.unit === 'indice') && v.parts !== undefined && Math.abs(v.parts.denominator) < MIN_COMPARED_BASE;

export interface SentenceReference extends SentenceValue {
  kind: TerritoryKind;
  code: string;
  name: string;
  /** True when the reference contains the territory (its EPCI, its département): stocks then read as a share of it. */
  contains: boolean;
}

type SentenceIndicator = Pick<IndicatorDefinition, 'label' | 'unit' | 'decimals' | 'polarity' | 'formula' | 'subject' | 'tolerance'>;

/**
 * Largest gap read as « proche de »: 3 % of the reference; for a share, at least 0,2 point and at most 1 point (3 % of
 * an activity rate of 73 % would hide a gap people notice); 0,1 point for a yearly rate.
 */
export const toleranceOf = (def: Pick<IndicatorDefinition, 'unit' | 'tolerance'>, reference: number): number => {
  const relative = (def.tolerance?.relative ?? 0.03) * Math.abs(reference);
  if (def.tolerance?.absolute !== undefined) return Math.max(relative, def.tolerance.absolute);
  if (def.unit === '%') return Math.min(Math.max(relative, 0.2), 1);
  if (def.unit === '%/an') return 0.1;
  return relative;
};

/** Ends a sentence with one full stop, even after an abbreviation (« hab. »). */
const period = (s: string): string => (s.endsWith('.') ? s : `${s}.`);


/** « la part des … » from the label when a declaration has no subject. */
const subjectOf = (def: SentenceIndicator): { text: string; gender: 'f' | 'm' } =>
  def.subject ?? { text: `l’indicateur « ${lowerFirst(def.label)} »`, gender: 'm' };

/**
 * A partial value says how many of the territory's inhabitants it describes (« données pour 2 % des habitants »); one
 * whose every commune has a figure, some short of a masked IRIS, is « données partielles ».
 */
const shown = (v: SentenceValue, def: SentenceIndicator, unit: 'symbol' | 'full'): string =>
  `${formatValue(v.value, def.unit, def.decimals, { unit })}${v.status !== 'partial' ? '' : v.coverage === undefined || v.coverage >= 0.9995 ? ', données partielles' : `, données pour ${formatCoverage(v.coverage)} des habitants`}`;

/**
 * A count that is a balance (births minus deaths) or a change between two censuses: never read as a share of a larger
 * territory's (« 0,2 % of its natural balance » means nothing). Written as the tables write it, its sign when negative.
 */
const isSignedCount = (def: SentenceIndicator): boolean =>
  def.formula.kind === 'difference' || (def.formula.kind === 'stock' && def.formula.terms.some((t) => t.startsWith('-')));

/** The sentence, or null when the territory has no value. */
export const buildSentence = (def: SentenceIndicator, value: SentenceValue, reference: SentenceReference | null): string | null => {
  if (value.value === null || (value.status !== 'ok' && value.status !== 'partial')) return null;
  const subject = subjectOf(def);
  // A figure of a few of the territory's inhabitants (ADR 0013) is not its figure: said so, neither stated as its
  // value nor compared (« La part des 15-29 ans n’est connue que pour 0,9 % des habitants : … »).
  if (!representsTerritory(value)) {
    const e = subject.gender === 'f' ? 'e' : '';
    return `${capitalise(subject.text)} n’est connu${e} que pour ${formatCoverage(value.coverage!)} des habitants (${formatValue(value.value, def.unit, def.decimals, { unit: def.formula.kind === 'stock' || def.formula.kind === 'difference' ? 'full' : 'symbol' })} sur ce champ)${NBSP}: ce chiffre ne représente pas le territoire.`;
  }
  const isStock = def.formula.kind === 'stock' || def.formula.kind === 'difference';
  // « Le nombre de naissances est de 751 913 », not « … de 751 913 naissances »: the subject names the unit already.
  const unitMode = isStock && !subject.text.includes(def.unit) ? 'full' : 'symbol';
  const own = shown(value, def, unitMode);
  const hasRef = reference !== null && reference.value !== null && (reference.status === 'ok' || reference.status === 'partial');
  // A rate of a few people: said, with its base, not set against anything (and said so with no reference at hand).
  if (onSmallBase(def, value)) {
    const e = subject.gender === 'f' ? 'e' : '';
    return `${capitalise(subject.text)} est de ${own} (calculé${e} sur une base de ${formatNumber(Math.abs(value.parts!.denominator), 0)} seulement${NBSP}: trop peu pour une comparaison).`;
  }
  if (!reference || !hasRef) return period(`${capitalise(subject.text)} est de ${own}`);
  const refText = shown(reference, def, unitMode);
  const pronoun = subject.gender === 'f' ? 'celle' : 'celui';
  const of = ofTerritory(reference.kind, reference.code, reference.name);
  const v = value.value;
  const r = reference.value!;

  if (isStock) {
    // A commune's population compared with its département's is always smaller: say which share of it it makes.
    if (reference.contains && !isSignedCount(def) && v > 0 && r > 0) {
      const share = formatValue((v / r) * 100, '%', v / r < 0.001 ? 2 : 1);
      return `${capitalise(subject.text)} (${own}) représente ${share} de ${pronoun} ${of} (${refText}).`;
    }
    // Otherwise — a balance, a zero, or a territory that does not contain it (larger or smaller by size alone) — both
    // figures are said, side by side.
    return period(`${capitalise(subject.text)} est de ${own}${NNBSP}; ${pronoun} ${of} est de ${refText}`);
  }

  const gap = v - r;
  const sameShown = roundTo(v, def.decimals) === roundTo(r, def.decimals);
  if (sameShown || Math.abs(gap) <= toleranceOf(def, r)) {
    return `${capitalise(subject.text)} (${own}) est proche de ${pronoun} ${of} (${refText}).`;
  }
  const higher = gap > 0;
  const e = subject.gender === 'f' ? 'e' : '';
  const comparison = `${higher ? 'supérieur' : 'inférieur'}${e}`;
  let judgement = '';
  if (def.polarity !== 'neutral') {
    const favourable = (def.polarity === 'higher_is_better') === higher;
    judgement = favourable ? ', un écart favorable' : ', un écart défavorable';
  }
  return `${capitalise(subject.text)} (${own}) est ${comparison} à ${pronoun} ${of} (${refText})${judgement}.`;
};
