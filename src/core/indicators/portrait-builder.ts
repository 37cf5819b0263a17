// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// The portrait of a territory: every indicator, grouped by domain, with its references (the EPCI, département,
// région and France that contain it, or those asked for), its rank among territories of the same kind in its
// département and in France, its evolution where an earlier millésime exists, and one French sentence.
//
// Everything a portrait reads from other territories is computed once and kept: the values of the references (a
// département, a région, France) and, per indicator, the sorted values of every territory of each kind. A warm portrait
// is then a few hundred small sums and binary searches.
import type { Referential } from '../referential/referential.js';
import type { TerritoryKind } from '../territory/territory-ref.js';
import { IndicatorEngine, type EngineTerritory, type Plan } from './engine.js';
import { DOMAIN_ORDER, INDICATORS } from './indicator-library.js';
import { DOMAIN_LABELS, type IndicatorDefinition, type IndicatorValue } from './indicator.types.js';
import type { PortraitDomain, PortraitIndicator, PortraitReferenceValue, RankInfo } from './portrait.types.js';
import { sortWithPayload } from './radix-sort.js';
import { buildSentence, onSmallBase } from './sentences.js';
import { MIN_COMPARABLE_COVERAGE } from './coverage.js';

export interface PortraitTerritory extends EngineTerritory {
  code: string;
  name: string;
}

export interface PortraitReference extends PortraitTerritory {
  /** The reference holds every commune of the territory. */
  contains: boolean;
}

export interface PortraitOptions {
  /** Longest list of missing communes kept per value (the full list is in `socle value`). */
  missingLimit?: number;
  /** The indicators to compute (by default all of them): a portrait of one public or of some domains. */
  keep?: (def: IndicatorDefinition) => boolean;
}

/** Values of every territory of one kind for one indicator, and their sorted values per ranking group. */
interface KindTable {
  /** The indicator (two indicators with the same formula share a plan). */
  id: string;
  refs: string[];
  values: Float64Array;
  /** Ranking groups of each territory (`dep:31`, `reg:76`; `fr` is every territory with a value). */
  groupsOf: (k: number) => readonly string[];
  /** For communes: each one's group as a number (its département's), and the numbers of the groups, for the first scan. */
  groupIds?: { of: Int32Array; ids: Map<string, number> };
  /** Sorted values per group, built when the table is ranked in a second time (one portrait scans, many search). */
  sorted: Map<string, Float64Array> | null;
  uses: number;
}

export class PortraitBuilder {
  private readonly valueCache = new WeakMap<Plan, Map<string, IndicatorValue>>();
  private readonly plans = new Map<IndicatorDefinition, ReturnType<IndicatorEngine['plan']>>();
  /** By the plan of a value: the plan of the millésime before it (territories may be read at different millésimes). */
  private readonly previousPlans = new WeakMap<Plan, Plan | null>();
  private readonly tables = new WeakMap<Plan, Map<string, KindTable>>();
  /** Territories of each kind with the ranking groups they belong to, built once. */
  private units: Map<string, { ref: string; kind: TerritoryKind; members: Int32Array; groups: string[] }[]> | null = null;
  private communeGroups: { refs: string[]; dep: string[]; depIds: { of: Int32Array; ids: Map<string, number> }; outside: Int32Array } | null = null;

  constructor(
    readonly engine: IndicatorEngine,
    readonly referential: Referential,
    readonly indicators: readonly IndicatorDefinition[] = INDICATORS,
  ) {}

  // ── Territories ───────────────────────────────────────────────────────────────────────────────────────────────

  /** A built-in territory (com, epci, dep, reg, fr) as the builder sees it. */
  territory(kind: TerritoryKind, code: string): PortraitTerritory | undefined {
    const r = this.referential;
    const ref = kind === 'fr' ? 'fr' : `${kind}:${code}`;
    const members = r.membersOf({ kind, code });
    const name = r.nameOf({ kind, code });
    if (!members || !name) return undefined;
    return { ref, kind, code, name, members };
  }

