// Indicator engine benchmark (issue 4): on a generated national data set (every library variable for the 34,969
// communes of the referential) — portraits of a commune, an EPCI, a département and France (median and p99, warm,
// and cold); the 1,255 EPCI portraits; all communes for one indicator. In the same run, the same portraits computed
// by SQL as the peer, on DuckDB and on SQLite (better-sqlite3, the project's embedded store): the values of the
// territory and of its references, and its ranks among territories of its kind in its département and in France,
// from a wide table (a row per commune, a column per variable and millésime).
// Run: npx tsx bench/indicators/engine.bench.ts   (prints a table; not a test)
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import os from 'node:os';
import { IndicatorEngine, type Plan } from '../../src/core/indicators/engine.js';
import { INDICATORS } from '../../src/core/indicators/indicator-library.js';
import type { IndicatorDefinition } from '../../src/core/indicators/indicator.types.js';
import { PortraitBuilder, type PortraitTerritory } from '../../src/core/indicators/portrait-builder.js';
import { parseTerms, type Term } from '../../src/core/indicators/terms.js';
import type { Referential } from '../../src/core/referential/referential.js';
import { getReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, time } from '../bench-utils.js';
import { generateNationalStore, type NationalData } from './generate-national-store.js';

/** Wall-clock and CPU time of a run: on a shared machine, CPU time leaves out the time spent waiting for a core. */
const timed = <T>(fn: () => T): { value: T; ms: number; cpu: number } => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms: wall, cpu: (c.user + c.system) / 1000 };
};

const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(0)} µs`);

// ── SQL peer ─────────────────────────────────────────────────────────────────────────────────────────────────────
// The peer gets its best layout: one wide table, a row per commune and a column per variable and millésime (NULL
// where withheld or absent), as a columnar database would want it. A portrait is, per indicator, one query for the
// values of the territory and its references (conditional sums in one scan) and one for its ranks (window functions).

const col = (name: string, millesime: number) => `${name}_${millesime}`.toLowerCase();

interface SqlPlan {
  def: IndicatorDefinition;
  kind: 'sums' | 'published';
  /** Per-commune numerator and denominator (NULL when a term is withheld, which leaves the commune out). */
  n: string;
  d: string | null;
  /** An expression of n and d that orders territories as the indicator does (the evolution rate grows with n/d). */
  order: string;
  period?: [number, number];
}

const sumOf = (terms: Term[], millesime: number): string => terms.map((t, k) => `${k === 0 ? (t.sign < 0 ? '-' : '') : t.sign < 0 ? ' - ' : ' + '}${col(t.name, t.millesime ?? millesime)}`).join('');

const sqlPlanOf = (def: IndicatorDefinition, plan: Plan): SqlPlan | null => {
  if (plan.kind === 'missing') return null;
  if (plan.kind === 'published') return { def, kind: 'published', n: col(plan.name, plan.millesime), d: null, order: 'n' };
  const f = def.formula;
  switch (f.kind) {
    case 'stock':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), plan.millesime), d: null, order: 'n' };
    case 'share':
    case 'ratio':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.numerator), plan.millesime), d: sumOf(parseTerms(f.denominator), plan.millesime), order: 'CASE WHEN d <> 0 THEN n / d END' };
    case 'density':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), plan.millesime), d: col(f.area, plan.den!.millesime), order: 'CASE WHEN d > 0 THEN n / d END' };
    case 'evolution':
    case 'difference': {
      const [y1, y2] = plan.period!;
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), y2), d: sumOf(parseTerms(f.terms), y1), order: f.kind === 'evolution' ? 'CASE WHEN d > 0 THEN n / d END' : 'n - d', period: plan.period };
    }
    default:
      return null;
  }
};

interface SqlTerritory {
  ref: string;
  kind: 'com' | 'epci' | 'dep' | 'reg' | 'fr';
  code: string;
}

const memberOf = (x: SqlTerritory) => (x.kind === 'fr' ? 'fr = 1' : x.kind === 'com' ? `code = '${x.code}'` : `${x.kind} = '${x.code}'`);

/** The statements of one portrait: values of the territory and its references, then its ranks. */
const portraitStatements = (plans: SqlPlan[], t: SqlTerritory, refs: SqlTerritory[]): string[] => {
  const all = [t, ...refs];
  const out: string[] = [];
  for (const p of plans) {
    const valid = p.d ? `(${p.n}) IS NOT NULL AND (${p.d}) IS NOT NULL` : `(${p.n}) IS NOT NULL`;
    if (p.kind === 'published') {
      // A median is read where published (the commune), never summed.
      if (t.kind !== 'com') continue;
      out.push(`SELECT ${p.n} AS v FROM wide WHERE code = '${t.code}'`);
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT code, RANK() OVER (PARTITION BY dep ORDER BY ${p.n} DESC) AS rk_grp, RANK() OVER (ORDER BY ${p.n} DESC) AS rk_fr
        FROM wide WHERE fr = 1 AND ${p.n} IS NOT NULL) x WHERE code = '${t.code}'`);
      continue;
    }
    const sums = all
      .map((x, k) => `SUM(CASE WHEN ${memberOf(x)} AND ${valid} THEN ${p.n} END) AS n${k}${p.d ? `, SUM(CASE WHEN ${memberOf(x)} AND ${valid} THEN ${p.d} END) AS d${k}` : ''}, SUM(CASE WHEN ${memberOf(x)} AND NOT (${valid}) THEN 1 ELSE 0 END) AS short${k}`)
      .join(', ');
    out.push(`SELECT ${sums} FROM wide`);
    const perCommune = `SELECT code, epci, dep, reg, fr, ${p.n} AS n, ${p.d ?? '0'} AS d FROM wide WHERE fr = 1 AND ${valid}`;
    if (t.kind === 'com') {
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT code, RANK() OVER (PARTITION BY dep ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr
        FROM (SELECT code, dep, ${p.order} AS v FROM (${perCommune}) c) y WHERE v IS NOT NULL) x WHERE code = '${t.code}'`);
    } else if (t.kind === 'epci' || t.kind === 'dep') {
      const key = t.kind;
      const grp = t.kind === 'epci' ? 'MIN(dep)' : 'MIN(reg)';
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT id, RANK() OVER (PARTITION BY grp ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr
        FROM (SELECT id, grp, ${p.order} AS v FROM (SELECT ${key} AS id, ${grp} AS grp, SUM(n) AS n, SUM(d) AS d FROM (${perCommune}) c WHERE ${key} IS NOT NULL GROUP BY ${key}) g) y WHERE v IS NOT NULL) x
        WHERE id = '${t.code}'`);
    }
  }
  return out;
};

