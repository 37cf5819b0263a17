// Reads a CSV file of plain lines (SniffedFile.plainLines: no double quote but around a whole cell, every CR part of a
// CRLF, no line over PLAIN_LINE_MAX_BYTES) from its bytes, chunk by chunk, without making a string per cell: one record per line, cells
// cut at the separator, a line's CR not part of its last cell, empty lines skipped, a UTF-8 BOM dropped. The
// separator, CR and LF are ASCII, which neither UTF-8 nor Windows-1252 uses inside a character, so lines and cells
// are found on the bytes whatever the encoding.
//
// A data cell that is a plain decimal number (`-`, digits, one `.` or `,`, digits) whose digits make an integer below
// 2^53 with at most 22 of them after the point is read from its bytes: that integer and 10^k are exact doubles, and
// their IEEE quotient is correctly rounded, as Number() is, so the value is the same to the bit. Any other cell (an
// exponent, more digits, spaces, `s`, `nd`, a letter, a non-ASCII byte) is decoded to text and read by the cell
// reader, like the records of the other readers.
import { open, type FileHandle } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { FileChecks, TextEncoding } from '../detect/sniff-file.js';
import { CELL_VALUE, type CellReader, type CellState } from '../normalise/number-cell.js';
import type { RowCells, SourceItem, SourceRow } from './source-row.js';

const CHUNK_BYTES = 1 << 20;
/** Bytes a chunk's buffer has past its data. */
const PAD = 4;
const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const COMMA = 0x2c;
const MINUS = 0x2d;
const QUOTE = 0x22;
const TWO_POW_53 = 2 ** 53;
/** 10^k for k ≤ 22: exact doubles. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The cells of one chunk of whole lines: cell c is bytes [start[c], end[c]) of `buf`; `plain[c]` when `value[c]`
 * holds it. One instance serves every chunk of a file (`generation` counts them), with the same buffer unless a line
 * needs a larger one: fewer allocations, fewer collections.
 */
class ChunkCells {
  buf: Buffer;
  generation = 0;
  /** Cells cut so far. */
  n = 0;
  start: Int32Array;
  end: Int32Array;
  value: Float64Array;
  plain: Uint8Array;
  /** Kept lines (empty ones are not): line number, first cell, cell count. */
  lines = 0;
  lineNo = new Int32Array(1 << 8);
  lineFirst = new Int32Array(1 << 8);
  lineCount = new Int32Array(1 << 8);

  /**
   * `cells`: room for this many cells from the start. Typed arrays are zeroed by the system page by page as they are
   * first written, so room that stays unused costs nothing, while growing costs a copy and new pages each time.
   */
  constructor(
    private readonly utf8: boolean,
    cells: number,
  ) {
    this.buf = Buffer.alloc(0);
    this.start = new Int32Array(cells);
    this.end = new Int32Array(cells);
    this.value = new Float64Array(cells);
    this.plain = new Uint8Array(cells);
  }

  /** buf as a plain byte array and as a DataView (reads of four digits at once). */
  bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** Starts the next chunk, in `buf`. */
  reset(buf: Buffer): void {
    if (buf !== this.buf) {
      this.bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    this.buf = buf;
    this.generation++;
    this.n = 0;
    this.lines = 0;
  }

  /** Room for `cells` more cells and one more line. */
  reserve(cells: number): void {
    const need = this.n + cells;
    if (need > this.start.length) {
      const size = Math.max(need, this.start.length * 2);
      this.start = grow(this.start, size);
      this.end = grow(this.end, size);
      this.value = grow(this.value, size);
      this.plain = grow(this.plain, size);
    }
    if (this.lines === this.lineNo.length) {
      const size = this.lines * 2;
      this.lineNo = grow(this.lineNo, size);
      this.lineFirst = grow(this.lineFirst, size);
      this.lineCount = grow(this.lineCount, size);
    }
  }

  text(c: number): string {
    const buf = this.buf;
    const s = this.start[c];
    const e = this.end[c];
    if (this.utf8) return buf.toString('utf8', s, e);
    for (let p = s; p < e; p++) if (buf[p] >= 0x80) return iconv.decode(buf.subarray(s, e), 'win1252');
    return buf.toString('latin1', s, e);
  }

  blank(c: number): boolean {
    const s = this.start[c];
    if (s === this.end[c]) return true;
    const b = this.buf[s];
    // A visible ASCII character is not white space; anything else is left to trim.
    if (b > 0x20 && b < 0x7f) return false;
    return this.text(c).trim() === '';
  }

  read(c: number, reader: CellReader): CellState {
    if (this.plain[c] === 1) {
      reader.value = this.value[c];
      return CELL_VALUE;
    }
    return reader.read(this.start[c] === this.end[c] ? '' : this.text(c));
  }
}

const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
};

/**
 * The number written by four ASCII digits read as a little-endian word (first digit in the low byte). A word is four
 * digits when each byte's high nibble is 3 and stays 3 once 6 is added to the byte (its low nibble is at most 9).
 */