  /**
   * The references of a territory when none are asked for: a commune's EPCI, département, région and France; an
   * EPCI's or a perimeter's département(s) and région(s), and France; a département's région and France; France for
   * a région.
   */
  defaultReferences(t: PortraitTerritory): PortraitReference[] {
    const r = this.referential;
    const refs: (PortraitTerritory | undefined)[] = [];
    if (t.kind === 'com') {
      const i = t.members[0];
      const epci = r.epciOf[i];
      if (epci) refs.push(this.territory('epci', epci));
      refs.push(this.territory('dep', r.departementOf[i]), this.territory('reg', r.regionOf[i]));
    } else if (t.kind === 'epci' || t.kind === 'per') {
      // A perimeter drawn within one EPCI (a few of its communes) is compared with that EPCI first.
      if (t.kind === 'per' && t.members.length > 0) {
        const epci = r.epciOf[t.members[0]];
        if (epci && t.members.every((i) => r.epciOf[i] === epci)) refs.push(this.territory('epci', epci));
      }
      // The département where most of its inhabitants live comes first: it is the main reference (CC Tarn-Agout,
      // 20 of its 21 communes in the Tarn, is compared with the Tarn first).
      // A département or région where under a tenth of its inhabitants live is no reference for it (the Métropole du
      // Grand Paris reaches into the Essonne by one commune): the next coarser one is.
      const deps = byPopulation(r, t.members, r.departementOf, MIN_REFERENCE_SHARE);
      const regs = byPopulation(r, t.members, r.regionOf, MIN_REFERENCE_SHARE);
      for (const d of deps) refs.push(this.territory('dep', d));
      for (const g of regs) refs.push(this.territory('reg', g));
    } else if (t.kind === 'dep') {
      refs.push(this.territory('reg', r.departements.get(t.code)?.region ?? ''));
    }
    // France as INSEE counts it holds no COM: a COM's commune is compared with its collectivité only.
    if (t.kind !== 'fr' && this.inFrance(t)) refs.push(this.territory('fr', ''));
    // A reference is larger than the territory: one within it (Paris in the Métropole du Grand Paris, La Réunion's
    // région for its département) is left out, and of two references with the same communes (La Réunion, the
    // département and the région, for Saint-Denis) the first is kept.
    const kept: PortraitTerritory[] = [];
    for (const x of refs) {
      if (!x || containsAll(t.members, x.members)) continue;
      if (kept.some((k) => sameMembers(k.members, x.members))) continue;
      kept.push(x);
    }
    return kept.map((x) => this.asReference(t, x));
  }

  /** A reference with whether it contains the territory. */
  asReference(t: PortraitTerritory, reference: PortraitTerritory): PortraitReference {
    return { ...reference, contains: containsAll(reference.members, t.members) };
  }

  /** The plan of a library indicator at its latest millésime (kept: the engine's own cache keys on the formula's text). */
  planOf(def: IndicatorDefinition): ReturnType<IndicatorEngine['plan']> {
    let p = this.plans.get(def);
    if (!p) {
      p = this.engine.plan(def.formula);
      this.plans.set(def, p);
    }
    return p;
  }

  // ── Values ────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The value of an indicator on a territory. The values of references (built-in territories other than communes)
   * are cached: every commune of a département shares them; so are those of départements, régions and France asked
   * for themselves. An EPCI's own value is not kept, so that the 1 255 EPCI portraits do not fill the memory.
   */
  valueOf(def: IndicatorDefinition, plan: Plan, t: EngineTerritory, options: PortraitOptions & { reference?: boolean } = {}): IndicatorValue {
    const cacheable = t.kind === 'dep' || t.kind === 'reg' || t.kind === 'fr' || (options.reference === true && t.kind === 'epci');
    // Keyed by the plan object (plans are kept) and the reference: no key text to build for every lookup.
    let byRef: Map<string, IndicatorValue> | undefined;
    const key = options.reference ? t.ref : `${t.ref}|${options.missingLimit ?? ''}`;
    if (cacheable) {
      byRef = this.valueCache.get(plan);
      if (!byRef) {
        byRef = new Map();
        this.valueCache.set(plan, byRef);
      }
      const hit = byRef.get(key);
      if (hit && hit.name === def.id) return hit;
    }
    const v = this.engine.valueOfPlan({ name: def.id, unit: def.unit, formula: def.formula }, plan, t, { missingLimit: options.missingLimit });
    byRef?.set(key, v);
    return v;
  }

