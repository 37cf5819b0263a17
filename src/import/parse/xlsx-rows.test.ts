// The streaming XLSX reader: the data sheet found under a documentation sheet, every kind of cell as a CSV would
// hold it, and reads that follow each other (exceljs's reader lost a workbook's parts now and then).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipArchive } from '../../../test/helpers/zip.js';
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

  it('passe une feuille qui documente les variables (CODGEO y est nommé, aucun code ne le suit), mais la lit s’il n’y a qu’elle', async () => {
    const wb = new ExcelJS.Workbook();
    const doc = wb.addWorksheet('Variables');
    doc.addRow(['Variable', 'Libellé']);
    doc.addRow(['CODGEO', 'Code géographique']);
    doc.addRow(['P22_POP', 'Population en 2022']);
    const ws = wb.addWorksheet('COM');
    ws.addRow(['CODGEO', 'P22_POP']);
    // INSEE's labels under the codes, then the first commune.
    ws.addRow(['Code géographique', 'Population en 2022']);
    ws.addRow([31555, 511684]);
    const file = join(dir, 'variables-d-abord.xlsx');
    await wb.xlsx.writeFile(file);
    const rows: string[][] = [];
    for await (const r of readXlsxRows(file)) rows.push('cells' in r && r.cells ? r.cells : []);
    expect(rows).toEqual([['CODGEO', 'P22_POP'], ['Code géographique', 'Population en 2022'], ['31555', '511684']]);

    // After the sheet read, a sheet of documentation is not named among the other sheets of data; a sheet of EPCI is.
    const after = new ExcelJS.Workbook();
    after.addWorksheet('COM').addRows([['CODGEO', 'P22_POP'], ['31555', 511684]]);
    after.addWorksheet('EPCI').addRows([['CODGEO', 'P22_POP'], ['243100518', 800000]]);
    after.addWorksheet('Variables').addRows([['CODGEO', 'Code géographique'], ['P22_POP', 'Population']]);
    const afterFile = join(dir, 'variables-apres.xlsx');
    await after.xlsx.writeFile(afterFile);
    let others: string[] = [];
    for await (const _ of readXlsxRows(afterFile, { onSheets: (_read, o) => (others = o) }));
    expect(others).toEqual(['EPCI']);

    const alone = new ExcelJS.Workbook();
    alone.addWorksheet('Vide').addRow(['CODGEO', 'P22_POP']);
    const single = join(dir, 'en-tete-seul.xlsx');
    await alone.xlsx.writeFile(single);
    const only: string[][] = [];
    for await (const r of readXlsxRows(single)) only.push('cells' in r && r.cells ? r.cells : []);
    expect(only).toEqual([['CODGEO', 'P22_POP']]);
  });
});

