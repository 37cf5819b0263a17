// Ces fonctions sont pures. The method annex and the « points de vigilance »: what the figures rest on and where they
// must be read with care. The fixed texts state the rules the engine applies (DESIGN.md principles 2–4).
import type { Formula, IndicatorDefinition } from '../../../core/indicators/indicator.types.js';
import type { PortraitIndicator } from '../../../core/indicators/portrait.types.js';
import { formatCoverage } from '../../../core/format/number-format.js';
import type { Block, SourceEntry } from '../abs-document.types.js';
import { formatNumber, joinFrench, lowerFirst, plural } from './abs-format.js';
import { hasSmallBase, MIN_FINDING_BASE } from './abs-essentiel.js';

export const SECRET_RULE =
  'Les producteurs ne publient pas certaines valeurs pour protéger les personnes : l’INSEE ne diffuse les indicateurs ' +
  'de revenus de Filosofi que pour les communes qui comptent assez de ménages fiscaux (de l’ordre de 50 pour le revenu ' +
  'médian, de 1 000 pour le taux de pauvreté) ; la CNAF masque les petits effectifs d’allocataires, et d’autres cellules ' +
  'avec eux, pour qu’on ne puisse pas les retrouver par différence. Une valeur ' +
  'masquée n’est jamais remplacée par zéro : elle ' +
  'est conservée comme « secret ». Une somme sur plusieurs communes dont l’une est masquée est dite « partielle » : ' +
  'elle est calculée sur les autres communes, qui sont nommées, et le rapport le signale par un astérisque.';

export const AGGREGATION_RULES = [
  'La commune est l’unité de base : toutes les valeurs sont conservées par commune (les fichiers par IRIS sont sommés par commune, les arrondissements municipaux de Paris, Lyon et Marseille dans leur commune), dans le code officiel géographique en vigueur ; les données d’un COG plus ancien sont rapportées aux communes actuelles.',
  'Un territoire (intercommunalité, département, région, France, périmètre) est un ensemble de communes : ses effectifs sont la somme de ceux de ses communes.',
  'Un taux ou une part est le rapport de la somme des numérateurs à la somme des dénominateurs, jamais une moyenne de taux communaux.',
  'Quand des IRIS d’une commune masquent le numérateur d’une part (allocataires CAF), la part de la commune est calculée sur les seuls IRIS qui publient ses deux termes : une valeur masquée n’est pas comptée pour zéro.',
  'Une médiane ou un taux publié par le producteur (revenu médian, taux de pauvreté) ne s’additionne pas : il n’est donné que là où le producteur le publie ; ailleurs il est « non publié » (« non agrégeable » dans l’API et la ligne de commande).',
  'Deux millésimes ne sont jamais mélangés dans une même somme ; chaque valeur porte son millésime.',
  'Une évolution annuelle moyenne est calculée entre deux millésimes : ((v2 ÷ v1)^(1 ÷ (a2 − a1)) − 1) × 100.',
];

export const STATUS_MEANING = {
  partial: 'la valeur est calculée sur une partie des communes seulement ; celles dont la valeur est masquée ou absente sont exclues',
  secret: 'la valeur est masquée par le producteur (secret statistique)',
  missing: 'aucune source chargée ne fournit cette valeur pour ce territoire',
  not_aggregable: 'le producteur ne publie cette valeur qu’à un autre niveau, et elle ne se calcule pas en additionnant les communes (« non agrégeable » dans l’API et la ligne de commande)',
  not_comparable:
    'les communes où la valeur est connue comptent moins de 90 % des habitants du territoire (la part est donnée entre parenthèses) : ce chiffre ne le représente pas ; il n’est ni comparé, ni classé, ni porté sur les graphiques (« non comparable » pour une référence, « non représentatif » pour le territoire du rapport)',
} as const;

/** Most indicators a list of the « points de vigilance » names; the others are counted. */
const LISTED_MAX = 12;

/** Labels inside a sentence: lower case after their colon (« … : indice de vieillissement, taille … »), the first few. */
const listed = (labels: string[]): string => {
  const words = labels.map(lowerFirst);
  return words.length > LISTED_MAX ? `${words.slice(0, LISTED_MAX).join(', ')} et ${plural(words.length - LISTED_MAX, 'autre', 'autres')} (voir les tableaux des chapitres)` : joinFrench(words);
};

/** « NAIS − DECE », not « NAIS + -DECE »: a negative term is subtracted. */
const terms = (t: string[]): string =>
  t.map((x, i) => (x.startsWith('-') ? `${i === 0 ? '−' : ' − '}${x.slice(1)}` : `${i === 0 ? '' : ' + '}${x}`)).join('');
