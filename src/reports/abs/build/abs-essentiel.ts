// Ces fonctions sont pures. « L'essentiel »: the findings where the territory differs most from its first reference,
// chosen by a rule stated in the report itself (ESSENTIEL_RULE), so that a reader can check and redo the choice.
import type { IndicatorDefinition, Polarity } from '../../../core/indicators/indicator.types.js';
import type { PortraitIndicator } from '../../../core/indicators/portrait.types.js';
import { MIN_COMPARED_BASE, onSmallBase } from '../../../core/indicators/sentences.js';
import type { Finding, Tone } from '../abs-document.types.js';
import { formatGap, formatNumber, formatValue, NNBSP } from './abs-format.js';

export const ESSENTIEL_MAX = 12;
export const ESSENTIEL_PER_CHAPTER = 3;
/**
 * Below this score (a standardised gap weighted by polarity) a difference is no finding: « L'essentiel » lists fewer
 * findings, or none, rather than gaps it would call the largest and its own sentences call close.
 */
export const ESSENTIEL_THRESHOLD = 0.5;
export const NEUTRAL_WEIGHT = 0.5;
/**
 * A rate or an evolution computed on fewer than this many people, households or jobs (its denominator) is no finding
 * (11 unemployed among 55 actives make a rate of 20 % that two people move by 4 points), and its sentence compares it
 * with nothing: the portrait's rule (core/indicators/sentences.ts).
 */
export const MIN_FINDING_BASE = MIN_COMPARED_BASE;

/** Whether a rate, a share or an evolution rests on a small number (under MIN_FINDING_BASE). */
export const hasSmallBase = (ind: PortraitIndicator): boolean => onSmallBase(ind, ind.value);

/** Fewer territories than this give no quartiles worth the name: their communes give the dispersion instead. */
export const MIN_PEERS = 8;

export const ESSENTIEL_RULE =
  'Pour chaque indicateur exprimé en taux, part, indice, densité, revenu ou évolution (les effectifs ne se comparent pas ' +
  'd’un territoire à l’autre) dont la valeur est complète pour le territoire et pour la référence (une valeur partielle, ' +
  `calculée sans certaines communes, ne se compare pas sûrement) et, pour un taux ou une évolution, calculée sur au moins ${MIN_FINDING_BASE} personnes, ménages ou emplois (en deçà, quelques personnes font varier le taux de plusieurs points), on calcule l’écart standardisé z = (valeur du territoire − valeur de la référence) ÷ d, ` +
  `où la référence est le premier territoire de comparaison et d la dispersion robuste des valeurs des territoires qu’elle contient : ses intercommunalités pour une intercommunalité, ses départements pour un département, quand ${MIN_PEERS} au moins ont une valeur représentative, sinon ses communes (celles de son département quand la référence est une commune) ` +
  '(écart interquartile ÷ 1,349, l’équivalent d’un écart-type pour une distribution normale, peu sensible aux petites ' +
  'communes extrêmes). Le score vaut |z| multiplié par le poids de la polarité : 1 quand une valeur haute est ' +
  'favorable ou défavorable, 0,5 quand l’indicateur est neutre. Les indicateurs sont classés par score décroissant ; ' +
  `sont retenus ceux dont le score atteint ${formatNumber(ESSENTIEL_THRESHOLD, 1)} et dont la phrase ne dit pas la valeur proche de la référence, au plus ${ESSENTIEL_MAX}, ` +
  `sans dépasser ${ESSENTIEL_PER_CHAPTER} par chapitre : il peut y en avoir moins, ou aucun quand le territoire ressemble à sa référence. Le sens (favorable, ` +
  'défavorable, neutre) vient du signe de z et de la polarité de l’indicateur ; un écart de moins d’une demi-dispersion ' +
  '(|z| < 0,5) est neutre.';

/** Robust spread of a set of values: interquartile range / 1.349 (0 when fewer than 4 values). */
export const robustSpread = (values: number[]): number => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length < 4) return 0;
  const q = (p: number): number => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    return v[lo] + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]) - v[lo]);
  };
  return (q(0.75) - q(0.25)) / 1.349;
};

/** Below this standardised gap a finding is neither favourable nor unfavourable. */
const MIN_TONED_Z = 0.5;

export const toneOf = (z: number, polarity: Polarity): Tone => {
  if (polarity === 'neutral' || z === 0) return 'neutre';
  return (z > 0) === (polarity === 'higher_is_better') ? 'favourable' : 'defavorable';
};

const TONE_WORD: Record<Tone, string> = { favourable: 'favorable', defavorable: 'défavorable', neutre: 'neutre' };
export const toneLabel = (t: Tone): string => TONE_WORD[t];

/** Formula kinds whose values compare across territories of different sizes. */
const COMPARABLE = new Set(['share', 'ratio', 'density', 'evolution', 'published']);

