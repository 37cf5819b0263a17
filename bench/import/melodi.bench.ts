// INSEE's long files (Melodi, ADR 0010): a populations-de-référence-like file for the communes of France (3 measures ×
// 12 years, plus the départements and régions rows INSEE adds), generated once and deterministically, with the same
// figures as a wide table (one row per commune). Alternated RUNS times (default 3) in this process, each into a fresh
// database: Socle importing the long file (pivot, then the table reader), Socle importing the wide file (the cost of
// the pivot is the difference), and DuckDB pivoting the long file into a table as the peer.
// Run: [RUNS=3] npx tsx bench/import/melodi.bench.ts   (prints a table; not a test)
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { closeContext, createContext } from '../../src/services/context.js';
import { importFile } from '../../src/services/import/import-file.service.js';
import { getReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, timeAsync } from '../bench-utils.js';

const OUT = join(new URL('.', import.meta.url).pathname, '..', 'out');
const LONG = join(OUT, 'DS_POPULATIONS_REFERENCE_data.csv');
const WIDE = join(OUT, 'populations-reference-wide.csv');
const MEASURES = ['PMUN', 'PCAP', 'PTOT'];
const YEARS = Array.from({ length: 12 }, (_, k) => 2012 + k);

const write = (path: string, lines: Iterable<string>): Promise<void> =>
  new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.on('finish', resolve);
    let chunk: string[] = [];
    for (const l of lines) {
      chunk.push(l);
      if (chunk.length === 10_000) {
        out.write(`${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  });

const generate = async (): Promise<void> => {
  const r = getReferential();
  mkdirSync(dirname(LONG), { recursive: true });
  let seed = 20261129;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const figures = new Map<number, number[]>();
  for (const i of r.france) {
    const base = Number.isFinite(r.population[i]) ? r.population[i] : 100;
    figures.set(i, YEARS.flatMap(() => { const pmun = Math.round(base * (0.9 + 0.2 * random())); const pcap = Math.round(pmun * 0.02 * random()); return [pmun, pcap, pmun + pcap]; }));
  }
  await write(LONG, (function* () {
    yield '"GEO";"GEO_OBJECT";"FREQ";"POPREF_MEASURE";"TIME_PERIOD";"OBS_VALUE"';
    for (const [i, f] of figures) {
      for (let y = 0; y < YEARS.length; y++) for (let m = 0; m < 3; m++) yield `"${r.codes[i]}";"COM";"A";"${MEASURES[m]}";"${YEARS[y]}";"${f[y * 3 + m]}"`;
    }
    for (const d of r.departements.keys()) for (const y of YEARS) yield `"${d}";"DEP";"A";"PMUN";"${y}";"1000"`;
    for (const g of r.regions.keys()) for (const y of YEARS) yield `"${g}";"REG";"A";"PMUN";"${y}";"1000"`;
  })());
  await write(WIDE, (function* () {
    yield ['CODGEO', ...YEARS.flatMap((y) => MEASURES.map((m) => `${m}${y}`))].join(';');
    for (const [i, f] of figures) yield [r.codes[i], ...f].join(';');
  })());
};

const socle = async (file: string): Promise<{ ms: number; values: number }> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-melodi-'));
  const ctx = await createContext(`sqlite:${join(dir, 'socle.sqlite')}`);
  try {
    const { value, ms } = await timeAsync(() => importFile(ctx, { filePath: file }));
    if (!value.ok) throw new Error(value.error.message);
    return { ms, values: value.value.imported * value.value.variables.length };
  } finally {
    await closeContext(ctx);
    rmSync(dir, { recursive: true, force: true });
  }
};

const duckdb = async (): Promise<{ ms: number; rows: number }> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-melodi-'));
  try {
    const { value, ms } = await timeAsync(async () => {
      const db = await DuckDBInstance.create(join(dir, 'peer.duckdb'));
      const conn = await db.connect();
      await conn.run(
        `CREATE TABLE t AS PIVOT (SELECT * FROM read_csv('${LONG}', delim=';', types={'GEO': 'VARCHAR'}) WHERE GEO_OBJECT IN ('COM', 'DEP')) ON POPREF_MEASURE, TIME_PERIOD USING first(OBS_VALUE) GROUP BY GEO`,
      );
      await conn.run('CHECKPOINT');
      const n = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
      conn.closeSync();
      db.closeSync();
      return n;
    });
    return { ms, rows: value };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const main = async () => {
  if (!existsSync(LONG) || !existsSync(WIDE)) await generate();
  const runs = Math.max(1, Number(process.env.RUNS ?? 3));
  const long: number[] = [];
  const wide: number[] = [];
  const duck: number[] = [];
  let values = 0;
  let duckRows = 0;
  for (let k = 0; k < runs; k++) {
    const l = await socle(LONG);
    long.push(l.ms);
    values = l.values;
    wide.push((await socle(WIDE)).ms);
    const d = await duckdb();
    duck.push(d.ms);
    duckRows = d.rows;
  }
  const med = (xs: number[]) => quantile(xs, 0.5);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = readFileSync(LONG).toString('latin1').split('\n').filter((l) => l !== '').length - 1;
  printTable(`Fichier long Melodi : ${(statSync(LONG).size / 1048576).toFixed(1)} Mo (${lines.toLocaleString('fr-FR')} lignes), ${RUNS_TEXT(runs)}`, [
    ['Socle : import du fichier long (pivot + lecture + écriture SQLite)', s(med(long))],
    ['  étendue', `${s(Math.min(...long))}–${s(Math.max(...long))}`],
    ['Socle : import des mêmes chiffres en tableau large', s(med(wide))],
    ['DuckDB : PIVOT du fichier long en table (pair)', s(med(duck))],
    ['valeurs écrites par Socle / lignes de la table DuckDB', `${values.toLocaleString('fr-FR')} / ${duckRows.toLocaleString('fr-FR')}`],
    ['ratio Socle long / Socle large (coût du pivot)', (med(long) / med(wide)).toFixed(2)],
    ['ratio Socle long / DuckDB PIVOT', (med(long) / med(duck)).toFixed(2)],
    ['RSS du processus à la fin', `${Math.round(process.memoryUsage().rss / 1048576)} Mo`],
  ]);
};

const RUNS_TEXT = (n: number) => `${n} passe${n > 1 ? 's' : ''} alternée${n > 1 ? 's' : ''}, médianes`;

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
