// Sums the rows of a table into today's communes, in typed arrays (memory grows with the communes and columns of
// the file, not with its rows). A commune may receive several rows: its IRIS, its arrondissements municipaux, or
// the old communes merged into it. Withheld is not zero (principle 3): a sum where some rows were withheld is
// `partial` and counts them; a value that cannot be added (a median, a rate) over several rows becomes `missing`.
import { ADDITIVE_KINDS, VALUE_STATUS_CODE, type VariableKind } from '../../core/observations/observation.types.js';
import { CELL_SECRET, CELL_VALUE } from '../normalise/number-cell.js';
import { PREFAULT_FROM_BYTES, prefaultPages, sharedBuffer } from './page-prefault.js';

const OK = VALUE_STATUS_CODE.ok;
const PARTIAL = VALUE_STATUS_CODE.partial;
const SECRET = VALUE_STATUS_CODE.secret;
const MISSING = VALUE_STATUS_CODE.missing;

/**
 * One group of rows summed together: the communes of the file, or the arrondissements of one city. Kept by variable,
 * the shape the store writes: variable j's cells are [j * capacity, j * capacity + count) of each array, so that a
 * row adds one cell to each variable's run, which stays in cache from row to row, and a column is then read straight
 * through.
 *
 * While every slot has had one row, a cell holds that row's value, NaN where there is none, and its stored status
 * (`first`, one byte: ok, secret or missing): a column is then stored as it is, without a copy. The counters of values
 * and withheld values (`ok`, `secret`, two bytes each) are made when a slot receives a second row. A national file of
 * one row per commune thus holds 9 bytes per cell instead of 13: memory first written costs a page fault per 4 KB,
 * and the accumulator is most of what an import writes.
 */
class Slots {
  count = 0;
  capacity: number;
  sum: Float64Array;
  /** Stored status of the cell's one row (OK, SECRET or MISSING), until `ok` and `secret` exist. */
  first: Uint8Array;
  ok: Uint16Array | null = null;
  secret: Uint16Array | null = null;
  rows: Uint32Array;
  /** Commune index of each slot. */
  commune: Int32Array;

  /**
   * `limit`: no more slots than communes; growth stops there instead of doubling past it. `shared`: the arrays are
   * made in shared memory, for a worker thread to write their pages first (see page-prefault.ts).
   */
  constructor(readonly nv: number, capacity: number, private readonly limit: number, shared = false) {
    this.capacity = capacity;
    const size = nv * capacity;
    this.sum = shared ? new Float64Array(sharedBuffer(size * 8), 0, size) : new Float64Array(size);
    this.first = shared ? new Uint8Array(sharedBuffer(size), 0, size) : new Uint8Array(size);
    this.rows = new Uint32Array(capacity);
    this.commune = new Int32Array(capacity);
  }

  /** True once the counters exist (some slot has had two rows, or received a slot that had). */
  get counting(): boolean {
    return this.ok !== null;
  }

  allocate(commune: number): number {
    if (this.count === this.capacity) this.grow(Math.min(this.limit, Math.max(16, this.capacity * 2)));
    const s = this.count++;
    this.commune[s] = commune;
    return s;
  }

