// `socle portrait REF [--compare REF,REF]` and GET /api/v1/territories/{ref}/portrait: every indicator of the library
// on a territory, by domain, against its references, with ranks, evolutions and one French sentence each.
import type { PortraitReference, PortraitTerritory } from '../../core/indicators/portrait-builder.js';
import type { Portrait, PortraitSource } from '../../core/indicators/portrait.types.js';
import { COG_YEAR, POPULATION_MILLESIME } from '../../core/referential/referential.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { describeTerritory } from '../territory/get-territory.service.js';
import { resolveTerritory, type ResolvedTerritory } from '../territory/resolve-territory.service.js';
import { REFERENTIAL_DATASET } from './db-variable-store.js';
import { indicatorFilter, type IndicatorFilterInput } from './indicator-filter.js';
import { getRuntime, LIBRARY_VARIABLES } from './indicator-runtime.js';

/** `publics`, `domains`: only the indicators of these publics and domains (indicator-filter.ts). */
export interface BuildPortraitOptions extends IndicatorFilterInput {
  /** References to compare with, instead of the EPCI, département, région and France that contain the territory. */
  compare?: string[];
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

/** Most references a portrait is set against (the default is four: EPCI, département, région, France). */
export const MAX_COMPARED = 10;

export const buildPortrait = async (ctx: AppContext, ref: string, options: BuildPortraitOptions = {}): Promise<Result<Portrait, AppError>> => {
  const resolved = await resolveTerritory(ctx, ref);
  if (!resolved.ok) return resolved;
  const t = portraitTerritory(resolved.value);
  const { store, builder } = await getRuntime(ctx);

  let references: PortraitReference[];
  // The messages name the choice as the caller wrote it: the CLI's option or the API's parameter.
  const compareName = options.edge === 'api' ? 'compare=' : '--compare';
  if (options.compare && options.compare.length) {
    references = [];
    const asked = options.compare.filter((text) => text.trim());
    if (asked.length > MAX_COMPARED) {
      return err(appError('PARAMETRE_INVALIDE', `${compareName} : ${asked.length} références, au plus ${MAX_COMPARED} (un portrait se lit contre quelques territoires)`));
    }
    for (const text of asked) {
      const r = await resolveTerritory(ctx, text);
      if (!r.ok) return err(appError(r.error.code, `${compareName} : ${r.error.message}`, r.error.details));
      if (r.value.ref === t.ref) return err(appError('PARAMETRE_INVALIDE', `${compareName} : ${r.value.ref} est le territoire lui-même`));
      // The same reference named twice (dep:31 and « Haute-Garonne ») is one reference.
      if (references.some((x) => x.ref === r.value.ref)) continue;
      references.push(builder.asReference(t, portraitTerritory(r.value)));
    }
  } else references = builder.defaultReferences(t);

  const keep = indicatorFilter(options);
  if (!keep.ok) return keep;

  await store.ensure(LIBRARY_VARIABLES);
  const domains = builder.buildDomains(t, references, { missingLimit: options.missingLimit, keep: keep.value });
  const ids = new Set<number>();
  for (const d of domains) for (const i of d.indicators) for (const s of i.value.sources) if (s.datasetId !== undefined) ids.add(s.datasetId);
  return ok({
    territory: await describeTerritory(ctx, resolved.value),
    references: references.map((r) => ({ territory: r.ref, name: r.name })),
    domains,
    sources: await portraitSources(ctx, ids),
  });
};
