// Indicator engine benchmark (issue 4): on a generated national data set (every library variable for the 34,969
// communes of the referential) — portraits of a commune, an EPCI, a département and France (median and p99, warm,
// and cold); the 1,255 EPCI portraits; all communes for one indicator. In the same run, the same portraits computed
// by SQL as the peer, on DuckDB and on SQLite (better-sqlite3, the project's embedded store): the values of the
// territory and of its references, and its ranks among territories of its kind in its département and in France,
// from a long observation table like the project's (variable, millésime, code, value, status).
// Run: npx tsx bench/indicators/engine.bench.ts   (prints a table; not a test)
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { IndicatorEngine, type Plan } from '../../src/core/indicators/engine.js';
import { INDICATORS } from '../../src/core/indicators/indicator-library.js';
import type { IndicatorDefinition } from '../../src/core/indicators/indicator.types.js';
import { PortraitBuilder, type PortraitTerritory } from '../../src/core/indicators/portrait-builder.js';
import { parseTerms, type Term } from '../../src/core/indicators/terms.js';
import type { Referential } from '../../src/core/referential/referential.js';
import { getReferential } from '../../src/storage/referential-source.js';
import { printTable, quantile, time } from '../bench-utils.js';
import { generateNationalStore, type NationalData } from './generate-national-store.js';

