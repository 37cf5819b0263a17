// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// A VariableStore over plain typed arrays: what the database-backed store builds from its rows, and what the pure
// tests and the benchmark fill directly.
import {
  STATUS_ABSENT,
  VALUE_STATUS_CODE,
  type PublishedValue,
  type ValueStatus,
  type VariableColumn,
  type VariableKind,
  type VariableStore,
} from '../observations/observation.types.js';

export interface DatasetInfo {
  id: number;
  title: string;
  source: string;
}

/** A cell as given to `set`: a number, null (missing), or a status with its value. */
export type CellInput = number | null | { value: number | null; status: ValueStatus };

export class MemoryVariableStore implements VariableStore {
  private readonly columns = new Map<string, VariableColumn>();
  private readonly byName = new Map<string, Set<number>>();
  private readonly publishedValues = new Map<string, PublishedValue>();
  private readonly publishedColumns = new Set<string>();

  constructor(readonly communeCount: number) {}

  millesimes(name: string): number[] {
    return [...(this.byName.get(name) ?? [])].sort((a, b) => b - a);
  }

  column(name: string, millesime: number): VariableColumn | undefined {
    return this.columns.get(`${name}@${millesime}`);
  }

  published(name: string, millesime: number, ref: string): PublishedValue | undefined {
    return this.publishedValues.get(`${name}@${millesime}@${ref}`);
  }

  hasPublished(name: string, millesime: number): boolean {
    return this.publishedColumns.has(`${name}@${millesime}`);
  }

  /** An empty column (every commune absent), created on first use. */
  ensureColumn(name: string, millesime: number, kind: VariableKind): VariableColumn {
    const key = `${name}@${millesime}`;
    let c = this.columns.get(key);
    if (!c) {
      c = {
        name,
        millesime,
        kind,
        values: new Float64Array(this.communeCount),
        status: new Uint8Array(this.communeCount).fill(STATUS_ABSENT),
        datasets: [],
        origin: new Int32Array(this.communeCount),
      };
      this.columns.set(key, c);
      const set = this.byName.get(name) ?? new Set<number>();
      set.add(millesime);
      this.byName.set(name, set);
    }
    return c;
  }

  /**
   * Writes one dataset's values of a variable, by commune index. A later call for the same cells wins, as the most
   * recently imported dataset does in the database.
   */
  set(name: string, millesime: number, kind: VariableKind, cells: Map<number, CellInput> | CellInput[], dataset: DatasetInfo = { id: 1, title: 'jeu de test', source: 'test' }): VariableColumn {
    const c = this.ensureColumn(name, millesime, kind);
    if (!c.datasets.some((d) => d.id === dataset.id)) c.datasets.push(dataset);
    const entries: [number, CellInput][] = Array.isArray(cells) ? cells.map((v, i) => [i, v] as [number, CellInput]) : [...cells.entries()];
    for (const [i, cell] of entries) {
      if (cell === undefined) continue;
      const { value, status } = cell === null ? { value: null, status: 'missing' as ValueStatus } : typeof cell === 'number' ? { value: cell, status: 'ok' as ValueStatus } : cell;
      c.values[i] = value ?? 0;
      c.status[i] = VALUE_STATUS_CODE[status];
      c.origin![i] = dataset.id;
    }
    return c;
  }

  /** A value published at a level other than the commune (`epci:…`, `dep:31`). */
  setPublished(name: string, millesime: number, ref: string, value: PublishedValue): void {
    this.publishedValues.set(`${name}@${millesime}@${ref}`, value);
    this.publishedColumns.add(`${name}@${millesime}`);
    const set = this.byName.get(name) ?? new Set<number>();
    set.add(millesime);
    this.byName.set(name, set);
  }

  /** Every column, for the benchmark's SQL peers. */
  allColumns(): VariableColumn[] {
    return [...this.columns.values()];
  }
}
