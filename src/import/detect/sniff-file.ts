// First look at a file: its sha256, its format (CSV text, XLSX workbook, GeoJSON, or not data at all), its encoding
// (UTF-8 with or without BOM, else Windows-1252: INSEE's older CSV files are in Windows-1252) and, for CSV, its
// separator. The whole file is read once to check that it is valid UTF-8 and whether its lines are plain — except a
// large CSV whose beginning has plain lines, whose checks are left to the reader that reads it anyway (see
// SniffedFile.checks). The sha256 of a large file is computed by a worker thread, on the other core, while the import
// reads the file; it is a promise for that reason.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import iconv from 'iconv-lite';

export type SniffedFormat = 'csv' | 'xlsx' | 'geojson' | 'xls' | 'empty' | 'binary';
export type TextEncoding = 'utf-8' | 'windows-1252';

export interface SniffedFile {
  size: number;
  /** Hex sha256 of the file's bytes (a rejected promise when the file could not be read to its end). */
  sha256: Promise<string>;
  format: SniffedFormat;
  encoding: TextEncoding;
  bom: boolean;
  /** The beginning of the file decoded (text formats), for separator and header detection. */
  head: string;
  /** CSV separator. */
  separator: string;
  /**
   * Every record is one line: no double quote but around a whole cell without quote, separator or line break inside,
   * every CR is part of a CRLF, and no line is longer than PLAIN_LINE_MAX_BYTES. Such a CSV can be read by a fast parser line by line with exact line numbers.
   */
  plainLines: boolean;
  /**
   * Present when the whole-file checks are left to the reader: a large CSV whose first 64 KB have plain lines is not
   * read twice. `encoding` and `plainLines` are then those of its beginning, and hold for the whole file only if
   * `checks`, fed every byte by the reader, says so (else the file is read again as it is).
   */
  checks?: FileChecks;
}

/** Longest line (bytes) of a file read on the fast path; longer lines go to the careful reader, which reports them. */
export const PLAIN_LINE_MAX_BYTES = 4 << 20;

const QUOTE = 0x22;
const LF_BYTE = 0x0a;
const CR_BYTE = 0x0d;

/**
 * Follows, chunk by chunk, whether a file has only plain lines (see SniffedFile.plainLines). A double quote is allowed
 * only around a whole cell whose text holds no quote, separator nor line break (`"31555";"COM";"2023"`, as INSEE's
 * data catalogue and many exports write every cell): the fast reader takes such cells without their quotes. Any
 * other quote (a separator or a line break inside, a doubled quote, a quote inside a cell) sends the file to the
 * careful reader.
 */
export class PlainLineScan {
  plain = true;
  private lineStart = 0;
  private offset = 0;
  private pendingCr = false;
  /** The last byte of the previous chunk (a line's start before the first). */
  private prev = LF_BYTE;
  /** Inside a quoted cell that the previous chunk did not close. */
  private inQuote = false;
  /** The previous chunk ended on a closing quote: the next byte must end the cell. */
  private afterClose = false;
  /** Offset of the first byte after a UTF-8 BOM that opens the file (a line's start). */
  private bomEnd = -1;
  private readonly first3 = new Uint8Array(3);

  constructor(private readonly separator = 0x3b) {}

  update(b: Buffer): void {
    if (!this.plain) return;
    if (this.pendingCr && b.length > 0 && b[0] !== 0x0a) this.plain = false;
    this.pendingCr = false;
    // The file's first three bytes, however the chunks cut them: a UTF-8 BOM there makes offset 3 a line's start.
    for (let k = 0; this.offset + k < 3 && k < b.length; k++) this.first3[this.offset + k] = b[k];
    if (this.offset < 3 && this.offset + b.length >= 3 && this.first3[0] === 0xef && this.first3[1] === 0xbb && this.first3[2] === 0xbf) this.bomEnd = 3;
    if (this.inQuote || this.afterClose || b.indexOf(QUOTE) !== -1) this.scanQuotes(b);
    for (let i = b.indexOf(0x0d); i !== -1 && this.plain; i = b.indexOf(0x0d, i + 1)) {
      if (i === b.length - 1) this.pendingCr = true;
      else if (b[i + 1] !== 0x0a) this.plain = false;
    }
    // Only the line that the chunk ends (begun before it) can be longer than the chunk: inside a chunk of at most
    // PLAIN_LINE_MAX_BYTES, the first and the last LF are enough.
    const first = b.indexOf(0x0a);
    if (first !== -1) {
      if (this.offset + first - this.lineStart > PLAIN_LINE_MAX_BYTES) this.plain = false;
      if (b.length > PLAIN_LINE_MAX_BYTES) {
        for (let i = first, next = b.indexOf(0x0a, i + 1); next !== -1; i = next, next = b.indexOf(0x0a, i + 1)) {
          if (next - i - 1 > PLAIN_LINE_MAX_BYTES) this.plain = false;
        }
      }
      this.lineStart = this.offset + b.lastIndexOf(0x0a) + 1;
    }
    if (b.length > 0) this.prev = b[b.length - 1];
    this.offset += b.length;
    if (this.offset - this.lineStart > PLAIN_LINE_MAX_BYTES) this.plain = false;
  }