const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(0)} µs`);

// ── SQL peer ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The SQL of one indicator's plan: per-commune numerator and denominator, commune by commune, with the exclusions. */
interface SqlPlan {
  def: IndicatorDefinition;
  kind: 'sums' | 'published';
  pairs: { name: string; millesime: number; sign: number; part: 'n' | 'd' }[];
  /** For published values. */
  variable?: { name: string; millesime: number };
  valueExpr: string;
}

const sqlPlanOf = (def: IndicatorDefinition, plan: Plan): SqlPlan | null => {
  if (plan.kind === 'missing') return null;
  if (plan.kind === 'published') return { def, kind: 'published', pairs: [], variable: { name: plan.name, millesime: plan.millesime }, valueExpr: 'value' };
  const f = def.formula;
  const at = (terms: Term[], millesime: number, part: 'n' | 'd') => terms.map((t) => ({ name: t.name, millesime: t.millesime ?? millesime, sign: t.sign, part }));
  let pairs: SqlPlan['pairs'];
  let valueExpr: string;
  switch (f.kind) {
    case 'stock':
      pairs = at(parseTerms(f.terms), plan.millesime, 'n');
      valueExpr = 'n';
      break;
    case 'share':
      pairs = [...at(parseTerms(f.numerator), plan.millesime, 'n'), ...at(parseTerms(f.denominator), plan.millesime, 'd')];
      valueExpr = 'CASE WHEN d > 0 THEN 100.0 * n / d END';
      break;
    case 'ratio':
      pairs = [...at(parseTerms(f.numerator), plan.millesime, 'n'), ...at(parseTerms(f.denominator), plan.millesime, 'd')];
      valueExpr = `CASE WHEN d <> 0 THEN ${f.factor}.0 * n / d END`;
      break;
    case 'density':
      pairs = [...at(parseTerms(f.terms), plan.millesime, 'n'), ...at(parseTerms([f.area]), plan.den!.millesime, 'd')];
      valueExpr = 'CASE WHEN d > 0 THEN n / d END';
      break;
    case 'evolution':
    case 'difference': {
      const [y1, y2] = plan.period!;
      pairs = [...at(parseTerms(f.terms), y2, 'n'), ...at(parseTerms(f.terms), y1, 'd')];
      valueExpr = f.kind === 'evolution' ? `CASE WHEN d > 0 THEN (exp(ln(n / d) / ${y2 - y1}) - 1) * 100 END` : 'n - d';
      break;
    }
    default:
      return null;
  }
  return { def, kind: 'sums', pairs, valueExpr };
};

/** Per-commune sums of one plan, communes with a withheld or absent variable left out (the engine's rule). */
const perCommuneSql = (p: SqlPlan, codeFilter: string): string => {
  const distinct = [...new Map(p.pairs.map((x) => [`${x.name}@${x.millesime}`, x])).values()];
  const inList = distinct.map((x) => `('${x.name}', ${x.millesime})`).join(', ');
  const sum = (part: 'n' | 'd') => {
    const cases = p.pairs.filter((x) => x.part === part).map((x) => `WHEN o.variable = '${x.name}' AND o.millesime = ${x.millesime} THEN ${x.sign} * o.value`);
    return cases.length ? `SUM(CASE ${cases.join(' ')} ELSE 0 END)` : '0';
  };
  return `SELECT o.code, ${sum('n')} AS n, ${sum('d')} AS d, MAX(o.status) AS worst, COUNT(*) AS k
    FROM obs o WHERE (o.variable, o.millesime) IN (${inList}) ${codeFilter} GROUP BY o.code HAVING MAX(o.status) <= 1 AND COUNT(*) = ${distinct.length}`;
};

interface SqlTerritory {
  ref: string;
  kind: 'com' | 'epci' | 'dep' | 'reg' | 'fr';
  code: string;
}

/** The statements of one portrait: values of the territory and its references, then its ranks. */
const portraitStatements = (plans: SqlPlan[], t: SqlTerritory, refs: SqlTerritory[]): string[] => {
  const all = [t, ...refs];
  const memberOf = (x: SqlTerritory) =>
    x.kind === 'fr' ? `c.fr = 1` : x.kind === 'com' ? `c.code = '${x.code}'` : `c.${x.kind} = '${x.code}'`;
  const out: string[] = [];
  for (const p of plans) {
    if (p.kind === 'published') {
      if (t.kind === 'com') {
        const v = p.variable!;
        out.push(`SELECT value, status FROM obs WHERE variable = '${v.name}' AND millesime = ${v.millesime} AND code = '${t.code}'`);
        out.push(`SELECT code, rk_dep, rk_fr FROM (SELECT o.code, RANK() OVER (PARTITION BY c.dep ORDER BY o.value DESC) AS rk_dep, RANK() OVER (ORDER BY o.value DESC) AS rk_fr
          FROM obs o JOIN commune c ON c.code = o.code WHERE o.variable = '${v.name}' AND o.millesime = ${v.millesime} AND o.status <= 1 AND c.fr = 1) x WHERE code = '${t.code}'`);
      }
      continue;
    }
    // Values: one query for the territory and its references.
    const groups = all.map((x) => `SELECT '${x.ref}' AS ref, SUM(pc.n) AS n, SUM(pc.d) AS d FROM pc JOIN commune c ON c.code = pc.code WHERE ${memberOf(x)}`).join(' UNION ALL ');
    out.push(`WITH pc AS (${perCommuneSql(p, '')}) SELECT ref, ${p.valueExpr} AS v FROM (${groups}) g`);
    // Ranks among territories of the same kind, in the département (région for a département) and in France.
    if (t.kind === 'com') {
      out.push(`WITH pc AS (${perCommuneSql(p, '')}), v AS (SELECT c.code AS id, c.dep AS grp, ${p.valueExpr} AS v FROM pc JOIN commune c ON c.code = pc.code WHERE c.fr = 1)
        SELECT id, rk_grp, rk_fr FROM (SELECT id, RANK() OVER (PARTITION BY grp ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr FROM v WHERE v IS NOT NULL) x WHERE id = '${t.code}'`);
    } else if (t.kind === 'epci' || t.kind === 'dep') {
      const key = t.kind === 'epci' ? 'c.epci' : 'c.dep';
      const grp = t.kind === 'epci' ? 'MIN(c.dep)' : 'MIN(c.reg)';
      out.push(`WITH pc AS (${perCommuneSql(p, '')}), g AS (SELECT ${key} AS id, ${grp} AS grp, SUM(pc.n) AS n, SUM(pc.d) AS d FROM pc JOIN commune c ON c.code = pc.code WHERE ${key} IS NOT NULL AND c.fr = 1 GROUP BY ${key}),
        v AS (SELECT id, grp, ${p.valueExpr} AS v FROM g)
        SELECT id, rk_grp, rk_fr FROM (SELECT id, RANK() OVER (PARTITION BY grp ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr FROM v WHERE v IS NOT NULL) x WHERE id = '${t.code}'`);
    }
  }
  return out;
};

const loadDuckDb = async (r: Referential, data: NationalData): Promise<DuckDBConnection> => {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run('CREATE TABLE obs (variable VARCHAR, millesime INTEGER, code VARCHAR, value DOUBLE, status INTEGER)');
  await con.run('CREATE TABLE commune (code VARCHAR PRIMARY KEY, epci VARCHAR, dep VARCHAR, reg VARCHAR, fr INTEGER)');
  const app = await con.createAppender('obs');
  for (const { name, millesime } of data.columns) {
    const c = data.store.column(name, millesime)!;
    for (let i = 0; i < r.communeCount; i++) {
      app.appendVarchar(name);
      app.appendInteger(millesime);
      app.appendVarchar(r.codes[i]);
      if (c.status[i] <= 1) app.appendDouble(c.values[i]);
      else app.appendNull();
      app.appendInteger(c.status[i]);
      app.endRow();
    }
  }
  app.closeSync();
  const ca = await con.createAppender('commune');
  const inFrance = new Uint8Array(r.communeCount);
  for (const i of r.france) inFrance[i] = 1;
  for (let i = 0; i < r.communeCount; i++) {
    ca.appendVarchar(r.codes[i]);
    const e = r.epciOf[i];
    if (e) ca.appendVarchar(e);
    else ca.appendNull();
    ca.appendVarchar(r.departementOf[i]);
    ca.appendVarchar(r.regionOf[i]);
    ca.appendInteger(inFrance[i]);
    ca.endRow();
  }
  ca.closeSync();
  return con;
};

const loadSqlite = (r: Referential, data: NationalData): Database.Database => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE obs (variable TEXT, millesime INTEGER, code TEXT, value REAL, status INTEGER, PRIMARY KEY (variable, millesime, code)) WITHOUT ROWID');
  db.exec('CREATE TABLE commune (code TEXT PRIMARY KEY, epci TEXT, dep TEXT, reg TEXT, fr INTEGER)');
  const ins = db.prepare('INSERT INTO obs VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const { name, millesime } of data.columns) {
      const c = data.store.column(name, millesime)!;
      for (let i = 0; i < r.communeCount; i++) ins.run(name, millesime, r.codes[i], c.status[i] <= 1 ? c.values[i] : null, c.status[i]);
    }
  })();
  const inFrance = new Uint8Array(r.communeCount);
  for (const i of r.france) inFrance[i] = 1;
  const insC = db.prepare('INSERT INTO commune VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < r.communeCount; i++) insC.run(r.codes[i], r.epciOf[i], r.departementOf[i], r.regionOf[i], inFrance[i]);
  })();
  db.exec('CREATE INDEX commune_epci ON commune (epci); CREATE INDEX commune_dep ON commune (dep); CREATE INDEX obs_code ON obs (code)');
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
  const engineMedians = new Map<string, number>();
  // Cold: a new engine and builder (columns of the store kept, as the database-backed store keeps them).
  for (const [label, t] of territories) {
    const { builder: b } = fresh();
    rows.push([`moteur, portrait ${label}, à froid`, ms(time(() => b.buildDomains(t, b.defaultReferences(t))).ms)]);
  }
  // Warm.
  for (const [label, t] of territories) {
    builder.buildDomains(t, builder.defaultReferences(t));
    const runs: number[] = [];
    for (let k = 0; k < 200; k++) runs.push(time(() => builder.buildDomains(t, builder.defaultReferences(t))).ms);
    engineMedians.set(label, quantile(runs, 0.5));
    rows.push([`moteur, portrait ${label}, à chaud : médiane / p99`, `${ms(quantile(runs, 0.5))} / ${ms(quantile(runs, 0.99))}`]);
  }

  // Every EPCI portrait, warm then from a cold builder.
  const epcis = [...r.epcis.keys()].map((code) => builder.territory('epci', code)!);
  const coldAll = fresh();
  const allCold = time(() => {
    for (const t of epcis) coldAll.builder.buildDomains(t, coldAll.builder.defaultReferences(t));
  });
  const allWarm = time(() => {
    for (const t of epcis) coldAll.builder.buildDomains(t, coldAll.builder.defaultReferences(t));
  });
  rows.push([`moteur, les ${epcis.length} portraits d’EPCI (premier passage)`, ms(allCold.ms)]);
  rows.push([`moteur, les ${epcis.length} portraits d’EPCI (second passage)`, ms(allWarm.ms)]);

  // All communes for one indicator.
  const chomage = INDICATORS.find((d) => d.id === 'taux_chomage_15_64')!;
  const vec = fresh();
  const plan = vec.engine.plan(chomage.formula);
  if (!plan.ok) throw new Error(plan.error.message);
  const vector = time(() => vec.engine.communeVector(chomage, plan.value));
  const perCommune = time(() => {
    for (let i = 0; i < r.communeCount; i++) vec.engine.valueOfPlan({ name: chomage.id, unit: chomage.unit, formula: chomage.formula }, plan.value, { ref: `com:${r.codes[i]}`, kind: 'com', members: Int32Array.of(i) });
  });
  rows.push([`moteur, taux de chômage des ${r.communeCount} communes (vecteur)`, ms(vector.ms)]);
  rows.push([`moteur, taux de chômage des ${r.communeCount} communes (une valeur JSON chacune)`, ms(perCommune.ms)]);

  // SQL peers.
  const plans = INDICATORS.map((d) => {
    const p = engine.plan(d.formula);
    return p.ok ? sqlPlanOf(d, p.value) : null;
  }).filter((x): x is SqlPlan => x !== null);
  const sqlTerritory = (t: PortraitTerritory): SqlTerritory => ({ ref: t.ref, kind: t.kind as SqlTerritory['kind'], code: t.code });
  const statementsOf = (t: PortraitTerritory) => portraitStatements(plans, sqlTerritory(t), builder.defaultReferences(t).map(sqlTerritory));

  const duckLoad = Date.now();
  const duck = await loadDuckDb(r, data);
  rows.push(['DuckDB : chargement des observations', ms(Date.now() - duckLoad)]);
  const sqliteLoad = Date.now();
  const lite = loadSqlite(r, data);
  rows.push(['SQLite : chargement des observations', ms(Date.now() - sqliteLoad)]);

  const ratios: [string, string][] = [];
  for (const [label, t] of territories) {
    const statements = statementsOf(t);
    const duckRuns: number[] = [];
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      for (const s of statements) await duck.runAndReadAll(s);
      duckRuns.push(performance.now() - t0);
    }
    const liteStatements = statements.map((s) => lite.prepare(s));
    const liteRuns: number[] = [];
    const budget = performance.now() + 60_000;
    for (let k = 0; k < 3 && (k === 0 || performance.now() < budget); k++) {
      const t0 = performance.now();
      for (const s of liteStatements) s.all();
      liteRuns.push(performance.now() - t0);
    }
    const duckMed = quantile(duckRuns.slice(1), 0.5);
    const liteMed = quantile(liteRuns, 0.5);
    rows.push([`DuckDB, portrait ${label} (${statements.length} requêtes) : médiane`, ms(duckMed)]);
    rows.push([`SQLite, portrait ${label} : médiane de ${liteRuns.length}`, ms(liteMed)]);
    const e = engineMedians.get(label)!;
    ratios.push([`${label} : DuckDB / moteur à chaud`, `${(duckMed / e).toFixed(0)}×`]);
    ratios.push([`${label} : SQLite / moteur à chaud`, `${(liteMed / e).toFixed(0)}×`]);
  }
  const chomagePlan = plans.find((p) => p.def.id === 'taux_chomage_15_64')!;
  const allCommunesSql = `WITH pc AS (${perCommuneSql(chomagePlan, '')}) SELECT code, ${chomagePlan.valueExpr} AS v FROM pc`;
  await duck.runAndReadAll(allCommunesSql);
  const duckAll = await (async () => {
    const t0 = performance.now();
    await duck.runAndReadAll(allCommunesSql);
    return performance.now() - t0;
  })();
  const liteAll = time(() => lite.prepare(allCommunesSql).all()).ms;
  rows.push([`DuckDB, taux de chômage des ${r.communeCount} communes`, ms(duckAll)]);
  rows.push([`SQLite, taux de chômage des ${r.communeCount} communes`, ms(liteAll)]);
  ratios.push(['toutes les communes : DuckDB / moteur (vecteur)', `${(duckAll / vector.ms).toFixed(0)}×`]);
  ratios.push(['toutes les communes : SQLite / moteur (vecteur)', `${(liteAll / vector.ms).toFixed(0)}×`]);

  printTable(`Moteur d’indicateurs — ${INDICATORS.length} indicateurs, ${r.communeCount} communes, ${r.epcis.size} EPCI`, rows);
  printTable('Rapports (pair SQL / moteur ; le pair calcule valeurs, références et rangs, sans évolution ni phrase)', ratios);
  duck.closeSync();
  lite.close();
};

await main();
