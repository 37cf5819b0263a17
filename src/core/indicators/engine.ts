// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// The indicator engine (principles 3, 4 and 6 of DESIGN.md). It reads variable columns — one Float64Array and one
// status array per variable and millésime, aligned on the referential's commune index — from a VariableStore, and
// answers any indicator for any set of communes:
// - stocks add up; a share or a ratio is the sum of numerators over the sum of denominators, never a mean of ratios;
// - a median or a published rate is answered only where the source published it (`not_aggregable` elsewhere);
// - a withheld or absent commune is left out of every part of a ratio, and the answer is `partial`, naming it;
// - an indicator reads all its variables at one millésime: the most recent one where all exist (for a territory, the
//   most recent that reaches its communes: planFor). Two millésimes are never summed together; a declaration or a
//   request that pins different millésimes is refused.
import { appError, err, ok, type AppError, type Result } from '../result.js';
import { ADDITIVE_KINDS, STATUS_ABSENT, VALUE_STATUS_CODE, type VariableColumn, type VariableKind, type VariableStore } from '../observations/observation.types.js';
import { StoreWithEquivalentSums } from '../observations/equivalent-sums.js';
import { pairedName } from '../observations/paired-sums.js';
import type { TerritoryKind } from '../territory/territory-ref.js';
import type { Formula, IndicatorDefinition, IndicatorStatus, IndicatorValue } from './indicator.types.js';
import { concreteFormula, denominatorText, formatTerm, mainTermsOf, parseTerm, parseTerms, singleRatioOf, type Term } from './terms.js';

/** A territory as the engine sees it: its reference and its member communes (sorted referential indices). */
export interface EngineTerritory {
  ref: string;
  kind: TerritoryKind;
  members: Int32Array;
}

/** Status codes of a computed value, as stored in per-commune vectors. */
export const INDICATOR_STATUS_CODE: Record<IndicatorStatus, number> = { ok: 0, partial: 1, secret: 2, missing: 3, not_aggregable: 5 };
export const INDICATOR_STATUS_OF_CODE: Record<number, IndicatorStatus> = { 0: 'ok', 1: 'partial', 2: 'secret', 3: 'missing', 4: 'missing', 5: 'not_aggregable' };

const OK = VALUE_STATUS_CODE.ok;
const PARTIAL = VALUE_STATUS_CODE.partial;
const SECRET = VALUE_STATUS_CODE.secret;
const MISSING = VALUE_STATUS_CODE.missing;

/**
 * The per-commune sum of a list of terms at one millésime. Its status per commune is the worst of its terms': ok,
 * partial (a stored value short of withheld sub-units), secret, missing, absent.
 */
export interface SumColumn {
  millesime: number;
  values: Float64Array;
  status: Uint8Array;
  columns: VariableColumn[];
  /** The sign of each column's term (−1 for `-DECE`). */
  signs: number[];
}

/** How an indicator is computed once its millésimes are known. */
export type Plan =
  | {
      kind: 'sums';
      formula: Formula;
      millesime: number;
      period?: [number, number];
      /** Stock, numerator, density terms, or the later millésime of an evolution. */
      num: SumColumn;
      /** Denominator, area, or the earlier millésime of an evolution; null for a stock. */
      den: SumColumn | null;
      /** The component of an evolution_component (births minus deaths over the evolution's years). */
      extra?: SumColumn;
      /** Per commune, the worst status of the columns read (read once per member). */
      status: Uint8Array;
      /** Per commune, the share of it a paired ratio covers (see pairedSums); absent when every commune counts whole. */
      covers?: Float64Array;
    }
  | { kind: 'published'; name: string; millesime: number; column: VariableColumn | undefined }
  | { kind: 'missing'; millesime: number | null; period?: [number, number] };

export interface Aggregate {
  status: IndicatorStatus;
  value: number | null;
  num: number;
  den: number;
  /** The sum of an evolution_component's component (0 for other kinds). */
  extra?: number;
  /** Members left out (withheld or absent) and members whose own value is partial (listed only when asked). */
  missing: number[];
  /** How many such members. */
  short: number;
  sources: { dataset: string; datasetId: number; millesime: number }[];
}

/** What a value is asked for: an indicator, or a variable by its normalised name and kind. */
export interface Subject {
  name: string;
  unit: string;
  formula: Formula;
}

export interface ComputeOptions {
  millesime?: number;
  /** Longest list of communes kept in `missing.communes` (all by default). */
  missingLimit?: number;
}

/** Default span of an evolution: the census compares a year with the one six years before (2016 → 2022). */
export const DEFAULT_SPAN = 6;

export class IndicatorEngine {
  private readonly sumCache = new Map<string, SumColumn | null>();
  private readonly planCache = new Map<string, Result<Plan, AppError>>();
  private readonly vectorCache = new Map<string, { values: Float64Array; status: Uint8Array }>();
  private readonly fixedSources = new WeakMap<Plan, Aggregate['sources'] | null>();
  /** Whether every column a plan reads has values published above the commune. */
  private readonly publishedPlans = new WeakMap<Plan, boolean>();
  /** By a formula's latest plan: its earlier plans, when a territory may have to take one of them (see planFor). */
  private readonly choices = new WeakMap<Plan, Plan[] | null>();
  /** By a formula's latest plan, then by territory: the millésime planFor chose. */
  private readonly chosen = new WeakMap<Plan, Map<string, number>>();

