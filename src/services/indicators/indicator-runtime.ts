// The engine of a context: the database-backed variable store, the indicator engine and the portrait builder, kept in
// ctx.cache (dropped by any write), and the resolution of what a person asks for — an indicator id, or a variable by
// its normalised name (`P_POP`) or as published (`P22_POP`, `MED21`, `PMUN`, `a`), or a sum of variables.
import { IndicatorEngine, type EngineTerritory, type Subject } from '../../core/indicators/engine.js';
import { getIndicator, INDICATORS } from '../../core/indicators/indicator-library.js';
import type { Formula, IndicatorDefinition } from '../../core/indicators/indicator.types.js';
import { PortraitBuilder } from '../../core/indicators/portrait-builder.js';
import { variablesOf } from '../../core/indicators/terms.js';
import { ADDITIVE_KINDS, type VariableKind } from '../../core/observations/observation.types.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import type { ResolvedTerritory } from '../territory/resolve-territory.service.js';
import { DbVariableStore, type CatalogueEntry } from './db-variable-store.js';
import { CAF_COLUMNS } from '../../import/dictionary/variable-dictionary.js';
import { hintFor, optionWith } from '../edge.js';

export interface IndicatorRuntime {
  store: DbVariableStore;
  engine: IndicatorEngine;
  builder: PortraitBuilder;
}

/** The runtime of a context, built once and kept until the next write. */
export const getRuntime = async (ctx: AppContext): Promise<IndicatorRuntime> => {
  const key = 'indicators:runtime';
  let pending = ctx.cache.get(key) as Promise<IndicatorRuntime> | undefined;
  if (!pending) {
    pending = (async () => {
      const store = await DbVariableStore.of(ctx);
      const engine = new IndicatorEngine(store, ctx.referential.codes, ctx.referential.population);
      return { store, engine, builder: new PortraitBuilder(engine, ctx.referential) };
    })();
    ctx.cache.set(key, pending);
  }
  return pending;
};

/** Every variable the library reads, loaded once for portraits and maps. */
export const LIBRARY_VARIABLES: readonly string[] = [...new Set(INDICATORS.flatMap((d) => variablesOf(d.formula)))];

/** What `socle value NAME` names, resolved. */
export type ResolvedSubject =
  | { type: 'indicator'; definition: IndicatorDefinition; subject: Subject; variables: string[] }
  | {
      type: 'variable';
      subject: Subject;
      variables: string[];
      /** The variables' millésime (null when the normalised name has none loaded at the one asked for). */
      millesime: number;
      kind: VariableKind;
      label: string;
      entries: CatalogueEntry[];
    };

const unknownName = (ctx: AppContext, name: string): AppError => {
  const folded = name.toLowerCase();
  const close = INDICATORS.filter((d) => d.id.includes(folded) || folded.includes(d.id))
    .slice(0, 5)
    .map((d) => d.id);
  return appError(
    'INDICATEUR_INCONNU',
    `« ${name} » n’est ni un indicateur (voir ${hintFor(ctx, 'socle indicators', 'GET /api/v1/indicators')}) ni une variable importée (P_POP, P22_POP, MED21, PMUN…)${close.length ? `. Indicateurs proches : ${close.join(', ')}` : ''}`,
  );
};

/** One variable name (normalised or as published) at an optional millésime → its catalogue entry. */
const resolveVariable = (ctx: AppContext, store: DbVariableStore, token: string, millesime?: number): Result<CatalogueEntry | { name: string; millesime: number; missing: true; kind: VariableKind; unit: string; label: string }, AppError> => {
  const normalised = store.millesimes(token).length ? token : store.millesimes(token.toUpperCase()).length ? token.toUpperCase() : null;
  if (normalised) {
    const years = store.millesimes(normalised);
    const m = millesime ?? years[0];
    const entry = store.entry(normalised, m);
    if (entry) return ok(entry);
    const any = store.entry(normalised, years[0])!;
    // A normalised variable asked at a millésime that was not loaded: no data, not an error.
    return ok({ name: normalised, millesime: m, missing: true, kind: any.kind, unit: any.unit, label: any.label });
  }
  const entries = store.byPublishedName(token);
  // The CNAF's IRIS names (`arsas`) answer for its communal files too, whose columns are stored under the same
  // normalised name (`CAF_ARSAS`) but published as `NB_allocataire_RSA`.
  if (entries.length === 0 && CAF_COLUMNS[token.toLowerCase()] !== undefined) {
    const caf = `CAF_${token.toUpperCase()}`;
    if (store.millesimes(caf).length) return resolveVariable(ctx, store, caf, millesime);
  }
  if (entries.length === 0) return err(unknownName(ctx, token));
  const sorted = [...entries].sort((a, b) => b.millesime - a.millesime);
  if (millesime === undefined) return ok(sorted[0]);
  const exact = sorted.find((e) => e.millesime === millesime);
  if (exact) return ok(exact);
  return err(
    appError('MILLESIMES_MELANGES', `${token} est du millésime ${[...new Set(sorted.map((e) => e.millesime))].join(', ')}, pas ${millesime} : demander ${sorted[0].name} ${optionWith(ctx, 'millesime', millesime)}`),
  );
};

