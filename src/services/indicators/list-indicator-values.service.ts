// GET /api/v1/indicators/{id}/values?within=REF&level=com|epci|dep and the data of `socle map`: the value of an
// indicator (or a variable) for every commune, EPCI or département of a territory, with the indicator's definition
// and the classes of a choropleth.
import { classify, classIndex, classLabels, CLASS_METHODS, type ClassMethod } from '../../core/indicators/classification.js';
import { cumulatedPeriod, type EngineTerritory } from '../../core/indicators/engine.js';
import type { IndicatorStatus, SourceRef } from '../../core/indicators/indicator.types.js';
import { LEVEL_NOUNS } from '../../core/format/french-text.js';
import { formatFormula } from '../../core/indicators/terms.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { levelDivides } from '../../core/territory/level-divides.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { engineTerritory, getRuntime, resolveSubject } from './indicator-runtime.js';
import { toListing, type IndicatorListing } from './list-indicators.service.js';
import { rankedRows } from './ranked-rows.js';
import { representsTerritory } from '../../core/indicators/coverage.js';

export type MapLevel = 'com' | 'epci' | 'dep';
export const MAP_LEVELS: readonly MapLevel[] = ['com', 'epci', 'dep'];


export interface ListValuesInput {
  name: string;
  within: string;
  level: string;
  millesime?: number;
  classes?: number;
  method?: string;
}

export interface TerritoryValue {
  ref: string;
  name: string;
  value: number | null;
  status: IndicatorStatus;
  /** A ratio whose data is loaded but whose denominator is zero: « non défini : … » (the value is null). */
  note?: string;
  /** A partial value: the share (0–1) of the territory's inhabitants in communes with a figure. */
  coverage?: number;
  /** Class index in `classes`, -1 without a value. */
  class: number;
  /** Overseas département of the territory (« 971 »), for maps. */
  departement: string;
  /** 1 for the highest value (equal values share a rank); null without a value, or for a partial one under 90 %. */
  rank: number | null;
}

export interface IndicatorValues {
  indicator: Pick<IndicatorListing, 'id' | 'label' | 'shortLabel' | 'domain' | 'domainLabel' | 'unit' | 'polarity' | 'decimals' | 'formula' | 'definition' | 'sources'>;
  within: { ref: string; name: string; kind: string };
  level: MapLevel;
  levelLabel: string;
  millesime: number | null;
  period?: [number, number];
  /** For counts cumulated over a period (a solde naturel from 2016 to 2021). */
  cumulated?: [number, number];
  classes: { method: ClassMethod; breaks: number[]; labels: string[]; counts: number[] };
  values: TerritoryValue[];
  /** Datasets the values come from. */
  datasets: { dataset: string; datasetId?: number; millesime: number }[];
}