  /** The columns read: the store's, and wholes made of their parts where files give only the parts. */
  readonly store: VariableStore;

  /**
   * @param store the variable columns
   * @param codes INSEE code of each commune index (for the lists of missing communes)
   * @param population population municipale of each commune index (NaN unknown): the weights of a partial value's
   *   coverage, the share of the territory's inhabitants whose communes have a figure
   */
  constructor(
    store: VariableStore,
    readonly codes: readonly string[],
    readonly population?: Float64Array,
  ) {
    this.store = new StoreWithEquivalentSums(store, codes.length);
  }

  get communeCount(): number {
    return this.codes.length;
  }

  // ── Millésimes ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Millésimes at which every unpinned term exists, most recent first. */
  private commonMillesimes(terms: Term[]): number[] {
    let common: number[] | null = null;
    for (const t of terms) {
      if (t.millesime !== undefined) continue;
      const ms = this.store.millesimes(t.name);
      common = common === null ? [...ms] : common.filter((m) => ms.includes(m));
    }
    return (common ?? []).sort((a, b) => b - a);
  }

  /**
   * Millésimes at which a formula can be computed, most recent first (for an evolution: the end years that have an
   * earlier millésime to start from).
   */
  availableMillesimes(formula: Formula): number[] {
    if ((formula.kind === 'share' || formula.kind === 'ratio') && formula.otherwise) {
      const both = [...this.availableMillesimes(concreteFormula(formula, false)), ...this.availableMillesimes(concreteFormula(formula, true))];
      return [...new Set(both)].sort((a, b) => b - a);
    }
    const terms = mainTermsOf(formula);
    const pinned = terms.find((t) => t.millesime !== undefined)?.millesime;
    const common = pinned !== undefined ? [pinned] : this.commonMillesimes(terms);
    if (formula.kind === 'evolution' || formula.kind === 'difference') {
      if (formula.years) return common.includes(formula.years[0]) && common.includes(formula.years[1]) ? [formula.years[1]] : [];
      return common.slice(0, Math.max(0, common.length - 1));
    }
    if (formula.kind === 'evolution_component') {
      // The component is cumulated up to the eve of the later census: its millésime is the year before.
      const component = this.commonMillesimes(parseTerms(formula.component));
      return common.slice(0, Math.max(0, common.length - 1)).filter((m) => component.includes(m - 1));
    }
    return common;
  }

  /**
   * The plan a territory is answered with when no millésime is asked. It is the formula's latest (`latest`, from
   * plan(formula)) wherever that millésime reaches every commune an earlier one reaches: the common case of national
   * editions. Where it reaches fewer (a newer edition loaded for another département only), each territory takes the
   * most recent millésime that reaches its communes nearly as well as the best one does (99 % of the inhabitants the
   * best one reaches): Toulouse keeps the 2022 census while the Tarn, loaded in 2023, answers 2023, and the
   * Haute-Garonne is not answered from a hundred of its communes. ADR 0018.
   */
  planFor(formula: Formula, territory: EngineTerritory, latest: Plan): Plan {
    const earlier = this.earlierPlans(formula, latest);
    if (!earlier) return latest;
    let byTerritory = this.chosen.get(latest);
    if (!byTerritory) {
      byTerritory = new Map();
      this.chosen.set(latest, byTerritory);
    }
    // A commune's choice costs a look at each candidate: kept only for territories of several communes.
    let m = territory.members.length > 1 ? byTerritory.get(territory.ref) : undefined;
    if (m === undefined) {
      const candidates = [latest, ...earlier];
      const reached = candidates.map((p) => this.reach(p, territory));
      const best = Math.max(...reached);
      const k = best > 0 ? reached.findIndex((r) => r >= best * 0.99) : 0;
      m = candidates[k].millesime!;
      if (territory.members.length > 1) {
        if (byTerritory.size >= 10_000) byTerritory.clear();
        byTerritory.set(territory.ref, m);
      }
    }
    if (m === latest.millesime) return latest;
    const p = this.plan(formula, m);
    return p.ok ? p.value : latest;
  }

  /**
   * The plans of a formula's earlier millésimes, most recent first, when some commune has data at one of them and not
   * at the latest; null when the latest reaches every commune any of them reaches (then it answers everywhere).
   */
  private earlierPlans(formula: Formula, latest: Plan): Plan[] | null {
    const known = this.choices.get(latest);
    if (known !== undefined) return known;
    let out: Plan[] | null = null;
    if (latest.kind !== 'missing') {
      const plans: Plan[] = [];
      for (const m of this.availableMillesimes(formula)) {
        if (m === latest.millesime) continue;
        const p = this.plan(formula, m);
        if (p.ok && p.value.kind !== 'missing') plans.push(p.value);
      }
      const newest = presenceOf(latest);
      const reachesMore = plans.some((p) => {
        const st = presenceOf(p);
        for (let i = 0; i < st.length; i++) if (st[i] <= SECRET && !(i < newest.length && newest[i] <= SECRET)) return true;
        return false;
      });
      if (reachesMore) out = plans;
    }
    this.choices.set(latest, out);
    return out;
  }

