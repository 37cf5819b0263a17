// The streaming XLSX reader: the data sheet found under a documentation sheet, and its guard against a workbook that
// never ends not set off by a pause of the whole process.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from './source-row.js';
import { readXlsxRows } from './xlsx-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'comparateur.xlsx');

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Documentation').addRow(['Ce classeur présente les chiffres clés.']);
  const ws = wb.addWorksheet('COM');
  ws.addRow(['Base du comparateur de territoires']);
  ws.addRow(['CODGEO', 'LIBGEO', 'P22_POP']);
  ws.addRow(['31555', 'Toulouse', 511684]);
  wb.addWorksheet('Notes').addRow(['rien']);
  await wb.xlsx.writeFile(path);
});

const readAll = async (onBytes?: (bytes: number) => void, stallMs?: number): Promise<SourceRow[]> => {
  const rows: SourceRow[] = [];
  for await (const r of readXlsxRows(path, { onBytes, stallMs })) rows.push(r);
  return rows;
};

/** Blocks the event loop, as a long synchronous task or a starved process does. */
const freeze = (ms: number): void => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe('readXlsxRows', () => {
  it('lit la feuille des communes sous la documentation', async () => {
    const rows = await readAll();
    expect(rows.map((r) => ('cells' in r ? r.cells : r))).toEqual([
      ['Base du comparateur de territoires'],
      ['CODGEO', 'LIBGEO', 'P22_POP'],
      ['31555', 'Toulouse', '511684'],
    ]);
  });

  it('une pause du processus pendant la lecture ne fait pas refuser un classeur sain', async () => {
    const size = statSync(path).size;
    // The pause (longer than the guard's delay) starts once the file has been read to its end, while the workbook
    // is still being parsed; where exactly depends on the machine, so two moments are tried.
    const moments: ((f: () => void) => void)[] = [(f) => setImmediate(() => setImmediate(f)), (f) => setTimeout(f, 5)];
    for (const at of moments) {
      const rows = await readAll(
        (bytes) => {
          if (bytes === size) at(() => freeze(3500));
        },
        3000,
      );
      expect(rows.filter((r) => 'error' in r)).toEqual([]);
      expect(rows.at(-1)).toEqual({ line: 3, cells: ['31555', 'Toulouse', '511684'] });
    }
  });
});