  /** The quotes of one chunk: each must open a cell and close it, with neither separator nor line break between. */
  private scanQuotes(b: Buffer): void {
    const sep = this.separator;
    const ends = (x: number) => x === sep || x === LF_BYTE || x === CR_BYTE;
    // The next LF from a position, kept while the quotes of one line are checked (a line of a thousand quoted cells
    // is searched once, not once per cell).
    let lf = -2;
    /** No separator and no LF in b[from, to). */
    const clear = (from: number, to: number) => {
      if (lf !== -1 && lf < from) lf = b.indexOf(LF_BYTE, from);
      const s = b.indexOf(sep, from);
      return (s === -1 || s >= to) && (lf === -1 || lf >= to);
    };
    let i = 0;
    if (this.afterClose) {
      if (b.length === 0) return;
      this.afterClose = false;
      if (!ends(b[0])) return void (this.plain = false);
    }
    if (this.inQuote) {
      const close = b.indexOf(QUOTE);
      if (!clear(0, close === -1 ? b.length : close)) return void (this.plain = false);
      if (close === -1) return;
      this.inQuote = false;
      if (close + 1 === b.length) return void (this.afterClose = true);
      if (!ends(b[close + 1])) return void (this.plain = false);
      i = close + 1;
    }
    for (let q = b.indexOf(QUOTE, i); q !== -1; ) {
      const before = q === 0 ? this.prev : b[q - 1];
      if (!(before === sep || before === LF_BYTE || this.offset + q === this.bomEnd)) return void (this.plain = false);
      const close = b.indexOf(QUOTE, q + 1);
      if (!clear(q + 1, close === -1 ? b.length : close)) return void (this.plain = false);
      if (close === -1) return void (this.inQuote = true);
      if (close + 1 === b.length) return void (this.afterClose = true);
      if (!ends(b[close + 1])) return void (this.plain = false);
      q = b.indexOf(QUOTE, close + 1);
    }
  }

  end(): boolean {
    return this.plain && !this.pendingCr && !this.inQuote;
  }
}

/** Tells chunk by chunk whether bytes are valid UTF-8 (a character cut by a chunk's end is checked with the next). */
export class Utf8Check {
  valid = true;
  private carry: Buffer | undefined;

  update(chunk: Buffer): void {
    if (!this.valid) return;
    const b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    // The last character's first byte, at most 3 bytes back: if its sequence is incomplete, it waits for the next chunk.
    let i = b.length - 1;
    while (i > 0 && i >= b.length - 3 && (b[i] & 0xc0) === 0x80) i--;
    const lead = b[i];
    const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    let whole = b;
    if (i >= 0 && b.length - i < size) {
      this.carry = Buffer.from(b.subarray(i));
      whole = b.subarray(0, i);
    }
    if (!isUtf8(whole)) this.valid = false;
  }

  end(): boolean {
    return this.valid && this.carry === undefined;
  }
}

/** UTF-8 validity and plain lines of a file, fed its bytes chunk by chunk, in order. */
export class FileChecks {
  readonly lines: PlainLineScan;
  readonly utf8 = new Utf8Check();
  /** Every byte of the file went through `update`. */
  done = false;

  /** `separator`: the CSV separator (its byte), around which a quoted cell must stand. */
  constructor(separator = ';') {
    this.lines = new PlainLineScan(separator.charCodeAt(0));
  }

  update(b: Buffer): void {
    this.lines.update(b);
    this.utf8.update(b);
  }

  /** No reason found yet to read the file otherwise than as plain lines. */
  get plain(): boolean {
    return this.lines.plain;
  }

  /** The file's encoding and whether its lines are plain (once `done`). */
  verdict(): { encoding: TextEncoding; plainLines: boolean } {
    return { encoding: this.utf8.end() ? 'utf-8' : 'windows-1252', plainLines: this.lines.end() };
  }
}

/** The checks of the whole file, read here (one buffer for every chunk; a stream would allocate one for each). */
export const checkWholeFile = async (path: string, separator: string, hash?: { update(b: Buffer): unknown }): Promise<FileChecks> => {
  const checks = new FileChecks(separator);
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const b = buf.subarray(0, bytesRead);
      hash?.update(b);
      checks.update(b);
    }
  } finally {
    await file.close();
  }
  checks.done = true;
  return checks;
};