const fourDigits = (w: number): number => {
  let v = w & 0x0f0f0f0f;
  v = (v * 10 + (v >>> 8)) & 0x00ff00ff; // two-digit numbers in bytes 0 and 2
  return ((v & 0xff) * 100 + (v >>> 16)) & 0xffff;
};

/** Where the last digitRun stopped (a second result, without an object per cell on the hot path). */
let runEnd = 0;

/**
 * Reads the run of ASCII digits at p into m (m × 10 per digit + the digit): four at a time while there are four (see
 * fourDigits), then one by one. Returns the new m; runEnd is the first byte after the run.
 */
const digitRun = (buf: Uint8Array, view: DataView, p: number, m: number): number => {
  for (let w = view.getUint32(p, true); ((w & 0xf0f0f0f0) | (((w + 0x06060606) & 0xf0f0f0f0) >>> 4)) === 0x33333333; w = view.getUint32(p, true)) {
    m = m * 10000 + fourDigits(w);
    p += 4;
  }
  let b = buf[p];
  while (b >= 48 && b <= 57) {
    m = m * 10 + (b - 48);
    b = buf[++p];
  }
  runEnd = p;
  return m;
};

/**
 * Cuts bytes [p, limit) of the chunk's buffer, whole lines each ending with LF, into cells, reading plain numbers on
 * the way (see the head of this file). `line` is the number of the line before p; returns that of the last line cut.
 */
const cutLines = (chunk: ChunkCells, p: number, limit: number, sep: number, line: number): number => {
  const buf = chunk.bytes;
  const view = chunk.view;
  while (p < limit) {
    line++;
    const lineEnd = chunk.buf.indexOf(LF, p);
    chunk.reserve(lineEnd - p + 1);
    const { start, end, value, plain } = chunk;
    const first = chunk.n;
    let n = first;
    let quotedLine = false;
    for (;;) {
      // A quoted cell (the sniff made sure its quotes stand around it, with no quote, separator nor LF inside): its
      // text without them.
      const quoted = buf[p] === QUOTE;
      if (quoted) {
        p++;
        quotedLine = true;
      }
      const cs = p;
      let b = buf[p];
      const negative = b === MINUS;
      if (negative) b = buf[++p];
      const digits = p;
      let m = digitRun(buf, view, p, 0);
      p = runEnd;
      b = buf[p];
      let number = p > digits;
      let k = 0;
      if (number && (b === DOT || b === COMMA) && b !== sep) {
        const f = ++p;
        m = digitRun(buf, view, p, m);
        p = runEnd;
        b = buf[p];
        k = p - f;
      }
      let e = p;
      if (quoted) {
        if (b !== QUOTE) {
          number = false;
          while (b !== QUOTE) b = buf[++p];
        }
        e = p;
        b = buf[++p];
        if (b === CR) b = buf[++p];
      } else if (b === CR && buf[p + 1] === LF) b = buf[++p];
      else if (b !== sep && b !== LF) {
        number = false;
        while (b !== sep && b !== LF) b = buf[++p];
        e = b === LF && p > cs && buf[p - 1] === CR ? p - 1 : p;
      }
      start[n] = cs;
      end[n] = e;
      // m below 2^53 means every step of m * 10 + d was exact (a larger exact value never rounds below 2^53).
      if (number && k <= 22 && m < TWO_POW_53) {
        const v = m / POW10[k];
        value[n] = negative ? -v : v;
        plain[n] = 1;
      } else plain[n] = 0;
      n++;
      if (b === LF) break;
      ++p;
    }
    p = lineEnd + 1;
    chunk.n = n;
    if (n - first === 1 && start[first] === end[first] && !quotedLine) chunk.n = first;
    else {
      const l = chunk.lines++;
      chunk.lineNo[l] = line;
      chunk.lineFirst[l] = first;
      chunk.lineCount[l] = n - first;
    }
  }
  return line;
};

/** One line's cells within its chunk; read after the reader has gone on to the next chunk, it throws. */
class LineCells implements RowCells {
  private readonly generation: number;

  constructor(
    private readonly chunk: ChunkCells,
    private readonly first: number,
    readonly length: number,
  ) {
    this.generation = chunk.generation;
  }

  private cells(): ChunkCells {
    if (this.generation !== this.chunk.generation) throw new Error('ligne lue après le passage du lecteur au morceau suivant du fichier');
    return this.chunk;
  }

  text(i: number): string {
    return i < this.length ? this.cells().text(this.first + i) : '';
  }

  blank(i: number): boolean {
    return i >= this.length || this.cells().blank(this.first + i);
  }

  read(i: number, reader: CellReader): CellState {
    return i < this.length ? this.cells().read(this.first + i, reader) : reader.read('');
  }

  readAll(at: Int32Array, reader: CellReader, values: Float64Array, states: Uint8Array): void {
    const { plain, value } = this.cells();
    for (let j = 0; j < at.length; j++) {
      const i = at[j];
      const c = this.first + i;
      if (i < this.length && plain[c] === 1) {
        states[j] = CELL_VALUE;
        values[j] = value[c];
      } else {
        const st = this.read(i, reader);
        states[j] = st;
        if (st === CELL_VALUE) values[j] = reader.value;
      }
    }
  }
}