  // ── Ranks ─────────────────────────────────────────────────────────────────────────────────────────────────────

  private unitsOf(kind: 'epci' | 'dep' | 'reg') {
    if (!this.units) {
      const r = this.referential;
      // Départements and régions of France only (the COM are outside `fr`).
      const inFrance = (members: Int32Array) => members.length > 0 && r.zoneOf[members[0]] !== 'com';
      this.units = new Map();
      this.units.set('epci', [...r.epcis.values()].map((e) => ({ ref: `epci:${e.code}`, kind: 'epci' as const, members: e.members, groups: e.departements.map((d) => `dep:${d}`) })));
      this.units.set('dep', [...r.departements.values()].filter((d) => inFrance(d.members)).map((d) => ({ ref: `dep:${d.code}`, kind: 'dep' as const, members: d.members, groups: [`reg:${d.region}`] })));
      this.units.set('reg', [...r.regions.values()].filter((g) => inFrance(g.members)).map((g) => ({ ref: `reg:${g.code}`, kind: 'reg' as const, members: g.members, groups: [] as string[] })));
    }
    return this.units.get(kind)!;
  }

  private communes() {
    if (!this.communeGroups) {
      const r = this.referential;
      const dep = r.departementOf.map((d) => `dep:${d}`);
      const ids = new Map<string, number>();
      const of = Int32Array.from(dep, (d) => {
        let id = ids.get(d);
        if (id === undefined) ids.set(d, (id = ids.size));
        return id;
      });
      const inFrance = new Uint8Array(r.communeCount);
      for (const i of r.france) inFrance[i] = 1;
      const outside = Int32Array.from({ length: r.communeCount }, (_, i) => i).filter((i) => inFrance[i] === 0);
      this.communeGroups = { refs: r.codes.map((c) => `com:${c}`), dep, depIds: { of, ids }, outside };
    }
    return this.communeGroups;
  }