  private grow(capacity: number): void {
    const spread = <T extends Float64Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.nv * capacity);
      for (let j = 0; j < this.nv; j++) b.set(a.subarray(j * this.capacity, j * this.capacity + this.count), j * capacity);
      return b;
    };
    this.sum = spread(this.sum);
    if (this.ok && this.secret) {
      this.ok = spread(this.ok);
      this.secret = spread(this.secret);
    } else this.first = spread(this.first);
    const rows = new Uint32Array(capacity);
    rows.set(this.rows);
    this.rows = rows;
    const commune = new Int32Array(capacity);
    commune.set(this.commune);
    this.commune = commune;
    this.capacity = capacity;
  }

  /** Makes the counters from the one-row states of the slots so far. */
  startCounting(): { ok: Uint16Array; secret: Uint16Array } {
    if (this.ok && this.secret) return { ok: this.ok, secret: this.secret };
    const size = this.nv * this.capacity;
    const ok = new Uint16Array(size);
    const secret = new Uint16Array(size);
    const { first, sum } = this;
    for (let j = 0; j < this.nv; j++) {
      const base = j * this.capacity;
      for (let s = 0; s < this.count; s++) {
        if (this.rows[s] === 0) continue;
        const st = first[base + s];
        if (st === OK) ok[base + s] = 1;
        else {
          // A sum starts from zero; NaN only stood for « no value » in a one-row cell.
          sum[base + s] = 0;
          if (st === SECRET) secret[base + s] = 1;
        }
      }
    }
    this.ok = ok;
    this.secret = secret;
    this.first = new Uint8Array(0);
    return { ok, secret };
  }

  add(s: number, values: Float64Array, states: Uint8Array): void {
    const { nv, sum, capacity } = this;
    if (this.ok === null && this.rows[s] === 0) {
      // The slot's one row: its values and statuses as they will be stored.
      const first = this.first;
      this.rows[s] = 1;
      for (let j = 0, at = s; j < nv; j++, at += capacity) {
        const st = states[j];
        if (st === CELL_VALUE) {
          sum[at] = values[j];
          first[at] = OK;
        } else {
          sum[at] = NaN;
          first[at] = st === CELL_SECRET ? SECRET : MISSING;
        }
      }
      return;
    }
    const { ok, secret } = this.startCounting();
    this.rows[s]++;
    for (let j = 0, at = s; j < nv; j++, at += capacity) {
      const st = states[j];
      if (st === CELL_VALUE) {
        sum[at] += values[j];
        ok[at]++;
      } else if (st === CELL_SECRET) secret[at]++;
    }
  }

  /** Values summed in slot s of variable j's cell `at` and withheld among them (either way of keeping them). */
  okAt(at: number, s: number): number {
    return this.ok ? this.ok[at] : this.rows[s] > 0 && this.first[at] === OK ? 1 : 0;
  }

  secretAt(at: number, s: number): number {
    return this.secret ? this.secret[at] : this.rows[s] > 0 && this.first[at] === SECRET ? 1 : 0;
  }

  /** Copies slot `s` of `from` into slot `t`. */
  copySlot(from: Slots, s: number, t: number): void {
    this.rows[t] = from.rows[s];
    const counting = this.counting || from.counting;
    const counters = counting ? this.startCounting() : undefined;
    for (let j = 0; j < this.nv; j++) {
      const to = j * this.capacity + t;
      const at = j * from.capacity + s;
      const ok = from.okAt(at, s);
      if (counters) {
        this.sum[to] = ok > 0 ? from.sum[at] : 0;
        counters.ok[to] = ok;
        counters.secret[to] = from.secretAt(at, s);
      } else {
        this.sum[to] = from.sum[at];
        this.first[to] = from.first[at];
      }
    }
  }
}

export interface Column {
  /** NaN where the value is withheld. */
  value: Float64Array;
  status: Uint8Array;
  withheld: Uint32Array;
}

export interface AccumulatorSummary {
  /** Per variable: communes whose value could not be recomputed from several rows (non-additive kinds). */
  notRecomputable: number[];
  /** Per variable: communes whose value is a partial sum. */
  partial: number[];
  /** Communes that had both their own row and rows of their arrondissements (the own row was kept). */
  arrondissementsIgnored: number[];
  /** Cities made of some of their arrondissements only: how many the file gave, and how many the city has. */
  arrondissementsIncomplete: { commune: number; given: number; expected: number }[];
}

/** The largest number of rows one commune may receive (Uint16 counters per cell). */
export const MAX_ROWS_PER_COMMUNE = 65_000;

export class CommuneAccumulator {
  private readonly slotOf: Int32Array;
  private readonly main: Slots;
  /** Arrondissements municipaux of a commune-level file, kept apart until we know whether the city has its own row. */
  private readonly arrondissements: Slots;
  private readonly arrondissementSlotOf = new Map<number, number>();
  /** How many arrondissements municipaux a city has (20 for Paris, 9 for Lyon, 16 for Marseille). */
  private readonly arrondissementsOf: (commune: number) => number;
  /**
   * Slots of the main group made of some of a city's arrondissements only: how many are absent. The city's sums
   * are then partial, short of them, and its medians and rates missing (a median of one arrondissement is not the
   * city's).
   */
  private readonly absent = new Map<number, number>();
  private incomplete: AccumulatorSummary['arrondissementsIncomplete'] = [];
  /** Units the file does not give, by commune, told by markShort before the groups are settled. */
  private readonly short = new Map<number, number>();
  private settled = false;
  private stopPrefault: (() => void) | undefined;

