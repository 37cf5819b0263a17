// The streaming XLSX reader: the data sheet found under a documentation sheet, and its guard against a workbook that
// never ends not set off by a pause of the whole process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from './source-row.js';
import { readXlsxRows, StallWatch } from './xlsx-rows.js';

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

const readAll = async (): Promise<SourceRow[]> => {
  const rows: SourceRow[] = [];
  for await (const r of readXlsxRows(path)) rows.push(r);
  return rows;
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
});

describe('StallWatch', () => {
  it('compte les vérifications sans progrès une fois le fichier lu, pas le temps', () => {
    const w = new StallWatch(3, 0, 0);
    // Before the end of the file, nothing is a stall.
    expect([100, 200, 300, 400].map((t) => w.check(t, 1, false))).toEqual([false, false, false, false]);
    // After it, three regular checks without progress are one.
    expect([500, 600, 700].map((t) => w.check(t, 2, true))).toEqual([false, false, false]);
    expect(w.check(800, 2, true)).toBe(true);
  });

  it('une vérification qui suit une pause du processus ne compte pas, un progrès remet le compte à zéro', () => {
    const w = new StallWatch(3, 0, 0);
    w.check(100, 5, true);
    expect(w.check(200, 5, true)).toBe(false);
    expect(w.check(300, 5, true)).toBe(false);
    // 3.5 s without a check: the process was paused, the reads that completed meanwhile have not been delivered yet.
    expect(w.check(3800, 5, true)).toBe(false);
    expect(w.check(3900, 6, true)).toBe(false);
    expect([4000, 4100].map((t) => w.check(t, 6, true))).toEqual([false, false]);
    expect(w.check(4200, 6, true)).toBe(true);
  });
});