  /**
   * How much of a territory a plan reaches: the inhabitants (or, unknown, the count) of its communes that have data
   * there, a figure or a secret; for a figure published above the commune, whether it is published for the territory.
   */
  private reach(plan: Plan, territory: EngineTerritory): number {
    if (plan.kind === 'missing') return 0;
    if (territory.kind !== 'com' && territory.kind !== 'per' && this.publishedFor(plan, territory.ref)) return Number.MAX_VALUE;
    const st = presenceOf(plan);
    if (st.length === 0) return 0;
    const pop = this.population;
    let reached = 0;
    for (let k = 0; k < territory.members.length; k++) {
      const i = territory.members[k];
      if (st[i] > SECRET) continue;
      const p = pop ? pop[i] : NaN;
      reached += p === p ? p : 1;
    }
    return reached;
  }

  /** Whether a plan's every variable is published for the territory itself (a row of its own: ADR 0012). */
  private publishedFor(plan: Plan, ref: string): boolean {
    if (plan.kind === 'published') return this.store.published(plan.name, plan.millesime, ref) !== undefined;
    if (plan.kind !== 'sums') return false;
    const sums = [plan.num, ...(plan.den ? [plan.den] : []), ...(plan.extra ? [plan.extra] : [])];
    return sums.every((s) => s.columns.every((c) => this.store.published(c.name, c.millesime, ref) !== undefined));
  }

  /** The sum of terms at a millésime (pinned terms keep theirs), or null when a variable has no column there. */
  sumColumn(terms: Term[], millesime: number): SumColumn | null {
    const key = `${terms.map(formatTerm).join('+')}@${millesime}`;
    if (this.sumCache.has(key)) return this.sumCache.get(key)!;
    const columns: VariableColumn[] = [];
    for (const t of terms) {
      const c = this.store.column(t.name, t.millesime ?? millesime);
      if (!c) {
        this.sumCache.set(key, null);
        return null;
      }
      columns.push(c);
    }
    const n = this.codes.length;
    let out: SumColumn;
    if (columns.length === 1 && terms[0].sign === 1) {
      out = { millesime, values: columns[0].values, status: columns[0].status, columns, signs: [1] };
    } else {
      const values = new Float64Array(n);
      const status = new Uint8Array(n);
      for (let k = 0; k < columns.length; k++) {
        const cv = columns[k].values;
        const cs = columns[k].status;
        const sign = terms[k].sign;
        for (let i = 0; i < n; i++) {
          const s = cs[i];
          if (s > status[i]) status[i] = s;
          if (s <= PARTIAL) values[i] += sign * cv[i];
        }
      }
      out = { millesime, values, status, columns, signs: terms.map((t) => t.sign) };
    }
    this.sumCache.set(key, out);
    return out;
  }

  /** Picks the millésime(s) of a formula and the columns it reads. */
  plan(formula: Formula, explicit?: number): Result<Plan, AppError> {
    const key = `${JSON.stringify(formula)}|${explicit ?? ''}`;
    const cached = this.planCache.get(key);
    if (cached) return cached;
    const result = this.buildPlan(this.concrete(formula, explicit), explicit);
    this.planCache.set(key, result);
    return result;
  }

  /**
   * A share or a ratio with an `otherwise` denominator reads its declared denominator at the millésime asked (by
   * default the latest either can answer) when it has data there, else `otherwise`: one choice for all communes.
   */
  private concrete(formula: Formula, explicit?: number): Formula {
    if ((formula.kind !== 'share' && formula.kind !== 'ratio') || !formula.otherwise) return formula;
    const millesime = explicit ?? this.availableMillesimes(formula)[0];
    const declared = concreteFormula(formula, false);
    return millesime === undefined || this.availableMillesimes(declared).includes(millesime) ? declared : concreteFormula(formula, true);
  }

