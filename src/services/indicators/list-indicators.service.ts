// `socle indicators` and GET /api/v1/indicators: the declarations of the library, with their formula written for
// people and the millésime the loaded data allow (null: no data loaded for it yet).
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { DOMAIN_LABELS, PUBLIC_LABELS, type Formula, type IndicatorDefinition, type SourceRef } from '../../core/indicators/indicator.types.js';
import { formatFormula, variablesOf } from '../../core/indicators/terms.js';
import { ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { indicatorFilter, type IndicatorFilterInput } from './indicator-filter.js';
import { getRuntime } from './indicator-runtime.js';

export interface IndicatorListing {
  id: string;
  label: string;
  shortLabel: string;
  domain: string;
  domainLabel: string;
  publics: string[];
  unit: string;
  polarity: string;
  decimals: number;
  /** The formula as people read it. */
  formula: string;
  /** The declaration itself. */
  formulaSpec: Formula;
  variables: string[];
  sources: SourceRef[];
  definition: string;
  /** Most recent millésime computable with the loaded data, or null. */
  millesime: number | null;
}

export const toListing = (d: IndicatorDefinition, millesime: number | null): IndicatorListing => ({
  id: d.id,
  label: d.label,
  shortLabel: d.shortLabel ?? d.label,
  domain: d.domain,
  domainLabel: DOMAIN_LABELS[d.domain],
  publics: d.publics.map((p) => PUBLIC_LABELS[p]),
  unit: d.unit,
  polarity: d.polarity,
  decimals: d.decimals,
  formula: formatFormula(d.formula),
  formulaSpec: d.formula,
  variables: variablesOf(d.formula),
  sources: d.sources,
  definition: d.definition,
  millesime,
});

export const listIndicators = async (ctx: AppContext, filter: IndicatorFilterInput = {}): Promise<Result<IndicatorListing[], AppError>> => {
  const keep = indicatorFilter(filter);
  if (!keep.ok) return keep;
  const { engine } = await getRuntime(ctx);
  return ok(
    INDICATORS.filter((d) => !keep.value || keep.value(d)).map((d) => {
      // The catalogue says which millésimes exist without loading any column.
      return toListing(d, engine.availableMillesimes(d.formula)[0] ?? null);
    }),
  );
};