  /**
   * `expectedRows`: about how many rows the file has (its size over the length of its first lines); when the
   * accumulator will write many megabytes, a worker thread writes their pages first (see page-prefault.ts).
   */
  constructor(readonly communeCount: number, readonly nv: number, options: { expectedRows?: number; arrondissementsOf?: (commune: number) => number } = {}) {
    this.slotOf = new Int32Array(communeCount).fill(-1);
    this.arrondissementsOf = options.arrondissementsOf ?? (() => 0);
    // Room for every commune from the start: the arrays are zeroed by the system page by page as slots are first
    // written (a file of one département touches a few pages), and growing them would copy what was summed.
    const slots = Math.min(communeCount, Math.ceil((options.expectedRows ?? 0) * 1.05));
    const shared = slots * nv * 9 >= PREFAULT_FROM_BYTES;
    this.main = new Slots(nv, communeCount, communeCount, shared);
    this.arrondissements = new Slots(nv, 4, communeCount);
    if (shared) {
      const m = this.main;
      this.stopPrefault = prefaultPages([
        { buffer: m.sum.buffer as SharedArrayBuffer, bytesPerElement: 8, columns: nv, capacity: communeCount, slots },
        { buffer: m.first.buffer as SharedArrayBuffer, bytesPerElement: 1, columns: nv, capacity: communeCount, slots },
      ]);
    }
  }

  /** No more rows will be added: the page worker, if any, stops. */
  doneAdding(): void {
    this.stopPrefault?.();
    this.stopPrefault = undefined;
  }

  /** Rows already summed into a commune (to refuse one more than the counters hold). */
  rowsOf(commune: number): number {
    const s = this.slotOf[commune];
    return s < 0 ? 0 : this.main.rows[s];
  }

  add(commune: number, values: Float64Array, states: Uint8Array, arrondissement: boolean): void {
    if (arrondissement) {
      let s = this.arrondissementSlotOf.get(commune);
      if (s === undefined) {
        s = this.arrondissements.allocate(commune);
        this.arrondissementSlotOf.set(commune, s);
      }
      this.arrondissements.add(s, values, states);
      return;
    }
    let s = this.slotOf[commune];
    if (s < 0) {
      s = this.main.allocate(commune);
      this.slotOf[commune] = s;
    }
    this.main.add(s, values, states);
  }

  /**
   * Commune `commune`, which received rows, is short of `count` units the file does not give: the old commune that
   * bears its code when the file gives only others merged into it, the arrondissements a file by IRIS leaves out. Its
   * sums are then partial, counting them as withheld, and its medians and rates missing, as for a city made of some
   * of its arrondissement rows; `arrondissements` says so in the summary. Called once every row is added.
   */
  markShort(commune: number, count: number, arrondissements?: { given: number; expected: number }): void {
    if (count <= 0) return;
    this.short.set(commune, (this.short.get(commune) ?? 0) + count);
    if (arrondissements) this.incomplete.push({ commune, ...arrondissements });
    if (this.settled) this.applyShort();
  }

  /** Counts the units told by markShort as absent from their commune's slot. */
  private applyShort(): void {
    for (const [commune, count] of this.short) {
      const s = this.slotOf[commune];
      if (s >= 0) this.absent.set(s, (this.absent.get(s) ?? 0) + count);
    }
    this.short.clear();
  }

  /**
   * Folds the arrondissements into their city unless the city has a row of its own (a file with both levels: the
   * city's own row is the published figure). A city given by some of its arrondissements only keeps how many are
   * absent. Returns the cities whose arrondissement rows were set aside.
   */
  private settle(): number[] {
    const ignored: number[] = [];
    if (this.settled) return ignored;
    this.settled = true;
    this.doneAdding();
    const a = this.arrondissements;
    for (let s = 0; s < a.count; s++) {
      const commune = a.commune[s];
      if (this.slotOf[commune] >= 0) {
        ignored.push(commune);
        continue;
      }
      const t = this.main.allocate(commune);
      this.slotOf[commune] = t;
      this.main.copySlot(a, s, t);
      const expected = this.arrondissementsOf(commune);
      if (expected > a.rows[s]) {
        this.absent.set(t, expected - a.rows[s]);
        this.incomplete.push({ commune, given: a.rows[s], expected });
      }
    }
    this.applyShort();
    return ignored;
  }