describe('readXlsxRows, les cellules', () => {
  const cellsOf = async (file: string, sheet?: string) => {
    const rows: string[][] = [];
    for await (const r of readXlsxRows(file, { sheet })) {
      if (r.error !== undefined) throw new Error(r.error);
      rows.push('cells' in r && r.cells ? r.cells : []);
    }
    return rows;
  };

  it.each([true, false])('chaque sorte de cellule comme un CSV l’écrirait (chaînes partagées : %s)', async (useSharedStrings) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Données & notes');
    ws.getCell('A1').value = 'CODGEO';
    ws.getCell('B1').value = { richText: [{ text: 'Saint-' }, { font: { bold: true }, text: 'Béat <&> Lez' }] };
    ws.getCell('D1').value = 'P22_POP';
    ws.getCell('A2').value = '31471';
    ws.getCell('B2').value = true;
    ws.getCell('C2').value = { formula: 'D2*2', result: 824 };
    ws.getCell('D2').value = 280598.559263947;
    ws.getCell('E2').value = { error: '#N/A' };
    ws.getCell('F2').value = 1e-7;
    const file = join(dir, `cellules-${useSharedStrings}.xlsx`);
    await wb.xlsx.writeFile(file, { useSharedStrings });
    expect(await cellsOf(file, 'données & notes')).toEqual([
      ['CODGEO', 'Saint-Béat <&> Lez', '', 'P22_POP'],
      ['31471', 'VRAI', '824', '280598.559263947', '#N/A', '1e-7'],
    ]);
  });

  it('une cellule de date (Date_Ref saisie en date) est lue comme la date qu’elle montre, pas comme son numéro de jour', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('RSA');
    ws.addRow(['Codes_Insee', 'NB_allocataires', 'Date_Ref', 'Heure', 'Part']);
    ws.addRow(['31555', 150000, new Date(Date.UTC(2021, 11, 31)), new Date(Date.UTC(2021, 11, 31, 12, 30)), 0.125]);
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    ws.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm';
    // A figure shown with a format of numbers (a percentage, with text in quotes) stays a figure.
    ws.getCell('E2').numFmt = '0.0%" (dy)"';
    // A date given no format of its own: Excel's built-in date format (numFmtId 14).
    ws.addRow(['31069', 8000, new Date(Date.UTC(2022, 11, 31)), 44561, 0.5]);
    const file = join(dir, 'dates.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await cellsOf(file)).toEqual([
      ['Codes_Insee', 'NB_allocataires', 'Date_Ref', 'Heure', 'Part'],
      ['31555', '150000', '2021-12-31', '2021-12-31 12:30:00', '0.125'],
      ['31069', '8000', '2022-12-31', '44561', '0.5'],
    ]);
  });

  it('200 lectures l’une après l’autre, entières ou arrêtées à la première ligne, rendent toutes la même feuille', async () => {
    const seen = new Map<string, number>();
    for (let k = 0; k < 200; k++) {
      const read: string[] = [];
      for await (const r of readXlsxRows(path)) {
        read.push(r.error ?? (r.cells ?? []).join(';'));
        if (k % 2 === 0) break;
      }
      const key = read.join(' | ');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen]).toEqual([
      ['Base du comparateur de territoires', 100],
      ['Base du comparateur de territoires | CODGEO;LIBGEO;P22_POP | 31555;Toulouse;511684', 100],
    ]);
  });
});

describe('readXlsxRows, un classeur écrit à la main', () => {
  /** A workbook of one sheet whose XML is given: the parts any writer must write, and no shared strings. */
  const workbook = (sheetXml: string, prefix = '') =>
    zipArchive([
      { name: '[Content_Types].xml', content: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: '_rels/.rels', content: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
      { name: 'xl/workbook.xml', content: `<?xml version="1.0"?><${prefix}workbook xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${prefix}sheets><${prefix}sheet name="Données" sheetId="1" r:id="rId1"/></${prefix}sheets></${prefix}workbook>` },
      { name: 'xl/_rels/workbook.xml.rels', content: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/feuille.xml"/></Relationships>' },
      { name: 'xl/worksheets/feuille.xml', content: sheetXml },
    ]);
  const rowsOf = async (bytes: Buffer): Promise<(string[] | string)[]> => {
    const p = join(dir, `main-${Math.random().toString(36).slice(2)}.xlsx`);
    writeFileSync(p, bytes);
    const out: (string[] | string)[] = [];
    for await (const r of readXlsxRows(p)) out.push(r.error ?? r.cells ?? []);
    return out;
  };

  it('chaînes en ligne, résultats de formule, cellules sans référence, préfixe d’espace de noms, entités XML', async () => {
    const xml =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>CODGEO</x:t></x:is></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>P22_POP</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>31555</x:t></x:is></x:c><x:c t="str"><x:f>A1</x:f><x:v>a &amp; b</x:v></x:c><x:c><x:v>511684</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    expect(await rowsOf(workbook(xml, 'x:'))).toEqual([
      ['CODGEO', '', 'P22_POP'],
      ['31555', 'a & b', '511684'],
    ]);
  });

  it('une cellule au-delà de la dernière colonne (XFD) est un dommage : une ligne d’erreur, pas la mémoire remplie', async () => {
    const xml = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZZ1"><v>1</v></c></row></sheetData></worksheet>';
    const rows = await rowsOf(workbook(xml));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^classeur XLSX illisible : .*cellule ZZZZZ1 au-delà des 16384 colonnes d’une feuille/);
  });
});