  private buildPlan(formula: Formula, explicit?: number): Result<Plan, AppError> {
    const terms = mainTermsOf(formula);
    const pinned = [...new Set(terms.filter((t) => t.millesime !== undefined).map((t) => t.millesime!))];

    if (formula.kind === 'evolution' || formula.kind === 'difference' || formula.kind === 'evolution_component') {
      if (pinned.length) return err(mixed(`les termes d’une évolution ne fixent pas leur millésime (${terms.map(formatTerm).join(', ')})`));
      const common = this.commonMillesimes(terms);
      const years = formula.kind === 'evolution_component' ? undefined : formula.years;
      let y2: number | undefined;
      let y1: number | undefined;
      if (years) [y1, y2] = years;
      else {
        // The part of an evolution ends where its component also has data (availableMillesimes).
        y2 = explicit ?? (formula.kind === 'evolution_component' ? this.availableMillesimes(formula)[0] : common[0]);
        if (y2 !== undefined) y1 = closestEarlier(common, y2, formula.span ?? DEFAULT_SPAN);
      }
      if (explicit !== undefined && years && explicit !== years[1]) {
        return err(mixed(`l’évolution est déclarée de ${years[0]} à ${years[1]} : le millésime ${explicit} ne peut pas lui être imposé`));
      }
      if (y2 === undefined || y1 === undefined) return ok({ kind: 'missing', millesime: y2 ?? null });
      const num = this.sumColumn(terms, y2);
      const den = this.sumColumn(terms, y1);
      if (!num || !den) return ok({ kind: 'missing', millesime: y2, period: [y1, y2] });
      if (formula.kind !== 'evolution_component') return ok({ kind: 'sums', formula, millesime: y2, period: [y1, y2], num, den, status: worstOf(num, den) });
      const extra = this.sumColumn(parseTerms(formula.component), y2 - 1);
      // Births and deaths of exactly the evolution's years (1 January y1 to 31 December y2 − 1), never of others.
      if (!extra || !extra.columns.every((c) => c.period?.[0] === y1 && c.period[1] === y2 - 1)) return ok({ kind: 'missing', millesime: y2, period: [y1, y2] });
      return ok({ kind: 'sums', formula, millesime: y2, period: [y1, y2], num, den, extra, status: worstOf(num, den, extra) });
    }

    if (pinned.length > 1) {
      return err(mixed(`${terms.map(formatTerm).join(', ')} : ces variables sont de millésimes différents (${pinned.sort().join(', ')}), elles ne peuvent pas être combinées`));
    }
    if (pinned.length === 1 && explicit !== undefined && pinned[0] !== explicit) {
      return err(mixed(`${terms.map(formatTerm).join(', ')} est du millésime ${pinned[0]}, pas ${explicit}`));
    }
    const unpinned = terms.filter((t) => t.millesime === undefined);
    let millesime: number | undefined = pinned[0] ?? explicit;
    if (millesime === undefined) millesime = this.commonMillesimes(terms)[0];
    if (millesime === undefined) return ok({ kind: 'missing', millesime: null });
    if (unpinned.length && !this.commonMillesimes(terms).includes(millesime)) return ok({ kind: 'missing', millesime });

    if (formula.kind === 'published') {
      const t = terms[0];
      return ok({ kind: 'published', name: t.name, millesime, column: this.store.column(t.name, millesime) });
    }
    if (formula.kind === 'stock') {
      const num = this.sumColumn(terms, millesime);
      return ok(num ? { kind: 'sums', formula, millesime, num, den: null, status: num.status } : { kind: 'missing', millesime });
    }
    if (formula.kind === 'density') {
      const num = this.sumColumn(terms, millesime);
      // The area of a commune does not follow the census: the latest one not after the population's is taken.
      const areas = this.store.millesimes(formula.area);
      const am = areas.filter((m) => m <= millesime!).sort((a, b) => b - a)[0] ?? [...areas].sort((a, b) => b - a)[0];
      const den = am === undefined ? null : this.sumColumn([parseTerm(formula.area)], am);
      return ok(num && den ? { kind: 'sums', formula, millesime, num, den, status: worstOf(num, den) } : { kind: 'missing', millesime });
    }
    if (formula.kind !== 'share' && formula.kind !== 'ratio') throw new Error(`formule non planifiée : ${JSON.stringify(formula)}`);
    const num = this.sumColumn(parseTerms(formula.numerator), millesime);
    const den = this.sumColumn(parseTerms(formula.denominator), millesime);
    if (!num || !den) return ok({ kind: 'missing', millesime });
    const paired = this.pairedSums(formula, millesime, num, den);
    return ok({ kind: 'sums', formula, millesime, num: paired?.num ?? num, den: paired?.den ?? den, status: worstOf(num, den), ...(paired ? { covers: paired.covers } : {}) });
  }

  /**
   * Where a commune's numerator or denominator is a sum short of withheld sub-units (IRIS) and the file paired them
   * (core/observations/paired-sums.ts), both are read over the sub-units that publish both: L'Union's single parents
   * over the allocataires of the IRIS that give them, not over all its allocataires. `covers` is then the share of
   * the commune's denominator those sub-units hold (its weight in the coverage). Undefined when nothing changes.
   */
  private pairedSums(formula: Formula, millesime: number, num: SumColumn, den: SumColumn): { num: SumColumn; den: SumColumn; covers: Float64Array } | undefined {
    const pair = singleRatioOf(formula);
    if (!pair) return undefined;
    const pn = this.store.column(pairedName(pair[0], pair[1]), millesime);
    const pd = this.store.column(pairedName(pair[1], pair[0]), millesime);
    if (!pn || !pd) return undefined;
    let nv: Float64Array | null = null;
    let dv: Float64Array | null = null;
    let covers: Float64Array | null = null;
    for (let i = 0; i < this.codes.length; i++) {
      if (num.status[i] !== PARTIAL && den.status[i] !== PARTIAL) continue;
      if (num.status[i] > PARTIAL || den.status[i] > PARTIAL || pn.status[i] > PARTIAL || pd.status[i] > PARTIAL) continue;
      nv ??= Float64Array.from(num.values);
      dv ??= Float64Array.from(den.values);
      covers ??= new Float64Array(this.codes.length).fill(1);
      covers[i] = den.values[i] > 0 ? Math.min(1, pd.values[i] / den.values[i]) : 1;
      nv[i] = pn.values[i];
      dv[i] = pd.values[i];
    }
    if (!nv || !dv || !covers) return undefined;
    return { num: { ...num, values: nv, columns: [...num.columns, pn] }, den: { ...den, values: dv, columns: [...den.columns, pd] }, covers };
  }