export const isComparable = (indicator: PortraitIndicator, definition?: IndicatorDefinition): boolean => {
  if (definition) return COMPARABLE.has(definition.formula.kind);
  // Without its declaration, an indicator counted in people or allocataires is a stock.
  return !['hab.', 'allocataires', 'habitants', 'logements', 'ménages', 'personnes', 'établissements'].includes(indicator.unit);
};

export interface FindingCandidate {
  indicator: PortraitIndicator;
  definition?: IndicatorDefinition;
  chapterId: string;
  chapterTitle: string;
  /** Values of the first reference's communes. */
  referenceValues: number[] | undefined;
}

export type ScoredFinding = Finding & { score: number; close: boolean };

export const buildFinding = (c: FindingCandidate): ScoredFinding | null => {
  const ind = c.indicator;
  const v = ind.value.value;
  // A partial value (some communes withheld or not loaded) does not compare safely: it is left out.
  if (v == null || ind.value.status !== 'ok') return null;
  if (!isComparable(ind, c.definition)) return null;
  if (hasSmallBase(ind)) return null;
  const ref = ind.references[0];
  if (!ref || ref.value == null || ref.status !== 'ok') return null;
  // A spread under half the unit of the printed figures (0,05 point for a share printed to one decimal) measures
  // nothing: the communes' values are all but equal, and a gap divided by it would read in millions of spreads.
  const resolution = 0.5 * 10 ** -Math.max(0, ind.decimals);
  const d = robustSpread(c.referenceValues ?? []);
  if (!(d >= resolution)) return null;
  const z = (v - ref.value) / d;
  // A gap the printed figures do not show (« 4,1 % contre 4,1 % »), or one that prints as « 0,0 écart-type », is no
  // finding at all.
  if (Math.abs(v - ref.value) < resolution || Math.abs(z) < 0.05) return null;
  const score = Math.abs(z) * (ind.polarity === 'neutral' ? NEUTRAL_WEIGHT : 1);
  // A gap under half a spread — as printed: « -0,5 » is half a spread, toned — or one the sentence calls « proche »,
  // is no finding either way: neutral.
  const close = Math.abs(Number(z.toFixed(1))) < MIN_TONED_Z || (ind.sentence ?? '').includes(' est proche de ');
  const tone = close ? 'neutre' : toneOf(z, ind.polarity);
  const figures = `${formatValue(v, ind.unit, ind.decimals)} contre ${formatValue(ref.value, ind.unit, ind.decimals)} (${ref.name}), soit ${formatGap(v, ref.value, ind.unit, ind.decimals)}`;
  const direction = z > 0 ? 'plus élevé' : 'plus bas';
  // A neutral finding's sentence does not call its gap favourable or unfavourable (the portrait's tolerance is not
  // the spread of the communes).
  const said = ind.sentence && tone === 'neutre' ? ind.sentence.replace(/, un écart (?:dé)?favorable\.$/, '.') : ind.sentence;
  const sentence =
    said ??
    `${ind.label} : ${formatValue(v, ind.unit, ind.decimals)}, niveau ${direction} que dans la référence (${ref.name} : ${formatValue(ref.value, ind.unit, ind.decimals)}).`;
  return {
    indicatorId: ind.id,
    label: ind.label,
    chapterId: c.chapterId,
    chapterTitle: c.chapterTitle,
    tone,
    sentence,
    figures,
    z,
    // French plural from 2: « +0,7 écart-type », « +2,4 écarts-types ».
    gapLabel: `${formatNumber(z, 1, true)}${NNBSP}${Math.abs(Number(z.toFixed(1))) >= 2 ? 'écarts-types' : 'écart-type'}`,
    value: v,
    reference: { ref: ref.territory, name: ref.name, value: ref.value },
    unit: ind.unit,
    decimals: ind.decimals,
    score,
    close,
  };
};

/** Applies ESSENTIEL_RULE. Ties are broken by indicator id so that the choice never depends on input order. */
export const selectFindings = (candidates: FindingCandidate[]): Finding[] => {
  const scored = candidates
    .map(buildFinding)
    .filter((f): f is ScoredFinding => f !== null && f.score >= ESSENTIEL_THRESHOLD && !f.close)
    .sort((a, b) => b.score - a.score || a.indicatorId.localeCompare(b.indicatorId));
  const perChapter = new Map<string, number>();
  const chosen: ScoredFinding[] = [];
  for (const f of scored) {
    if (chosen.length >= ESSENTIEL_MAX) break;
    const n = perChapter.get(f.chapterId) ?? 0;
    if (n >= ESSENTIEL_PER_CHAPTER) continue;
    perChapter.set(f.chapterId, n + 1);
    chosen.push(f);
  }
  return chosen.map(({ score: _score, close: _close, ...f }) => f);
};
