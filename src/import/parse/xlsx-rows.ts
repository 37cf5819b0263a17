// Streams the rows of an XLSX workbook with exceljs's streaming reader (shared strings cached, styles ignored).
// One worksheet is read: the first with a territory code column in its first rows (INSEE workbooks put communes
// first, COM, and other levels, ARM…, after; some open on a documentation sheet). The header row itself is found
// below the title lines by the table reader.
//
// exceljs waits forever on a workbook whose compressed data is damaged (the inflate error of a worksheet copied to
// a temporary file is never listened to), so every entry of the archive is first inflated once through unzipper's
// central directory, as a stream, and a damaged archive is refused before exceljs sees it.
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { foldText } from '../../core/referential/text.js';
import { findCodeColumn } from '../tabular/territory-code.js';
import type { SourceRow } from './source-row.js';

/** Text of a cell as a CSV would hold it: numbers with full precision, formulas by their cached result. */
export const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'VRAI' : 'FAUX';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return cellText(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
};

export interface XlsxReadOptions {
  onBytes?: (bytes: number) => void;
  /** The worksheet to read, by name (case and accents aside); by default the first with a territory code column. */
  sheet?: string;
  /**
   * Told, once the workbook is read, which worksheet was read and the other worksheets that have a territory code
   * column in their first rows (INSEE's workbooks give each level a sheet: COM, EPCI, DEP…).
   */
  onSheets?: (read: string | undefined, others: string[]) => void;
}

/** A sheet's name as compared with --sheet: no accents, no case, single spaces. */
const foldSheet = foldText;

