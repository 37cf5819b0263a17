// Ces types sont purs. Principle 5 of DESIGN.md: indicators are declared as data, not coded one by one; the engine,
// the web pages, the reports and the API read the same declarations.

export type Domain =
  | 'demographie'
  | 'ages'
  | 'familles_menages'
  | 'enfance_jeunesse'
  | 'personnes_agees'
  | 'handicap'
  | 'revenus_pauvrete'
  | 'emploi_chomage'
  | 'insertion'
  | 'logement'
  | 'allocataires_caf'
  | 'etablissements';

export const DOMAIN_LABELS: Record<Domain, string> = {
  demographie: 'Démographie',
  ages: 'Âges',
  familles_menages: 'Familles et ménages',
  enfance_jeunesse: 'Petite enfance, enfance et jeunesse',
  personnes_agees: 'Personnes âgées',
  handicap: 'Personnes handicapées',
  revenus_pauvrete: 'Revenus et pauvreté',
  emploi_chomage: 'Emploi et chômage',
  insertion: 'Insertion',
  logement: 'Logement',
  allocataires_caf: 'Allocataires CAF',
  etablissements: 'Établissements',
};

export type Public = 'familles' | 'jeunes' | 'personnes_agees' | 'personnes_handicapees' | 'personnes_en_difficulte' | 'population';

export const PUBLIC_LABELS: Record<Public, string> = {
  familles: 'familles',
  jeunes: 'jeunes',
  personnes_agees: 'personnes âgées',
  personnes_handicapees: 'personnes handicapées',
  personnes_en_difficulte: 'personnes en difficulté',
  population: 'ensemble de la population',
};

/** Is a higher value better, worse, or neither? Drives the wording of sentences and the « L'essentiel » choice. */
export type Polarity = 'higher_is_better' | 'higher_is_worse' | 'neutral';

/**
 * A sum of normalised variables (`P_POP7589 + P_POP90P`), all of one millésime. A term may carry a sign
 * (`-DECESD`: a natural balance is births minus deaths, still additive over communes) and may pin its millésime
 * (`P_POP@2016`); pinned millésimes that differ within one sum or ratio are refused (MILLESIMES_MELANGES).
 */
export type Terms = string[];

export type Formula =
  /** Sum over communes of one or more additive variables. */
  | { kind: 'stock'; terms: Terms }
  /**
   * sum(num) / sum(den) × 100. `otherwise`: the denominator read when `denominator` has no data at the numerator's
   * millésimes (the census's complementary exploitation counts households as `C22_MEN`, the principal one as
   * `P22_MEN`: the first when a file gives it, else the second). The engine decides once per millésime, never commune
   * by commune.
   */
  | { kind: 'share'; numerator: Terms; denominator: Terms; otherwise?: Terms }
  /** sum(num) / sum(den) × factor (1 000 for a rate per 1 000, 100 for an index); `otherwise` as for a share. */
  | { kind: 'ratio'; numerator: Terms; denominator: Terms; factor: number; otherwise?: Terms }
  /** sum(terms) / sum(SUPERF) (km²). */
  | { kind: 'density'; terms: Terms; area: string }
  /**
   * Annual average rate in % between two millésimes: ((v2/v1)^(1/(y2−y1)) − 1) × 100. `years` = [from, to]; without
   * it, the most recent millésime and the earlier one closest to `span` years before it (6 by default: the census
   * compares 2016 with 2022).
   */
  | { kind: 'evolution'; terms: Terms; years?: [number, number]; span?: number }
  /** v(y2) − v(y1), millésimes chosen as for an evolution. */
  | { kind: 'difference'; terms: Terms; years?: [number, number]; span?: number }
  /**
   * The part of an evolution's annual average rate due to a component of the change over the same years — the solde
   * naturel, births minus deaths from the first census to the eve of the second: rate × Σ component / (Σ v2 − Σ v1),
   * INSEE's decomposition. `rest`: the other part (the solde apparent des entrées et sorties), the rate minus that.
   * The component's columns are those cumulated over exactly these years (`NAIS1621` for 2016 → 2022), or none.
   */
  | { kind: 'evolution_component'; terms: Terms; component: Terms; rest?: boolean; span?: number }
  /** A value published by the source, not aggregable (a median, a poverty rate): answered only where published. */
  | { kind: 'published'; variable: string };

export interface SourceRef {
  /** « INSEE, RP 2022, base du comparateur de territoires ». */
  label: string;
  producer: 'INSEE' | 'CNAF' | 'IGN' | 'DGCL' | string;
}

export interface IndicatorDefinition {
  id: string;
  label: string;
  /** Short label for tables and charts. */
  shortLabel?: string;
  domain: Domain;
  publics: Public[];
  /** '%', 'hab.', 'hab./km²', '€', '‰', 'indice', 'allocataires', '%/an' … */
  unit: string;
  polarity: Polarity;
  formula: Formula;
  sources: SourceRef[];
  /** French definition shown in the method annex and tooltips. */
  definition: string;
  /** Decimals shown to people (JSON values are never rounded). */
  decimals: number;
  /** « la part des 75 ans ou plus »: the subject of the generated sentence, feminine/masculine for « celle/celui ». */
  subject?: { text: string; gender: 'f' | 'm' };
  /** Among the key indicators used to find similar territories. */
  key?: boolean;
  /** How key indicators are standardised: 'log' for skewed stocks (population, density). */
  scale?: 'linear' | 'log';
  /**
   * Below this gap with the reference, the sentence says « proche de ». Relative to the reference value (0.03 = 3 %)
   * or absolute in the indicator's unit (0.1 point for a rate of change). Defaults in sentences.ts.
   */
  tolerance?: { relative?: number; absolute?: number };
}

export type IndicatorStatus = 'ok' | 'partial' | 'secret' | 'missing' | 'not_aggregable';

/** The answer of the engine for one indicator on one territory (shape of `socle value --json`). */
export interface IndicatorValue {
  name: string;
  territory: string;
  millesime: number | null;
  /** For evolutions and differences: [from, to]. */
  period?: [number, number];
  /** For counts cumulated over a period (a solde naturel from 2016 to 2021): its first and last years. */
  cumulated?: [number, number];
  value: number | null;
  unit: string;
  status: IndicatorStatus;
  /**
   * The sums the value is computed from: numerator and denominator (for an evolution, the later and the earlier
   * value); `component` for the part of an evolution (births minus deaths over its years).
   */
  parts?: { numerator: number; denominator: number; component?: number };
  /** Communes withheld or absent from the data, for `partial` (full list in `value`, truncated in portraits). */
  missing?: { count: number; communes: string[] };
  /**
   * For `partial`: the share (0–1) of the territory's population municipale living in communes with a figure. A
   * value that covers few inhabitants (a région when one département is loaded) is not compared in portraits.
   */
  coverage?: number;
  sources: { dataset: string; datasetId?: number; millesime: number }[];
  /**
   * Why a `missing` value is missing although its data is loaded: a ratio whose denominator sums to zero (no active
   * person in a hamlet of three inhabitants) is not defined — not zero, and not « no data ».
   */
  note?: string;
}
