// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Variables INSEE publishes whole in one file and in parts in another. The 75-or-over are `P22_POP75P` in the IRIS
// bases (base infracommunale) but `P22_POP7589` + `P22_POP90P` in the communal base and the dossier complet; the
// 65-or-over and the under-20 come by sex in some tables (`P22_H65P`, `P22_F65P`); the households of the census's
// complementary exploitation, `C22_MEN`, are those of one person, the other households without a family and the
// households with a family (`C22_MENPSEUL`, `C22_MENSFAM`, `C22_MENFAM`). The parts of each rule partition the whole
// exactly (disjoint age groups, the two sexes, disjoint kinds of household, of the same weighted census counts), so
// where no file gives a commune's whole, the sum of its parts is that figure, and the library declares each indicator
// once, over the whole.
import { STATUS_ABSENT, VALUE_STATUS_CODE, type PublishedValue, type VariableColumn, type VariableStore } from './observation.types.js';

export const EQUIVALENT_SUMS: Readonly<Record<string, readonly string[]>> = {
  P_POP75P: ['P_POP7589', 'P_POP90P'],
  P_POP65P: ['P_H65P', 'P_F65P'],
  P_POP0019: ['P_H0019', 'P_F0019'],
  // Households of the complementary exploitation: one person, other households without a family, with a family.
  C_MEN: ['C_MENPSEUL', 'C_MENSFAM', 'C_MENFAM'],
};

/** The parts a whole may be made of, or undefined when the variable has no rule. */
export const partsOf = (name: string): readonly string[] | undefined => (Object.hasOwn(EQUIVALENT_SUMS, name) ? EQUIVALENT_SUMS[name] : undefined);

/** These names and the parts of those that have a rule: what must be loaded to answer them. */
export const withParts = (names: Iterable<string>): string[] => {
  const out = new Set<string>();
  for (const n of names) {
    out.add(n);
    for (const p of partsOf(n) ?? []) out.add(p);
  }
  return [...out];
};

const PARTIAL = VALUE_STATUS_CODE.partial;

/**
 * The whole's column where a file gives it, and for every other commune the sum of its parts: absent unless every
 * part has the commune; withheld (secret, missing) when a part is, with the most severe status; partial when a part
 * is partial. `whole` is not changed; the result names the datasets of the figures it holds.
 */
export const fillFromParts = (name: string, millesime: number, whole: VariableColumn | undefined, parts: readonly VariableColumn[], communeCount: number): VariableColumn => {
  const values = whole ? whole.values.slice() : new Float64Array(communeCount);
  const status = whole ? whole.status.slice() : new Uint8Array(communeCount).fill(STATUS_ABSENT);
  const origin = whole?.origin ? whole.origin.slice() : new Int32Array(communeCount);
  const used = new Set<number>();
  for (let i = 0; i < communeCount; i++) {
    if (status[i] !== STATUS_ABSENT) {
      if (whole?.origin) used.add(whole.origin[i]);
      continue;
    }
    let s = 0;
    let v = 0;
    for (const p of parts) {
      const ps = p.status[i];
      if (ps > s) s = ps;
      if (ps <= PARTIAL) v += p.values[i];
    }
    if (s === STATUS_ABSENT) continue;
    status[i] = s;
    values[i] = s <= PARTIAL ? v : 0;
    const from = parts[0].origin?.[i] ?? 0;
    origin[i] = from;
    used.add(from);
  }
  const datasets = [...(whole?.datasets ?? []), ...parts.flatMap((p) => p.datasets)];
  const unique = datasets.filter((d, k) => datasets.findIndex((x) => x.id === d.id) === k);
  // Without per-commune origins (pure stores), every contributing dataset is named.
  const named = used.size > 0 && !used.has(0) ? unique.filter((d) => used.has(d.id)) : unique;
  return { name, millesime, kind: 'count', values, status, datasets: named, origin };
};

/**
 * A store that answers a whole from its parts where files give only the parts (EQUIVALENT_SUMS), commune by commune;
 * every other variable as the store it wraps. Columns made here are kept: the wrapped store's data must not change
 * under it (the engine that owns it is rebuilt after an import).
 */
export class StoreWithEquivalentSums implements VariableStore {
  private readonly made = new Map<string, VariableColumn | undefined>();

  constructor(
    readonly inner: VariableStore,
    readonly communeCount: number,
  ) {}

  millesimes(name: string): number[] {
    const own = this.inner.millesimes(name);
    const parts = partsOf(name);
    if (!parts) return own;
    const lists = parts.map((p) => this.inner.millesimes(p));
    const fromParts = lists[0].filter((m) => lists.every((l) => l.includes(m)));
    return [...new Set([...own, ...fromParts])].sort((a, b) => b - a);
  }

  column(name: string, millesime: number): VariableColumn | undefined {
    const parts = partsOf(name);
    if (!parts) return this.inner.column(name, millesime);
    const key = `${name}@${millesime}`;
    if (this.made.has(key)) return this.made.get(key);
    const whole = this.inner.column(name, millesime);
    const columns = parts.map((p) => this.inner.column(p, millesime));
    const made = columns.every((c): c is VariableColumn => c !== undefined) ? fillFromParts(name, millesime, whole, columns, this.communeCount) : whole;
    this.made.set(key, made);
    return made;
  }

  published(name: string, millesime: number, ref: string): PublishedValue | undefined {
    return this.inner.published(name, millesime, ref);
  }

  hasPublished(name: string, millesime: number): boolean {
    return this.inner.hasPublished(name, millesime);
  }
}
