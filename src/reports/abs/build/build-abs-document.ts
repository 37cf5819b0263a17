// Ces fonctions sont pures : elles ne font aucune entrée-sortie. Data (territory, portrait, member-commune values,
// outlines, datasets) → the ABS document model. Every renderer draws this model and nothing else, so that the PDF,
// Word, Excel and HTML files say the same thing; with the same data and the same date, the model is the same.
import type { Geometry } from 'geojson';
import type { IndicatorDefinition } from '../../../core/indicators/indicator.types.js';
import type { Portrait, PortraitIndicator, PortraitReferenceValue } from '../../../core/indicators/portrait.types.js';
import type { TerritoryInfo } from '../../../core/territory/territory.types.js';
import { capitalise } from '../../../core/format/french-text.js';
import { formatCoverage } from '../../../core/format/number-format.js';
import { MIN_COMPARABLE_COVERAGE } from '../../../core/indicators/portrait-builder.js';
import type { ComparisonBarsSpec, GroupedColumnsSpec } from '../../charts/chart.types.js';
import type { AbsDataset, AbsDocument, Block, Figure, KeyFigure, MapLevel, MapValue, ReportTerritory, Section, SourceEntry, TableCell, TableModel } from '../abs-document.types.js';
import { AGGREGATION_RULES, definitionsBlock, SECRET_RULE, STATUS_MEANING, vigilanceBlocks } from './abs-annex.js';
import { ABS_CHAPTERS, ageStructureGroups, chapterOf, type ChapterDefinition, type ChapterId } from './abs-chapters.js';
import { buildFinding, ESSENTIEL_RULE, hasSmallBase, isComparable, MIN_FINDING_BASE, MIN_PEERS, selectFindings, toneLabel, type FindingCandidate } from './abs-essentiel.js';
import { formatDateLabel, formatNumber, formatValue, frenchTypography, joinFrench, isPluralRef, lowerFirst, ofRef, plural, theRef, yearsOf } from './abs-format.js';

export type { AbsDataset } from '../abs-document.types.js';

export interface AbsBuildInput {
  territory: TerritoryInfo;
  portrait: Portrait;
  /** The indicator library (definitions, formulas, sources, publics). */
  definitions: IndicatorDefinition[];
  /** Values of each member commune for the indicators asked by `absDataNeeds(...).mapIndicators`. */
  memberValues: Record<string, MapValue[]>;
  /** Values of the first reference's territories (its EPCI, départements or communes), for the standardised gaps of « L'essentiel ». */
  referenceValues: Record<string, number[]>;
  /** Which territories `referenceValues` holds, for the rule's sentence (absent: the reference's communes). */
  dispersion?: DispersionBasis;
  /** Member communes' outlines, keyed `com:xxxxx` (or those of `mapLevel`'s territories). */
  outlines: { ref: string; geometry: Geometry }[];
  /** The territories the maps draw and `memberValues` give: the communes by default. */
  mapLevel?: MapLevel;
  /** The catalogue of loaded datasets; those used by the portrait are marked. */
  datasets: AbsDataset[];
  /** Names of the member communes by INSEE code (the points de vigilance name the missing ones). */
  communeNames?: Record<string, string>;
  /**
   * The territory's communes with their EPCI and population légale (of `populationMillesime`): listed in the annex, so
   * that a reader sees what an EPCI or a perimeter is made of.
   */
  communes?: { code: string; name: string; epci: string | null; population: number | null }[];
  populationMillesime?: number;
  /** A perimeter's members as it was defined (EPCI, communes), named: the report says what the perimeter is made of. */
  composition?: { ref: string; name: string }[];
  options: { organisme?: string | null; date: string };
}

/** The territories whose values gave « L'essentiel »'s dispersions. */
export interface DispersionBasis {
  /** The first reference (its département when it is a commune), or null without one. */
  within: { ref: string; name: string } | null;
  /** The subject's level when its peers gave the dispersion of at least one indicator, else null. */
  peerLevel: 'epci' | 'dep' | null;
  /** The most peers any indicator had. */
  peers: number;
  /** Indicators whose dispersion is that of communes (too few peers, or a commune or perimeter as subject). */
  communesFor: number;
}

const PEER_WORDS: Record<'epci' | 'dep', string> = { epci: 'intercommunalités', dep: 'départements' };

/** Says, under the rule, on which territories this report's dispersions were computed. */
export const dispersionSentence = (basis: DispersionBasis | undefined): string | null => {
  if (!basis?.within) return null;
  const of = ofRef(basis.within.ref, basis.within.name);
  if (!basis.peerLevel) return `Dans ce rapport, d est la dispersion des communes ${of}.`;
  const many = PEER_WORDS[basis.peerLevel];
  const rest = basis.communesFor > 0 ? ` ; celle de ses communes pour ${plural(basis.communesFor, 'indicateur', 'indicateurs')} que moins de ${MIN_PEERS} ${many} renseignent` : '';
  return `Dans ce rapport, d est la dispersion des ${many} ${of} (jusqu’à ${basis.peers})${rest}.`;
};

export interface AbsDataNeeds {
  /** Indicators whose member-commune values the maps may need (empty for a single commune). */
  mapIndicators: string[];
  /** The reference whose communes give the dispersion of each comparable indicator, or null without references. */
  dispersionWithin: string | null;
  dispersionIndicators: string[];
}

const allIndicators = (portrait: Portrait): PortraitIndicator[] => portrait.domains.flatMap((d) => d.indicators);
const hasValue = (i: { value: number | null; status: string }): boolean => i.value != null && (i.status === 'ok' || i.status === 'partial');

const byChapter = (indicators: PortraitIndicator[], defs: Map<string, IndicatorDefinition>): Map<ChapterId, PortraitIndicator[]> => {
  const out = new Map<ChapterId, PortraitIndicator[]>(ABS_CHAPTERS.map((c) => [c.id, []]));
  for (const ind of indicators) out.get(chapterOf(ind, defs.get(ind.id)))!.push(ind);
  return out;
};

/** The words of a map's territories: one, several, and the title's « par … ». */
const MAP_LEVEL_WORDS: Record<MapLevel, [string, string, string]> = {
  com: ['commune', 'communes', 'par commune'],
  epci: ['intercommunalité', 'intercommunalités', 'par intercommunalité'],
  dep: ['département', 'départements', 'par département'],
};