/** Columns of the wide table, in order. */
const wideColumns = (data: NationalData) => data.columns.map((c) => ({ ...c, sql: col(c.name, c.millesime) }));

const loadDuckDb = async (r: Referential, data: NationalData): Promise<DuckDBConnection> => {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const cols = wideColumns(data);
  await con.run(`CREATE TABLE wide (code VARCHAR, epci VARCHAR, dep VARCHAR, reg VARCHAR, fr INTEGER, ${cols.map((c) => `${c.sql} DOUBLE`).join(', ')})`);
  const app = await con.createAppender('wide');
  const inFrance = new Uint8Array(r.communeCount);
  for (const i of r.france) inFrance[i] = 1;
  const columns = cols.map((c) => data.store.column(c.name, c.millesime)!);
  for (let i = 0; i < r.communeCount; i++) {
    app.appendVarchar(r.codes[i]);
    const e = r.epciOf[i];
    if (e) app.appendVarchar(e);
    else app.appendNull();
    app.appendVarchar(r.departementOf[i]);
    app.appendVarchar(r.regionOf[i]);
    app.appendInteger(inFrance[i]);
    for (const c of columns) {
      if (c.status[i] <= 1) app.appendDouble(c.values[i]);
      else app.appendNull();
    }
    app.endRow();
  }
  app.closeSync();
  return con;
};

const loadSqlite = (r: Referential, data: NationalData): Database.Database => {
  const db = new Database(':memory:');
  const cols = wideColumns(data);
  db.exec(`CREATE TABLE wide (code TEXT PRIMARY KEY, epci TEXT, dep TEXT, reg TEXT, fr INTEGER, ${cols.map((c) => `${c.sql} REAL`).join(', ')})`);
  const ins = db.prepare(`INSERT INTO wide VALUES (${new Array(cols.length + 5).fill('?').join(', ')})`);
  const inFrance = new Uint8Array(r.communeCount);
  for (const i of r.france) inFrance[i] = 1;
  const columns = cols.map((c) => data.store.column(c.name, c.millesime)!);
  db.transaction(() => {
    for (let i = 0; i < r.communeCount; i++) {
      ins.run(r.codes[i], r.epciOf[i], r.departementOf[i], r.regionOf[i], inFrance[i], ...columns.map((c) => (c.status[i] <= 1 ? c.values[i] : null)));
    }
  })();
  db.exec('CREATE INDEX wide_epci ON wide (epci); CREATE INDEX wide_dep ON wide (dep)');
  return db;
};

