// The XLS (Excel 97-2003) reader against xlrd 1.2.0, the peer: the workbooks of test/fixtures/xls were written by
// xlwt and by LibreOffice, and read by xlrd once (make-fixtures.py); every cell this reader gives must be the one
// xlrd gave. Then the
// refusals: not a workbook, truncated, damaged.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsRows } from './xls-rows.js';
import { readXlsWorkbook } from './xls-workbook.js';

const fixtures = new URL('../../../test/fixtures/xls/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'socle-xls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type XlrdCell = null | string | number | boolean | { error: number };
const XLRD_ERRORS: Record<number, string> = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A' };
/** xlrd's cell as this reader writes it: numbers as JavaScript prints them, booleans in French. */
const asText = (c: XlrdCell): string =>
  c === null ? '' : typeof c === 'number' ? String(c) : typeof c === 'boolean' ? (c ? 'VRAI' : 'FAUX') : typeof c === 'string' ? c : XLRD_ERRORS[c.error];
const trim = (cells: string[]): string[] => {
  const out = [...cells];
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
};

describe('lecture des classeurs XLS', () => {
  it.each(['cellules', 'comparateur-31', 'filosofi-31-libreoffice'])('%s.xls : chaque cellule de chaque feuille est celle que xlrd lit', async (name) => {
    const expected = JSON.parse(readFileSync(join(fixtures, `${name}.xlrd.json`), 'utf8')) as { sheets: { name: string; rows: XlrdCell[][] }[] };
    const sheets = await readXlsWorkbook(join(fixtures, `${name}.xls`));
    expect(sheets.map((s) => s.name)).toEqual(expected.sheets.map((s) => s.name));
    let cells = 0;
    sheets.forEach((sheet, k) => {
      const want = expected.sheets[k].rows.flatMap((row, r) => {
        const t = trim(row.map(asText));
        cells += t.length;
        return t.length ? [{ line: r + 1, cells: t }] : [];
      });
      expect(sheet.rows().map((row) => ({ line: row.line, cells: trim(row.cells) }))).toEqual(want);
    });
    expect(cells).toBeGreaterThan({ cellules: 2400, 'comparateur-31': 18000, 'filosofi-31-libreoffice': 16000 }[name]!);
  });

  it('le classeur des communes est lu sous sa documentation et ses titres ; --sheet choisit la feuille EPCI', async () => {
    const rows: string[][] = [];
    let told: [string | undefined, string[]] | undefined;
    for await (const r of readXlsRows(join(fixtures, 'comparateur-31.xls'), { onSheets: (read, others) => (told = [read, others]) })) rows.push(r.cells ?? []);
    expect(rows[0]).toEqual(['Base du comparateur de territoires']);
    expect(rows[2].slice(0, 3)).toEqual(['CODGEO', 'P22_POP', 'P16_POP']);
    expect(rows.find((r) => r[0] === '31555')?.slice(0, 3)).toEqual(['31555', '511684', '475438']);
    expect(told).toEqual(['COM', ['EPCI']]);
    const epci: string[][] = [];
    for await (const r of readXlsRows(join(fixtures, 'comparateur-31.xls'), { sheet: 'epci' })) epci.push(r.cells ?? []);
    expect(epci).toEqual([['CODGEO', 'LIBGEO', 'P22_POP'], ['243100518', 'Toulouse Métropole', '832348']]);
  });

  it('ce qui n’est pas un classeur, un classeur tronqué ou endommagé : une ligne d’erreur qui dit pourquoi, jamais une exception', async () => {
    const bytes = readFileSync(join(fixtures, 'comparateur-31.xls'));
    const first = async (content: Buffer) => {
      const p = join(dir, `f-${Math.random().toString(36).slice(2)}.xls`);
      writeFileSync(p, content);
      for await (const r of readXlsRows(p)) if (r.error !== undefined) return r.error;
      return null;
    };
    expect(await first(Buffer.from('CODGEO;P22_POP\n'))).toBe('classeur Excel 97-2003 (XLS) illisible : ce n’est pas un classeur Excel 97-2003 (signature absente)');
    expect(await first(bytes.subarray(0, 20_000))).toMatch(/^classeur Excel 97-2003 \(XLS\) illisible : /);
    // Damage at many places: each read ends in rows or in an error row, never in an exception.
    for (let k = 0; k < 60; k++) {
      const damaged = Buffer.from(bytes);
      for (let j = 0; j < 8; j++) damaged[(k * 7919 + j * 104729) % damaged.length] ^= 0xff;
      const outcome = await first(damaged);
      expect(outcome === null || outcome.startsWith('classeur Excel 97-2003 (XLS) illisible')).toBe(true);
    }
  });
});