/** Files from this size have their sha256 computed by a worker thread (below, starting one costs more than hashing). */
export const HASH_IN_WORKER_BYTES = 8 << 20;

const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
try {
  const hash = createHash('sha256');
  const fd = openSync(workerData, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage({ sha256: hash.digest('hex') });
} catch (e) {
  parentPort.postMessage({ error: e.message });
}
`;

/** The file's sha256 by a worker thread. */
const hashInWorker = (path: string): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: path });
    worker.once('message', (m: { sha256?: string; error?: string }) => {
      if (m.sha256) resolve(m.sha256);
      else reject(new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`calcul de l’empreinte interrompu (code ${code})`)));
  });

const HEAD_BYTES = 64 * 1024;

export interface SniffOptions {
  /** Size from which the sha256 is computed by a worker thread (tests lower it). */
  hashInWorkerFrom?: number;
}

export const sniffFile = async (path: string, options: SniffOptions = {}): Promise<SniffedFile> => {
  const { size } = await stat(path);
  const inWorker = size >= (options.hashInWorkerFrom ?? HASH_IN_WORKER_BYTES);
  const worker = inWorker ? hashInWorker(path) : undefined;
  // Nobody may ask for the sha256 (an empty or binary file is refused first): its failure is then not an error.
  worker?.catch(() => undefined);
  const headBytes = Buffer.alloc(Math.min(size, HEAD_BYTES));
  if (headBytes.length > 0) {
    const fh = await open(path, 'r');
    try {
      await fh.read(headBytes, 0, headBytes.length, 0);
    } finally {
      await fh.close();
    }
  }
  const bom = headBytes.length >= 3 && headBytes[0] === 0xef && headBytes[1] === 0xbb && headBytes[2] === 0xbf;
  const decode = (encoding: TextEncoding) => {
    const text = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(headBytes) : iconv.decode(headBytes, 'win1252');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  // The separator is ASCII: the beginning tells it whatever the encoding. The checks need it (quoted cells).
  const separator = detectSeparator(decode('windows-1252'));
  // The beginning alone: valid UTF-8 (but for a character its end may cut), plain lines (but for a last CR).
  const start = new FileChecks(separator);
  start.update(headBytes);
  let encoding: TextEncoding = start.utf8.valid ? 'utf-8' : 'windows-1252';
  let head = decode(encoding);
  let format = detectFormat(headBytes, head, extname(path).toLowerCase(), size);
  if (worker && format === 'csv' && start.plain) {
    return { size, sha256: worker, format, encoding, bom, head, separator, plainLines: true, checks: new FileChecks(separator) };
  }
  const hash = worker ? undefined : createHash('sha256');
  const whole = (await checkWholeFile(path, separator, hash)).verdict();
  if (whole.encoding !== encoding) {
    encoding = whole.encoding;
    head = decode(encoding);
    format = detectFormat(headBytes, head, extname(path).toLowerCase(), size);
  }
  const sha256 = worker ?? Promise.resolve(hash!.digest('hex'));
  return { size, sha256, format, encoding, bom, head, separator, plainLines: whole.plainLines };
};

const detectFormat = (bytes: Buffer, head: string, ext: string, size: number): SniffedFormat => {
  if (size === 0 || head.trim() === '') return 'empty';
  // A ZIP archive (a workbook, or an archive of files: told apart by the importer); 05 06 opens an empty one.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06))) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  if (ext === '.xlsx') return 'xlsx';
  const first = head.trimStart()[0];
  if (first === '{' || ext === '.geojson' || ext === '.json') return 'geojson';
  // Text files have no NUL and few control characters; anything else is not a data file.
  let control = 0;
  const n = Math.min(bytes.length, HEAD_BYTES);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return 'binary';
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > n / 100) return 'binary';
  return 'csv';
};

/** The separator that splits the first lines most regularly (`;`, tab, `,`, `|`). */
export const detectSeparator = (head: string): string => {
  const lines = head.split(/\r\n|\n|\r/);
  if (lines.length > 1) lines.pop();
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 30).map((l) => l.replace(/"[^"]*"/g, '""'));
  if (sample.length === 0) return ';';
  let best = ';';
  let bestScore = -1;
  for (const sep of [';', '\t', ',', '|']) {
    const counts = sample.map((l) => l.split(sep).length - 1);
    const max = Math.max(...counts);
    if (max === 0) continue;
    // Lines with the most frequent non-zero count: a header and its rows agree; a title line has none.
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    const regular = Math.max(...freq.values());
    const score = regular * 1000 + Math.min(max, 999);
    if (score > bestScore) [best, bestScore] = [sep, score];
  }
  return best;
};
