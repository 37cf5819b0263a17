// Similar territories: the k communes, EPCI, départements or régions closest to one on the key indicators of the
// library (standardised), with the reason. Perimeters and France have no peers of their kind.
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { findSimilarInMatrix, type SimilarTerritory } from '../../core/indicators/similar.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { getRuntime, LIBRARY_VARIABLES } from './indicator-runtime.js';

export interface SimilarAnswer {
  territory: { ref: string; name: string };
  /** The key indicators compared. */
  indicators: { id: string; label: string }[];
  similar: SimilarTerritory[];
}

export const findSimilar = async (ctx: AppContext, ref: string, k = 5): Promise<Result<SimilarAnswer, AppError>> => {
  const resolved = await resolveTerritory(ctx, ref);
  if (!resolved.ok) return resolved;
  const t = resolved.value;
  if (t.kind === 'per' || t.kind === 'fr') {
    return err(appError('PARAMETRE_INVALIDE', `${t.ref} : les territoires semblables se cherchent parmi les communes, les EPCI, les départements ou les régions`));
  }
  if (!Number.isInteger(k) || k < 1 || k > 50) return err(appError('PARAMETRE_INVALIDE', `nombre de territoires semblables « ${k} » : entre 1 et 50`));
  const { store, engine, builder } = await getRuntime(ctx);
  await store.ensure(LIBRARY_VARIABLES);
  const keys = INDICATORS.filter((d) => d.key);
  const columns = [];
  let refs: string[] = [];
  for (const def of keys) {
    const plan = engine.plan(def.formula);
    if (!plan.ok) return plan;
    const kv = builder.kindValues(def, plan.value, t.kind);
    refs = kv.refs;
    columns.push(kv.values);
  }
  const target = refs.indexOf(t.ref);
  const r = ctx.referential;
  const names = refs.map((x) => {
    const [kind, code] = x.split(':') as ['com' | 'epci' | 'dep' | 'reg', string];
    return r.nameOf({ kind, code }) ?? x;
  });
  const similar = target < 0 ? [] : findSimilarInMatrix({ indicators: keys, refs, names, values: columns }, target, k);
  return ok({ territory: { ref: t.ref, name: t.name }, indicators: keys.map((d) => ({ id: d.id, label: d.label })), similar });
};
