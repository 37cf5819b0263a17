// `socle value NAME REF [--millesime YYYY]`: one figure of one territory, an indicator or a variable, in the shape of
// ../shared/CONTRACT.md (name, territory, millesime, value, unit, status, parts, sources, and missing when partial).
import type { IndicatorValue } from '../../core/indicators/indicator.types.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { engineTerritory, getRuntime, resolveSubject } from './indicator-runtime.js';

export interface GetValueInput {
  name: string;
  ref: string;
  millesime?: number;
}

/** The value, with the territory's name and the label of what was asked, for people. */
export interface ValueAnswer extends IndicatorValue {
  label?: string;
  territoryName?: string;
}

export const parseMillesime = (text: string | undefined): Result<number | undefined, AppError> => {
  if (text === undefined) return ok(undefined);
  if (!/^\d{4}$/.test(text.trim())) return err(appError('MILLESIME_INVALIDE', `millésime « ${text} » : une année sur quatre chiffres est attendue (2022)`));
  return ok(Number(text));
};

export const getValue = async (ctx: AppContext, input: GetValueInput): Promise<Result<IndicatorValue, AppError>> => {
  const answer = await getValueWithLabels(ctx, input);
  if (!answer.ok) return answer;
  const { label: _label, territoryName: _name, ...value } = answer.value;
  return ok(value);
};

export const getValueWithLabels = async (ctx: AppContext, input: GetValueInput): Promise<Result<ValueAnswer, AppError>> => {
  const territory = await resolveTerritory(ctx, input.ref);
  if (!territory.ok) return territory;
  const subject = await resolveSubject(ctx, input.name, input.millesime, engineTerritory(territory.value));
  if (!subject.ok) return subject;
  const { store, engine } = await getRuntime(ctx);
  await store.ensure(subject.value.variables);
  const t = engineTerritory(territory.value);
  const s = subject.value;
  if (s.type === 'indicator') {
    const v = engine.compute(s.subject, t, { millesime: input.millesime });
    if (!v.ok) return v;
    return ok({ ...v.value, label: s.definition.label, territoryName: territory.value.name });
  }
  const v = engine.compute(s.subject, t);
  if (!v.ok) return v;
  return ok({ ...v.value, millesime: s.millesime, label: s.label, territoryName: territory.value.name });
};