/** What the service must fetch besides the portrait: a pure function of the portrait, so the build stays pure. */
export const absDataNeeds = (territory: TerritoryInfo, portrait: Portrait, definitions: IndicatorDefinition[]): AbsDataNeeds => {
  const defs = new Map(definitions.map((d) => [d.id, d]));
  const indicators = allIndicators(portrait);
  const chapters = byChapter(indicators, defs);
  const mapIndicators: string[] = [];
  if (territory.communes > 1) {
    for (const chapter of ABS_CHAPTERS) {
      const own = chapters.get(chapter.id)!;
      const ids = new Set(own.map((i) => i.id));
      const preferred = chapter.mapPreference.filter((id) => ids.has(id));
      const others = own.filter((i) => i.unit === '%' && !preferred.includes(i.id) && hasValue(i.value)).map((i) => i.id);
      for (const id of [...preferred, ...others].slice(0, 4)) if (!mapIndicators.includes(id)) mapIndicators.push(id);
    }
  }
  const first = portrait.references[0]?.territory ?? null;
  const dispersionIndicators = first
    ? indicators.filter((i) => i.value.status === 'ok' && i.references[0]?.status === 'ok' && isComparable(i, defs.get(i.id))).map((i) => i.id)
    : [];
  return { mapIndicators, dispersionWithin: first, dispersionIndicators };
};

// --- cells and tables ------------------------------------------------------------------------------------------