  /** The ranking table of one kind for one indicator: every territory's value, NaN where it has none. */
  private table(def: IndicatorDefinition, plan: Plan, kind: 'com' | 'epci' | 'dep' | 'reg'): KindTable {
    let byKind = this.tables.get(plan);
    if (!byKind) {
      byKind = new Map();
      this.tables.set(plan, byKind);
    }
    const cached = byKind.get(kind);
    if (cached && cached.id === def.id) return cached;
    const r = this.referential;
    let table: KindTable;
    if (kind === 'com') {
      const vector = this.engine.communeVector(def, plan);
      const { refs, dep, depIds, outside } = this.communes();
      // The vector's values (NaN where secret or missing; a commune's own partial value — a CAF figure short of a
      // withheld IRIS — is its published figure: ranked), but for the communes outside France and any infinity.
      const values = vector.values.slice();
      for (let n = 0; n < outside.length; n++) values[outside[n]] = NaN;
      for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) values[i] = NaN;
      const one: string[] = [''];
      table = {
        id: def.id,
        refs,
        values,
        groupsOf: (i) => {
          one[0] = dep[i];
          return one;
        },
        groupIds: depIds,
        sorted: null,
        uses: 0,
      };
    } else {
      const list = this.unitsOf(kind);
      const values = new Float64Array(list.length).fill(NaN);
      list.forEach((x, k) => {
        // An EPCI or a département missing communes where a tenth or more of its inhabitants live is not ranked: its
        // figure would not be comparable (ADR 0013). Short of fewer, it is.
        const a = this.engine.aggregate(plan, x, false);
        if (a.value === null) return;
        if (a.status === 'ok') values[k] = a.value;
        else if (a.status === 'partial') {
          const coverage = this.engine.coverage(plan, x);
          if (coverage === undefined || coverage >= MIN_COMPARABLE_COVERAGE) values[k] = a.value;
        }
      });
      table = { id: def.id, refs: list.map((x) => x.ref), values, groupsOf: (k) => list[k].groups, sorted: null, uses: 0 };
    }
    byKind.set(kind, table);
    return table;
  }

  /** Sorted values of every group of a table. */
  private sortGroups(table: KindTable): Map<string, Float64Array> {
    if (table.groupIds) return sortCommuneGroups(table.values, table.groupIds);
    const byGroup = new Map<string, number[]>();
    const add = (group: string, v: number) => {
      const l = byGroup.get(group);
      if (l) l.push(v);
      else byGroup.set(group, [v]);
    };
    const { values } = table;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (Number.isNaN(v)) continue;
      for (const g of table.groupsOf(k)) add(g, v);
      add('fr', v);
    }
    const sorted = new Map<string, Float64Array>();
    for (const [g, l] of byGroup) sorted.set(g, Float64Array.from(l).sort());
    return sorted;
  }

  /** Rank and percentile among territories of the same kind in the same département (région for a département) and in France. */
  /** The groups a territory is ranked within: its département (région for a département) and France. */
  rankGroups(t: PortraitTerritory): string[] {
    const r = this.referential;
    const fr = this.inFrance(t) ? ['fr'] : [];
    if (t.kind === 'com') return [`dep:${r.departementOf[t.members[0]]}`, ...fr];
    if (t.kind === 'epci') return [`dep:${mainDepartement(r, t.members)}`, ...fr];
    if (t.kind === 'dep') {
      const region = r.departements.get(t.code)?.region;
      return [...(region ? [`reg:${region}`] : []), ...fr];
    }
    if (t.kind === 'reg') return fr;
    return [];
  }

  /** Whether a territory has communes in France as INSEE counts it (métropole and DROM), which the COM are not. */
  inFrance(t: PortraitTerritory): boolean {
    const zone = this.referential.zoneOf;
    for (let k = 0; k < t.members.length; k++) if (zone[t.members[k]] !== 'com') return true;
    return false;
  }

  ranks(def: IndicatorDefinition, plan: Plan, t: PortraitTerritory, value: IndicatorValue, within = this.rankGroups(t)): RankInfo[] {
    // A rank among one (« 1er sur 1 ») says nothing. Where no territory outside the narrower group has a value (only
    // Haute-Garonne loaded), a rank « in France » is the same rank under a misleading name (« 1er sur 586 en France »).
    // Both are left out.
    const ranks = this.countRanks(def, plan, t, value, within).filter((r) => r.count > 1);
    const fr = ranks.find((r) => r.within === 'fr');
    return fr && ranks.some((r) => r.within !== 'fr' && r.count >= fr.count) ? ranks.filter((r) => r !== fr) : ranks;
  }

  private countRanks(def: IndicatorDefinition, plan: Plan, t: PortraitTerritory, value: IndicatorValue, within: string[]): RankInfo[] {
    if (plan.kind === 'missing' || value.value === null || t.kind === 'per' || t.kind === 'fr') return [];
    // Same rule as the tables: a commune's own partial figure is ranked, an aggregate short of communes only when
    // it covers at least 90 % of its inhabitants.
    if (value.status !== 'ok' && !(value.status === 'partial' && (t.kind === 'com' || comparable(value)))) return [];
    const table = this.table(def, plan, t.kind);
    const v = value.value;
    table.uses++;
    if (table.uses > 1 && !table.sorted) table.sorted = this.sortGroups(table);
    const out: RankInfo[] = [];
    if (table.sorted) {
      for (const w of within) {
        const sorted = table.sorted.get(w);
        if (sorted && sorted.length) out.push(rankIn(sorted, v, w));
      }
      return out;
    }
    // First use: one pass over the values counts, for each group, those lower and those not higher.
    const counts = within.map(() => ({ count: 0, lower: 0, notHigher: 0 }));
    const { values } = table;
    if (table.groupIds) {
      // Communes: one pass counts, for every département at once, the values, those lower and those not higher
      // (35,000 communes × 100 indicators on a first portrait); France is their sum.
      const { of, ids } = table.groupIds;
      const groups = ids.size;
      const byGroup = new Float64Array(groups * 3);
      for (let k = 0; k < values.length; k++) {
        const x = values[k];
        if (x !== x) continue;
        const at = of[k] * 3;
        byGroup[at]++;
        if (x <= v) {
          byGroup[at + 2]++;
          if (x < v) byGroup[at + 1]++;
        }
      }
      within.forEach((w, k) => {
        const id = ids.get(w);
        const c = counts[k];
        for (let g = 0; g < groups; g++) {
          if (w !== 'fr' && g !== id) continue;
          c.count += byGroup[g * 3];
          c.lower += byGroup[g * 3 + 1];
          c.notHigher += byGroup[g * 3 + 2];
        }
      });
    } else {
      for (let k = 0; k < values.length; k++) {
        const x = values[k];
        if (Number.isNaN(x)) continue;
        const groups = table.groupsOf(k);
        for (let w = 0; w < within.length; w++) {
          if (within[w] !== 'fr' && !groups.includes(within[w])) continue;
          const c = counts[w];
          c.count++;
          if (x < v) c.lower++;
          if (x <= v) c.notHigher++;
        }
      }
    }
    within.forEach((w, k) => {
      const c = counts[k];
      if (c.count) out.push(rankOf(w, c.count, c.lower, c.notHigher));
    });
    return out;
  }

  // ── Portrait ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** The value at the previous millésime where the indicator exists, and the change. */
  evolution(def: IndicatorDefinition, plan: Plan, t: EngineTerritory, value: IndicatorValue): PortraitIndicator['evolution'] {
    if (plan.kind === 'missing' || value.value === null) return null;
    // An indicator that is already a change between two censuses (a rate per year, a variation) has no « since »: the
    // change of a change reads as nonsense (« +0,0 %/an depuis 2016 »).
    if (def.formula.kind === 'evolution' || def.formula.kind === 'evolution_component' || def.formula.kind === 'difference') return null;
    let previous = this.previousPlans.get(plan);
    if (previous === undefined) {
      const earlier = this.engine.availableMillesimes(def.formula).filter((m) => m < plan.millesime);
      const p = earlier.length ? this.engine.plan(def.formula, earlier[0]) : null;
      previous = p && p.ok && p.value.kind !== 'missing' ? p.value : null;
      this.previousPlans.set(plan, previous);
    }
    if (!previous || previous.kind === 'missing') return null;
    // Départements, régions and France keep their earlier values too (valueOf caches them).
    const before = t.kind === 'dep' || t.kind === 'reg' || t.kind === 'fr' ? this.valueOf(def, previous, t, { missingLimit: 0, reference: true }) : this.engine.aggregate(previous, t, false);
    if (before.value === null || (before.status !== 'ok' && before.status !== 'partial')) return null;
    // A change is read on the same communes at both dates: 83 inhabitants « en 2016 » summed over the 8 communes a
    // sample gives, against 93 183 in 2022 over 191, is no change at all.
    if (before.status !== value.status) return null;
    if (value.status === 'partial') {
      const shortBefore = 'short' in before ? before.short : before.missing?.count;
      const same = shortBefore === value.missing?.count && Math.abs((this.engine.coverage(previous, t) ?? 1) - (this.engine.coverage(plan, t) ?? 1)) < 1e-9;
      if (!same) return null;
    }
    return { from: previous.millesime, to: plan.millesime, valueFrom: before.value, valueTo: value.value, change: value.value - before.value };
  }

  /** Every indicator of the library on a territory, set against the references. */
  buildDomains(t: PortraitTerritory, references: PortraitReference[], options: PortraitOptions = {}): PortraitDomain[] {
    const missingLimit = options.missingLimit ?? 20;
    const byDomain = new Map<string, PortraitIndicator[]>();
    const within = this.rankGroups(t);
    for (const def of this.indicators) {
      if (options.keep && !options.keep(def)) continue;
      const planned = this.planOf(def);
      // Library declarations never pin millésimes, so a plan is never refused; a refusal here is a bug.
      if (!planned.ok) throw new Error(`${def.id} : ${planned.error.message}`);
      // The territory's millésime (the latest that reaches it), at which its references and ranks are read too.
      const plan = this.engine.planFor(def.formula, t, planned.value);
      const value = this.valueOf(def, plan, t, { missingLimit });
      const refs: PortraitReferenceValue[] = references.map((ref) => {
        const v = this.valueOf(def, plan, ref, { missingLimit: 0, reference: true });
        // A reference whose figure comes from few of its inhabitants (Occitanie when only Haute-Garonne is loaded)
        // is not a reference: it is shown as missing, with what it covers.
        if (!comparable(v)) return { territory: ref.ref, name: ref.name, value: null, status: 'missing', millesime: v.millesime, coverage: v.coverage };
        const out: PortraitReferenceValue = { territory: ref.ref, name: ref.name, value: v.value, status: v.status, millesime: v.millesime };
        if (v.coverage !== undefined) out.coverage = v.coverage;
        return out;
      });
      // The sentence compares with the first reference that has a comparable figure (Corse when the Haute-Corse's
      // figure covers 89 % of its inhabitants).
      const at = Math.max(0, refs.findIndex((x) => x.value !== null));
      const first = references[at];
      const firstValue = refs[at];
      // Nor is a territory's own figure compared when it covers few of its inhabitants: it is stated, as partial.
      const sentence = buildSentence(def, value, first && comparable(value) ? { kind: first.kind, code: first.code, name: first.name, contains: first.contains, value: firstValue.value, status: firstValue.status } : null);
      const indicator: PortraitIndicator = {
        id: def.id,
        label: def.label,
        domain: def.domain,
        unit: def.unit,
        polarity: def.polarity,
        decimals: def.decimals,
        value,
        references: refs,
        // A rate of a few people is not ranked either (its sentence compares it with nothing).
        ranks: onSmallBase(def, value) ? [] : this.ranks(def, plan, t, value, within),
        // Nor is the change of a figure that does not stand for the territory its change.
        evolution: comparable(value) ? this.evolution(def, plan, t, value) : null,
        sentence,
      };
      const list = byDomain.get(def.domain);
      if (list) list.push(indicator);
      else byDomain.set(def.domain, [indicator]);
    }
    return DOMAIN_ORDER.filter((d) => byDomain.has(d)).map((d) => ({ id: d, label: DOMAIN_LABELS[d], indicators: byDomain.get(d)! }));
  }

  /** Values of every territory of a kind (for similar territories and maps): refs and values, NaN where none. */
  kindValues(def: IndicatorDefinition, plan: Plan, kind: 'com' | 'epci' | 'dep' | 'reg'): { refs: string[]; values: Float64Array } {
    const t = this.table(def, plan, kind);
    return { refs: t.refs, values: t.values };
  }
}