  // ── Aggregation ───────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The value of a plan over a set of communes. `ref` names the territory for values published at its level.
   * Without `details`, the sources are left empty (ranking every EPCI of France needs only the values); the list of
   * missing communes keeps at most `missingLimit` of them (their count is always exact).
   */
  aggregate(plan: Plan, territory: EngineTerritory, details = true, missingLimit = details ? Infinity : 0): Aggregate {
    const members = territory.members;
    if (plan.kind === 'missing') return { status: 'missing', value: null, num: 0, den: 0, missing: [], short: 0, sources: [] };
    if (plan.kind === 'published') return this.aggregatePublished(plan, territory);

    const { num, den, formula } = plan;
    const nv = num.values;
    const ns = num.status;
    const dv = den?.values;
    const ds = den?.status;
    const ev = plan.extra?.values;
    const es = plan.extra?.status;
    let n = 0;
    let d = 0;
    let e = 0;
    let included = 0;
    let short = 0;
    let anySecret = false;
    // Whether every commune left out is left out by a secret alone (its other terms published): only then is a
    // value with no commune at all « secret ». A secret population next to an area the files do not give (the
    // communes of a département none of whose files carry SUPERF) is missing data, not a withheld figure.
    let onlySecrets = true;
    const known = (s: number): boolean => s <= PARTIAL || s === SECRET;
    const missing: number[] = [];
    const st = plan.status;
    for (let k = 0; k < members.length; k++) {
      const i = members[k];
      const s = st[i];
      if (s <= PARTIAL) {
        n += nv[i];
        if (dv !== undefined) d += dv[i];
        if (ev !== undefined) e += ev[i];
        included++;
        if (s === PARTIAL) {
          if (short++ < missingLimit) missing.push(i);
        }
      } else {
        const secret = ns[i] === SECRET || (ds !== undefined && ds[i] === SECRET) || (es !== undefined && es[i] === SECRET);
        if (secret) anySecret = true;
        if (onlySecrets && !(secret && known(ns[i]) && (ds === undefined || known(ds[i])) && (es === undefined || known(es[i])))) onlySecrets = false;
        if (short++ < missingLimit) missing.push(i);
      }
    }
    // Short of communes, an EPCI, a département, a région or France may have its own rows in the files (a Filosofi
    // file by EPCI, a comparateur by département): their published counts answer whole.
    if ((short || included === 0) && territory.kind !== 'com' && territory.kind !== 'per') {
      const whole = this.publishedSums(plan, territory);
      if (whole) return whole;
    }
    const sources = details ? this.planSources(plan, members, included) : [];
    if (included === 0) {
      // A secret is published (withheld) by a dataset: it is cited, as the figures are.
      const secret = anySecret && onlySecrets;
      const secretSources = secret && details ? this.sourcesOf(den ? [num, den] : [num], members, 1) : [];
      return { status: secret ? 'secret' : 'missing', value: null, num: 0, den: 0, missing, short, sources: secretSources };
    }
    const value = valueOf(formula, n, d, plan.period, e);
    if (value === null) return { status: 'missing', value: null, num: n, den: d, extra: e, missing, short, sources };
    return { status: short ? 'partial' : 'ok', value, num: n, den: d, extra: e, missing, short, sources };
  }

  /**
   * A formula computed on the counts published for the territory itself (rows of EPCI, départements, régions or
   * France kept at their level, ADR 0012), when every term has one: undefined otherwise.
   */
  private publishedSums(plan: Extract<Plan, { kind: 'sums' }>, territory: EngineTerritory): Aggregate | undefined {
    // Most columns have no row above the commune: tell it once per plan, before building any key.
    let any = this.publishedPlans.get(plan);
    if (any === undefined) {
      const sums = [plan.num, plan.den, plan.extra].filter((x): x is SumColumn => !!x);
      any = sums.every((sum) => sum.columns.every((c) => this.store.hasPublished(c.name, c.millesime)));
      this.publishedPlans.set(plan, any);
    }
    if (!any) return undefined;
    const datasets = new Map<number, { dataset: string; datasetId: number; millesime: number }>();
    const read = (sum: SumColumn | null | undefined): number | null => {
      if (!sum) return 0;
      let total = 0;
      for (let k = 0; k < sum.columns.length; k++) {
        const c = sum.columns[k];
        const p = this.store.published(c.name, c.millesime, territory.ref);
        if (!p || p.value === null || p.status !== 'ok') return null;
        total += sum.signs[k] * p.value;
        const title = c.datasets.find((x) => x.id === p.datasetId)?.title ?? `jeu de données ${p.datasetId}`;
        datasets.set(p.datasetId, { dataset: title, datasetId: p.datasetId, millesime: c.millesime });
      }
      return total;
    };
    const n = read(plan.num);
    const d = plan.den ? read(plan.den) : 0;
    const e = plan.extra ? read(plan.extra) : 0;
    if (n === null || d === null || e === null) return undefined;
    const value = valueOf(plan.formula, n, d, plan.period, e);
    if (value === null) return undefined;
    return { status: 'ok', value, num: n, den: d, extra: e, missing: [], short: 0, sources: [...datasets.values()] };
  }