  /** Communes that received rows, in commune-index order (the referential sorts codes: inserts follow the key). */
  touched(): Int32Array {
    this.settle();
    const out = new Int32Array(this.main.count);
    let k = 0;
    for (let i = 0; i < this.communeCount; i++) if (this.slotOf[i] >= 0) out[k++] = i;
    return out;
  }

  summarise(kinds: VariableKind[]): AccumulatorSummary {
    const arrondissementsIgnored = this.settle();
    const notRecomputable = new Array<number>(this.nv).fill(0);
    const partial = new Array<number>(this.nv).fill(0);
    const m = this.main;
    // Without counters nor absent arrondissements, every commune has one row: nothing is partial or recomputed.
    if (m.counting || this.absent.size > 0) {
      for (let j = 0; j < this.nv; j++) {
        const additive = ADDITIVE_KINDS.has(kinds[j]);
        const base = j * m.capacity;
        for (let s = 0; s < m.count; s++) {
          const rows = m.rows[s] + (this.absent.get(s) ?? 0);
          if (rows < 2) continue;
          const ok = m.okAt(base + s, s);
          if (!additive) {
            if (ok > 0 || m.secretAt(base + s, s) > 0) notRecomputable[j]++;
          } else if (ok > 0 && ok < rows) partial[j]++;
        }
      }
    }
    return { notRecomputable, partial, arrondissementsIgnored, arrondissementsIncomplete: this.incomplete };
  }

  /** Every commune of `touched` has one row, and its slot is its place in `touched` (rows came in code order). */
  private oneRowEachInOrder(touched: Int32Array): boolean {
    const m = this.main;
    for (let k = 0; k < touched.length; k++) if (this.slotOf[touched[k]] !== k || m.rows[k] !== 1) return false;
    return true;
  }

  /**
   * Every variable's column as stored, for the communes `touched`, as views of the accumulator's own arrays (no copy),
   * when every commune had one row and the slots follow `touched`; undefined otherwise (use `columns`). The withheld
   * column, all zeros, is one array shared by the columns.
   */
  storedColumns(touched: Int32Array): Column[] | undefined {
    this.settle();
    const m = this.main;
    if (m.counting || this.absent.size > 0 || !this.oneRowEachInOrder(touched)) return undefined;
    const withheld = new Uint32Array(touched.length);
    return Array.from({ length: this.nv }, (_, j) => {
      const base = j * m.capacity;
      return { value: m.sum.subarray(base, base + touched.length), status: m.first.subarray(base, base + touched.length), withheld };
    });
  }

  /** The stored values of variables `from`, `from + 1`… (one per `out` column) for the communes `touched` (same order). */
  columns(from: number, kinds: readonly VariableKind[], touched: Int32Array, out: readonly Column[]): void {
    this.settle();
    const m = this.main;
    const { slotOf, absent } = this;
    for (let b = 0; b < out.length; b++) {
      const { value, status, withheld } = out[b];
      const j = from + b;
      const additive = ADDITIVE_KINDS.has(kinds[j]);
      const sum = m.sum.subarray(j * m.capacity, (j + 1) * m.capacity);
      const base = j * m.capacity;
      for (let k = 0; k < touched.length; k++) {
        const s = slotOf[touched[k]];
        // A city given by some of its arrondissements counts the others as rows with no value.
        const short = absent.size > 0 ? (absent.get(s) ?? 0) : 0;
        const rows = m.rows[s] + short;
        const ok = m.okAt(base + s, s);
        if (rows > 1 && !additive) {
          // A median or a rate of several units cannot be recomputed from their values.
          value[k] = NaN;
          status[k] = MISSING;
          withheld[k] = 0;
        } else if (ok === rows) {
          value[k] = sum[s];
          status[k] = OK;
          withheld[k] = 0;
        } else if (ok === 0) {
          value[k] = NaN;
          // Withheld only when nothing of the commune is simply absent from the file.
          status[k] = short === 0 && m.secretAt(base + s, s) > 0 ? SECRET : MISSING;
          withheld[k] = rows > 1 ? rows - ok : 0;
        } else {
          value[k] = sum[s];
          status[k] = PARTIAL;
          withheld[k] = rows - ok;
        }
      }
    }
  }
}

export const newColumn = (size: number): Column => ({ value: new Float64Array(size), status: new Uint8Array(size), withheld: new Uint32Array(size) });