/**
 * An indicator id, a variable (`P_POP`, `P22_POP`, `MED21`, `PMUN`, `a`) or a sum of variables of one millésime
 * (`P22_POP7589+P22_POP90P`). Unknown names are INDICATEUR_INCONNU; a sum over two millésimes is MILLESIMES_MELANGES.
 * A variable named without its millésime (`P_POP`) is read, for `territory`, at the millésime an indicator of it
 * would be (IndicatorEngine.planFor): the latest that reaches the territory's communes.
 */
export const resolveSubject = async (ctx: AppContext, name: string, millesime?: number, territory?: EngineTerritory): Promise<Result<ResolvedSubject, AppError>> => {
  const text = name.trim();
  if (!text) return err(appError('INDICATEUR_INCONNU', `nom d’indicateur vide (voir ${hintFor(ctx, 'socle indicators', 'GET /api/v1/indicators')})`));
  const definition = getIndicator(text);
  if (definition) {
    return ok({ type: 'indicator', definition, subject: { name: definition.id, unit: definition.unit, formula: definition.formula }, variables: variablesOf(definition.formula) });
  }
  const { store, engine } = await getRuntime(ctx);
  const tokens = text.split('+').map((t) => t.trim());
  if (tokens.some((t) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(t))) return err(unknownName(ctx, text));
  const normalised = tokens.map((t) => (store.millesimes(t).length ? t : store.millesimes(t.toUpperCase()).length ? t.toUpperCase() : null));
  if (millesime === undefined && territory && normalised.every((n) => n !== null)) {
    await store.ensure(normalised as string[]);
    const kind = store.entry(normalised[0]!, store.millesimes(normalised[0]!)[0])?.kind;
    const formula: Formula = kind !== undefined && !ADDITIVE_KINDS.has(kind) && normalised.length === 1 ? { kind: 'published', variable: normalised[0]! } : { kind: 'stock', terms: normalised as string[] };
    const latest = engine.plan(formula);
    if (latest.ok && latest.value.millesime !== null) {
      const chosen = engine.planFor(formula, territory, latest.value).millesime;
      if (chosen !== null && chosen !== latest.value.millesime) return resolveSubject(ctx, name, chosen);
    }
  }
  const entries = [];
  for (const token of tokens) {
    const r = resolveVariable(ctx, store, token, millesime);
    if (!r.ok) return r;
    entries.push(r.value);
  }
  const years = [...new Set(entries.map((e) => e.millesime))].sort();
  if (years.length > 1) {
    return err(appError('MILLESIMES_MELANGES', `${text} : ${entries.map((e, k) => `${tokens[k]} est du millésime ${e.millesime}`).join(', ')} ; deux millésimes ne sont jamais additionnés`));
  }
  if (entries.length > 1 && entries.some((e) => !ADDITIVE_KINDS.has(e.kind))) {
    return err(appError('PARAMETRE_INVALIDE', `${text} : seules des variables de comptage s’additionnent (${entries.filter((e) => !ADDITIVE_KINDS.has(e.kind)).map((e) => e.name).join(', ')} ne l’est pas)`));
  }
  const first = entries[0];
  const pinned = entries.map((e) => `${e.name}@${e.millesime}`);
  const formula: Formula = ADDITIVE_KINDS.has(first.kind) ? { kind: 'stock', terms: pinned } : { kind: 'published', variable: pinned[0] };
  return ok({
    type: 'variable',
    subject: { name: text, unit: first.unit, formula },
    variables: entries.map((e) => e.name),
    millesime: first.millesime,
    kind: first.kind,
    label: entries.length === 1 ? first.label : entries.map((e) => e.label).join(' + '),
    entries: entries.filter((e): e is CatalogueEntry => !('missing' in e)),
  });
};

export const engineTerritory = (t: ResolvedTerritory): EngineTerritory => ({ ref: t.ref, kind: t.kind, members: t.members });

export { DbVariableStore };