  private aggregatePublished(plan: Extract<Plan, { kind: 'published' }>, territory: EngineTerritory): Aggregate {
    const { column } = plan;
    // A territory of one commune that is not itself a commune (Paris as département 75) takes the figure published
    // for it first: a file of départements gives it where no file of communes does.
    const ownRow = territory.kind !== 'com' ? this.store.published(plan.name, plan.millesime, territory.ref) : null;
    if (territory.members.length === 1 && column && !(ownRow && ownRow.value !== null)) {
      const i = territory.members[0];
      const s = column.status[i];
      const sources = this.sourcesOf([{ millesime: plan.millesime, values: column.values, status: column.status, columns: [column], signs: [1] }], territory.members, s <= SECRET ? 1 : 0);
      if (s === OK || s === PARTIAL) return { status: s === OK ? 'ok' : 'partial', value: column.values[i], num: 0, den: 0, missing: s === PARTIAL ? [i] : [], short: s === PARTIAL ? 1 : 0, sources };
      return { status: s === SECRET ? 'secret' : 'missing', value: null, num: 0, den: 0, missing: [i], short: 1, sources: s === SECRET ? sources : [] };
    }
    const published = ownRow ?? this.store.published(plan.name, plan.millesime, territory.ref);
    if (published) {
      const dataset = column?.datasets.find((x) => x.id === published.datasetId);
      const sources = [{ dataset: dataset?.title ?? `jeu de données ${published.datasetId}`, datasetId: published.datasetId, millesime: plan.millesime }];
      if (published.value !== null && (published.status === 'ok' || published.status === 'partial')) {
        return { status: published.status, value: published.value, num: 0, den: 0, missing: [], short: 0, sources };
      }
      return { status: published.status === 'secret' ? 'secret' : 'missing', value: null, num: 0, den: 0, missing: [], short: 0, sources: [] };
    }
    // Nothing loaded at this millésime is missing data; a loaded median asked above the commune is not aggregable.
    if (!column && !this.store.millesimes(plan.name).includes(plan.millesime)) return { status: 'missing', value: null, num: 0, den: 0, missing: [], short: 0, sources: [] };
    return { status: 'not_aggregable', value: null, num: 0, den: 0, missing: [], short: 0, sources: [] };
  }

  /**
   * Sources of a plan for these members. When every column comes from one dataset, the list does not depend on the
   * members and is computed once per plan.
   */
  private planSources(plan: Extract<Plan, { kind: 'sums' }>, members: Int32Array, included: number): Aggregate['sources'] {
    if (included === 0) return [];
    const sums = plan.den ? [plan.num, plan.den] : [plan.num];
    let fixed = this.fixedSources.get(plan);
    if (fixed === undefined) {
      const single = sums.every((x) => x.columns.every((c) => c.datasets.length <= 1));
      fixed = single ? this.sourcesOf(sums, members, included) : null;
      this.fixedSources.set(plan, fixed);
    }
    // Shared between answers: sources are read, never changed.
    return fixed ?? this.sourcesOf(sums, members, included);
  }

  /** Datasets whose values entered the sum for these members. */
  private sourcesOf(sums: SumColumn[], members: Int32Array, included: number): Aggregate['sources'] {
    if (included === 0) return [];
    const out = new Map<string, Aggregate['sources'][number]>();
    for (const sum of sums) {
      for (const c of sum.columns) {
        let ids: Set<number> | null = null;
        if (c.origin && c.datasets.length > 1) {
          ids = new Set<number>();
          const origin = c.origin;
          // Neighbouring communes mostly share a dataset: only changes reach the set.
          let last = -1;
          for (let k = 0; k < members.length; k++) {
            const o = origin[members[k]];
            if (o !== last) {
              ids.add(o);
              last = o;
            }
          }
        }
        for (const ds of c.datasets) {
          if (ids && !ids.has(ds.id)) continue;
          const key = `${ds.id}@${c.millesime}`;
          if (!out.has(key)) out.set(key, { dataset: ds.title, datasetId: ds.id, millesime: c.millesime });
        }
      }
    }
    return [...out.values()].sort((a, b) => b.millesime - a.millesime || a.datasetId - b.datasetId);
  }

  // ── Answers ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** `socle value INDICATEUR REF`: an indicator on a territory. */
  compute(def: Subject, territory: EngineTerritory, options: ComputeOptions = {}): Result<IndicatorValue, AppError> {
    const plan = this.plan(def.formula, options.millesime);
    if (!plan.ok) return plan;
    const chosen = options.millesime === undefined ? this.planFor(def.formula, territory, plan.value) : plan.value;
    return ok(this.valueOfPlan(def, chosen, territory, options));
  }

