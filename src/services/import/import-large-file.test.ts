// A large CSV whose beginning has plain lines is read once, its whole-file checks made by the reader (SniffedFile.checks).
// When the rest of the file is not as its beginning — a quoted cell, a Windows-1252 byte far down — it is read again
// as it is: the import is the one the careful reading gives. A second import of the same file is still a no-op.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_IN_WORKER_BYTES, sniffFile } from '../../import/detect/sniff-file.js';
import { readObservations } from '../../storage/observation-columns.js';
import { closeContext, createContext, type AppContext } from '../context.js';
import { importFile } from './import-file.service.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-large-'));
let ctx: AppContext;
beforeAll(async () => {
  ctx = await createContext('sqlite::memory:');
});
afterAll(async () => {
  await closeContext(ctx);
  rmSync(dir, { recursive: true, force: true });
});

/** Every commune of France with a long label, past the size from which the checks are left to the reader. */
const lines = (last: (code: string) => string): { text: string; codes: string[] } => {
  const codes = Array.from(ctx.referential.france, (i) => ctx.referential.codes[i]);
  const label = 'Commune au nom assez long pour grossir le fichier '.repeat(5);
  const body = codes.map((c, k) => (k === codes.length - 1 ? last(c) : `${c};${label}${k};${k};${k / 8}`));
  const text = `CODGEO;LIBGEO;P22_POP;P22_MEN\n${body.join('\n')}\n`;
  expect(text.length).toBeGreaterThan(HASH_IN_WORKER_BYTES);
  return { text, codes };
};

const value = async (datasetId: number | null, variable: string, code: string) =>
  (await readObservations(ctx.store.db, { datasetIds: [datasetId ?? -1], variables: [variable], millesime: 2022, level: 'com', codes: [code] }))[0]?.value;

describe('grand fichier CSV lu une fois', () => {
  it('des lignes simples jusqu’au bout : lu une fois, importé, puis sans effet la seconde fois', async () => {
    const { text, codes } = lines((c) => `${c};Dernière;7;0.5`);
    const path = join(dir, 'simple.csv');
    writeFileSync(path, text);
    expect((await sniffFile(path)).checks).toBeDefined();
    const r = await importFile(ctx, { filePath: path });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ imported: codes.length, rejected_rows: 0, encoding: 'UTF-8' });
    expect(await value(r.value.datasetId, 'P_POP', codes[1])).toBe(1);
    expect(await value(r.value.datasetId, 'P_MEN', codes[3])).toBe(3 / 8);
    const again = await importFile(ctx, { filePath: path });
    expect(again.ok && again.value.noop).toBe(true);
  });

  it('un champ entre guillemets en fin de fichier : relu par le lecteur complet, la valeur est lue', async () => {
    const { text, codes } = lines((c) => `${c};"Dernière; la vraie";"12";0.5`);
    const path = join(dir, 'quoted.csv');
    writeFileSync(path, text);
    const r = await importFile(ctx, { filePath: path, dryRun: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ imported: codes.length, rejected_rows: 0 });
  });

  it('un octet Windows-1252 en fin de fichier : relu en Windows-1252', async () => {
    const { text, codes } = lines((c) => `${c};Sainte-Cécile;abc;0.5`);
    const path = join(dir, 'latin.csv');
    writeFileSync(path, iconv.encode(text, 'win1252'));
    const r = await importFile(ctx, { filePath: path, dryRun: true, acceptPartial: true });
    if (!r.ok) throw new Error(r.error.message);
    // The last row's `abc` is refused: its line is read, in Windows-1252.
    expect(r.value).toMatchObject({ encoding: 'Windows-1252', imported: codes.length - 1, rejected_rows: 1 });
    expect(r.value.rejected[0]).toMatchObject({ line: codes.length + 1, column: 'P22_POP', value: 'abc' });
  });
});
