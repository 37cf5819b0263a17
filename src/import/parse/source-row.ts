// One record of a table file as the readers hand it over: its cells as text, its cells read from the file's bytes on
// demand (the plain-line reader), or why it could not be read.
import { CELL_VALUE, type CellReader, type CellState } from '../normalise/number-cell.js';

/**
 * The cells of one record, read one at a time. A cell past the end reads as an empty cell (XLSX rows omit trailing
 * empty cells). `read(i, reader)` gives exactly what `reader.read(text(i))` gives, leaving the value in
 * `reader.value`; the plain-line reader answers plain numbers from the bytes without making their text.
 */
export interface RowCells {
  readonly length: number;
  text(i: number): string;
  /** Empty or white space only, as String.prototype.trim sees it. */
  blank(i: number): boolean;
  read(i: number, reader: CellReader): CellState;
  /** Reads cells `at[j]` into `states[j]` and, for CELL_VALUE, `values[j]` (as `read` would, one cell after another). */
  readAll(at: Int32Array, reader: CellReader, values: Float64Array, states: Uint8Array): void;
}

export type SourceRow =
  | { line: number; cells: string[]; bytes?: undefined; error?: undefined }
  /** A record of the plain-line reader; valid until the reader is asked for a record of its next chunk. */
  | { line: number; bytes: RowCells; cells?: undefined; error?: undefined }
  /** `fatal`: the reader stopped there (the rest of the file cannot be read). */
  | { line: number; error: string; raw: string; fatal?: boolean; cells?: undefined; bytes?: undefined };

/** What a reader yields: one record, or the records of one chunk of the file (all read before asking for the next). */
export type SourceItem = SourceRow | SourceRow[];

/** RowCells over cells already decoded as text. */
export const textCells = (cells: readonly string[]): RowCells => ({
  length: cells.length,
  text: (i) => cells[i] ?? '',
  blank: (i) => (cells[i] ?? '').trim() === '',
  read: (i, reader) => reader.read(cells[i] ?? ''),
  readAll(at, reader, values, states) {
    for (let j = 0; j < at.length; j++) {
      const st = reader.read(cells[at[j]] ?? '');
      states[j] = st;
      if (st === CELL_VALUE) values[j] = reader.value;
    }
  },
});

/** The cells of a record as text. */
export const rowTexts = (row: { cells: string[] } | { bytes: RowCells }): string[] => {
  if ('cells' in row && row.cells) return row.cells;
  const b = (row as { bytes: RowCells }).bytes;
  return Array.from({ length: b.length }, (_, i) => b.text(i));
};
