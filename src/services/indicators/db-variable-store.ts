// The engine's VariableStore over the database (principle 6: the database is the system of record; the engine loads
// from it and caches). Columns are loaded per variable, every millésime at once, on first use (`ensure`), then read
// synchronously by the engine. The store lives in ctx.cache, so that a write (an import, which calls
// ctx.invalidate()) drops it.
//
// Several active datasets may give the same variable and millésime for a commune (a comparateur and a dossier
// complet both carry P16_POP): the most recently imported wins, commune by commune.
//
// The referential carries the populations légales of millésime 2023 for every commune: they are a built-in dataset
// (id 0) for `PMUN`, the oldest of all, so that an imported file of populations légales overrides it and that the
// population of any territory is never missing.
import { POPULATION_MILLESIME } from '../../core/referential/referential.js';
import { MemoryVariableStore, type DatasetInfo } from '../../core/indicators/memory-variable-store.js';
import { EQUIVALENT_SUMS, withParts } from '../../core/observations/equivalent-sums.js';
import { describeVariable } from '../../import/dictionary/variable-dictionary.js';
import { publishedPeriod } from '../../import/normalise/variable-name.js';
import {
  VALUE_STATUS_OF_CODE,
  type PublishedValue,
  type VariableColumn,
  type VariableKind,
  type VariableStore,
} from '../../core/observations/observation.types.js';
import type { AppContext } from '../context.js';
import { CELL_ABSENT, readColumns } from '../../storage/observation-columns.js';
import { pairedParts } from '../../core/observations/paired-sums.js';

/** The built-in dataset of the referential's populations. */
export const REFERENTIAL_DATASET: DatasetInfo = {
  id: 0,
  title: `Référentiel des communes (COG 2026), populations légales ${POPULATION_MILLESIME}`,
  source: 'referentiel',
};

/** What the `variable` table says of one variable and millésime. */
export interface CatalogueEntry {
  name: string;
  millesime: number;
  publishedName: string;
  label: string;
  unit: string;
  kind: VariableKind;
  datasetId: number;
}

export interface DatasetRow extends DatasetInfo {
  importedAt: string;
}

const BUILT_IN_PMUN: CatalogueEntry = {
  name: 'PMUN',
  millesime: POPULATION_MILLESIME,
  publishedName: 'PMUN',
  label: 'Population municipale (populations légales)',
  unit: 'hab.',
  kind: 'count',
  datasetId: 0,
};

export class DbVariableStore implements VariableStore {
  private readonly memory: MemoryVariableStore;
  private readonly loaded = new Map<string, Promise<void>>();
  /** name → millésime → entry (the most recently imported dataset's description). */
  private readonly entries = new Map<string, Map<number, CatalogueEntry>>();
  /** published name → entries. */
  private readonly byPublished = new Map<string, CatalogueEntry[]>();
  /** Names of the paired sums in the catalogue (`CAF_AM~CAF_A`). */
  private readonly pairedNames: string[];

  private constructor(
    private readonly ctx: AppContext,
    readonly datasets: Map<number, DatasetRow>,
    catalogue: CatalogueEntry[],
  ) {
    this.memory = new MemoryVariableStore(ctx.referential.communeCount);
    for (const e of [BUILT_IN_PMUN, ...catalogue]) {
      const m = this.entries.get(e.name) ?? new Map<number, CatalogueEntry>();
      m.set(e.millesime, e);
      this.entries.set(e.name, m);
      const list = this.byPublished.get(e.publishedName) ?? [];
      if (!list.some((x) => x.name === e.name && x.millesime === e.millesime)) list.push(e);
      this.byPublished.set(e.publishedName, list);
    }
    this.pairedNames = [...this.entries.keys()].filter((n) => pairedParts(n) !== undefined);
    // A whole that files give only in parts (P_POP75P = P_POP7589 + P_POP90P) is known at the millésimes of its parts,
    // so that `socle value P_POP75P` answers; the engine makes its column (core/observations/equivalent-sums.ts).
    for (const [whole, parts] of Object.entries(EQUIVALENT_SUMS)) {
      const byPart = parts.map((p) => this.entries.get(p));
      if (byPart.some((m) => !m)) continue;
      for (const [millesime, first] of byPart[0]!) {
        const all = byPart.map((m) => m!.get(millesime));
        if (all.some((e) => !e) || this.entries.get(whole)?.has(millesime)) continue;
        const known = describeVariable(whole);
        const m = this.entries.get(whole) ?? new Map<number, CatalogueEntry>();
        m.set(millesime, {
          name: whole,
          millesime,
          publishedName: all.map((e) => e!.publishedName).join(' + '),
          label: known?.label ?? whole,
          unit: known?.unit ?? first.unit,
          kind: 'count',
          datasetId: first.datasetId,
        });
        this.entries.set(whole, m);
      }
    }
  }

  /** Reads the catalogue of active datasets and variables (small); columns come later, with `ensure`. */
  static async open(ctx: AppContext): Promise<DbVariableStore> {
    const db = ctx.store.db;
    const datasets = await db.selectFrom('dataset').select(['id', 'title', 'source', 'imported_at']).where('status', '=', 'active').orderBy('imported_at').orderBy('id').execute();
    const active = new Map<number, DatasetRow>(datasets.map((d) => [Number(d.id), { id: Number(d.id), title: d.title, source: d.source, importedAt: d.imported_at }]));
    const order = new Map([...active.keys()].map((id, k) => [id, k]));
    const rows = active.size
      ? await db.selectFrom('variable').select(['name', 'millesime', 'published_name', 'label', 'unit', 'kind', 'dataset_id']).where('dataset_id', 'in', [...active.keys()]).execute()
      : [];
    // Oldest dataset first, so that the most recent one's description is the one kept.
    rows.sort((a, b) => order.get(Number(a.dataset_id))! - order.get(Number(b.dataset_id))!);
    const catalogue = rows.map((r) => ({
      name: r.name,
      millesime: Number(r.millesime),
      publishedName: r.published_name,
      label: r.label,
      unit: r.unit,
      kind: r.kind as VariableKind,
      datasetId: Number(r.dataset_id),
    }));
    return new DbVariableStore(ctx, active, catalogue);
  }

