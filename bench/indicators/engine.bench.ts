// Indicator engine benchmark (issue 4): on a generated national data set (every library variable for the 34,969
// communes of the referential) — portraits of a commune, an EPCI, a département and France (median and p99, warm,
// and cold); the 1,255 EPCI portraits; all communes for one indicator. In the same run, the same portraits computed
// by SQL as the peer, on DuckDB and on SQLite (better-sqlite3, the project's embedded store): the values of the
// territory and of its references, and its ranks among territories of its kind in its département and in France,
// from a wide table (a row per commune, a column per variable and millésime).
// Run: npx tsx bench/indicators/engine.bench.ts   (prints a table; not a test)
import os from 'node:os';
import { IndicatorEngine, evolutionPart } from '../../src/core/indicators/engine.js';
import { INDICATORS } from '../../src/core/indicators/indicator-library.js';
import { PortraitBuilder, type PortraitTerritory } from '../../src/core/indicators/portrait-builder.js';
import { sortWithPayload } from '../../src/core/indicators/radix-sort.js';
import { plural } from '../../src/core/format/number-format.js';
import { getReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, time } from '../bench-utils.js';
import { generateNationalStore } from './generate-national-store.js';
import { batchedStatements, loadDuckDb, loadSqlite, portraitStatements, sqlPlanOf, type SqlPlan, type SqlTerritory } from './sql-peer.js';

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
  // The second commune portrait of a new engine: the first one counted ranks by a pass over each table; this one sorts
  // the tables (France and each département) for every later portrait. Median of 5 new engines.
  const blagnac = builder.territory('com', '31069')!;
  const secondRuns: number[] = [];
  for (let k = 0; k < 5; k++) {
    const { builder: b } = fresh();
    b.buildDomains(territories[0][1], b.defaultReferences(territories[0][1]));
    secondRuns.push(timed(() => b.buildDomains(blagnac, b.defaultReferences(blagnac))).ms);
  }
  report('moteur, deuxième portrait de commune d’un moteur neuf (tri des tables de rangs), médiane de 5', ms(quantile(secondRuns, 0.5)));
  // The sort itself, on the commune values of every indicator: the radix sort carrying each commune's département
  // (France sorted, then each département's segment placed in order), against Float64Array.prototype.sort of France
  // and of each département's segment.
  const depIds = new Map<string, number>();
  const depIndex = (d: string) => depIds.get(d) ?? depIds.set(d, depIds.size).get(d)!;
  const sortTables = INDICATORS.flatMap((d) => {
    const p = engine.plan(d.formula);
    if (!p.ok || p.value.kind === 'missing') return [];
    const values = engine.communeVector(d, p.value).values;
    const kept: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i] - values[i] === 0) kept.push(i);
    return kept.length ? [{ values: Float64Array.from(kept, (i) => values[i]), deps: Int32Array.from(kept, (i) => depIndex(r.departementOf[i])) }] : [];
  });
  const radixRuns: number[] = [];
  const nativeRuns: number[] = [];
  for (let k = 0; k < 5; k++) {
    radixRuns.push(time(() => {
      for (const t of sortTables) sortWithPayload(t.values.slice(), t.deps.slice());
    }).ms);
    nativeRuns.push(time(() => {
      for (const t of sortTables) {
        t.values.slice().sort();
        const byDep = new Map<number, number[]>();
        for (let j = 0; j < t.values.length; j++) {
          const l = byDep.get(t.deps[j]);
          if (l) l.push(t.values[j]);
          else byDep.set(t.deps[j], [t.values[j]]);
        }
        for (const l of byDep.values()) Float64Array.from(l).sort();
      }
    }).ms);
  }
  const radixMs = quantile(radixRuns, 0.5);
  const nativeMs = quantile(nativeRuns, 0.5);
  report(`tri des ${sortTables.length} tables de communes, par base (radix) / Float64Array.sort, médianes de 5`, `${ms(radixMs)} / ${ms(nativeMs)} (${(nativeMs / radixMs).toFixed(1)}×)`);
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
    // And a part of an evolution (three sums): the solde naturel's share of Toulouse's annual change.
    const natural = INDICATORS.find((d) => d.id === 'evolution_population_solde_naturel')!;
    const plan = plans.find((p) => p.def.id === natural.id);
    if (plan) {
      const sums = (await duck.runAndReadAll(portraitStatements([plan], sqlTerritory(toulouse), [])[0])).getRowObjects()[0];
      const [n, d, e] = [sums.n0, sums.d0, sums.e0].map(Number);
      const en = engine.compute({ name: natural.id, unit: natural.unit, formula: natural.formula }, toulouse);
      process.stdout.write(`  contrôle : évolution due au solde naturel à Toulouse, moteur ${en.ok ? en.value.value : '?'} · DuckDB ${evolutionPart(d, n, e, plan.period![1] - plan.period![0])}\n`);
    }
  }
  const ratios: [string, string][] = [];
  for (const [label, t] of territories) {
    // Grouped: two statements for the whole portrait.
    const batched = batchedStatements(plans, sqlTerritory(t), builder.defaultReferences(t).map(sqlTerritory));
    const duckBatched: number[] = [];
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      for (const st of batched) await duck.runAndReadAll(st);
      duckBatched.push(performance.now() - t0);
    }
    const liteBatchedStatements = batched.map((st) => lite.prepare(st));
    const liteBatched: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      for (const st of liteBatchedStatements) st.all();
      liteBatched.push(performance.now() - t0);
    }
    const duckB = quantile(duckBatched.slice(1), 0.5);
    const liteB = quantile(liteBatched, 0.5);
    const grouped = plural(batched.length, 'requête groupée', 'requêtes groupées');
    report(`DuckDB, portrait ${label} (${grouped}) : médiane de 3`, ms(duckB));
    report(`SQLite, portrait ${label} (${grouped}) : médiane de 3`, ms(liteB));
    const statements = statementsOf(t);
    const duckRuns: number[] = [];
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      for (const st of statements) await duck.runAndReadAll(st);
      duckRuns.push(performance.now() - t0);
    }
    const duckMed = quantile(duckRuns.slice(1), 0.5);
    report(`DuckDB, portrait ${label} (${statements.length} requêtes, une ou deux par indicateur) : médiane de 3`, ms(duckMed));
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
    ratios.push([`${label} : DuckDB groupé / moteur (à chaud ; à froid)`, `${(duckB / e).toFixed(0)}× ; ${(duckB / c).toFixed(1)}×`]);
    ratios.push([`${label} : SQLite groupé / moteur (à chaud ; à froid)`, `${(liteB / e).toFixed(0)}× ; ${(liteB / c).toFixed(1)}×`]);
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
