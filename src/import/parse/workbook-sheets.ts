// Which worksheet of a workbook is read, the same for XLSX and XLS: the one asked for (by name, case and accents
// aside), or the first with a territory code column in its first rows (INSEE workbooks put communes first, COM, and
// other levels after; some open on a documentation sheet, or on départements and régions, read only when nothing finer
// follows); the first rows of the others are searched to name those that hold data too. The header row itself is found below the title lines by the table reader.
import { foldText } from '../../core/referential/text.js';
import { findCodeColumn, looksLikeCode } from '../tabular/territory-code.js';
import type { SourceRow } from './source-row.js';

export interface SheetChoice {
  /** The worksheet to read, by name (case and accents aside); by default the first with a territory code column. */
  sheet?: string;
  /**
   * Told, once the workbook is read, which worksheet was read and the other worksheets that have a territory code
   * column in their first rows (INSEE's workbooks give each level a sheet: COM, EPCI, DEP…).
   */
  onSheets?: (read: string | undefined, others: string[]) => void;
  /**
   * Told the worksheet read, by its own name, as soon as it is chosen, before its first row: the sheet is part of what
   * an import is (two sheets of one workbook are two datasets), known before the workbook is read whole.
   */
  onChosen?: (sheet: string) => void;
}

export interface WorkbookSheet {
  name: string;
  /** The sheet's rows; `reading` is true for the sheet read (its progress may be followed), false for a search. */
  rows(reading: boolean): AsyncIterable<{ line: number; cells: string[] }>;
}

/** Rows of a worksheet searched for a header (title lines above it). */
const HEADER_SEARCH_ROWS = 50;

/**
 * Rows after a header searched for a territory code in its code column. A sheet documenting the variables names
 * CODGEO in a cell too (« CODGEO | Code géographique », then « P22_POP | Population … »), but no code follows it; a
 * table may put a row of labels under its codes (« Code géographique ») before its first commune.
 */
const DATA_SEARCH_ROWS = 5;


/** The rows of the chosen sheet; `unreadable` words an error met while reading a sheet. */
export async function* chooseSheet(sheets: WorkbookSheet[], options: SheetChoice, unreadable: (cause: string) => string): AsyncGenerator<SourceRow> {
  const wanted = options.sheet === undefined ? undefined : foldText(options.sheet);
  let lastLine = 0;
  const others: string[] = [];
  let chosen: string | undefined;
  let firstHead: { line: number; cells: string[] }[] | undefined;
  try {
    if (wanted !== undefined) {
      const sheet = sheets.find((s) => foldText(s.name) === wanted);
      if (!sheet) {
        yield { line: 1, error: `pas de feuille « ${options.sheet} » dans le classeur ; ses feuilles : ${sheets.map((s) => `« ${s.name} »`).join(', ')}`, raw: '', fatal: true };
        return;
      }
      chosen = sheet.name;
      options.onChosen?.(chosen);
      for await (const row of sheet.rows(true)) {
        lastLine = row.line;
        yield row;
      }
    } else {
      /** Sheets of départements or régions only, in order: the first is read when no sheet of finer codes follows. */
      const coarse: WorkbookSheet[] = [];
      /** Every sheet with a code column, in order, to name the others. */
      const named: string[] = [];
      /** Sheets whose code header no code follows (a sheet documenting the variables), read if nothing else is. */
      const documenting: WorkbookSheet[] = [];
      for (const sheet of sheets) {
        // The first rows of each sheet are searched for a code column: the first sheet that has one is read, the
        // others that have one are named. A sheet of départements or régions (INSEE's workbooks of populations
        // légales open on them) gives way to a later sheet of communes, IRIS or EPCI.
        const reading = chosen === undefined;
        const head: { line: number; cells: string[] }[] = [];
        let found = false;
        /** The code column of the header found, while the rows under it are searched for a code. */
        let pending: { index: number; after: number } | undefined;
        for await (const row of sheet.rows(reading)) {
          if (found) {
            lastLine = row.line;
            yield row;
            continue;
          }
          head.push(row);
          if (pending) {
            if (looksLikeCode(row.cells[pending.index])) {
              named.push(sheet.name);
              // A sheet after the one read is only named.
              if (!reading) break;
              found = true;
              chosen = sheet.name;
              options.onChosen?.(chosen);
              lastLine = row.line;
              yield* head;
            } else if (++pending.after >= DATA_SEARCH_ROWS) break;
            continue;
          }
          const code = findCodeColumn(row.cells);
          if (code) {
            if (code.kind === 'dep' || code.kind === 'reg') {
              named.push(sheet.name);
              if (reading) coarse.push(sheet);
              break;
            }
            pending = { index: code.index, after: 0 };
            continue;
          }
          if (head.length >= HEADER_SEARCH_ROWS) break;
        }
        // A header and no code under it: documentation, or a table without rows, read only if nothing else is.
        if (reading && pending && !found) documenting.push(sheet);
        if (reading) firstHead ??= head;
      }
      const fallback = chosen === undefined ? (coarse[0] ?? documenting[0]) : undefined;
      if (fallback) {
        chosen = fallback.name;
        options.onChosen?.(chosen);
        for await (const row of fallback.rows(true)) {
          lastLine = row.line;
          yield row;
        }
      }
      others.push(...named.filter((n) => n !== chosen));
    }
  } catch (e) {
    yield { line: lastLine + 1, error: unreadable((e as Error).message), raw: '', fatal: true };
    return;
  }
  options.onSheets?.(chosen, others);
  // No sheet has a code column: the first sheet's first rows go to the table reader, which says what it found.
  if (chosen === undefined) yield* firstHead ?? [];
}
