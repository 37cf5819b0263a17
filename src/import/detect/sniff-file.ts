// First look at a file: its sha256, its format (CSV text, XLSX workbook, GeoJSON, or not data at all), its encoding
// (UTF-8 with or without BOM, else Windows-1252: INSEE's older CSV files are in Windows-1252) and, for CSV, its
// separator. The whole file is read once, as a stream, to hash it and check that it is valid UTF-8.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';

export type SniffedFormat = 'csv' | 'xlsx' | 'geojson' | 'xls' | 'empty' | 'binary';
export type TextEncoding = 'utf-8' | 'windows-1252';

export interface SniffedFile {
  size: number;
  sha256: string;
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
}

/** Longest line (bytes) of a file read on the fast path; longer lines go to the careful reader, which reports them. */
export const PLAIN_LINE_MAX_BYTES = 4 << 20;

/** Follows, chunk by chunk, whether a file has only plain lines (see SniffedFile.plainLines). */
class PlainLineScan {
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
    for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) {
      if (this.offset + i - this.lineStart > PLAIN_LINE_MAX_BYTES) this.plain = false;
      this.lineStart = this.offset + i + 1;
    }
    this.offset += b.length;
    if (this.offset - this.lineStart > PLAIN_LINE_MAX_BYTES) this.plain = false;
  }

  end(): boolean {
    return this.plain && !this.pendingCr;
  }
}

const HEAD_BYTES = 64 * 1024;

export const sniffFile = async (path: string): Promise<SniffedFile> => {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  // A fatal, streaming decoder tells whether the whole file is valid UTF-8 without keeping it.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  const lines = new PlainLineScan();
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      const b = chunk as Buffer;
      hash.update(b);
      lines.update(b);
      if (utf8) {
        try {
          decoder.decode(b, { stream: true });
        } catch {
          utf8 = false;
        }
      }
    });
    stream.on('error', reject);
    stream.on('end', () => resolve());
  });
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
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
  const encoding: TextEncoding = utf8 ? 'utf-8' : 'windows-1252';
  let head = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(headBytes) : iconv.decode(headBytes, 'win1252');
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const format = detectFormat(headBytes, head, extname(path).toLowerCase(), size);
  return { size, sha256: hash.digest('hex'), format, encoding, bom, head, separator: format === 'csv' ? detectSeparator(head) : ';', plainLines: lines.end() };
};

const detectFormat = (bytes: Buffer, head: string, ext: string, size: number): SniffedFormat => {
  if (size === 0 || head.trim() === '') return 'empty';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
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
