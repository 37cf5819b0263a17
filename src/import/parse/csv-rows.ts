// Streams the records of a CSV file. Two readers, chosen by what the sniff saw in the whole file:
// - a file of plain lines (no double quote, CRLF or LF only, no huge line: SniffedFile.plainLines) is one record per
//   line, read from its bytes by plain-line-rows.ts (cells as byte ranges, plain numbers read without their text);
//   the record's line is its index, empty lines are skipped;
// - any other file goes, decoded by iconv-lite (Windows-1252 when the file is not UTF-8), to csv-parse (quotes,
//   multi-line fields, stray CR), whose record info gives the physical line. A malformed record (an unclosed quote…)
//   is reported with its line, and reading goes on.
// Both give the same records: BOM dropped, a line's CR not part of its last cell, empty lines skipped.
import { createReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import type { FileChecks, TextEncoding } from '../detect/sniff-file.js';
import { readPlainLineRows } from './plain-line-rows.js';
import type { SourceItem, SourceRow } from './source-row.js';

/** A record larger than this is refused (binary garbage with an unclosed quote would otherwise fill memory). */
const MAX_RECORD_CHARS = 4 << 20;

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'guillemet ouvert jamais fermé',
  CSV_INVALID_CLOSING_QUOTE: 'caractère inattendu après un guillemet fermant',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'caractère inattendu après un guillemet fermant',
  CSV_MAX_RECORD_SIZE: 'ligne démesurée (plus de 4 millions de caractères)',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'nombre de champs différent de l’en-tête',
  INVALID_OPENING_QUOTE: 'guillemet inattendu au milieu d’un champ',
};

export const csvErrorReason = (e: CsvError | Error): string => {
  const code = (e as CsvError).code;
  return (code && CSV_ERRORS[code]) ?? 'ligne illisible';
};

export interface CsvReadOptions {
  encoding: TextEncoding;
  separator: string;
  /** Bytes read so far, for a progress bar. */
  onBytes?: (bytes: number) => void;
  /** The sniff found one record per line (SniffedFile.plainLines): the fast reader may be used. */
  plainLines?: boolean;
  /** The sniff's whole-file checks, left to the plain-line reader (SniffedFile.checks). */
  checks?: FileChecks;
}

export function readCsvRows(path: string, options: CsvReadOptions): AsyncGenerator<SourceItem> {
  return options.plainLines ? readPlainLineRows(path, options) : readQuotedCsv(path, options);
}

/** The file as text chunks decoded by iconv-lite (which drops a UTF-8 BOM); bytes counted for progress. */
const textStream = (path: string, options: CsvReadOptions) => {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (options.onBytes) {
    const onBytes = options.onBytes;
    let bytes = 0;
    file.on('data', (chunk) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
  }
  const text: NodeJS.ReadableStream = file.pipe(iconv.decodeStream(options.encoding === 'utf-8' ? 'utf8' : 'win1252'));
  file.on('error', (e) => (text as unknown as { destroy(e: Error): void }).destroy(e));
  return { file, text };
};

async function* readQuotedCsv(path: string, options: CsvReadOptions): AsyncGenerator<SourceRow> {
  const { file, text } = textStream(path, options);
  const skipped: SourceRow[] = [];
  const parser = parse({
    delimiter: options.separator,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    info: true,
    on_skip: (e: CsvError | undefined, raw: string | undefined) => {
      if (e) skipped.push({ line: Number(e.lines ?? 0), error: csvErrorReason(e), raw: (raw ?? '').slice(0, 80) });
      return undefined;
    },
  });
  text.on('error', (e: Error) => parser.destroy(e));
  text.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length > 0) yield skipped.shift()!;
      yield { line: item.info.lines, cells: item.record };
    }
    while (skipped.length > 0) yield skipped.shift()!;
  } catch (e) {
    // csv-parse stops on some errors even when told to skip: report the line and stop reading.
    const lines = Number((e as CsvError).lines ?? parser.info?.lines ?? 0);
    yield { line: lines, error: csvErrorReason(e as CsvError), raw: '', fatal: true };
  } finally {
    file.destroy();
  }
}
