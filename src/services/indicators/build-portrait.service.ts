// `socle portrait REF [--compare REF,REF]` and GET /api/v1/territories/{ref}/portrait: every indicator of the library
// on a territory, by domain, against its references, with ranks, evolutions and one French sentence each.
import type { PortraitReference, PortraitTerritory } from '../../core/indicators/portrait-builder.js';
import { DOMAIN_LABELS, PUBLIC_LABELS, type IndicatorDefinition } from '../../core/indicators/indicator.types.js';
import type { Portrait, PortraitSource } from '../../core/indicators/portrait.types.js';
import { foldText } from '../../core/referential/text.js';
import { COG_YEAR, POPULATION_MILLESIME } from '../../core/referential/referential.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { describeTerritory } from '../territory/get-territory.service.js';
import { resolveTerritory, type ResolvedTerritory } from '../territory/resolve-territory.service.js';
import { REFERENTIAL_DATASET } from './db-variable-store.js';
import { getRuntime, LIBRARY_VARIABLES } from './indicator-runtime.js';

export interface BuildPortraitOptions {
  /** References to compare with, instead of the EPCI, département, région and France that contain the territory. */
  compare?: string[];
  /** Only the indicators of these publics (ids or French labels: `personnes_agees`, « personnes âgées »). */
  publics?: string[];
  /** Only the indicators of these domains (ids or French labels: `logement`, « Emploi et chômage »). */
  domains?: string[];
  /** Longest list of missing communes kept per value (20 by default). */
  missingLimit?: number;
}

export const portraitTerritory = (t: ResolvedTerritory): PortraitTerritory => ({ ref: t.ref, kind: t.kind, code: t.parsed.code, name: t.name, members: t.members });

/** The datasets named by a set of values, as the portrait's source list. */
export const portraitSources = async (ctx: AppContext, ids: Set<number>): Promise<PortraitSource[]> => {
  const out: PortraitSource[] = [];
  if (ids.has(0)) {
    out.push({
      datasetId: 0,
      title: REFERENTIAL_DATASET.title,
      source: REFERENTIAL_DATASET.source,
      producer: 'INSEE, DGCL (@etalab/decoupage-administratif 6.0.0)',
      millesimes: [POPULATION_MILLESIME],
      cogYear: COG_YEAR,
      licence: 'Licence Ouverte / Etalab 2.0',
      fileName: '@etalab/decoupage-administratif',
      sha256: '',
      importedAt: '',
    });
  }
  const imported = [...ids].filter((id) => id !== 0);
  if (imported.length) {
    const rows = await ctx.store.db.selectFrom('dataset').selectAll().where('id', 'in', imported).orderBy('id').execute();
    for (const d of rows) {
      out.push({
        datasetId: Number(d.id),
        title: d.title,
        source: d.source,
        producer: d.producer,
        millesimes: parseMillesimes(d.millesimes),
        cogYear: Number(d.cog_year),
        licence: d.licence,
        fileName: d.file_name,
        sha256: d.sha256,
        importedAt: d.imported_at,
      });
    }
  }
  return out;
};

const foldChoice = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/**
 * The ids chosen among `labels` (a public or a domain), each given by its id or its French label, case, accents and
 * spaces aside; undefined when none is given. An unknown one is refused with the list of those that exist.
 */
const chosen = <K extends string>(option: string, given: string[] | undefined, labels: Record<K, string>): Result<Set<K> | undefined, AppError> => {
  const texts = (given ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
  if (texts.length === 0) return ok(undefined);
  const ids = Object.keys(labels) as K[];
  const out = new Set<K>();
  for (const text of texts) {
    const f = foldChoice(text);
    const id = ids.find((k) => k === f || foldChoice(labels[k]) === f);
    if (!id) return err(appError('PARAMETRE_INVALIDE', `${option} « ${text} » : valeurs possibles ${ids.map((k) => `${k} (${labels[k]})`).join(', ')}`));
    out.add(id);
  }
  return ok(out);
};

/** The dataset table keeps millésimes as text: a JSON array or a comma-separated list. */
const parseMillesimes = (text: string): number[] => {
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(Number).filter(Number.isFinite);
  } catch {
    // Not JSON: a list.
  }
  return text
    .split(/[,; ]+/)
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0);
};

export const buildPortrait = async (ctx: AppContext, ref: string, options: BuildPortraitOptions = {}): Promise<Result<Portrait, AppError>> => {
  const resolved = await resolveTerritory(ctx, ref);
  if (!resolved.ok) return resolved;
  const t = portraitTerritory(resolved.value);
  const { store, builder } = await getRuntime(ctx);

  let references: PortraitReference[];
  if (options.compare && options.compare.length) {
    references = [];
    for (const text of options.compare) {
      if (!text.trim()) continue;
      const r = await resolveTerritory(ctx, text);
      if (!r.ok) return err(appError(r.error.code, `--compare : ${r.error.message}`, r.error.details));
      if (r.value.ref === t.ref) return err(appError('PARAMETRE_INVALIDE', `--compare : ${r.value.ref} est le territoire lui-même`));
      references.push(builder.asReference(t, portraitTerritory(r.value)));
    }
  } else references = builder.defaultReferences(t);

  const publics = chosen('--public', options.publics, PUBLIC_LABELS);
  if (!publics.ok) return publics;
  const wanted = chosen('--domaine', options.domains, DOMAIN_LABELS);
  if (!wanted.ok) return wanted;
  const only =
    publics.value || wanted.value
      ? (def: IndicatorDefinition) => (!publics.value || def.publics.some((p) => publics.value!.has(p))) && (!wanted.value || wanted.value.has(def.domain))
      : undefined;

  await store.ensure(LIBRARY_VARIABLES);
  const domains = builder.buildDomains(t, references, { missingLimit: options.missingLimit, only });
  const ids = new Set<number>();
  for (const d of domains) for (const i of d.indicators) for (const s of i.value.sources) if (s.datasetId !== undefined) ids.add(s.datasetId);
  return ok({
    territory: await describeTerritory(ctx, resolved.value),
    references: references.map((r) => ({ territory: r.ref, name: r.name })),
    domains,
    sources: await portraitSources(ctx, ids),
  });
};
