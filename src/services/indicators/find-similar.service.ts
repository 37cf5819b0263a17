// Similar territories: the k communes, EPCI, départements or régions closest to one on the key indicators of the
// library (standardised), with the reason. Perimeters and France have no peers of their kind.
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { nearestInMatrix, standardise, type SimilarTerritory, type StandardisedMatrix } from '../../core/indicators/similar.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { getRuntime, LIBRARY_VARIABLES } from './indicator-runtime.js';
import { portraitTerritory } from './build-portrait.service.js';

export interface SimilarAnswer {
  territory: { ref: string; name: string };
  /** The key indicators compared. */
  indicators: { id: string; label: string }[];
  similar: SimilarTerritory[];
}

/** `input`: a reference (`com:31069`) or a name, resolved as every command resolves it. */
export const findSimilar = async (ctx: AppContext, input: string, k = 5): Promise<Result<SimilarAnswer, AppError>> => {
  const resolved = await resolveTerritory(ctx, input);
  if (!resolved.ok) return resolved;
  const t = resolved.value;
  if (t.kind === 'per' || t.kind === 'fr') {
    return err(appError('PARAMETRE_INVALIDE', `${t.ref} : les territoires semblables se cherchent parmi les communes, les EPCI, les départements ou les régions`));
  }
  if (!Number.isInteger(k) || k < 1 || k > 50) return err(appError('PARAMETRE_INVALIDE', `nombre de territoires semblables « ${k} » : entre 1 et 50`));
  // A collectivité d'outre-mer, or one of its communes, is outside France as INSEE counts it, where peers are sought.
  const { builder } = await getRuntime(ctx);
  if (!builder.inFrance(portraitTerritory(t))) {
    const what = t.kind === 'com' ? 'commune d’une collectivité d’outre-mer' : 'collectivité d’outre-mer';
    return err(appError('PARAMETRE_INVALIDE', `${t.ref} (${t.name}) : ${what}, hors de la France des statistiques (métropole et DROM) où se cherchent les territoires semblables`));
  }
  const matrix = await similarityMatrix(ctx, t.kind);
  if (!matrix.ok) return matrix;
  const { refs } = matrix.value;
  const target = matrix.value.index.get(t.ref) ?? -1;
  const r = ctx.referential;
  const nameOf = (j: number) => {
    const [kind, code] = refs[j].split(':') as ['com' | 'epci' | 'dep' | 'reg', string];
    return r.nameOf({ kind, code }) ?? refs[j];
  };
  const similar = target < 0 ? [] : nearestInMatrix(matrix.value, target, k, nameOf);
  return ok({ territory: { ref: t.ref, name: t.name }, indicators: KEYS.map((d) => ({ id: d.id, label: d.label })), similar });
};

const KEYS = INDICATORS.filter((d) => d.key);

type Kind = 'com' | 'epci' | 'dep' | 'reg';

/**
 * The key indicators of every territory of a kind, standardised: made once per kind and kept in the context's cache
 * until the next write (a commune's peers are sought among 34,875 communes; only the distances are per request).
 */
const similarityMatrix = (ctx: AppContext, kind: Kind): Promise<Result<StandardisedMatrix & { index: Map<string, number> }, AppError>> => {
  const key = `indicators:similar:${kind}`;
  let pending = ctx.cache.get(key) as ReturnType<typeof similarityMatrix> | undefined;
  if (!pending) {
    pending = (async () => {
      const { store, engine, builder } = await getRuntime(ctx);
      await store.ensure(LIBRARY_VARIABLES);
      const values: Float64Array[] = [];
      let refs: string[] = [];
      // One millésime per indicator for all territories of the kind: the one France is read at (ADR 0018), so that
      // a newer edition loaded for a few départements does not leave the others without values.
      const france = { ref: 'fr', kind: 'fr' as const, members: ctx.referential.france };
      for (const def of KEYS) {
        const plan = engine.plan(def.formula);
        if (!plan.ok) return plan;
        const kv = builder.kindValues(def, engine.planFor(def.formula, france, plan.value), kind);
        refs = kv.refs;
        values.push(kv.values);
      }
      const matrix = standardise({ indicators: KEYS, refs, values });
      return ok({ ...matrix, index: new Map(refs.map((ref, j) => [ref, j])) });
    })();
    ctx.cache.set(key, pending);
    // A failure is not kept: the next request tries again.
    const forget = () => {
      if (ctx.cache.get(key) === pending) ctx.cache.delete(key);
    };
    pending.then((m) => m.ok || forget(), forget);
  }
  return pending;
};