/** Why the archive cannot be read (an entry damaged, not a zip archive), or undefined when every entry inflates. */
const zipProblem = async (path: string): Promise<string | undefined> => {
  try {
    const directory = await unzipper.Open.file(path);
    for (const f of directory.files) {
      if (f.type !== 'File') continue;
      await new Promise<void>((resolve, reject) => {
        const s = f.stream();
        s.on('error', reject);
        s.on('end', () => resolve());
        s.resume();
      });
    }
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

const UNREADABLE = 'classeur XLSX illisible : archive endommagée, incomplète ou qui n’est pas un classeur';
/** The refusal, with the reader's own words about the damage (kept as they are: they name bytes and entries). */
const unreadable = (cause?: string): string => (cause ? `${UNREADABLE} (détail : ${cause})` : UNREADABLE);
const STALLED = 'classeur XLSX illisible : sa lecture ne progresse plus, l’archive est sans doute endommagée';

/**
 * A damaged local header could still make exceljs wait forever after the whole file was read (the archive is checked
 * first, and the fuzz test of damaged workbooks never gets here: this is a last resort): once the file has been read
 * to its end, a reader that produces nothing while the event loop turns for this long is stopped and the workbook
 * refused. Long, since a sound workbook refused on a busy machine is worse than a damaged one refused late.
 */
const STALL_MS = 30_000;
/** Period of the stall check; a gap between two checks longer than FROZEN_MS is a pause of the process, not counted. */
const TICK_MS = 100;
const FROZEN_MS = 2 * TICK_MS;

/**
 * Whether a wait has lasted `ticks` checks of the event loop without progress once the file was read to its end.
 * Counted in checks, not in time: a process that is paused (a long synchronous task) or starved (a busy machine) gets
 * fewer checks, and a check that comes more than FROZEN_MS after the previous one follows a pause and is not counted,
 * since the timers run before the reads that completed meanwhile.
 */
export class StallWatch {
  private idle = 0;

  /** `lastTick`: when the wait starts; `seen`: the progress count then. */
  constructor(
    private readonly ticks: number,
    private lastTick: number,
    private seen: number,
  ) {}

  /** One check at `now`, given the progress count and whether the file has been read to its end; true when stalled. */
  check(now: number, activity: number, ended: boolean): boolean {
    const gap = now - this.lastTick;
    this.lastTick = now;
    if (activity !== this.seen || !ended) {
      this.seen = activity;
      this.idle = 0;
      return false;
    }
    if (gap > FROZEN_MS) return false;
    return ++this.idle >= this.ticks;
  }
}
/** Rows of a worksheet searched for a header (title lines above it). */
const HEADER_SEARCH_ROWS = 50;

class Stalled extends Error {}

/**
 * exceljs's streaming reader sometimes reads a sound workbook as if its workbook.xml were empty when the machine is
 * busy (measured: 2 reads in 400 with both cores taken by other work; it then fails with « Cannot read properties of
 * undefined (reading 'sheets') »). The archive having been inflated whole first, a read that fails before giving its
 * first row is made again, up to this many times in all.
 */
const READ_ATTEMPTS = 3;

export async function* readXlsxRows(path: string, options: XlsxReadOptions = {}): AsyncGenerator<SourceRow> {
  const problem = await zipProblem(path);
  if (problem !== undefined) {
    yield { line: 1, error: unreadable(problem), raw: '', fatal: true };
    return;
  }
  for (let attempt = 1; ; attempt++) {
    let given = false;
    let again = false;
    for await (const row of readOnce(path, options)) {
      if ('fatal' in row && row.fatal && !given && attempt < READ_ATTEMPTS && row.error !== STALLED) {
        again = true;
        break;
      }
      given = true;
      yield row;
    }
    if (!again) return;
  }
}

/** One read of the rows of a workbook whose archive is sound. */
async function* readOnce(path: string, options: XlsxReadOptions): AsyncGenerator<SourceRow> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const stallTicks = Math.ceil(STALL_MS / TICK_MS);
  let ended = false;
  /** Counts what the file stream and exceljs have done (bytes read, the end of the file, an item produced). */
  let activity = 0;
  file.on('data', (chunk) => {
    bytes += chunk.length;
    activity++;
    options.onBytes?.(bytes);
  });
  file.on('end', () => {
    ended = true;
    activity++;
  });
  /** The next item of an exceljs iterator, or Stalled when it hangs after the end of the file. */
  const guarded = <T>(next: Promise<T>): Promise<T> => {
    // The wait starts now: time the caller took with the previous item (or a pause then) is not exceljs's.
    let timer: NodeJS.Timeout | undefined;
    const stall = new Promise<never>((_, reject) => {
      const watch = new StallWatch(stallTicks, Date.now(), activity);
      timer = setInterval(() => {
        if (watch.check(Date.now(), activity, ended)) reject(new Stalled());
      }, TICK_MS);
    });
    return Promise.race([next, stall]).finally(() => clearInterval(timer));
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let chosen = false;
  let chosenName: string | undefined;
  const names: string[] = [];
  const others: string[] = [];
  let firstHead: SourceRow[] | undefined;
  let lastLine = 0;
  const wanted = options.sheet === undefined ? undefined : foldSheet(options.sheet);
  try {
    const sheets = reader[Symbol.asyncIterator]();
    for (;;) {
      const ws = await guarded(sheets.next());
      if (ws.done) break;
      const name = String((ws.value as { name?: unknown }).name ?? '');
      names.push(name);
      const rows = ws.value[Symbol.asyncIterator]();
      // The worksheet asked for is read whole; without one, the first with a code column in its first rows is read
      // from its header's title lines on (INSEE workbooks may open on a documentation sheet). The other sheets are
      // drained (the zip stream must be read through), their first rows searched for a code column to name them
      // (INSEE workbooks give each level its sheet).
      const take = !chosen && (wanted === undefined || foldSheet(name) === wanted);
      if (take && wanted !== undefined) [chosen, chosenName] = [true, name];
      let mode: 'yield' | 'search' | 'list' | 'drain' = take ? (wanted !== undefined ? 'yield' : 'search') : 'list';
      const head: SourceRow[] = [];
      let listed = 0;
      for (;;) {
        const r = await guarded(rows.next());
        activity++;
        if (r.done) break;
        if (mode === 'drain') continue;
        const row = r.value;
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (mode === 'yield') {
          lastLine = row.number;
          yield { line: row.number, cells };
          continue;
        }
        const found = findCodeColumn(cells) !== undefined;
        if (mode === 'list') {
          if (found) others.push(name);
          if (found || ++listed >= HEADER_SEARCH_ROWS) mode = 'drain';
          continue;
        }
        head.push({ line: row.number, cells });
        firstHead ??= head;
        lastLine = row.number;
        if (found) {
          [chosen, chosenName, mode] = [true, name, 'yield'];
          yield* head;
        } else if (head.length >= HEADER_SEARCH_ROWS) mode = 'drain';
      }
    }
    if (wanted !== undefined && !chosen) {
      yield { line: 1, error: `pas de feuille « ${options.sheet} » dans le classeur ; ses feuilles : ${names.map((n) => `« ${n} »`).join(', ')}`, raw: '', fatal: true };
      return;
    }
    options.onSheets?.(chosenName, others);
    // No sheet has a code column: the first sheet's first rows go to the table reader, which says what it found.
    if (!chosen) yield* firstHead ?? [];
  } catch (e) {
    yield { line: lastLine + 1, error: e instanceof Stalled ? STALLED : unreadable((e as Error).message), raw: '', fatal: true };
  } finally {
    file.destroy();
  }
}