/** The threshold of ADR 0013 (coverage.ts), re-exported where it is applied. */
export { MIN_COMPARABLE_COVERAGE };

const comparable = (v: IndicatorValue): boolean => v.status !== 'partial' || v.coverage === undefined || v.coverage >= MIN_COMPARABLE_COVERAGE;

/**
 * Communes' sorted values by département and for France: the values with a figure sorted once with their département
 * (a radix sort, stable), then placed département by département (a pass to count, a pass to place): each segment of
 * the buffer is one département's values, already in order.
 */
const sortCommuneGroups = (values: Float64Array, groups: { of: Int32Array; ids: Map<string, number> }): Map<string, Float64Array> => {
  const { of, ids } = groups;
  let total = 0;
  for (let k = 0; k < values.length; k++) if (values[k] === values[k]) total++;
  const france = new Float64Array(total);
  const groupOf = new Int32Array(total);
  for (let k = 0, n = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== v) continue;
    france[n] = v;
    groupOf[n++] = of[k];
  }
  sortWithPayload(france, groupOf);
  const counts = new Int32Array(ids.size + 1);
  for (let k = 0; k < total; k++) counts[groupOf[k] + 1]++;
  for (let g = 1; g < counts.length; g++) counts[g] += counts[g - 1];
  const buffer = new Float64Array(total);
  const next = counts.slice(0, ids.size);
  for (let k = 0; k < total; k++) buffer[next[groupOf[k]]++] = france[k];
  const sorted = new Map<string, Float64Array>();
  for (const [group, id] of ids) {
    if (counts[id + 1] > counts[id]) sorted.set(group, buffer.subarray(counts[id], counts[id + 1]));
  }
  if (total > 0) sorted.set('fr', france);
  return sorted;
};

