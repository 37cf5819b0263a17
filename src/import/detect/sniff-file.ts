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
   * Every record is one line: no double quote anywhere, every CR is part of a CRLF, and no line is longer than
   * PLAIN_LINE_MAX_BYTES. Such a CSV can be read by a fast parser line by line with exact line numbers.
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

/** Follows, chunk by chunk, whether a file has only plain lines (see SniffedFile.plainLines). */
export class PlainLineScan {
  plain = true;
  private lineStart = 0;
  private offset = 0;
  private pendingCr = false;

  update(b: Buffer): void {
    if (!this.plain) return;
    if (this.pendingCr && b.length > 0 && b[0] !== 0x0a) this.plain = false;
    this.pendingCr = false;
    if (b.indexOf(0x22) !== -1) this.plain = false;
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
    this.offset += b.length;
    if (this.offset - this.lineStart > PLAIN_LINE_MAX_BYTES) this.plain = false;
  }

  end(): boolean {
    return this.plain && !this.pendingCr;
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
  readonly lines = new PlainLineScan();
  readonly utf8 = new Utf8Check();
  /** Every byte of the file went through `update`. */
  done = false;

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
export const checkWholeFile = async (path: string, hash?: { update(b: Buffer): unknown }): Promise<FileChecks> => {
  const checks = new FileChecks();
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
  // The beginning alone: valid UTF-8 (but for a character its end may cut), plain lines (but for a last CR).
  const start = new FileChecks();
  start.update(headBytes);
  const decode = (encoding: TextEncoding) => {
    const text = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(headBytes) : iconv.decode(headBytes, 'win1252');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  let encoding: TextEncoding = start.utf8.valid ? 'utf-8' : 'windows-1252';
  let head = decode(encoding);
  let format = detectFormat(headBytes, head, extname(path).toLowerCase(), size);
  if (worker && format === 'csv' && start.plain) {
    return { size, sha256: worker, format, encoding, bom, head, separator: detectSeparator(head), plainLines: true, checks: new FileChecks() };
  }
  const hash = worker ? undefined : createHash('sha256');
  const whole = (await checkWholeFile(path, hash)).verdict();
  if (whole.encoding !== encoding) {
    encoding = whole.encoding;
    head = decode(encoding);
    format = detectFormat(headBytes, head, extname(path).toLowerCase(), size);
  }
  const sha256 = worker ?? Promise.resolve(hash!.digest('hex'));
  return { size, sha256, format, encoding, bom, head, separator: format === 'csv' ? detectSeparator(head) : ';', plainLines: whole.plainLines };
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