export interface PlainLineOptions {
  encoding: TextEncoding;
  separator: string;
  onBytes?: (bytes: number) => void;
  /** Bytes read at a time (tests cut files into small chunks to reach every boundary). */
  chunkBytes?: number;
  /**
   * The sniff's whole-file checks, left to this reader (SniffedFile.checks): fed every byte read; reading stops when
   * they find the lines are not plain.
   */
  checks?: FileChecks;
}

/** Room before a chunk's bytes for the end of the previous chunk (a line it cut); a longer end goes to a new buffer. */
const RESERVE_BYTES = 256 << 10;

/** Reads up to `length` bytes at `offset` of `buf` (several reads if the system gives fewer); eof when the file ended. */
const fill = async (fh: FileHandle, buf: Buffer, offset: number, length: number): Promise<{ got: number; eof: boolean }> => {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, offset + got, length - got, null);
    if (bytesRead === 0) return { got, eof: true };
    got += bytesRead;
  }
  return { got, eof: false };
};

/**
 * The records of the file, chunk by chunk: an array per chunk, whose records are valid until the next is asked for.
 * Two buffers take turns: the next chunk is read into one while the records of the other are cut and used.
 */
export async function* readPlainLineRows(path: string, options: PlainLineOptions): AsyncGenerator<SourceItem> {
  const sep = options.separator.charCodeAt(0);
  const utf8 = options.encoding === 'utf-8';
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const reserve = Math.min(RESERVE_BYTES, chunkBytes);
  const checks = options.checks;
  let fh: FileHandle | undefined;
  let pending: Promise<{ got: number; eof: boolean }> | undefined;
  let line = 0;
  try {
    fh = await open(path, 'r');
    const chunk = new ChunkCells(utf8, (chunkBytes >> 2) + 4096);
    // Each buffer: the end of the previous chunk, the chunk, and room past it (the LF that ends a last line without
    // one, and three bytes more for a four-byte read). Not zeroed: every byte read is written first.
    const buffers = [0, 1].map(() => Buffer.allocUnsafe(reserve + chunkBytes + PAD));
    let turn = 0;
    /** The end of the previous chunk, a line it cut: `kept` bytes of `tail` from `tailFrom`. */
    let tail: Buffer = buffers[1];
    let tailFrom = 0;
    let kept = 0;
    let bytes = 0;
    let first = true;
    let next = fill(fh, buffers[0], reserve, chunkBytes);
    pending = next;
    for (;;) {
      const { got, eof } = await next;
      pending = undefined;
      let buf = buffers[turn];
      let start = reserve - kept;
      if (kept > reserve) {
        // A line longer than the room before the chunk: both parts in a buffer of their own.
        const joined = Buffer.allocUnsafe(kept + got + PAD);
        tail.copy(joined, 0, tailFrom, tailFrom + kept);
        buf.copy(joined, kept, reserve, reserve + got);
        buf = joined;
        start = 0;
      } else if (kept > 0) tail.copy(buf, start, tailFrom, tailFrom + kept);
      const end = start + kept + got;
      bytes += got;
      options.onBytes?.(bytes);
      if (checks) {
        checks.update(buf.subarray(end - got, end));
        if (eof) checks.done = true;
        // Not plain lines after all: the caller reads the file again with the careful reader.
        if (!checks.plain) return;
      }
      // The next chunk is read while this one is cut and its records used.
      turn = 1 - turn;
      if (!eof) {
        next = fill(fh, buffers[turn], reserve, chunkBytes);
        pending = next;
      }
      // A UTF-8 BOM is dropped once the file's first three bytes are there (nothing is cut before).
      const waitingForBom = first && end - start < 3 && !eof;
      if (first && !waitingForBom) {
        first = false;
        if (utf8 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      }
      // Whole lines only; the last one, cut by the chunk, starts the next chunk (or ends the file).
      let limit = end === start || waitingForBom ? start : Math.max(start, buf.lastIndexOf(LF, end - 1) + 1);
      if (eof && limit < end) {
        buf[end] = LF;
        limit = end + 1;
      }
      if (limit > start) {
        chunk.reset(buf);
        line = cutLines(chunk, start, limit, sep, line);
        const rows: SourceRow[] = new Array(chunk.lines);
        for (let l = 0; l < chunk.lines; l++) rows[l] = { line: chunk.lineNo[l], bytes: new LineCells(chunk, chunk.lineFirst[l], chunk.lineCount[l]) };
        if (rows.length > 0) yield rows;
      }
      if (eof) break;
      tail = buf;
      tailFrom = limit;
      kept = end - limit;
    }
  } catch (e) {
    yield { line: line + 1, error: `lecture interrompue (${(e as Error).message})`, raw: '', fatal: true };
  } finally {
    // A read still under way ends before its file is closed.
    await pending?.catch(() => undefined);
    await fh?.close();
  }
}