/** Rank 1 = highest value; percentile = share of the group with a lower value. */
export const rankIn = (sorted: Float64Array, value: number, within: string): RankInfo =>
  rankOf(within, sorted.length, lowerBound(sorted, value), upperBound(sorted, value));

/** The rank of a value among `count`, of which `lower` are below it and `notHigher` not above it (ties share a rank). */
const rankOf = (within: string, count: number, lower: number, notHigher: number): RankInfo => ({
  within,
  rank: count - notHigher + 1,
  count,
  percentile: Math.round((lower / count) * 1000) / 10,
});

/** First position whose value is not below `v` (or, with `orEqual`, above it) in a sorted array. */
const bound = (a: ArrayLike<number>, v: number, orEqual = false): number => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v || (orEqual && a[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const lowerBound = (a: ArrayLike<number>, v: number): number => bound(a, v);
const upperBound = (a: ArrayLike<number>, v: number): number => bound(a, v, true);

/** True when every index of `inner` (sorted) is in `outer` (sorted). */
export const containsAll = (outer: Int32Array, inner: Int32Array): boolean => {
  if (inner.length > outer.length) return false;
  // A few communes in France: a binary search each rather than a walk through 35 000.
  if (inner.length * 16 < outer.length) {
    for (let k = 0; k < inner.length; k++) {
      const v = inner[k];
      const at = lowerBound(outer, v);
      if (at === outer.length || outer[at] !== v) return false;
    }
    return true;
  }
  let j = 0;
  for (let k = 0; k < inner.length; k++) {
    const v = inner[k];
    while (j < outer.length && outer[j] < v) j++;
    if (j === outer.length || outer[j] !== v) return false;
  }
  return true;
};


/** The département holding most of the communes (the first by code on a tie). */
/** The codes (département or région) of a territory's communes, the most populated first, then by code. */
/** Share of a territory's inhabitants under which a département or région it reaches into is not its reference. */
export const MIN_REFERENCE_SHARE = 0.1;

/** The codes the members fall in, most populated first; with `minShare`, those holding at least that share (one at least). */
const byPopulation = (r: Referential, members: Int32Array, codeOf: readonly string[], minShare = 0): string[] => {
  const pop = new Map<string, number>();
  let total = 0;
  for (const i of members) {
    const p = r.population[i];
    const v = p === p ? p : 0;
    pop.set(codeOf[i], (pop.get(codeOf[i]) ?? 0) + v);
    total += v;
  }
  const sorted = [...pop.keys()].sort((a, b) => pop.get(b)! - pop.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  if (minShare <= 0 || total <= 0) return sorted;
  return sorted.filter((c, k) => k === 0 || pop.get(c)! >= minShare * total);
};

const sameMembers = (a: Int32Array, b: Int32Array): boolean => {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
};

export const mainDepartement = (r: Referential, members: Int32Array): string => {
  const counts = new Map<string, number>();
  for (const i of members) counts.set(r.departementOf[i], (counts.get(r.departementOf[i]) ?? 0) + 1);
  let best = '';
  let n = -1;
  for (const [d, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c > n) [best, n] = [d, c];
  return best;
};
