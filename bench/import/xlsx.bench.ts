// XLSX reading benchmark: a workbook in INSEE's layout (a documentation sheet, then the communes of France × 30 float
// columns under two title lines, shared strings), generated once and deterministically. Socle's reader (the archive's
// central directory, saxes) against exceljs's streaming reader as the peer, both giving every row's cells as text,
// alternated RUNS times (default 5) in this process; then the whole import of the workbook into a fresh SQLite file.
// Run: [RUNS=5] npx tsx bench/import/xlsx.bench.ts   (prints a table; not a test)
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsxRows } from '../../src/import/parse/xlsx-rows.js';
import { closeContext, createContext } from '../../src/services/context.js';
import { importFile } from '../../src/services/import/import-file.service.js';
import { getReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, timeAsync } from '../bench-utils.js';

const FILE = join(new URL('.', import.meta.url).pathname, '..', 'out', 'national-p22.xlsx');
const COLUMNS = 30;

const generate = async (): Promise<void> => {
  const r = getReferential();
  mkdirSync(dirname(FILE), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: FILE, useSharedStrings: true });
  wb.addWorksheet('Documentation').addRow(['Base de démonstration au format des chiffres clés de l’INSEE']).commit();
  const ws = wb.addWorksheet('COM');
  ws.addRow(['Recensement de la population 2022']).commit();
  ws.addRow(['Source : généré pour le banc d’essai']).commit();
  ws.addRow(['CODGEO', 'LIBGEO', ...Array.from({ length: COLUMNS }, (_, j) => `P22_VAR${String(j).padStart(2, '0')}`)]).commit();
  let seed = 20260101;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (const i of r.france) {
    const base = Number.isFinite(r.population[i]) ? r.population[i] : 100;
    ws.addRow([r.codes[i], r.names[i], ...Array.from({ length: COLUMNS }, () => (random() < 0.01 ? 's' : base * random()))]).commit();
  }
  ws.commit();
  await wb.commit();
};

/** Socle's reader: rows and cells. */
const socle = async (): Promise<number> => {
  let cells = 0;
  for await (const row of readXlsxRows(FILE)) cells += row.cells?.length ?? 0;
  return cells;
};

/** The peer: exceljs's streaming reader, every row of every sheet as text. */
const exceljs = async (): Promise<number> => {
  let cells = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(FILE, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  for await (const ws of reader) {
    for await (const row of ws) {
      const values = row.values as unknown[];
      for (let k = 1; k < values.length; k++) {
        const v = values[k];
        if (v !== undefined && v !== null) String(v);
        cells++;
      }
    }
  }
  return cells;
};

const main = async () => {
  if (!existsSync(FILE)) await generate();
  const runs = Number(process.env.RUNS ?? 5);
  const times: Record<'socle' | 'exceljs', number[]> = { socle: [], exceljs: [] };
  const ratios: number[] = [];
  let cells = 0;
  for (let k = 0; k < runs; k++) {
    const a = await timeAsync(socle);
    const b = await timeAsync(exceljs);
    cells = a.value;
    times.socle.push(a.ms);
    times.exceljs.push(b.ms);
    ratios.push(a.ms / b.ms);
    process.stdout.write(`  passage ${k + 1} : Socle ${a.ms.toFixed(0)} ms, exceljs ${b.ms.toFixed(0)} ms\n`);
  }
  // The whole import: read, check, re-base to the COG, write into a fresh SQLite file.
  const dir = mkdtempSync(join(tmpdir(), 'socle-bench-xlsx-'));
  const ctx = await createContext(`sqlite:${join(dir, 'socle.sqlite')}`);
  const imported = await timeAsync(() => importFile(ctx, { filePath: FILE }));
  await closeContext(ctx);
  rmSync(dir, { recursive: true, force: true });
  if (!imported.value.ok) throw new Error(imported.value.error.message);
  const report = imported.value.value;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  printTable(`Lecture d’un classeur XLSX (${(statSync(FILE).size / 1e6).toFixed(1)} Mo, ${report.rows} communes × ${COLUMNS} colonnes, ${RUNS_LABEL(runs)})`, [
    ['Socle (répertoire de l’archive + saxes), médiane', ms(quantile(times.socle, 0.5))],
    ['exceljs, lecteur en flux (pair), médiane', ms(quantile(times.exceljs, 0.5))],
    ['rapport Socle / exceljs, médiane des passages', quantile(ratios, 0.5).toFixed(2)],
    ['cellules lues par passage (Socle)', String(cells)],
    ['import complet dans SQLite (lecture, contrôle, écriture)', ms(imported.ms)],
    ['lignes importées, valeurs secrètes', `${report.imported}, ${report.secret_values}`],
  ]);
};

const RUNS_LABEL = (n: number) => `${n} passage${n > 1 ? 's' : ''} alternés`;

await main();