const numFmtOf = (decimals: number): string => (decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0');

const valueCell = (v: { value: number | null; status: PortraitReferenceValue['status']; coverage?: number; note?: string }, ind: PortraitIndicator, strong = false): TableCell => {
  const base = { status: v.status, strong, numFmt: numFmtOf(ind.decimals) };
  // Data loaded, a denominator of zero: the ratio is not defined (not « non disponible »).
  if (v.value === null && v.note) return { ...base, text: 'non défini', value: null };
  // A reference known for few of its inhabitants is not compared (ADR 0013): say why it has no figure.
  if (v.value === null && v.coverage !== undefined) return { ...base, text: `${strong ? 'non représentatif' : 'non comparable'} (${formatCoverage(v.coverage)} des hab.)`, value: null };
  switch (v.status) {
    case 'ok':
      return { ...base, text: formatCell(v.value, ind.unit, ind.decimals), value: v.value };
    case 'partial':
      return { ...base, text: `${formatCell(v.value, ind.unit, ind.decimals)}*`, value: v.value };
    case 'secret':
      return { ...base, text: 'secret', value: null };
    case 'not_aggregable':
      // A median or a published rate the producer does not publish for this territory (« non agrégeable » in the API).
      return { ...base, text: 'non publié', value: null };
    default:
      return { ...base, text: 'donnée non disponible', value: null };
  }
};

/** Table cells carry symbol units only (« 12,6 % », « 22 140 € »); a word unit goes into the row label. */
const formatCell = (value: number | null, unit: string, decimals: number): string => (isWordUnit(unit) ? formatNumber(value ?? NaN, decimals) : formatValue(value, unit, decimals));
const isWordUnit = (unit: string): boolean => !!unit && !/[%€²‰]|\/an|^indice$|^rapport$/.test(unit);
const rowLabel = (ind: PortraitIndicator): string => (isWordUnit(ind.unit) ? `${ind.label} (${ind.unit})` : ind.label);


const evolutionCell = (ind: PortraitIndicator): TableCell => {
  const e = ind.evolution;
  if (!e || e.change == null) return { text: '—', value: null };
  const unit = ind.unit === '%' ? 'pt' : ind.unit;
  return { text: `${formatValue(e.change, unit, ind.decimals, true)} depuis ${e.from}`, value: e.change, numFmt: numFmtOf(ind.decimals) };
};

// --- the document ----------------------------------------------------------------------------------------------

interface Counters {
  figure: number;
  table: number;
}

const sourceLineOf = (inds: PortraitIndicator[], defs: Map<string, IndicatorDefinition>): string => {
  const labels: string[] = [];
  for (const ind of inds) {
    const def = defs.get(ind.id);
    const own = def?.sources.map((s) => s.label) ?? ind.value.sources.map((s) => `${s.dataset} ${s.millesime}`);
    for (const l of own) if (!labels.includes(l)) labels.push(l);
  }
  return labels.length ? `Sources : ${labels.join(' ; ')}.` : 'Source : données importées dans Socle.';
};

/**
 * Where the territory lies: « Haute-Garonne (31) » for a commune or an EPCI of one département, « Occitanie (76) » for
 * a département (its région), « départements 31 et 81 » across several.
 */
const departementsLabelOf = (t: TerritoryInfo): string => {
  if (t.parents.departement) return `${t.parents.departement.name} (${t.parents.departement.ref.slice(4)})`;
  if (t.kind === 'dep' && t.parents.region) return `${t.parents.region.name} (${t.parents.region.ref.slice(4)})`;
  if (t.departements.length > 1) return `départements ${joinFrench(t.departements)}`;
  return t.departements.join(', ');
};

const territoryOf = (t: TerritoryInfo): ReportTerritory => ({
  ref: t.ref,
  name: t.name,
  kindLabel: t.kindLabel,
  population: t.population,
  populationMillesime: t.millesime,
  communes: t.communes,
  departementsLabel: departementsLabelOf(t),
});

const sourcesOf = (input: AbsBuildInput): SourceEntry[] => {
  const usedIds = new Set<number>(input.portrait.sources.map((s) => s.datasetId));
  for (const ind of allIndicators(input.portrait)) for (const s of ind.value.sources) if (s.datasetId != null) usedIds.add(s.datasetId);
  // The catalogue, plus what the portrait names outside it (the referential of communes and their populations).
  const listed = new Set(input.datasets.map((d) => d.id));
  const rows: AbsDataset[] = [
    ...input.datasets,
    ...input.portrait.sources
      .filter((s) => !listed.has(s.datasetId))
      .map((s) => ({ id: s.datasetId, title: s.title, source: s.source, producer: s.producer, millesimes: s.millesimes, cogYear: s.cogYear, licence: s.licence, fileName: s.fileName, sha256: s.sha256 })),
  ];
  return rows
    .map((d) => ({ title: d.title, source: d.source, producer: d.producer, millesimes: [...d.millesimes].sort((a, b) => a - b), cogYear: d.cogYear, licence: d.licence, fileName: d.fileName, sha256: d.sha256, used: usedIds.has(d.id) }))
    .sort((a, b) => Number(b.used) - Number(a.used) || a.producer.localeCompare(b.producer) || a.fileName.localeCompare(b.fileName));
};

/** The report's tables and charts have a column and a colour for each reference, up to four (EPCI, département, région, France). */
export const MAX_REPORT_REFERENCES = 4;

const chartSeries = (portrait: Portrait, territory: ReportTerritory): string[] => [territory.name, ...portrait.references.slice(0, MAX_REPORT_REFERENCES).map((r) => r.name)];

/** Reference values drawn in charts: complete ones only (a partial reference may stand for a few communes). */
const refValues = (ind: PortraitIndicator, portrait: Portrait): (number | null)[] =>
  portrait.references.slice(0, MAX_REPORT_REFERENCES).map((r) => {
    const v = ind.references.find((x) => x.territory === r.territory);
    return v && v.status === 'ok' ? v.value : null;
  });

/** A reference with no value drawn in a chart is left out of it, legend included (the territory always stays). */
const withoutEmptySeries = <S extends ComparisonBarsSpec | GroupedColumnsSpec>(spec: S): S => {
  const rows = spec.kind === 'comparison-bars' ? spec.rows : spec.categories;
  const keep = spec.series.map((_, k) => k === 0 || rows.some((r) => r.values[k] != null));
  const pick = <T>(values: T[]): T[] => values.filter((_, k) => keep[k]);
  const series = pick(spec.series);
  return spec.kind === 'comparison-bars'
    ? ({ ...spec, series, rows: spec.rows.map((r) => ({ ...r, values: pick(r.values) })) } as S)
    : ({ ...spec, series, categories: spec.categories.map((c) => ({ ...c, values: pick(c.values) })) } as S);
};

const hasPartialReference = (inds: PortraitIndicator[], portrait: Portrait): boolean =>
  inds.some((i) => portrait.references.slice(0, MAX_REPORT_REFERENCES).some((r) => i.references.find((x) => x.territory === r.territory)?.status === 'partial'));

/** A chart of the territory's own partial values says so, and how many of its inhabitants they describe. */
const ownPartialNote = (inds: PortraitIndicator[]): string => {
  const partial = inds.find((i) => i.value.status === 'partial');
  if (!partial) return '';
  const coverage = partial.value.coverage;
  return ` Valeurs du territoire partielles : calculées sur ses seules communes renseignées${coverage === undefined ? '' : `, où vivent ${formatCoverage(coverage)} de ses habitants`}.`;
};

const PARTIAL_REFERENCE_NOTE = ' n.d. : valeur d’un territoire de comparaison partielle ou connue pour trop peu de ses habitants (« non comparable » dans le tableau), non représentée.';

/**
 * A figure of the territory known for under 90 % of its inhabitants (a sample of 44 communes for the département) is
 * not the territory's figure: the report treats it as its references are treated (ADR 0013), without value, with its
 * coverage — « non représentatif (5 % des hab.) » in tables, left out of charts, sentences and counts.
 */
const withRepresentativeValues = (input: AbsBuildInput): AbsBuildInput => ({
  ...input,
  portrait: {
    ...input.portrait,
    domains: input.portrait.domains.map((d) => ({
      ...d,
      indicators: d.indicators.map((i) =>
        i.value.status === 'partial' && i.value.coverage !== undefined && i.value.coverage < MIN_COMPARABLE_COVERAGE
          ? { ...i, value: { ...i.value, value: null, status: 'missing' as const }, sentence: null, evolution: null, ranks: [] }
          : i,
      ),
    })),
  },
});

export const buildAbsDocument = (raw: AbsBuildInput): AbsDocument => {
  const input = withRepresentativeValues(raw);
  const { portrait } = input;
  const defs = new Map(input.definitions.map((d) => [d.id, d]));
  const territory = territoryOf(input.territory);
  const indicators = allIndicators(portrait);
  const chapters = byChapter(indicators, defs);
  const chapterTitle = new Map(ABS_CHAPTERS.map((c) => [c.id, c.title]));
  const counters: Counters = { figure: 0, table: 0 };
  const sources = sourcesOf(input);
  const year = Number(input.options.date.slice(0, 4));
  const firstRef = portrait.references[0] ?? null;

  const candidates: FindingCandidate[] = indicators.map((ind) => {
    const chapterId = chapterOf(ind, defs.get(ind.id));
    return { indicator: ind, definition: defs.get(ind.id), chapterId, chapterTitle: chapterTitle.get(chapterId)!, referenceValues: input.referenceValues[ind.id] };
  });
  const zOf = new Map<string, number>();
  /** The sentence as « L'essentiel » words it (a neutral gap not called favourable): the chapters say the same. */
  const sentenceOf = new Map<string, string>();
  // Indicators set against the first reference (complete on both sides, of a comparable kind), equal ones included.
  const comparedCandidates = candidates.filter((c) => c.indicator.value.status === 'ok' && c.indicator.references[0]?.status === 'ok' && isComparable(c.indicator, c.definition));
  const compared = comparedCandidates.length;
  /** Of them, those on fewer than MIN_FINDING_BASE people, households or jobs: never findings. */
  const onSmallBases = comparedCandidates.filter((c) => hasSmallBase(c.indicator)).length;
  for (const c of candidates) {
    const f = buildFinding(c);
    if (f) {
      zOf.set(f.indicatorId, f.z);
      sentenceOf.set(f.indicatorId, f.sentence);
    }
  }
  const findings = selectFindings(candidates);
  const basis = dispersionSentence(input.dispersion);
  const ruleText = basis ? `${ESSENTIEL_RULE} ${basis}` : ESSENTIEL_RULE;

  const sections: Section[] = [];
  let maps = 0;

  // 1. L'essentiel
  {
    const blocks: Block[] = [];
    const composition = compositionSentence(input, territory);
    if (composition) blocks.push({ type: 'paragraph', text: composition });
    blocks.push({ type: 'key-figures', items: keyFigures(input, territory) });
    if (findings.length && firstRef) {
      const fav = findings.filter((f) => f.tone === 'favourable').length;
      const unfav = findings.filter((f) => f.tone === 'defavorable').length;
      blocks.push({
        type: 'paragraph',
        style: 'lead',
        text: `${findings.length > 1 ? `Voici les ${findings.length} constats` : 'Voici le seul constat'} où ${theRef(territory.ref, territory.name)} ${isPluralRef(territory.ref, territory.name) ? 's’écartent' : 's’écarte'} le plus ${ofRef(firstRef.territory, firstRef.name)}, sa référence principale, selon la règle ci-dessous, où l’écart d’un indicateur neutre compte pour moitié (soit ${joinFrench([plural(unfav, 'défavorable', 'défavorables'), plural(fav, 'favorable', 'favorables'), plural(findings.length - fav - unfav, 'neutre', 'neutres')].filter((p) => !p.startsWith('0 '))).replace(/^(\d+) /, (_, n: string) => `${n} ${Number(n) > 1 ? 'écarts' : 'écart'} `)}). ${findings.length > 1 ? 'Chacun renvoie' : 'Il renvoie'} au chapitre qui le détaille.`,
      });
      blocks.push({ type: 'findings', items: findings });
    } else {
      blocks.push({
        type: 'paragraph',
        style: 'lead',
        text: firstRef && compared > 0 && onSmallBases * 2 >= compared
          ? // Few inhabitants: most rates rest on a handful of people, and no gap of theirs means anything.
            `${compared > 1 ? `Des ${compared} indicateurs comparés` : 'Du seul indicateur comparé'} avec ${theRef(firstRef.territory, firstRef.name)}, sa référence principale, la règle ci-dessous ne retient aucun écart : ${onSmallBases > 1 ? `${onSmallBases} reposent` : onSmallBases === compared ? 'il repose' : '1 repose'} sur moins de ${MIN_FINDING_BASE} personnes, ménages ou emplois, trop peu pour qu’un écart soit significatif. Les chapitres donnent les valeurs.`
          : firstRef && compared > 0
          ? `${compared > 1 ? `Des ${compared} indicateurs comparés` : 'Du seul indicateur comparé'} avec ${theRef(firstRef.territory, firstRef.name)}, sa référence principale, la règle ci-dessous ne retient aucun écart : ${theRef(territory.ref, territory.name)} ${isPluralRef(territory.ref, territory.name) ? 'lui ressemblent' : 'lui ressemble'} sur ce que les données chargées permettent de comparer, et les chapitres donnent le détail des valeurs.`
          : firstRef
          ? `Aucun indicateur ne peut être comparé à la référence principale (${firstRef.name}) de manière standardisée avec les données chargées : les chapitres donnent les valeurs disponibles.`
          : `${capitalise(theRef(territory.ref, territory.name))} n’a pas de territoire de comparaison : les chapitres donnent les valeurs sans écart à une référence.`,
      });
    }
    blocks.push({ type: 'callout', title: 'Règle de choix des constats', text: ruleText });
    sections.push({ id: 'essentiel', number: '1', title: 'L’essentiel', level: 1, newPage: true, blocks });
  }

  // 2–8. One chapter per public or theme.
  ABS_CHAPTERS.forEach((chapter, k) => {
    const own = chapters.get(chapter.id)!;
    const result = chapterSection(chapter, String(k + 2), own, { input, territory, defs, counters, findings, zOf, sentenceOf, ageIds: indicators.map((i) => i.id), indicators });
    if (result.hasMap) maps++;
    sections.push(result.section);
  });

  // 9. Points de vigilance
  sections.push({
    id: 'vigilance',
    number: '9',
    title: 'Points de vigilance',
    level: 1,
    newPage: true,
    blocks: [
      { type: 'paragraph', style: 'lead', text: 'Où les données sont masquées, partielles, anciennes ou non publiées pour le territoire, et ce que cela change pour la lecture du diagnostic.' },
      ...vigilanceBlocks({ indicators, kind: territory.ref.split(':')[0], communes: territory.communes, outlinesCount: (input.mapLevel ?? 'com') === 'com' ? input.outlines.length : territory.communes, sources, year, partialReferences: partialReferences(indicators, portrait), communeNames: input.communeNames }),
    ],
  });

  // 10. What only people can write.
  sections.push({
    id: 'partenaires',
    number: '10',
    title: 'Travail avec les partenaires',
    level: 1,
    newPage: true,
    blocks: [
      {
        type: 'paragraph',
        style: 'lead',
        text: 'Les chiffres ne suffisent pas à une analyse des besoins sociaux : le CASF (art. R.123-1) demande qu’elle soit conduite avec les partenaires. Les cadres ci-dessous sont à compléter ; ils restent modifiables dans la version Word du rapport.',
      },
      { type: 'editable', id: 'partenaires-rencontres', title: 'Partenaires rencontrés', prompt: 'Institutions, associations, services et habitants rencontrés ; dates et formats (entretiens, ateliers, questionnaires).', lines: 8 },
      { type: 'editable', id: 'constats-qualitatifs', title: 'Constats qualitatifs', prompt: 'Ce que les partenaires et les habitants observent, que les données publiques ne montrent pas ou confirment.', lines: 10 },
      { type: 'editable', id: 'orientations', title: 'Orientations', prompt: 'Besoins prioritaires retenus et pistes d’action proposées au conseil d’administration.', lines: 10 },
    ],
  });

  // A. Method annex.
  sections.push({
    id: 'annexe',
    number: 'A',
    title: 'Annexe méthodologique',
    level: 1,
    newPage: true,
    blocks: [{ type: 'paragraph', text: `Ce rapport a été produit par Socle le ${formatDateLabel(input.options.date)} à partir des fichiers publics listés ci-dessous. Les mêmes données et la même date redonnent le même document.` }],
  });
  sections.push({ id: 'annexe-sources', number: 'A.1', title: 'Sources', level: 2, newPage: false, blocks: [{ type: 'table', table: sourcesTable(sources, counters) }] });
  sections.push({
    id: 'annexe-references',
    number: 'A.2',
    title: 'Territoires de comparaison',
    level: 2,
    newPage: false,
    blocks: [
      {
        type: 'paragraph',
        text: portrait.references.length
          ? portrait.references.length > 1
            ? `Les territoires de comparaison ${ofRef(territory.ref, territory.name)} sont ${joinFrench(portrait.references.map((r) => `${theRef(r.territory, r.name)} (${r.territory})`))}. La première référence sert au calcul des écarts standardisés de « L’essentiel ».`
            : `Le territoire de comparaison ${ofRef(territory.ref, territory.name)} est ${theRef(portrait.references[0].territory, portrait.references[0].name)} (${portrait.references[0].territory}). Il sert au calcul des écarts standardisés de « L’essentiel ».`
          : `${capitalise(theRef(territory.ref, territory.name))} n’a pas de territoire de comparaison.`,
      },
      ...(compositionSentence(input, territory) ? [{ type: 'paragraph' as const, text: compositionSentence(input, territory)! }] : []),
    ],
  });
  sections.push({ id: 'annexe-definitions', number: 'A.3', title: 'Définitions des indicateurs', level: 2, newPage: false, blocks: [definitionsBlock(indicators, defs)] });
  sections.push({
    id: 'annexe-secret',
    number: 'A.4',
    title: 'Secret statistique',
    level: 2,
    newPage: false,
    blocks: [
      { type: 'paragraph', text: SECRET_RULE },
      { type: 'list', items: Object.entries(STATUS_MEANING).map(([k, v]) => `${({ partial: 'Partiel (*)', secret: 'Secret', missing: 'Donnée non disponible', not_aggregable: 'Non publié', not_comparable: 'Non comparable, non représentatif' } as Record<string, string>)[k]} : ${v}.`) },
    ],
  });
  sections.push({ id: 'annexe-agregation', number: 'A.5', title: 'Règles d’agrégation', level: 2, newPage: false, blocks: [{ type: 'list', items: AGGREGATION_RULES }] });
  sections.push({ id: 'annexe-essentiel', number: 'A.6', title: 'Choix des constats de « L’essentiel »', level: 2, newPage: false, blocks: [{ type: 'paragraph', text: ruleText }] });
  const communesTable = communesAnnexTable(input, territory, counters);
  if (communesTable) sections.push({ id: 'annexe-communes', number: 'A.7', title: 'Communes du territoire', level: 2, newPage: false, blocks: [{ type: 'table', table: communesTable }] });

  // The millésimes the figures of the report actually use, dataset by dataset.
  const usedMillesimes = new Map<number, Set<number>>();
  for (const ind of indicators) for (const src of ind.value.sources) if (src.datasetId != null) usedMillesimes.set(src.datasetId, (usedMillesimes.get(src.datasetId) ?? new Set()).add(src.millesime));
  const titles = new Map([...input.datasets.map((d) => [d.id, d.title] as const), ...portrait.sources.map((s) => [s.datasetId, s.title] as const)]);
  const millesimesLabel = usedMillesimes.size
    ? [...usedMillesimes]
        .sort((a, b) => a[0] - b[0])
        .map(([id, years]) => `${titles.get(id) ?? `jeu de données ${id}`} : ${[...years].sort((a, b) => a - b).join(', ')}`)
        .join(' · ')
    : 'aucune source chargée';
  const organisme = input.options.organisme?.trim() || null;
  const figures = sections.flatMap((s) => s.blocks).filter((b) => b.type === 'figure').length;
  const tables = sections.flatMap((s) => s.blocks).filter((b) => b.type === 'table').length;
  return withTypography({
    kind: 'abs',
    title: 'Analyse des besoins sociaux',
    subtitle: `Diagnostic socio-démographique — ${territory.name}`,
    territory,
    organisme,
    date: input.options.date,
    dateLabel: formatDateLabel(input.options.date),
    millesimesLabel,
    references: portrait.references.map((r) => ({ ref: r.territory, name: r.name })),
    runningHeader: `Analyse des besoins sociaux — ${territory.name}${organisme ? ` — ${organisme}` : ''}`,
    sections,
    sources,
    stats: { indicators: indicators.length, available: indicators.filter((i) => hasValue(i.value)).length, findings: findings.length, figures, tables, maps },
  });
};

/** Applies French typography to every text of the document (ids, references and hashes have no spaces to change). */
const withTypography = <T>(value: T): T => {
  if (typeof value === 'string') return frenchTypography(value) as T;
  if (Array.isArray(value)) return value.map(withTypography) as T;
  if (value && typeof value === 'object') {
    // Geometries are numbers only: left as they are.
    if ('coordinates' in value || 'geometries' in value) return value;
    // A map's outlines are kept as the very array given (the renderers cache their projection by it).
    // A spreadsheet's number format is code, not text.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'outlines' || k === 'numFmt' ? v : withTypography(v)])) as T;
  }
  return value;
};

/** References whose every value is partial: their communes are mostly not loaded, so they are not references. */
const partialReferences = (indicators: PortraitIndicator[], portrait: Portrait): string[] =>
  portrait.references
    .filter((r) => {
      const values = indicators.map((i) => i.references.find((x) => x.territory === r.territory)).filter((v) => v && hasValue(v));
      return values.length > 0 && values.every((v) => v!.status === 'partial');
    })
    .map((r) => r.name);

const find = (input: AbsBuildInput, id: string): PortraitIndicator | undefined => allIndicators(input.portrait).find((i) => i.id === id);

const keyFigures = (input: AbsBuildInput, territory: ReportTerritory) => {
  const items: KeyFigure[] = [
    { label: `Habitants (population municipale ${territory.populationMillesime})`, value: territory.population == null ? '—' : formatNumber(territory.population), number: territory.population ?? null, unit: 'hab.', numFmt: numFmtOf(0) },
  ];
  // A commune's « 1 commune » is no key figure.
  if (territory.communes > 1) items.push({ label: 'Communes', value: formatNumber(territory.communes), note: territory.departementsLabel, number: territory.communes, numFmt: numFmtOf(0) });
  for (const id of ['evolution_population_annuelle', 'part_75_plus', 'taux_pauvrete', 'taux_chomage_15_64']) {
    const ind = find(input, id);
    if (!ind) continue;
    const ref = ind.references[0];
    // A key figure known for few of the territory's inhabitants is no key figure (ADR 0013): say how few.
    const coverage = ind.value.coverage;
    if (coverage !== undefined && coverage < MIN_COMPARABLE_COVERAGE) {
      items.push({ label: ind.label, value: 'non représentatif', note: `${formatCoverage(coverage)} des habitants couverts`, number: null, unit: ind.unit });
      continue;
    }
    items.push({
      label: ind.label,
      value: hasValue(ind.value)
        ? `${formatValue(ind.value.value, ind.unit, ind.decimals, ind.unit === '%/an')}${ind.value.status === 'partial' ? '*' : ''}`
        : ind.value.status === 'not_aggregable'
          ? 'non publié pour ce territoire'
          : ind.value.status === 'secret'
            ? 'secret'
            : ind.value.note
              ? 'non défini'
              : 'non disponible',
      note: ref && hasValue(ref) ? `${ref.name} : ${formatValue(ref.value, ind.unit, ind.decimals, ind.unit === '%/an')}` : yearsOf(ind.value),
      number: hasValue(ind.value) ? ind.value.value : null,
      unit: ind.unit,
      numFmt: numFmtOf(ind.decimals),
    });
  }
  return items;
};

interface ChapterContext {
  input: AbsBuildInput;
  territory: ReportTerritory;
  defs: Map<string, IndicatorDefinition>;
  counters: Counters;
  findings: { indicatorId: string; chapterId: string }[];
  zOf: Map<string, number>;
  sentenceOf: Map<string, string>;
  ageIds: string[];
  indicators: PortraitIndicator[];
}

/** Beyond this many indicators without a value, a chapter's summary counts them by reason instead of naming each. */
const UNAVAILABLE_NAMED_MAX = 8;

const unavailableReason = (i: PortraitIndicator): string =>
  i.value.status === 'secret' ? 'secret' : i.value.status === 'not_aggregable' ? 'non publié' : i.value.note ? 'non défini' : (i.value.coverage ?? 0) > 0 ? 'non représentatif' : 'donnée non disponible';

/**
 * The chapter's indicators without a value: named with their reason when they are few; counted by reason when they
 * are many (a list of fifty names is no sentence a reader reads) — the table names each, the « points de vigilance »
 * say why.
 */
const unavailableSummary = (unavailable: PortraitIndicator[]): string => {
  if (unavailable.length <= UNAVAILABLE_NAMED_MAX) {
    return `Sans valeur pour ce territoire : ${joinFrench(unavailable.map((i) => `${lowerFirst(i.label)} (${unavailableReason(i) === 'non représentatif' ? `non représentatif : ${formatCoverage(i.value.coverage!)} des hab.` : unavailableReason(i)})`))}.`;
  }
  const counts = new Map<string, number>();
  for (const i of unavailable) counts.set(unavailableReason(i), (counts.get(unavailableReason(i)) ?? 0) + 1);
  const words: Record<string, [string, string]> = {
    'donnée non disponible': ['faute de donnée chargée', 'faute de donnée chargée'],
    'non défini': ['non défini (dénominateur nul)', 'non définis (dénominateur nul)'],
    'non représentatif': ['non représentatif (donnée d’une partie des communes)', 'non représentatifs (données d’une partie des communes)'],
    secret: ['secret', 'secrets'],
    'non publié': ['non publié pour ce territoire', 'non publiés pour ce territoire'],
  };
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const why = entries.length === 1 ? ` (${words[entries[0][0]][1]})` : ` : ${joinFrench(entries.map(([reason, n]) => `${formatNumber(n)} ${words[reason][n > 1 ? 1 : 0]}`))}`;
  return `${formatNumber(unavailable.length)} indicateurs sont sans valeur pour ce territoire${why} ; le tableau les nomme et les points de vigilance disent pourquoi.`;
};

const chapterSection = (chapter: ChapterDefinition, number: string, own: PortraitIndicator[], cx: ChapterContext): { section: Section; hasMap: boolean } => {
  const { input, territory, defs, counters, zOf } = cx;
  const { portrait } = input;
  const blocks: Block[] = [{ type: 'paragraph', style: 'lead', text: chapter.intro }];
  const available = own.filter((i) => hasValue(i.value));
  const unavailable = own.filter((i) => !hasValue(i.value));
  const chapterFindings = cx.findings.filter((f) => f.chapterId === chapter.id).map((f) => own.find((i) => i.id === f.indicatorId)!.label);

  // Generated summary.
  const summary: string[] = [];
  if (!own.length) summary.push('La bibliothèque d’indicateurs ne compte pas encore d’indicateur pour ce thème.');
  else {
    summary.push(`Ce chapitre rassemble ${plural(own.length, 'indicateur')} : ${available.length === own.length ? 'tous sont disponibles' : available.length === 0 ? 'aucun n’est disponible' : `${formatNumber(available.length)} ${available.length > 1 ? 'sont disponibles' : 'est disponible'}`} pour ${theRef(territory.ref, territory.name)}.`);
    if (chapterFindings.length) summary.push(`${chapterFindings.length > 1 ? 'Les écarts les plus marqués' : 'L’écart le plus marqué'} avec la référence principale${portrait.references[0] ? ` (${portrait.references[0].name})` : ''} ${chapterFindings.length > 1 ? 'portent' : 'porte'} sur : ${joinFrench(chapterFindings.map(lowerFirst))} (voir « L’essentiel »).`);
    if (unavailable.length) summary.push(unavailableSummary(unavailable));
  }
  blocks.push({ type: 'paragraph', text: summary.join(' ') });

  // The generated French text: one sentence per available indicator, the most distinctive first.
  const order = (i: PortraitIndicator) => -(Math.abs(zOf.get(i.id) ?? -1));
  const sentences = [...available]
    .sort((a, b) => order(a) - order(b) || own.indexOf(a) - own.indexOf(b))
    .map((i) => {
      const s = cx.sentenceOf.get(i.id) ?? i.sentence ?? `${i.label} : ${formatValue(i.value.value, i.unit, i.decimals, i.unit === '%/an')}.`;
      // The sentence of a partial value says so already (« données pour 99 % des habitants »): the table's asterisk only.
      return i.value.status === 'partial' && !/données (?:pour|partielles)/.test(s) ? `${s.replace(/\.$/, '')} (valeur partielle*).` : s;
    });
  if (sentences.length) blocks.push({ type: 'list', items: sentences });

  // Charts.
  const series = chartSeries(portrait, territory);
  const source = sourceLineOf(own, defs);
  if (chapter.id === 'population') {
    const groups = ageStructureGroups(cx.ageIds);
    const groupInds = groups.map((g) => cx.indicators.find((i) => i.id === g.id)!);
    if (groupInds.some((i) => hasValue(i.value))) {
      const spec: GroupedColumnsSpec = withoutEmptySeries({
        kind: 'grouped-columns',
        unit: '%',
        decimals: 1,
        series,
        categories: groups.map((g, k) => ({ label: g.label, values: [hasValue(groupInds[k].value) ? groupInds[k].value.value : null, ...refValues(groupInds[k], portrait)] })),
      });
      blocks.push({ type: 'figure', figure: figure(counters, 'chart', `${chapter.id}-ages`, `Structure par âge de la population${groupInds[0].value.millesime ? `, ${groupInds[0].value.millesime}` : ''}`, sourceLineOf(groupInds, defs) + ownPartialNote(groupInds) + (hasPartialReference(groupInds, portrait) ? PARTIAL_REFERENCE_NOTE : ''), `Part de chaque tranche d’âge dans la population : ${groups.map((g, k) => `${g.label} ${formatValue(spec.categories[k].values[0], '%', 1)}`).join(', ')}.`, spec) });
    }
  }
  const inAges = new Set(chapter.id === 'population' ? ageStructureGroups(cx.ageIds).map((g) => g.id) : []);
  // A rate of fewer than 50 people is not set against the references in a chart either (its sentence does not).
  const comparable = available.filter((i) => i.unit !== 'hab.' && (!defs.get(i.id) || !['stock', 'difference'].includes(defs.get(i.id)!.formula.kind)) && !inAges.has(i.id) && !hasSmallBase(i));
  const percent = comparable
    .filter((i) => i.unit === '%')
    .sort((a, b) => order(a) - order(b) || own.indexOf(a) - own.indexOf(b))
    .slice(0, 6)
    .sort((a, b) => own.indexOf(a) - own.indexOf(b));
  const barsOf = (inds: PortraitIndicator[]): ComparisonBarsSpec =>
    withoutEmptySeries({
      kind: 'comparison-bars',
      unit: inds[0].unit,
      decimals: inds[0].decimals,
      series,
      rows: inds.map((i) => ({ label: defs.get(i.id)?.shortLabel ?? i.label, values: [i.value.value, ...refValues(i, portrait)] })),
    });
  // The text alternative gives every bar the chart draws: the territory's and each reference's with a value.
  const altOf = (inds: PortraitIndicator[]) =>
    inds
      .map((i) => {
        // The references the bars draw (refValues: complete figures only), in the order of the chart's series.
        const drawn = refValues(i, portrait);
        const refs = portrait.references.slice(0, drawn.length).flatMap((r, k) => (drawn[k] === null ? [] : [`${r.name} ${formatValue(drawn[k], i.unit, i.decimals)}`]));
        return `${i.label} : ${formatValue(i.value.value, i.unit, i.decimals)}${refs.length ? ` (${refs.join(', ')})` : ''}`;
      })
      .join(' ; ') + '.';
  // The caption names the territories of comparison only when the chart draws some (none has a comparable figure:
  // the territory's bars alone).
  const withRefs = (spec: ComparisonBarsSpec): string => (spec.series.length > 1 ? ' et ses territoires de comparaison' : '');
  if (percent.length) {
    const spec = barsOf(percent);
    blocks.push({ type: 'figure', figure: figure(counters, 'chart', `${chapter.id}-comparaison`, `${chapter.title} : ${territory.name}${withRefs(spec)}`, sourceLineOf(percent, defs) + (hasPartialReference(percent, portrait) ? PARTIAL_REFERENCE_NOTE : ''), altOf(percent), spec) });
  }
  const others = comparable.filter((i) => i.unit !== '%');
  if (others.length && (!percent.length || chapter.id === 'population' || chapter.id === 'precarite')) {
    const one = [others[0]];
    const spec = barsOf(one);
    blocks.push({ type: 'figure', figure: figure(counters, 'chart', `${chapter.id}-${one[0].id}`, `${one[0].label} : ${territory.name}${withRefs(spec)}`, sourceLineOf(one, defs) + (hasPartialReference(one, portrait) ? PARTIAL_REFERENCE_NOTE : ''), altOf(one), spec) });
  }
  if (!blocks.some((b) => b.type === 'figure')) blocks.push({ type: 'paragraph', style: 'small', text: 'Aucun indicateur de ce chapitre n’a de valeur comparable à représenter en graphique.' });

  // Map of the member communes (of its EPCI or départements for a territory of thousands of communes).
  let hasMap = false;
  const level = input.mapLevel ?? 'com';
  const [unit, units, by] = MAP_LEVEL_WORDS[level];
  if (territory.communes > 1 && input.outlines.length >= 2) {
    // The preferred indicator among those that cover the most communes (at least 80 % of the best coverage): a map
    // of mostly empty communes says little.
    const ids = [...chapter.mapPreference, ...own.map((i) => i.id)].filter((id) => own.some((i) => i.id === id));
    const coverage = (id: string) => input.memberValues[id]?.filter((v) => v.value != null).length ?? 0;
    const best = Math.max(0, ...ids.map(coverage));
    // A map of mostly grey communes (a sample of 44 of 586) says little: at least half of them must have a value.
    const enough = (id: string) => coverage(id) >= 0.8 * best && (level !== 'com' || coverage(id) * 2 >= (input.memberValues[id]?.length ?? 0));
    const chosen = best >= 2 ? ids.find(enough) : undefined;
    if (chosen) {
      const ind = own.find((i) => i.id === chosen)!;
      const values = input.memberValues[chosen];
      const withValue = values.filter((v) => v.value != null);
      const millesime = ind.value.millesime;
      const sorted = [...withValue].sort((a, b) => b.value! - a.value! || a.ref.localeCompare(b.ref));
      const alt = `${ind.label} dans les ${formatNumber(values.length)} ${units} : de ${formatValue(sorted[sorted.length - 1].value, ind.unit, ind.decimals)} (${sorted[sorted.length - 1].name}) à ${formatValue(sorted[0].value, ind.unit, ind.decimals)} (${sorted[0].name})${values.length - withValue.length ? ` ; ${plural(values.length - withValue.length, unit, units)} sans valeur` : ''}.`;
      const spec = {
        kind: 'map' as const,
        indicatorId: ind.id,
        label: ind.label,
        unit: ind.unit,
        decimals: ind.decimals,
        millesime,
        polarity: ind.polarity,
        values,
        outlines: input.outlines,
        ...(level === 'com' ? {} : { level }),
      };
      // A coarse map's territories without an outline (an overseas département whose communes' outlines are not loaded) are named under it.
      const drawn = new Set(input.outlines.map((o) => o.ref));
      const undrawn = level === 'com' ? [] : values.filter((v) => !drawn.has(v.ref)).map((v) => v.name);
      const offMap = undrawn.length ? ` Hors de la carte : ${joinFrench(undrawn.slice(0, 8))}${undrawn.length > 8 ? ` et ${plural(undrawn.length - 8, 'autre')}` : ''}.` : '';
      blocks.push({ type: 'figure', figure: figure(counters, 'map', `${chapter.id}-carte`, `${ind.label} ${by}${millesime ? `, ${yearsOf(ind.value)}` : ''}`, sourceLineOf([ind], defs) + ' Contours : IGN – Admin Express.' + offMap, alt, spec) });
      hasMap = true;
    }
  }

  // The table: every indicator of the chapter, available or not.
  if (own.length) blocks.push({ type: 'table', table: indicatorTable(chapter, own, cx) });
  blocks.push({ type: 'editable', id: `partenaires-${chapter.id}`, title: 'Lecture partagée avec les partenaires', prompt: chapter.partnersPrompt, lines: 5 });
  return { section: { id: chapter.id, number, title: chapter.title, shortTitle: chapter.shortTitle, level: 1, newPage: true, blocks }, hasMap };
};

/** « Le périmètre Sud Haute-Garonne réunit la CC du Volvestre, … (191 communes). », for a perimeter. */
const compositionSentence = (input: AbsBuildInput, territory: ReportTerritory): string | null => {
  const members = input.composition ?? [];
  if (!territory.ref.startsWith('per:') || members.length === 0) return null;
  const named = members.map((m) => (m.ref.startsWith('com:') ? m.name : theRef(m.ref, m.name)));
  const shown = named.length > 12 ? [...named.slice(0, 12), plural(named.length - 12, 'autre membre', 'autres membres')] : named;
  return `${capitalise(theRef(territory.ref, territory.name))} réunit ${joinFrench(shown)} (${plural(territory.communes, 'commune')}).`;
};

const figure = (counters: Counters, kind: Figure['kind'], id: string, title: string, source: string, alt: string, spec: Figure['spec']): Figure => ({
  id: `figure-${id}`,
  number: ++counters.figure,
  kind,
  title,
  source,
  alt,
  spec,
});

const indicatorTable = (chapter: ChapterDefinition, own: PortraitIndicator[], cx: ChapterContext): TableModel => {
  const refs = cx.input.portrait.references.slice(0, MAX_REPORT_REFERENCES);
  const rows = own.map((ind) => [
    { text: rowLabel(ind) },
    valueCell(ind.value, ind, true),
    ...refs.map((r) => {
      const v = ind.references.find((x) => x.territory === r.territory);
      return v ? valueCell(v, ind) : { text: 'donnée non disponible', value: null, status: 'missing' as const };
    }),
    // A year keeps its number in the model (`value`); the workbook writes the column as text, a year and a period
    // (« 2016–2022 ») alike.
    (() => {
      const years = yearsOf(ind.value);
      return /^\d{4}$/.test(years) ? { text: years, value: ind.value.millesime } : { text: years };
    })(),
    evolutionCell(ind),
  ]);
  const notes: string[] = [];
  if (own.some((i) => i.value.status === 'partial' || i.references.some((r) => r.status === 'partial'))) {
    // A commune's own value is short of masked IRIS, its references' of communes.
    const ownPartial = own.some((i) => i.value.status === 'partial');
    const refsPartial = own.some((i) => i.references.some((r) => r.status === 'partial'));
    const isCommune = cx.territory.ref.startsWith('com:');
    notes.push(
      isCommune && ownPartial && !refsPartial
        ? '* Valeur partielle : calculée sans les IRIS de la commune dont la valeur est masquée par le producteur (voir « Points de vigilance »).'
        : isCommune && ownPartial
          ? '* Valeur partielle : pour la commune, calculée sans ses IRIS dont la valeur est masquée ; pour un territoire de comparaison, sans les communes dont la valeur est masquée ou absente (voir « Points de vigilance »).'
          : '* Valeur partielle : calculée sans les communes dont la valeur est masquée ou absente (voir « Points de vigilance »).',
    );
  }
  notes.push(sourceLineOf(own, cx.defs));
  return {
    id: `tableau-${chapter.id}`,
    number: ++cx.counters.table,
    caption: `${chapter.title} : indicateurs ${ofRef(cx.territory.ref, cx.territory.name)}${refs.length ? ' et de ses territoires de comparaison' : ''}`,
    columns: [
      { label: 'Indicateur', align: 'left', width: 3.0 },
      { label: cx.territory.name, align: 'right', width: 1.35 },
      ...refs.map((r) => ({ label: r.name, align: 'right' as const, width: 1.2 })),
      { label: 'Année', align: 'right', width: 0.85 },
      { label: 'Évolution', align: 'right', width: 1.2 },
    ],
    rows,
    notes,
    rowUnits: own.map((i) => i.unit),
  };
};

/** Up to this many communes, the annex lists them (an EPCI, a perimeter, a small département); beyond, it does not (pages of names). */
export const COMMUNES_LISTED_MAX = 250;

const byFrenchName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The annex table of the territory's communes: name, code, EPCI (unless the territory is one), population légale. */
const communesAnnexTable = (input: AbsBuildInput, territory: ReportTerritory, counters: Counters): TableModel | null => {
  const list = input.communes ?? [];
  if (list.length < 2 || list.length > COMMUNES_LISTED_MAX) return null;
  const showEpci = !territory.ref.startsWith('epci:');
  const year = input.populationMillesime;
  const sorted = [...list].sort((a, b) => byFrenchName.compare(a.name, b.name) || (a.code < b.code ? -1 : 1));
  const total = sorted.reduce((sum, c) => sum + (c.population ?? 0), 0);
  const popCell = (v: number | null, strong = false): TableCell => (v === null ? { text: 'donnée non disponible', value: null, status: 'missing' } : { text: formatNumber(v), value: v, numFmt: '#,##0', ...(strong ? { strong } : {}) });
  const rows: TableCell[][] = sorted.map((c) => [{ text: c.name }, { text: c.code }, ...(showEpci ? [{ text: c.epci ?? 'aucune (commune isolée)' }] : []), popCell(c.population)]);
  rows.push([{ text: 'Ensemble', strong: true }, { text: `${formatNumber(sorted.length)} communes`, strong: true }, ...(showEpci ? [{ text: '', strong: true }] : []), popCell(total, true)]);
  return {
    id: 'tableau-communes',
    number: ++counters.table,
    caption: `Communes ${ofRef(territory.ref, territory.name)} et leur population municipale${year ? ` (populations légales ${year})` : ''}`,
    columns: [
      { label: 'Commune', align: 'left', width: 2.4 },
      { label: 'Code INSEE', align: 'left', width: 0.9 },
      ...(showEpci ? [{ label: 'Intercommunalité', align: 'left' as const, width: 2.8 }] : []),
      { label: 'Population municipale', align: 'right', width: 1.3 },
    ],
    rows,
    notes: [`Source : INSEE, populations légales${year ? ` ${year}` : ''} ; code officiel géographique en vigueur.`],
    compact: true,
  };
};

const sourcesTable = (sources: SourceEntry[], counters: Counters): TableModel => ({
  id: 'tableau-sources',
  number: ++counters.table,
  caption: 'Fichiers sources chargés (en gras, ceux qu’utilisent les indicateurs du rapport)',
  compact: true,
  columns: [
    { label: 'Source', align: 'left', width: 2.3 },
    { label: 'Producteur', align: 'left', width: 1.15 },
    { label: 'Millésimes', align: 'right', width: 1.15 },
    { label: 'COG', align: 'right', width: 0.6 },
    { label: 'Licence', align: 'left', width: 1.2 },
    { label: 'Fichier et empreinte SHA-256', align: 'left', width: 3.3 },
  ],
  rows: sources.map((s) => [
    { text: s.title, strong: s.used },
    { text: s.producer },
    { text: s.millesimes.join(', '), value: s.millesimes.length ? Math.max(...s.millesimes) : null },
    { text: s.cogYear == null ? '—' : String(s.cogYear), value: s.cogYear },
    { text: s.licence },
    { text: s.sha256 ? `${s.fileName}\n${s.sha256}` : s.fileName },
  ]),
  notes: sources.length ? ['L’empreinte SHA-256 identifie le fichier exact : un fichier modifié, même d’un caractère, a une autre empreinte.'] : ['Aucun fichier n’est chargé.'],
});

export { toneLabel };
