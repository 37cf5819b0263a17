// Import benchmark: the national wide INSEE-layout file (34,875 communes × 100 float columns, `;`, some `s`) imported
// by Socle (parse, validate, normalise, commit into a fresh SQLite file) against DuckDB's `read_csv` into a table
// and, where python3 (on PATH or Debian's) has pandas, pandas' `read_csv`. Each run is its own process, so peak RSS is that run's.
// The runs alternate (Socle, DuckDB, pandas, then again) RUNS times (default 5) and the table gives medians: on a
// shared 2-core machine one run of each moves by 15–30 %, so a single pair of runs says little.
// Run: [RUNS=5] npx tsx bench/import/import.bench.ts   (prints a table; not a test)
import { spawnSync } from 'node:child_process';
import { printTable, quantile } from '../bench-utils.js';
import { ensureNationalFile } from './generate-national-file.js';

interface Run {
  seconds: number;
  cpuSeconds?: number;
  peakMb: number;
  rssBeforeMb: number;
  rows: number;
  readSeconds?: number;
  values?: number;
  /** For a median: the wall time of the run closest to it, whose read/write split is shown. */
  ownSeconds?: number;
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
  const runs = Math.max(1, Number(process.env.RUNS ?? 5));
  const all: Record<'dry' | 'socle' | 'duck' | 'pd', Run[]> = { dry: [], socle: [], duck: [], pd: [] };
  let pdMissing: string | undefined;
  for (let i = 0; i < runs; i++) {
    all.dry.push(child('socle-dry', f.path));
    all.socle.push(child('socle', f.path));
    all.duck.push(child('duckdb', f.path));
    const p = pandas(f.path);
    if (typeof p === 'string') pdMissing = p;
    else all.pd.push(p);
  }
  /** The run of median wall time (its other figures go with it); peak RSS is the highest of all runs. */
  const median = (list: Run[]): Run => {
    const m = quantile(list.map((r) => r.seconds), 0.5);
    const picked = { ...list.reduce((best, r) => (Math.abs(r.seconds - m) < Math.abs(best.seconds - m) ? r : best)) };
    return { ...picked, ownSeconds: picked.seconds, seconds: m, cpuSeconds: quantile(list.map((r) => r.cpuSeconds ?? NaN), 0.5), peakMb: Math.max(...list.map((r) => r.peakMb)) };
  };
  const dry = median(all.dry);
  const socle = median(all.socle);
  const duck = median(all.duck);
  const pd: Run | string = pdMissing ?? median(all.pd);
  const range = (list: Run[]) => `${Math.min(...list.map((r) => r.seconds)).toFixed(2)}–${Math.max(...list.map((r) => r.seconds)).toFixed(2)} s`;
  const pairRatios = (peer: Run[]) => all.socle.map((r, i) => (peer[i] ? r.seconds / peer[i].seconds : NaN));
  const s = (x: number) => `${x.toFixed(2)} s`;
  const both = (r: Run) => `${s(r.seconds)} (CPU ${s(r.cpuSeconds ?? NaN)})`;
  const rows: [string, string][] = [
    ['Socle : lecture + validation + normalisation (essai à blanc)', both(dry)],
    ['Socle : import complet (… + écriture SQLite, une transaction)', both(socle)],
    ['  étendue des runs', range(all.socle)],
    ['  dont lecture', s(socle.readSeconds ?? 0)],
    [`  dont écriture de ${(socle.values ?? 0).toLocaleString('fr-FR')} valeurs`, s((socle.ownSeconds ?? socle.seconds) - (socle.readSeconds ?? 0))],
    ['Socle : lignes/s', `${Math.round(f.rows / socle.seconds).toLocaleString('fr-FR')}`],
    ['Socle : valeurs/s', `${Math.round((socle.values ?? 0) / socle.seconds).toLocaleString('fr-FR')}`],
    ['Socle : Mo/s', (mb / socle.seconds).toFixed(1)],
    ['Socle : RSS de pointe (contexte compris)', `${socle.peakMb.toFixed(0)} Mo`],
    ['Socle : RSS avant l’import (référentiel chargé)', `${socle.rssBeforeMb.toFixed(0)} Mo`],
    ['Socle essai à blanc : RSS de pointe', `${dry.peakMb.toFixed(0)} Mo`],
    ['DuckDB read_csv → table', both(duck)],
    ['  étendue des runs', range(all.duck)],
    ['DuckDB : RSS de pointe', `${duck.peakMb.toFixed(0)} Mo`],
    ['ratio Socle complet / DuckDB, temps, des médianes (objectif ≤ 2)', (socle.seconds / duck.seconds).toFixed(2)],
    ['  ratios run par run', pairRatios(all.duck).map((x) => x.toFixed(2)).join(' · ')],
    ['ratio Socle complet / DuckDB, CPU', ((socle.cpuSeconds ?? NaN) / (duck.cpuSeconds ?? NaN)).toFixed(2)],
    ['ratio Socle lecture seule / DuckDB, temps', (dry.seconds / duck.seconds).toFixed(2)],
  ];
  if (typeof pd === 'string') rows.push(['pandas read_csv', pd]);
  else {
    rows.push(['pandas read_csv', both(pd)], ['  étendue des runs', range(all.pd)], ['pandas : RSS de pointe', `${pd.peakMb.toFixed(0)} Mo`]);
    rows.push(['ratio Socle complet / pandas, des médianes (objectif < 1)', (socle.seconds / pd.seconds).toFixed(2)]);
    rows.push(['  ratios run par run', pairRatios(all.pd).map((x) => x.toFixed(2)).join(' · ')]);
  }
  process.stdout.write(`charge de la machine (load average 1 min) : ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
  printTable(`Import du fichier national (34 875 communes × 100 colonnes), médianes de ${runs} runs alternés`, rows);
};

await main();
