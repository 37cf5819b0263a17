// Ces données sont pures. The sources indicators name, and the helpers every library file declares with.
import type { Domain, Formula, IndicatorDefinition, Polarity, Public, SourceRef } from '../indicator.types.js';
import { singleRatioOf } from '../terms.js';

export const SOURCES = {
  rp: { label: 'INSEE, recensement de la population, exploitation principale (base du comparateur de territoires, dossier complet)', producer: 'INSEE' },
  rpComplementaire: { label: 'INSEE, recensement de la population, exploitation complémentaire (dossier complet)', producer: 'INSEE' },
  populationsLegales: { label: 'INSEE, populations légales (à défaut : référentiel COG, @etalab/decoupage-administratif)', producer: 'INSEE' },
  superficie: { label: 'INSEE, superficie des communes (base du comparateur de territoires)', producer: 'INSEE' },
  etatCivil: { label: 'INSEE, état civil (naissances et décès domiciliés)', producer: 'INSEE' },
  filosofi: { label: 'INSEE, Filosofi (fichier localisé social et fiscal), chiffres clés revenus et pauvreté', producer: 'INSEE' },
  caf: { label: 'CNAF, allocataires des caisses d’allocations familiales par commune (ou par IRIS, sommés)', producer: 'CNAF' },
  flores: { label: 'INSEE, Flores (fichier localisé des rémunérations et de l’emploi salarié), établissements actifs employeurs (base du comparateur de territoires)', producer: 'INSEE' },
  bpe: { label: 'INSEE, base permanente des équipements (dossier complet)', producer: 'INSEE' },
} satisfies Record<string, SourceRef>;

/** Normalised names the import gives the CNAF columns (src/import, CAF dictionary): `a` → `CAF_A` … */
export const caf = (column: string): string => `CAF_${column.toUpperCase()}`;

export interface Declaration {
  id: string;
  label: string;
  shortLabel?: string;
  publics?: Public[];
  unit: string;
  polarity?: Polarity;
  formula: Formula;
  sources: SourceRef[];
  definition: string;
  decimals?: number;
  /** « la part des 75 ans ou plus » (f). */
  subject: [string, 'f' | 'm'];
  key?: boolean;
  scale?: 'linear' | 'log';
  tolerance?: { relative?: number; absolute?: number };
}

/** Turns the short declarations of a domain into definitions. */
/**
 * What a share of one CAF count over another does where IRIS withhold one of its terms (ADR 0016): said in its
 * definition, since its denominator is then not the commune's count of allocataires.
 */
export const pairedSubUnits = (formula: Formula): string =>
  formula.kind === 'share'
    ? 'Dans une commune dont des IRIS masquent l’un des deux termes, la part est calculée sur les seuls IRIS qui publient les deux : son dénominateur est alors inférieur au total de la commune, et la valeur partielle.'
    : 'Dans une commune dont des IRIS masquent l’un des deux termes, la moyenne est calculée sur les seuls IRIS qui publient les deux, et la valeur est partielle.';

export const declare = (domain: Domain, defaultPublics: Public[], list: Declaration[]): IndicatorDefinition[] =>
  list.map((d) => {
    const def: IndicatorDefinition = {
      id: d.id,
      label: d.label,
      domain,
      publics: d.publics ?? defaultPublics,
      unit: d.unit,
      polarity: d.polarity ?? 'neutral',
      formula: d.formula,
      sources: d.sources,
      definition: d.sources.includes(SOURCES.caf) && singleRatioOf(d.formula) ? `${d.definition} ${pairedSubUnits(d.formula)}` : d.definition,
      decimals: d.decimals ?? (d.unit === '%' || d.unit === '%/an' || d.unit === '‰' || d.unit === 'hab./km²' ? 1 : 0),
      subject: { text: d.subject[0], gender: d.subject[1] },
    };
    if (d.shortLabel) def.shortLabel = d.shortLabel;
    if (d.key) def.key = true;
    if (d.scale) def.scale = d.scale;
    if (d.tolerance) def.tolerance = d.tolerance;
    return def;
  });

export const share = (numerator: string[], denominator: string[], otherwise?: string[]): Formula =>
  otherwise ? { kind: 'share', numerator, denominator, otherwise } : { kind: 'share', numerator, denominator };
export const ratio = (numerator: string[], denominator: string[], factor: number): Formula => ({ kind: 'ratio', numerator, denominator, factor });
export const stock = (...terms: string[]): Formula => ({ kind: 'stock', terms });
export const published = (variable: string): Formula => ({ kind: 'published', variable });