const otherwise = (f: { denominator: string[]; otherwise?: string[] }): string =>
  f.otherwise ? ` (à défaut de ${terms(f.denominator)} dans les données chargées : somme de ${terms(f.otherwise)})` : '';

/** A formula in words, for the definitions annex. */
export const formulaText = (f: Formula): string => {
  switch (f.kind) {
    case 'stock':
      return `somme sur les communes de ${terms(f.terms)}`;
    case 'share':
      return `somme de ${terms(f.numerator)} ÷ somme de ${terms(f.denominator)} × 100${otherwise(f)}`;
    case 'ratio':
      return `somme de ${terms(f.numerator)} ÷ somme de ${terms(f.denominator)} × ${formatNumber(f.factor)}${otherwise(f)}`;
    case 'density':
      return `somme de ${terms(f.terms)} ÷ somme de ${f.area} (km²)`;
    case 'evolution':
      return `évolution annuelle moyenne de ${terms(f.terms)} entre ${f.years ? `${f.years[0]} et ${f.years[1]}` : 'les deux derniers millésimes'}`;
    case 'evolution_component':
      return `part de l’évolution annuelle moyenne de ${terms(f.terms)} ${f.rest ? 'qui ne vient pas' : 'qui vient'} de ${terms(f.component)} cumulés sur la même période : taux annuel × ${terms(f.component)} ÷ variation de ${terms(f.terms)}${f.rest ? ', retranché du taux annuel' : ''}`;
    case 'difference':
      return `différence de ${terms(f.terms)} entre ${f.years ? `${f.years[0]} et ${f.years[1]}` : 'les deux derniers millésimes'}`;
    case 'published':
      return `valeur publiée par le producteur (${f.variable}), non agrégeable`;
  }
};

export const definitionsBlock = (indicators: PortraitIndicator[], definitions: Map<string, IndicatorDefinition>): Block => ({
  type: 'definitions',
  items: indicators.map((ind) => {
    const def = definitions.get(ind.id);
    const details: string[] = [];
    if (def) {
      details.push(`Calcul : ${formulaText(def.formula)}.`);
      if (def.sources.length) details.push(`Source : ${def.sources.map((s) => s.label).join(' ; ')}.`);
    }
    details.push(`Unité : ${ind.unit || 'sans unité'} · identifiant : ${ind.id}.`);
    return { term: ind.label, text: def?.definition ?? ind.label, details };
  }),
});

export interface VigilanceInput {
  indicators: PortraitIndicator[];
  /** The report's territory kind (what the producer publishes for it). */
  kind?: string;
  communes: number;
  outlinesCount: number;
  sources: SourceEntry[];
  year: number;
  /** References all of whose values are partial. */
  partialReferences: string[];
  /** Names of the member communes by INSEE code, to name the missing ones. */
  communeNames?: Record<string, string>;
}

