// The rows of an Excel 97-2003 workbook (.xls), as the table reader wants them: the worksheet chosen as for XLSX
// (workbook-sheets.ts), its cells as text. The workbook is read by xls-workbook.ts.
import type { SourceRow } from './source-row.js';
import { chooseSheet, type SheetChoice } from './workbook-sheets.js';
import { readXlsWorkbook, XlsProblem, type XlsSheet } from './xls-workbook.js';

const UNREADABLE = 'classeur Excel 97-2003 (XLS) illisible';
const unreadable = (cause: string): string => `${UNREADABLE} : ${cause}`;

export async function* readXlsRows(path: string, options: SheetChoice = {}): AsyncGenerator<SourceRow> {
  let sheets: XlsSheet[];
  try {
    sheets = await readXlsWorkbook(path);
    if (sheets.length === 0) throw new XlsProblem('aucune feuille de calcul');
  } catch (e) {
    // Our own refusals say what is wrong; anything else (a read past the end of a damaged file) says where it failed.
    const cause = e instanceof XlsProblem ? e.message : `fichier endommagé (${(e as Error).message})`;
    yield { line: 1, error: unreadable(cause), raw: '', fatal: true };
    return;
  }
  yield* chooseSheet(
    sheets.map((sheet) => ({
      name: sheet.name,
      // Read whole (an XLS holds at most 65,536 rows); the cells of one sheet are only decoded when it is looked at.
      rows: async function* () {
        yield* sheet.rows();
      },
    })),
    options,
    (cause) => unreadable(`fichier endommagé (${cause})`),
  );
}
