// Streams the rows of an XLSX workbook with exceljs's streaming reader (shared strings cached, styles ignored).
// Only the first worksheet is read: INSEE workbooks put communes first (COM) and other levels (ARM…) after, with a
// notes sheet; the header row is found below the title lines by the table reader.
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
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
}

export async function* readXlsxRows(path: string, options: XlsxReadOptions = {}): AsyncGenerator<SourceRow> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  file.on('data', (chunk) => {
    bytes += chunk.length;
    options.onBytes?.(bytes);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let sheet = 0;
  let lastLine = 0;
  try {
    for await (const worksheet of reader) {
      sheet++;
      for await (const row of worksheet) {
        // Later sheets are drained (the zip stream must be read through) but not imported.
        if (sheet > 1) continue;
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        lastLine = row.number;
        yield { line: row.number, cells };
      }
    }
  } catch {
    yield { line: lastLine + 1, error: 'classeur XLSX illisible : archive endommagée, incomplète ou qui n’est pas un classeur', raw: '', fatal: true };
  } finally {
    file.destroy();
  }
}