  /** The store of a context, opened once and kept in ctx.cache until the next write. */
  static async of(ctx: AppContext): Promise<DbVariableStore> {
    const key = 'indicators:variable-store';
    let pending = ctx.cache.get(key) as Promise<DbVariableStore> | undefined;
    if (!pending) {
      pending = DbVariableStore.open(ctx);
      ctx.cache.set(key, pending);
    }
    return pending;
  }

  /** Loads the columns of these variables (every millésime), once. */
  async ensure(names: Iterable<string>): Promise<void> {
    // A whole the engine may make of its parts (P_POP75P of P_POP7589 + P_POP90P) needs its parts loaded.
    const wanted = withParts(names).filter((n) => this.entries.has(n));
    // The sums of a ratio's two variables over the sub-units that publish both (core/observations/paired-sums.ts),
    // where a file gave them: loaded with the two variables.
    const asked = new Set(wanted);
    for (const name of this.pairedNames) {
      const [x, over] = pairedParts(name)!;
      if (asked.has(x) && asked.has(over)) wanted.push(name);
    }
    const missing = wanted.filter((n) => !this.loaded.has(n));
    if (missing.length) {
      const p = this.load(missing);
      for (const n of missing) this.loaded.set(n, p);
    }
    await Promise.all(wanted.map((n) => this.loaded.get(n)));
  }

  private async load(names: string[]): Promise<void> {
    const r = this.ctx.referential;
    if (names.includes('PMUN')) {
      const cells = new Map<number, number>();
      r.population.forEach((p, i) => Number.isNaN(p) || cells.set(i, p));
      this.memory.set('PMUN', POPULATION_MILLESIME, 'count', cells, REFERENTIAL_DATASET);
    }
    const ids = [...this.datasets.keys()];
    if (ids.length === 0) return;
    const columns = await readColumns(this.ctx.store.db, { datasetIds: ids, variables: names });
    const order = new Map(ids.map((id, k) => [id, k]));
    // Oldest dataset first: a later dataset overwrites the commune's cell.
    columns.sort((a, b) => order.get(a.datasetId)! - order.get(b.datasetId)!);
    const indices = new Map<string[], Int32Array>();
    for (const col of columns) {
      const { variable, millesime, datasetId } = col;
      if (col.level === 'com') {
        let at = indices.get(col.codes);
        if (!at) {
          at = Int32Array.from(col.codes, (code) => r.indexOf(code) ?? -1);
          indices.set(col.codes, at);
        }
        const entry = this.entries.get(variable)?.get(millesime);
        const c = this.memory.ensureColumn(variable, millesime, entry?.kind ?? 'count');
        if (entry && !c.period) c.period = publishedPeriod(entry.publishedName, new Date().getFullYear());
        if (!c.datasets.some((d) => d.id === datasetId)) {
          const ds = this.datasets.get(datasetId)!;
          c.datasets.push({ id: ds.id, title: ds.title, source: ds.source });
        }
        for (let k = 0; k < at.length; k++) {
          const i = at[k];
          const statusCode = col.status[k];
          if (i < 0 || statusCode === CELL_ABSENT) continue;
          const v = col.value[k];
          const withheld = Number.isNaN(v);
          c.values[i] = withheld ? 0 : v;
          c.status[i] = withheld && statusCode <= 1 ? 3 : statusCode;
          c.origin![i] = datasetId;
        }
      } else {
        for (let k = 0; k < col.codes.length; k++) {
          const statusCode = col.status[k];
          if (statusCode === CELL_ABSENT) continue;
          const v = col.value[k];
          const status = VALUE_STATUS_OF_CODE[statusCode] ?? 'missing';
          const ref = col.level === 'fr' ? 'fr' : `${col.level}:${col.codes[k]}`;
          this.memory.setPublished(variable, millesime, ref, { value: Number.isNaN(v) ? null : v, status, datasetId });
        }
      }
    }
  }

  // ── VariableStore ─────────────────────────────────────────────────────────────────────────────────────────────

  millesimes(name: string): number[] {
    return [...(this.entries.get(name)?.keys() ?? [])].sort((a, b) => b - a);
  }

  column(name: string, millesime: number): VariableColumn | undefined {
    // Reading a known variable before `ensure` would answer « missing » for loaded data: a bug, not an input error.
    if (this.entries.has(name) && !this.loaded.has(name)) throw new Error(`variable ${name} lue avant d’être chargée (ensure)`);
    return this.memory.column(name, millesime);
  }

  published(name: string, millesime: number, ref: string): PublishedValue | undefined {
    return this.memory.published(name, millesime, ref);
  }

  hasPublished(name: string, millesime: number): boolean {
    return this.memory.hasPublished(name, millesime);
  }

  // ── Catalogue ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** The description of a normalised variable at a millésime. */
  entry(name: string, millesime: number): CatalogueEntry | undefined {
    return this.entries.get(name)?.get(millesime);
  }

  /** Normalised names known to the catalogue (the paired sums are the engine's, not variables to ask for). */
  names(): string[] {
    return [...this.entries.keys()].filter((n) => pairedParts(n) === undefined);
  }

  /** Entries whose column, as published, had this name (`P22_POP`, `MED21`, `PMUN`, `a`). */
  byPublishedName(published: string): CatalogueEntry[] {
    return this.byPublished.get(published) ?? [];
  }
}