// ── Run ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const main = async () => {
  const r = getReferential();
  const gen = time(() => generateNationalStore(r));
  const data = gen.value;
  process.stdout.write(`données générées : ${data.columns.length} colonnes × ${r.communeCount} communes = ${data.cells} valeurs en ${ms(gen.ms)}\n`);

  const fresh = () => {
    const engine = new IndicatorEngine(data.store, r.codes);
    return { engine, builder: new PortraitBuilder(engine, r) };
  };
  const { engine, builder } = fresh();
  const territories: [string, PortraitTerritory][] = [
    ['commune (Toulouse)', builder.territory('com', '31555')!],
    ['EPCI (Toulouse Métropole)', builder.territory('epci', '243100518')!],
    ['département (Haute-Garonne)', builder.territory('dep', '31')!],
    ['France', builder.territory('fr', '')!],
  ];

  const rows: [string, string][] = [];
  const report = (label: string, value: string) => {
    rows.push([label, value]);
    process.stdout.write(`  ${label} : ${value}\n`);
  };
  const engineMedians = new Map<string, number>();
  const engineCold = new Map<string, number>();
  // Cold: a new engine and builder (columns of the store kept, as the database-backed store keeps them).
  for (const [label, t] of territories) {
    const { builder: b } = fresh();
    const run = timed(() => b.buildDomains(t, b.defaultReferences(t)));
    engineCold.set(label, run.ms);
    report(`moteur, portrait ${label}, à froid (temps CPU)`, `${ms(run.ms)} (${ms(run.cpu)})`);
  }
  // Warm.
  for (const [label, t] of territories) {
    builder.buildDomains(t, builder.defaultReferences(t));
    const runs: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k < 300; k++) {
      const run = timed(() => builder.buildDomains(t, builder.defaultReferences(t)));
      runs.push(run.ms);
      cpu.push(run.cpu);
    }
    engineMedians.set(label, quantile(runs, 0.5));
    report(`moteur, portrait ${label}, à chaud : médiane / p99 (CPU médiane)`, `${ms(quantile(runs, 0.5))} / ${ms(quantile(runs, 0.99))} (${ms(quantile(cpu, 0.5))})`);
  }

  // Every EPCI portrait, warm then from a cold builder.
  const epcis = [...r.epcis.keys()].map((code) => builder.territory('epci', code)!);
  const coldAll = fresh();
  const allCold = timed(() => {
    for (const t of epcis) coldAll.builder.buildDomains(t, coldAll.builder.defaultReferences(t));
  });
  const allWarm = timed(() => {
    for (const t of epcis) coldAll.builder.buildDomains(t, coldAll.builder.defaultReferences(t));
  });
  report(`moteur, les ${epcis.length} portraits d’EPCI, premier passage (temps CPU)`, `${ms(allCold.ms)} (${ms(allCold.cpu)})`);
  report(`moteur, les ${epcis.length} portraits d’EPCI, second passage (temps CPU)`, `${ms(allWarm.ms)} (${ms(allWarm.cpu)})`);

  // All communes for one indicator.
  const chomage = INDICATORS.find((d) => d.id === 'taux_chomage_15_64')!;
  const vec = fresh();
  const plan = vec.engine.plan(chomage.formula);
  if (!plan.ok) throw new Error(plan.error.message);
  // The vector of every commune, computed anew ten times (a new engine each time, its plan made beforehand).
  const vectorRuns: number[] = [];
  for (let k = 0; k < 10; k++) {
    const e = new IndicatorEngine(data.store, r.codes);
    const p = e.plan(chomage.formula);
    if (!p.ok) throw new Error(p.error.message);
    vectorRuns.push(time(() => e.communeVector(chomage, p.value)).ms);
  }
  const vector = { ms: quantile(vectorRuns, 0.5) };
  const perCommune = time(() => {
    for (let i = 0; i < r.communeCount; i++) vec.engine.valueOfPlan({ name: chomage.id, unit: chomage.unit, formula: chomage.formula }, plan.value, { ref: `com:${r.codes[i]}`, kind: 'com', members: Int32Array.of(i) });
  });
  report(`moteur, taux de chômage des ${r.communeCount} communes (vecteur, médiane de 10)`, ms(vector.ms));
  report(`moteur, taux de chômage des ${r.communeCount} communes (une valeur JSON chacune)`, ms(perCommune.ms));

  // SQL peers.
  const plans = INDICATORS.map((d) => {
    const p = engine.plan(d.formula);
    return p.ok ? sqlPlanOf(d, p.value) : null;
  }).filter((x): x is SqlPlan => x !== null);
  const sqlTerritory = (t: PortraitTerritory): SqlTerritory => ({ ref: t.ref, kind: t.kind as SqlTerritory['kind'], code: t.code });
  const statementsOf = (t: PortraitTerritory) => portraitStatements(plans, sqlTerritory(t), builder.defaultReferences(t).map(sqlTerritory));

  const duckLoad = Date.now();
  const duck = await loadDuckDb(r, data);
  report('DuckDB : chargement des observations', ms(Date.now() - duckLoad));
  const sqliteLoad = Date.now();
  const lite = loadSqlite(r, data);
  report('SQLite : chargement des observations', ms(Date.now() - sqliteLoad));

  // Check that the peer computes the same figure: Toulouse's unemployment rate.
  {
    const toulouse = territories[0][1];
    const check = portraitStatements(plans.filter((p) => p.def.id === 'taux_chomage_15_64'), sqlTerritory(toulouse), [])[0];
    const row = (await duck.runAndReadAll(check)).getRowObjects()[0];
    const sqlValue = (Number(row.n0) / Number(row.d0)) * 100;
    const ev = engine.compute({ name: chomage.id, unit: chomage.unit, formula: chomage.formula }, toulouse);
    process.stdout.write(`  contrôle : taux de chômage de Toulouse, moteur ${ev.ok ? ev.value.value : '?'} · DuckDB ${sqlValue}\n`);
  }
  const ratios: [string, string][] = [];
  for (const [label, t] of territories) {
    const statements = statementsOf(t);
    const duckRuns: number[] = [];
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      for (const st of statements) await duck.runAndReadAll(st);
      duckRuns.push(performance.now() - t0);
    }
    const duckMed = quantile(duckRuns.slice(1), 0.5);
    report(`DuckDB, portrait ${label} (${statements.length} requêtes) : médiane de 3`, ms(duckMed));
    // SQLite takes seconds per portrait: one run (after the statements are prepared), a second when it is quick.
    const liteStatements = statements.map((s) => lite.prepare(s));
    const liteRuns: number[] = [];
    for (let k = 0; k < 2 && (k === 0 || liteRuns[0] < 5_000); k++) {
      const t0 = performance.now();
      for (const s of liteStatements) s.all();
      liteRuns.push(performance.now() - t0);
    }
    const liteMed = Math.min(...liteRuns);
    report(`SQLite, portrait ${label} : meilleur de ${liteRuns.length}`, ms(liteMed));
    const e = engineMedians.get(label)!;
    const c = engineCold.get(label)!;
    ratios.push([`${label} : DuckDB / moteur (à chaud ; à froid)`, `${(duckMed / e).toFixed(0)}× ; ${(duckMed / c).toFixed(1)}×`]);
    ratios.push([`${label} : SQLite / moteur (à chaud ; à froid)`, `${(liteMed / e).toFixed(0)}× ; ${(liteMed / c).toFixed(1)}×`]);
  }
  const chomagePlan = plans.find((p) => p.def.id === 'taux_chomage_15_64')!;
  const allCommunesSql = `SELECT code, CASE WHEN d > 0 THEN 100.0 * n / d END AS v FROM (SELECT code, ${chomagePlan.n} AS n, ${chomagePlan.d} AS d FROM wide) c`;
  await duck.runAndReadAll(allCommunesSql);
  const duckRunsAll: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    await duck.runAndReadAll(allCommunesSql);
    duckRunsAll.push(performance.now() - t0);
  }
  const duckAll = quantile(duckRunsAll, 0.5);
  const liteStatement = lite.prepare(allCommunesSql);
  const liteAll = quantile(Array.from({ length: 10 }, () => time(() => liteStatement.all()).ms), 0.5);
  report(`DuckDB, taux de chômage des ${r.communeCount} communes (médiane de 10)`, ms(duckAll));
  report(`SQLite, taux de chômage des ${r.communeCount} communes (médiane de 10)`, ms(liteAll));
  ratios.push(['toutes les communes : DuckDB / moteur (vecteur)', `${(duckAll / vector.ms).toFixed(1)}×`]);
  ratios.push(['toutes les communes : SQLite / moteur (vecteur)', `${(liteAll / vector.ms).toFixed(1)}×`]);

  printTable(`Moteur d’indicateurs — ${INDICATORS.length} indicateurs, ${r.communeCount} communes, ${r.epcis.size} EPCI (charge de la machine : ${os.loadavg()[0].toFixed(1)} pour ${os.cpus().length} cœurs)`, rows);
  printTable('Rapports (pair SQL / moteur ; le pair calcule valeurs, références et rangs, sans évolution ni phrase)', ratios);
  duck.closeSync();
  lite.close();
};

await main();