  /** The IndicatorValue of an already resolved plan (the portrait resolves each plan once for all its territories). */
  valueOfPlan(def: Subject, plan: Plan, territory: EngineTerritory, options: ComputeOptions = {}): IndicatorValue {
    const limit = options.missingLimit ?? Infinity;
    const a = this.aggregate(plan, territory, true, limit);
    const out: IndicatorValue = {
      name: def.name,
      territory: territory.ref,
      millesime: plan.millesime,
      value: a.status === 'ok' || a.status === 'partial' ? a.value : null,
      unit: def.unit,
      status: a.status,
      sources: a.sources,
    };
    const period = plan.kind === 'published' ? undefined : plan.period;
    if (period) out.period = period;
    const cumulated = cumulatedPeriod(plan);
    if (cumulated) out.cumulated = cumulated;
    if (plan.kind === 'sums' && plan.den && (a.status === 'ok' || a.status === 'partial' || a.den !== 0)) {
      out.parts = plan.extra ? { numerator: a.num, denominator: a.den, component: a.extra ?? 0 } : { numerator: a.num, denominator: a.den };
    }
    // Figures loaded, a denominator of zero: the ratio is not defined, which is said, with its sums.
    // Every commune in, none short: a territory with data for some of its communes only is missing data, not 0/0.
    // (The formula's text is written only then: this runs for every value of every portrait.)
    if (plan.kind === 'sums' && plan.den && a.status === 'missing' && a.short === 0 && a.sources.length > 0 && a.den === 0) {
      const denominator = denominatorText(plan.formula);
      if (denominator) {
        out.parts = { numerator: a.num, denominator: 0 };
        out.note = `non défini : le dénominateur (${denominator}) vaut 0 sur ce territoire`;
      }
    }
    if (a.status === 'partial') {
      const communes: string[] = [];
      for (let k = 0; k < a.missing.length && communes.length < limit; k++) communes.push(this.codes[a.missing[k]]);
      out.missing = { count: a.short, communes };
      const coverage = this.coverage(plan, territory);
      if (coverage !== undefined) out.coverage = coverage;
    }
    return out;
  }

  /**
   * Share (0–1) of a territory's population municipale living in communes that have a figure (a commune short of
   * some IRIS counts as covered): 0,04 for France when one département is loaded, 0,99 when small communes are
   * withheld. Undefined without populations or for a published figure.
   */
  coverage(plan: Plan, territory: EngineTerritory): number | undefined {
    const pop = this.population;
    if (!pop || plan.kind !== 'sums') return undefined;
    const st = plan.status;
    let all = 0;
    let covered = 0;
    for (let k = 0; k < territory.members.length; k++) {
      const i = territory.members[k];
      const p = pop[i];
      if (p !== p) continue;
      all += p;
      if (st[i] <= PARTIAL) covered += plan.covers ? p * plan.covers[i] : p;
    }
    return all > 0 ? covered / all : undefined;
  }

  /**
   * A variable by its normalised name at one millésime: additive kinds are summed; a median, a rate or a share is
   * answered for one commune, or where published, and is `not_aggregable` elsewhere.
   */
  computeVariable(name: string, displayName: string, millesime: number, kind: VariableKind, unit: string, territory: EngineTerritory, options: ComputeOptions = {}): IndicatorValue {
    const pinned = `${name}@${millesime}`;
    const formula: Formula = ADDITIVE_KINDS.has(kind) ? { kind: 'stock', terms: [pinned] } : { kind: 'published', variable: pinned };
    const plan = this.plan(formula);
    // A single pinned term cannot mix millésimes: the plan is always ok.
    const value = this.valueOfPlan({ name: displayName, unit, formula }, plan.ok ? plan.value : { kind: 'missing', millesime }, territory, options);
    return { ...value, millesime };
  }