/** Partial, withheld, missing, not aggregable, old and mixed millésimes, missing outlines: each with what it means. */
export const vigilanceBlocks = (v: VigilanceInput): Block[] => {
  const blocks: Block[] = [];
  const by = (status: string) => v.indicators.filter((i) => i.value.status === status);
  const partial = by('partial');
  if (partial.length) {
    // A commune is partial for want of some of its IRIS (masked by the CNAF), not of communes.
    const ofCommune = v.communes === 1;
    blocks.push({
      type: 'paragraph',
      text: ofCommune
        ? `${plural(partial.length, 'indicateur est calculé', 'indicateurs sont calculés')} sans certains IRIS de la commune, dont le producteur masque la valeur (valeurs signalées par un astérisque) :`
        : `${plural(partial.length, 'indicateur est calculé', 'indicateurs sont calculés')} sur une partie des communes seulement (valeurs signalées par un astérisque) :`,
    });
    // Indicators of one source miss the same communes: one line per set of missing communes, not per indicator.
    const groups = new Map<string, { count: number | null; communes: string[]; labels: string[]; coverage?: number }>();
    for (const i of partial) {
      const m = i.value.missing;
      const key = m ? `${m.count}|${m.communes.join(',')}` : '?';
      const g = groups.get(key) ?? { count: m?.count ?? null, communes: m?.communes ?? [], labels: [], coverage: i.value.coverage };
      g.labels.push(lowerFirst(i.label));
      groups.set(key, g);
    }
    blocks.push({
      type: 'list',
      items: [...groups.values()].map((g) => {
        const names = g.communes.slice(0, 5).map((c) => v.communeNames?.[c] ?? c);
        const which = names.length ? ` (dont ${names.join(', ')}${(g.count ?? 0) > names.length ? '…' : ''})` : '';
        // A commune short of some IRIS has a value, incomplete: « sans valeur complète » covers both.
        // Every commune has a value, some of them short of a masked IRIS (Toulouse): the coverage says nothing then.
        const insideCommunes = g.coverage !== undefined && g.coverage >= 0.9995;
        // A commune's own report: its value lacks some of its IRIS, nothing else.
        if (v.communes === 1) return `valeur calculée sans certains IRIS de la commune, masqués par le producteur — ${plural(g.labels.length, 'indicateur')} : ${g.labels.length > 6 ? `${g.labels.slice(0, 6).join(', ')} et ${plural(g.labels.length - 6, 'autre')}` : joinFrench(g.labels)}`;
        const where = g.count != null ? `${plural(g.count, 'commune')} sur ${formatNumber(v.communes)} sans valeur complète${which}` : 'une partie des communes sans valeur complète';
        const covered = g.coverage === undefined ? '' : insideCommunes ? ', des IRIS masqués dans ces communes' : `, la valeur portant sur des communes où vivent ${formatCoverage(g.coverage)} des habitants`;
        return `${where}${covered} — ${plural(g.labels.length, 'indicateur')} : ${g.labels.length > 6 ? `${g.labels.slice(0, 6).join(', ')} et ${plural(g.labels.length - 6, 'autre')}` : joinFrench(g.labels)}`;
      }),
    });
    blocks.push({
      type: 'paragraph',
      text: ofCommune
        ? 'Ce que cela signifie : la valeur décrit les IRIS renseignés, pas toute la commune. Le producteur masque des valeurs par secret statistique (petits effectifs, ou valeurs qui permettraient d’en retrouver d’autres par différence) ; une part est alors calculée sur les seuls IRIS qui publient ses deux termes. Les comparaisons portant sur ces indicateurs sont à confirmer.'
        : 'Ce que cela signifie : la valeur décrit les communes renseignées, pas tout le territoire. Quand les communes manquantes sont petites, l’écart est faible ; quand elles sont nombreuses ou différentes des autres, la valeur peut s’en éloigner nettement. Les comparaisons portant sur ces indicateurs sont à confirmer.',
    });
  }
  if (v.partialReferences.length) {
    blocks.push({
      type: 'paragraph',
      text: `${joinFrench(v.partialReferences)} : toutes ${v.partialReferences.length > 1 ? 'leurs' : 'ses'} valeurs sont partielles, car seules une partie de ${v.partialReferences.length > 1 ? 'leurs' : 'ses'} communes sont chargées. Ce que cela signifie : ${v.partialReferences.length > 1 ? 'ces territoires ne servent' : 'ce territoire ne sert'} pas de référence fiable ; ${v.partialReferences.length > 1 ? 'leurs valeurs sont' : 'ses valeurs sont'} données dans les tableaux avec un astérisque mais ne sont pas représentées dans les graphiques. Les fichiers nationaux les compléteraient.`,
    });
  }
  const small = v.indicators.filter((i) => i.value.value !== null && hasSmallBase(i));
  if (small.length) {
    blocks.push({
      type: 'paragraph',
      text: `${plural(small.length, 'taux est calculé', 'taux sont calculés')} sur moins de ${MIN_FINDING_BASE} personnes, ménages ou emplois : ${listed(small.map((i) => `${i.label} (${formatNumber(i.value.parts!.denominator)})`))}. Ce que cela signifie : quelques personnes de plus ou de moins les font varier de plusieurs points ; ils sont donnés dans les chapitres, sans comparaison, et ne sont pas retenus dans « L’essentiel ».`,
    });
  }
  const secret = by('secret');
  if (secret.length) {
    blocks.push({ type: 'paragraph', text: `Valeurs masquées par le secret statistique : ${listed(secret.map((i) => i.label))}. Ce que cela signifie : la valeur existe mais n’est pas diffusée parce qu’elle porte sur trop peu de personnes ; elle n’est pas nulle.` });
  }
  const notAggregable = by('not_aggregable');
  if (notAggregable.length) {
    blocks.push({
      type: 'paragraph',
      text: `Non publiés pour ce territoire (« non agrégeables ») : ${listed(notAggregable.map((i) => i.label))}. Ce que cela signifie : une médiane ou un taux de pauvreté ne se déduit pas de ceux des communes ; seul le producteur peut le calculer sur le territoire. ${v.kind === 'epci' || v.kind === 'dep' || v.kind === 'reg' || v.kind === 'fr' ? 'L’INSEE le publie pour les intercommunalités, les départements, les régions et la France (fichier Filosofi de ce niveau, par exemple cc_filosofi_2021_EPCI.csv ou …_DEP.csv, dans l’archive des chiffres clés) : une prochaine édition du rapport peut l’intégrer. ' : 'Pour un périmètre propre, seul un calcul du producteur sur ses communes (une commande sur mesure) le donnerait. '}Les cartes par commune de ces indicateurs restent lisibles là où ils sont publiés.`,
    });
  }
  // A value of communes where under 90 % of the inhabitants live is set aside (withRepresentativeValues): its data is
  // loaded, for part of the territory only — not « non disponible ».
  const partly = by('missing').filter((i) => (i.value.coverage ?? 0) > 0);
  if (partly.length) {
    blocks.push({
      type: 'paragraph',
      text: `${plural(partly.length, 'indicateur ne représente', 'indicateurs ne représentent')} pas le territoire (« non représentatif ») : ${listed(partly.map((i) => `${i.label} (${formatCoverage(i.value.coverage!)} des habitants couverts)`))}. Ce que cela signifie : les fichiers chargés ne donnent ces valeurs que pour une partie des communes ; le chiffre obtenu n’est ni commenté, ni comparé, ni classé. Les fichiers qui couvrent les autres communes le compléteraient.`,
    });
  }
  // Loaded, but 0 ÷ 0 (no active person in a hamlet): not defined, which is not missing data.
  const undefinedRatios = by('missing').filter((i) => i.value.note);
  if (undefinedRatios.length) {
    blocks.push({
      type: 'paragraph',
      text: `${plural(undefinedRatios.length, 'indicateur n’est pas défini', 'indicateurs ne sont pas définis')} pour ce territoire (« non défini ») : ${listed(undefinedRatios.map((i) => i.label))}. Ce que cela signifie : les données sont chargées, mais le dénominateur vaut 0 (aucun actif, aucun établissement…) ; le rapport n’a pas de valeur, ce n’est ni zéro ni une donnée manquante.`,
    });
  }
  const missing = by('missing').filter((i) => !((i.value.coverage ?? 0) > 0) && !i.value.note);
  if (missing.length) {
    blocks.push({
      type: 'paragraph',
      text: `${plural(missing.length, 'indicateur n’a', 'indicateurs n’ont')} pas de donnée pour ce territoire (« donnée non disponible ») : ${listed(missing.map((i) => i.label))}. Ce que cela signifie : la source qui les alimente n’a pas été chargée pour ces communes ; une prochaine édition du rapport peut les intégrer.`,
    });
  }
  const used = v.sources.filter((s) => s.used && s.millesimes.length);
  const old = used.filter((s) => v.year - Math.max(...s.millesimes) >= 4);
  if (old.length) {
    blocks.push({
      type: 'paragraph',
      text: `Données anciennes : ${joinFrench(old.map((s) => `${s.title} (${Math.max(...s.millesimes)}, soit ${v.year - Math.max(...s.millesimes)} ans)`))}. Ce que cela signifie : la situation a pu changer depuis, en particulier après la crise sanitaire et la hausse des prix de 2022–2023 ; à confronter aux observations récentes des partenaires.`,
    });
  }
  // The years the report's figures describe (a file's other columns, unused, do not count).
  const years = [...new Set(v.indicators.filter((i) => i.value.value !== null && i.value.millesime !== null).map((i) => i.value.millesime!))].sort();
  if (years.length > 1) {
    blocks.push({
      type: 'paragraph',
      text: `Millésimes différents selon les sources (${joinFrench(years.map(String))}). Ce que cela signifie : chaque valeur est calculée sur un seul millésime, mais deux indicateurs de sources différentes ne décrivent pas la même année ; la population de référence du recensement diffère aussi de la population légale en vigueur.`,
    });
  }
  if (v.communes > 1 && v.outlinesCount < v.communes) {
    blocks.push({
      type: 'paragraph',
      text: v.outlinesCount === 0
        ? 'Aucune commune du territoire n’a de contour chargé : les cartes par commune ne peuvent pas être dessinées (il y faut un fichier GeoJSON de ses communes).'
        : `${plural(v.communes - v.outlinesCount, 'commune n’a', 'communes n’ont')} pas de contour chargé et ${v.communes - v.outlinesCount > 1 ? 'n’apparaissent' : 'n’apparaît'} pas sur les cartes.`,
    });
  }
  if (!blocks.length) blocks.push({ type: 'paragraph', text: 'Aucune valeur masquée, partielle ou manquante : tous les indicateurs sont calculés sur l’ensemble des communes.' });
  return blocks;
};
