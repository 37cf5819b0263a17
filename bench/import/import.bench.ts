// Import benchmark: the national wide INSEE-layout file (34,875 communes × 100 float columns, `;`, some `s`) imported
// by Socle (parse, validate, normalise, commit into a fresh SQLite file) against DuckDB's `read_csv` into a table
// and, where python3 (on PATH or Debian's) has pandas, pandas' `read_csv`. Each run is its own process, so peak RSS is that run's.
// Run: npx tsx bench/import/import.bench.ts   (prints a table; not a test)
import { spawnSync } from 'node:child_process';
import { printTable } from '../bench-utils.js';
import { ensureNationalFile } from './generate-national-file.js';

interface Run {
  seconds: number;
  cpuSeconds?: number;
  peakMb: number;
  rssBeforeMb: number;
  rows: number;
  readSeconds?: number;
  values?: number;
}

const child = (mode: string, file: string): Run => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL('./run-one.ts', import.meta.url).pathname, mode, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
};

const pandas = (file: string): Run | string => {
  // The python3 on PATH may be a pyenv one without pandas while Debian's python3-pandas sits in /usr/bin/python3.
  const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0);
  if (!python) return 'pandas absent (ni python3 ni /usr/bin/python3 n’a pandas sur cette machine)';
  const code = [
    'import time, resource, pandas',
    't = time.perf_counter()',
    `df = pandas.read_csv(${JSON.stringify(file)}, sep=";", dtype={"CODGEO": str}, na_values=["s"])`,
    'print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(df), time.process_time())',
  ].join('\n');
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return `pandas en échec : ${r.stderr.slice(0, 200)}`;
  const [seconds, peakMb, rows, cpuSeconds] = r.stdout.trim().split(/\s+/).map(Number);
  return { seconds, cpuSeconds, peakMb, rssBeforeMb: 0, rows };
};

const main = async () => {
  const f = await ensureNationalFile();
  const mb = f.bytes / 1048576;
  process.stdout.write(`fichier : ${f.path} — ${f.rows} communes × ${f.columns} colonnes, ${mb.toFixed(1)} Mo\n`);
  const dry = child('socle-dry', f.path);
  const socle = child('socle', f.path);
  const duck = child('duckdb', f.path);
  const pd = pandas(f.path);
  const s = (x: number) => `${x.toFixed(2)} s`;
  const both = (r: Run) => `${s(r.seconds)} (CPU ${s(r.cpuSeconds ?? NaN)})`;
  const rows: [string, string][] = [
    ['Socle : lecture + validation + normalisation (essai à blanc)', both(dry)],
    ['Socle : import complet (… + écriture SQLite, une transaction)', both(socle)],
    ['  dont lecture', s(socle.readSeconds ?? 0)],
    [`  dont écriture de ${(socle.values ?? 0).toLocaleString('fr-FR')} valeurs`, s(socle.seconds - (socle.readSeconds ?? 0))],
    ['Socle : lignes/s', `${Math.round(f.rows / socle.seconds).toLocaleString('fr-FR')}`],
    ['Socle : valeurs/s', `${Math.round((socle.values ?? 0) / socle.seconds).toLocaleString('fr-FR')}`],
    ['Socle : Mo/s', (mb / socle.seconds).toFixed(1)],
    ['Socle : RSS de pointe (contexte compris)', `${socle.peakMb.toFixed(0)} Mo`],
    ['Socle : RSS avant l’import (référentiel chargé)', `${socle.rssBeforeMb.toFixed(0)} Mo`],
    ['Socle essai à blanc : RSS de pointe', `${dry.peakMb.toFixed(0)} Mo`],
    ['DuckDB read_csv → table', both(duck)],
    ['DuckDB : RSS de pointe', `${duck.peakMb.toFixed(0)} Mo`],
    ['ratio Socle complet / DuckDB, temps (objectif ≤ 2)', (socle.seconds / duck.seconds).toFixed(2)],
    ['ratio Socle complet / DuckDB, CPU', ((socle.cpuSeconds ?? NaN) / (duck.cpuSeconds ?? NaN)).toFixed(2)],
    ['ratio Socle lecture seule / DuckDB, temps', (dry.seconds / duck.seconds).toFixed(2)],
  ];
  if (typeof pd === 'string') rows.push(['pandas read_csv', pd]);
  else {
    rows.push(['pandas read_csv', both(pd)], ['pandas : RSS de pointe', `${pd.peakMb.toFixed(0)} Mo`]);
    rows.push(['ratio Socle complet / pandas (objectif < 1)', (socle.seconds / pd.seconds).toFixed(2)]);
  }
  process.stdout.write(`charge de la machine (load average 1 min) : ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
  printTable('Import du fichier national (34 875 communes × 100 colonnes)', rows);
};

await main();
