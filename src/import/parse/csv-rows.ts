// Streams the records of a CSV file with csv-parse (quotes, CRLF, BOM) after decoding Windows-1252 with iconv-lite
// when the file is not UTF-8. A malformed record (an unclosed quote…) is reported with its line, and reading goes on.
import { createReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import type { TextEncoding } from '../detect/sniff-file.js';
import type { SourceRow } from './source-row.js';

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
}

export async function* readCsvRows(path: string, options: CsvReadOptions): AsyncGenerator<SourceRow> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  if (options.onBytes) {
    const onBytes = options.onBytes;
    file.on('data', (chunk) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
  }
  const skipped: SourceRow[] = [];
  const parser = parse({
    delimiter: options.separator,
    bom: true,
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
  const source: NodeJS.ReadableStream = options.encoding === 'utf-8' ? file : file.pipe(iconv.decodeStream('win1252'));
  source.on('error', (e: Error) => parser.destroy(e));
  file.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
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