  /**
   * The indicator for every commune at once (ranks among communes, maps at commune level): NaN where the commune
   * has no value, with its status code (INDICATOR_STATUS_CODE).
   */
  communeVector(def: { id: string; formula: Formula }, plan: Plan): { values: Float64Array; status: Uint8Array } {
    const key = `${def.id}|${plan.millesime}|${plan.kind === 'sums' ? (plan.period ?? '') : ''}`;
    const cached = this.vectorCache.get(key);
    if (cached) return cached;
    const n = this.codes.length;
    const values = new Float64Array(n).fill(NaN);
    const status = new Uint8Array(n).fill(INDICATOR_STATUS_CODE.missing);
    if (plan.kind === 'published' && plan.column) {
      const c = plan.column;
      for (let i = 0; i < n; i++) {
        const s = c.status[i];
        if (s <= PARTIAL) {
          values[i] = c.values[i];
          status[i] = s;
        } else status[i] = s === SECRET ? INDICATOR_STATUS_CODE.secret : INDICATOR_STATUS_CODE.missing;
      }
    } else if (plan.kind === 'sums') {
      const { num, den, formula } = plan;
      const st = plan.status;
      const a = num.values;
      const b = den ? den.values : undefined;
      const c = plan.extra?.values;
      // One loop per kind of formula (the values as valueOf gives them, NaN where it gives null): 35,000 communes per
      // indicator on a portrait's first ranks.
      if (formula.kind === 'share' && b) {
        for (let i = 0; i < n; i++) if (st[i] <= PARTIAL && b[i] > 0) values[i] = (a[i] / b[i]) * 100;
      } else if (formula.kind === 'ratio' && b) {
        const f = formula.factor;
        for (let i = 0; i < n; i++) if (st[i] <= PARTIAL && b[i] !== 0) values[i] = (a[i] / b[i]) * f;
      } else if (formula.kind === 'density' && b) {
        for (let i = 0; i < n; i++) if (st[i] <= PARTIAL && b[i] > 0) values[i] = a[i] / b[i];
      } else if ((formula.kind === 'stock' || formula.kind === 'published') && !b) {
        for (let i = 0; i < n; i++) if (st[i] <= PARTIAL) values[i] = a[i];
      } else {
        for (let i = 0; i < n; i++) {
          if (st[i] > PARTIAL) continue;
          const v = valueOf(formula, a[i], b ? b[i] : 0, plan.period, c ? c[i] : 0);
          if (v !== null) values[i] = v;
        }
      }
      for (let i = 0; i < n; i++) {
        const s = st[i];
        if (s <= PARTIAL) {
          if (values[i] === values[i]) status[i] = s;
        } else if (s === SECRET) status[i] = INDICATOR_STATUS_CODE.secret;
      }
    }
    const out = { values, status };
    this.vectorCache.set(key, out);
    return out;
  }
}

/** Per commune, the worst status of what a plan reads (absent everywhere for a published variable without column). */
const presenceOf = (plan: Plan): Uint8Array => {
  if (plan.kind === 'sums') return plan.status;
  if (plan.kind === 'published' && plan.column) return plan.column.status;
  return NO_PRESENCE;
};
const NO_PRESENCE = new Uint8Array(0);

/** Per commune, the worst of the columns' statuses. */
const worstOf = (a: SumColumn, ...others: SumColumn[]): Uint8Array => {
  const out = a.status.slice();
  for (const b of others) for (let i = 0; i < out.length; i++) if (b.status[i] > out[i]) out[i] = b.status[i];
  return out;
};

/** The value from the summed parts, or null where it is undefined (a zero denominator). */
/** The period every column of a plan is cumulated over (`NAIS1621` − `DECE1621`: 2016–2021), if they share one. */
export const cumulatedPeriod = (plan: Plan): [number, number] | undefined => {
  if (plan.kind !== 'sums' || plan.period) return undefined;
  const columns = [...plan.num.columns, ...(plan.den?.columns ?? [])];
  const first = columns[0]?.period;
  return first && columns.every((c) => c.period && c.period[0] === first[0] && c.period[1] === first[1]) ? first : undefined;
};

export const valueOf = (formula: Formula, num: number, den: number, period?: [number, number], extra = 0): number | null => {
  switch (formula.kind) {
    case 'stock':
      return num;
    case 'share':
      return den > 0 ? (num / den) * 100 : null;
    case 'ratio':
      return den !== 0 ? (num / den) * formula.factor : null;
    case 'density':
      return den > 0 ? num / den : null;
    case 'evolution':
      return evolutionRate(den, num, period ? period[1] - period[0] : 0);
    case 'difference':
      return num - den;
    case 'evolution_component': {
      const years = period ? period[1] - period[0] : 0;
      const rate = evolutionRate(den, num, years);
      if (rate === null) return null;
      const part = partOfRate(rate, den, num, extra, years);
      return formula.rest ? rate - part : part;
    }
    case 'published':
      return num;
  }
};

/**
 * The part of the annual average rate of change (in %) due to `component` of the change `to − from` over `years`:
 * rate × component / (to − from) (INSEE's decomposition of the change into solde naturel and solde apparent des
 * entrées et sorties). Where the population did not change, the limit of that ratio: component / (years × from).
 */
export const evolutionPart = (from: number, to: number, component: number, years: number): number | null => {
  const rate = evolutionRate(from, to, years);
  return rate === null ? null : partOfRate(rate, from, to, component, years);
};

const partOfRate = (rate: number, from: number, to: number, component: number, years: number): number =>
  to === from ? (component / (years * from)) * 100 : (rate * component) / (to - from);

/** Annual average rate of change, in %: ((to / from)^(1 / years) − 1) × 100. */
export const evolutionRate = (from: number, to: number, years: number): number | null => {
  if (!(from > 0) || !(to >= 0) || !(years > 0)) return null;
  return (Math.pow(to / from, 1 / years) - 1) * 100;
};

/** The earlier millésime closest to `span` years before `to` (the older one on a tie). */
export const closestEarlier = (millesimes: number[], to: number, span: number): number | undefined => {
  let best: number | undefined;
  for (const m of millesimes) {
    if (m >= to) continue;
    if (best === undefined) best = m;
    else {
      const dm = Math.abs(to - m - span);
      const db = Math.abs(to - best - span);
      if (dm < db || (dm === db && m < best)) best = m;
    }
  }
  return best;
};

const mixed = (message: string): AppError => appError('MILLESIMES_MELANGES', message);

export { STATUS_ABSENT };