export const listIndicatorValues = async (ctx: AppContext, input: ListValuesInput): Promise<Result<IndicatorValues, AppError>> => {
  if (!MAP_LEVELS.includes(input.level as MapLevel)) {
    return err(appError('PARAMETRE_INVALIDE', `niveau « ${input.level} » : com, epci ou dep attendu`));
  }
  const level = input.level as MapLevel;
  const method = (input.method ?? 'quantiles') as ClassMethod;
  if (!CLASS_METHODS.includes(method)) return err(appError('PARAMETRE_INVALIDE', `méthode de classes « ${input.method} » : quantiles, jenks ou equal attendu`));
  const n = input.classes ?? 5;
  if (!Number.isInteger(n) || n < 2 || n > 7) return err(appError('PARAMETRE_INVALIDE', `nombre de classes « ${input.classes} » : entre 2 et 7`));

  const within = await resolveTerritory(ctx, input.within);
  if (!within.ok) return within;
  const divides = levelDivides(within.value, level);
  if (!divides.ok) return divides;
  const subject = await resolveSubject(ctx, input.name, input.millesime, engineTerritory(within.value));
  if (!subject.ok) return subject;
  const s = subject.value;
  const { store, engine } = await getRuntime(ctx);
  await store.ensure(s.variables);
  const asked = s.type === 'indicator' ? input.millesime : undefined;
  const planned = engine.plan(s.subject.formula, asked);
  if (!planned.ok) return planned;
  // Every row at one millésime: the one the territory asked about is answered with (IndicatorEngine.planFor).
  const plan = asked === undefined ? engine.planFor(s.subject.formula, engineTerritory(within.value), planned.value) : planned.value;

  const r = ctx.referential;
  const members = within.value.members;
  const units: (EngineTerritory & { name: string; departement: string })[] = [];
  if (level === 'com') {
    for (const i of members) units.push({ ref: `com:${r.codes[i]}`, kind: 'com', members: Int32Array.of(i), name: r.names[i], departement: r.departementOf[i] });
  } else if (level === 'epci') {
    const seen = new Set<string>();
    for (const i of members) {
      const code = r.epciOf[i];
      if (!code || seen.has(code)) continue;
      seen.add(code);
      const e = r.epcis.get(code)!;
      units.push({ ref: `epci:${code}`, kind: 'epci', members: e.members, name: e.name, departement: e.departements[0] ?? '' });
    }
  } else {
    const seen = new Set<string>();
    for (const i of members) {
      const code = r.departementOf[i];
      if (seen.has(code)) continue;
      seen.add(code);
      const d = r.departements.get(code)!;
      units.push({ ref: `dep:${code}`, kind: 'dep', members: d.members, name: d.name, departement: code });
    }
  }

  const datasets = new Map<string, IndicatorValues['datasets'][number]>();
  const raw = units.map((u) => {
    const v = engine.valueOfPlan(s.subject, plan, u, { missingLimit: 0 });
    for (const src of v.sources) datasets.set(`${src.datasetId}@${src.millesime}`, src);
    return { u, v };
  });
  // The classes are those of the values that stand for their territory (representsTerritory): a figure of a few of
  // an EPCI's communes is listed, unclassed.
  const finite = raw.filter(({ v }) => representsTerritory(v)).map(({ v }) => v.value!);
  const c = classify(finite, method, n, s.type === 'indicator' ? s.definition.decimals : undefined);
  const listing =
    s.type === 'indicator'
      ? toListing(s.definition, plan.millesime)
      : {
          id: s.subject.name,
          label: s.label,
          shortLabel: s.label,
          domain: '',
          domainLabel: 'Variable',
          unit: s.subject.unit,
          polarity: 'neutral' as const,
          decimals: s.kind === 'count' && s.entries.every((e) => e.unit !== '%') ? 0 : 1,
          formula: formatFormula(s.subject.formula),
          definition: s.label,
          sources: s.entries.map((e): SourceRef => ({ label: `${e.publishedName} (jeu de données ${e.datasetId})`, producer: '' })),
        };
  const answer: IndicatorValues = {
    indicator: {
      id: listing.id,
      label: listing.label,
      shortLabel: listing.shortLabel,
      domain: listing.domain,
      domainLabel: listing.domainLabel,
      unit: listing.unit,
      polarity: listing.polarity,
      decimals: listing.decimals,
      formula: listing.formula,
      definition: listing.definition,
      sources: listing.sources,
    },
    within: { ref: within.value.ref, name: within.value.name, kind: within.value.kind },
    level,
    levelLabel: LEVEL_NOUNS[level][1],
    millesime: plan.millesime,
    ...(plan.kind === 'sums' && plan.period ? { period: plan.period } : {}),
    ...(cumulatedPeriod(plan) ? { cumulated: cumulatedPeriod(plan) } : {}),
    classes: { method, breaks: c.breaks, labels: classLabels(c.breaks, listing.unit, listing.decimals), counts: c.counts },
    values: raw.map(({ u, v }) => ({
      ref: u.ref,
      name: u.name,
      value: v.value,
      status: v.status,
      ...(v.status === 'partial' && v.coverage !== undefined ? { coverage: v.coverage } : {}),
      ...(v.note ? { note: v.note } : {}),
      class: representsTerritory(v) ? classIndex(v.value!, c.breaks) : -1,
      departement: u.departement,
      rank: null,
    })),
    datasets: [...datasets.values()],
  };
  // The rank of each row, as the tables and exports give it (a partial value under 90 % of its inhabitants: none).
  const ranks = new Map(rankedRows(answer).map((r) => [r.ref, r.rank]));
  for (const v of answer.values) v.rank = ranks.get(v.ref) ?? null;
  return ok(answer);
};
