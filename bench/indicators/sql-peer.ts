// The SQL peer of the engine benchmark: the same portraits computed by SQL on a wide table (a row per commune, a
// column per variable and millésime, NULL where withheld), in DuckDB and in SQLite.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import type { Plan } from '../../src/core/indicators/engine.js';
import type { IndicatorDefinition } from '../../src/core/indicators/indicator.types.js';
import { parseTerms, type Term } from '../../src/core/indicators/terms.js';
import type { Referential } from '../../src/core/referential/referential.js';
import type { NationalData } from './generate-national-store.js';

// ── SQL peer ─────────────────────────────────────────────────────────────────────────────────────────────────────
// The peer gets its best layout: one wide table, a row per commune and a column per variable and millésime (NULL
// where withheld or absent), as a columnar database would want it. A portrait is, per indicator, one query for the
// values of the territory and its references (conditional sums in one scan) and one for its ranks (window functions).

const col = (name: string, millesime: number) => `${name}_${millesime}`.toLowerCase();

export interface SqlPlan {
  def: IndicatorDefinition;
  kind: 'sums' | 'published';
  /** Per-commune numerator and denominator (NULL when a term is withheld, which leaves the commune out). */
  n: string;
  d: string | null;
  /** The component of an evolution_component (births minus deaths over the evolution's years). */
  e?: string;
  /**
   * An expression of n and d that orders territories as the indicator does (the evolution rate grows with n/d), or
   * `part:K` / `rest:K` for the parts of a K-year evolution (see rankOrder).
   */
  order: string;
  period?: [number, number];
}

const sumOf = (terms: Term[], millesime: number): string => terms.map((t, k) => `${k === 0 ? (t.sign < 0 ? '-' : '') : t.sign < 0 ? ' - ' : ' + '}${col(t.name, t.millesime ?? millesime)}`).join('');

export const sqlPlanOf = (def: IndicatorDefinition, plan: Plan): SqlPlan | null => {
  if (plan.kind === 'missing') return null;
  if (plan.kind === 'published') return { def, kind: 'published', n: col(plan.name, plan.millesime), d: null, order: 'n' };
  // The formula the engine planned (a share's `otherwise` denominator resolved).
  const f = plan.formula;
  switch (f.kind) {
    case 'stock':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), plan.millesime), d: null, order: 'n' };
    case 'share':
    case 'ratio':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.numerator), plan.millesime), d: sumOf(parseTerms(f.denominator), plan.millesime), order: 'CASE WHEN d <> 0 THEN n / d END' };
    case 'density':
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), plan.millesime), d: col(f.area, plan.den!.millesime), order: 'CASE WHEN d > 0 THEN n / d END' };
    case 'evolution_component': {
      const [y1, y2] = plan.period!;
      const terms = parseTerms(f.terms);
      return { def, kind: 'sums', n: sumOf(terms, y2), d: sumOf(terms, y1), e: sumOf(parseTerms(f.component), y2 - 1), order: `${f.rest ? 'rest' : 'part'}:${y2 - y1}`, period: plan.period };
    }
    case 'evolution':
    case 'difference': {
      const [y1, y2] = plan.period!;
      return { def, kind: 'sums', n: sumOf(parseTerms(f.terms), y2), d: sumOf(parseTerms(f.terms), y1), order: f.kind === 'evolution' ? 'CASE WHEN d > 0 THEN n / d END' : 'n - d', period: plan.period };
    }
    default:
      return null;
  }
};

export interface SqlTerritory {
  ref: string;
  kind: 'com' | 'epci' | 'dep' | 'reg' | 'fr';
  code: string;
}

const memberOf = (x: SqlTerritory) => (x.kind === 'fr' ? 'fr = 1' : x.kind === 'com' ? `code = '${x.code}'` : `${x.kind} = '${x.code}'`);

/** The statements of one portrait: values of the territory and its references, then its ranks. */
export const portraitStatements = (plans: SqlPlan[], t: SqlTerritory, refs: SqlTerritory[]): string[] => {
  const all = [t, ...refs];
  const out: string[] = [];
  for (const p of plans) {
    const valid = validOf(p);
    if (p.kind === 'published') {
      // A median is read where published (the commune), never summed.
      if (t.kind !== 'com') continue;
      out.push(`SELECT ${p.n} AS v FROM wide WHERE code = '${t.code}'`);
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT code, RANK() OVER (PARTITION BY dep ORDER BY ${p.n} DESC) AS rk_grp, RANK() OVER (ORDER BY ${p.n} DESC) AS rk_fr
        FROM wide WHERE fr = 1 AND ${p.n} IS NOT NULL) x WHERE code = '${t.code}'`);
      continue;
    }
    const sums = all
      .map((x, k) => `SUM(CASE WHEN ${memberOf(x)} AND ${valid} THEN ${p.n} END) AS n${k}${p.d ? `, SUM(CASE WHEN ${memberOf(x)} AND ${valid} THEN ${p.d} END) AS d${k}` : ''}${p.e ? `, SUM(CASE WHEN ${memberOf(x)} AND ${valid} THEN ${p.e} END) AS e${k}` : ''}, SUM(CASE WHEN ${memberOf(x)} AND NOT (${valid}) THEN 1 ELSE 0 END) AS short${k}`)
      .join(', ');
    out.push(`SELECT ${sums} FROM wide`);
    const perCommune = `SELECT code, epci, dep, reg, fr, ${p.n} AS n, ${p.d ?? '0'} AS d, ${p.e ?? '0'} AS e FROM wide WHERE fr = 1 AND ${valid}`;
    if (t.kind === 'com') {
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT code, RANK() OVER (PARTITION BY dep ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr
        FROM (SELECT code, dep, ${rankOrder(p, 'n', 'd', 'e')} AS v FROM (${perCommune}) c) y WHERE v IS NOT NULL) x WHERE code = '${t.code}'`);
    } else if (t.kind === 'epci' || t.kind === 'dep') {
      const key = t.kind;
      const grp = t.kind === 'epci' ? 'MIN(dep)' : 'MIN(reg)';
      out.push(`SELECT rk_grp, rk_fr FROM (SELECT id, RANK() OVER (PARTITION BY grp ORDER BY v DESC) AS rk_grp, RANK() OVER (ORDER BY v DESC) AS rk_fr
        FROM (SELECT id, grp, ${rankOrder(p, 'n', 'd', 'e')} AS v FROM (SELECT ${key} AS id, ${grp} AS grp, SUM(n) AS n, SUM(d) AS d, SUM(e) AS e FROM (${perCommune}) c WHERE ${key} IS NOT NULL GROUP BY ${key}) g) y WHERE v IS NOT NULL) x
        WHERE id = '${t.code}'`);
    }
  }
  return out;
};

/**
 * The same portrait in two statements, the peer's best: the values of every indicator for the territory and its
 * references in one scan, and the ranks of every indicator in one query with a window per indicator.
 */
export const batchedStatements = (plans: SqlPlan[], t: SqlTerritory, refs: SqlTerritory[]): string[] => {
  const all = [t, ...refs];
  const values: string[] = [];
  plans.forEach((p, i) => {
    if (p.kind === 'published') {
      if (t.kind === 'com') values.push(`MAX(CASE WHEN ${memberOf(t)} THEN ${p.n} END) AS v${i}`);
      return;
    }
    all.forEach((x, k) => {
      values.push(`SUM(CASE WHEN ${memberOf(x)} AND ${validOf(p)} THEN ${p.n} END) AS n${i}_${k}`);
      if (p.d) values.push(`SUM(CASE WHEN ${memberOf(x)} AND ${validOf(p)} THEN ${p.d} END) AS d${i}_${k}`);
      if (p.e) values.push(`SUM(CASE WHEN ${memberOf(x)} AND ${validOf(p)} THEN ${p.e} END) AS e${i}_${k}`);
      values.push(`SUM(CASE WHEN ${memberOf(x)} AND NOT (${validOf(p)}) THEN 1 ELSE 0 END) AS s${i}_${k}`);
    });
  });
  const out = [`SELECT ${values.join(', ')} FROM wide`];
  if (t.kind === 'com' || t.kind === 'epci' || t.kind === 'dep') {
    // Ranks by counting, in one scan: rank = 1 + territories above; percentile from those below (a window per
    // indicator — 200 sorts — took a minute in DuckDB and two in SQLite).
    const ranked = plans.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'sums' || t.kind === 'com');
    let inner: string;
    if (t.kind === 'com') {
      const valid = (p: SqlPlan, x: string) => `CASE WHEN ${validOf(p)} THEN ${x} END`;
      inner = `SELECT code AS id, dep AS grp, ${ranked.map(({ p, i }) => `${rankOrder(p, valid(p, p.n), valid(p, p.d ?? '0'), valid(p, p.e ?? '0'))} AS v${i}`).join(', ')} FROM wide WHERE fr = 1`;
    } else {
      const grp = t.kind === 'epci' ? 'MIN(dep)' : 'MIN(reg)';
      inner = `SELECT id, grp, ${ranked.map(({ p, i }) => `${rankOrder(p, `n${i}`, `d${i}`, `e${i}`)} AS v${i}`).join(', ')} FROM (SELECT ${t.kind} AS id, ${grp} AS grp, ${ranked
        .map(({ p, i }) => `SUM(CASE WHEN ${validOf(p)} THEN ${p.n} END) AS n${i}, SUM(CASE WHEN ${validOf(p)} THEN ${p.d ?? '0'} END) AS d${i}, SUM(CASE WHEN ${validOf(p)} THEN ${p.e ?? '0'} END) AS e${i}`)
        .join(', ')} FROM wide WHERE fr = 1 AND ${t.kind} IS NOT NULL GROUP BY ${t.kind}) g`;
    }
    const counts = ranked
      .map(({ i }) => `SUM(CASE WHEN v.v${i} > t.v${i} THEN 1 ELSE 0 END) AS above${i}, SUM(CASE WHEN v.v${i} < t.v${i} THEN 1 ELSE 0 END) AS below${i}, COUNT(v.v${i}) AS n${i},
        SUM(CASE WHEN v.grp = t.grp AND v.v${i} > t.v${i} THEN 1 ELSE 0 END) AS gabove${i}, SUM(CASE WHEN v.grp = t.grp AND v.v${i} IS NOT NULL THEN 1 ELSE 0 END) AS gn${i}`)
      .join(', ');
    out.push(`WITH v AS (${inner}), t AS (SELECT * FROM v WHERE id = '${t.code}') SELECT ${counts} FROM v, t`);
  }
  return out;
};

/** The condition that a commune has every column of a plan (a withheld one leaves it out). */
const validOf = (p: SqlPlan): string => [p.n, p.d, p.e].filter((x): x is string => !!x).map((x) => `(${x}) IS NOT NULL`).join(' AND ');

/** The ordering expression of a plan over a numerator, a denominator and a component expression. */
const rankOrder = (p: SqlPlan, n: string, d: string, e: string): string => {
  if (p.order.startsWith('part:') || p.order.startsWith('rest:')) {
    // The part of the annual rate due to the component, rate × e / (n − d) (e / (years × d) where n = d), or the
    // rest of the rate.
    const years = p.order.slice(5);
    const rate = `(POWER(${n} / ${d}, 1.0 / ${years}) - 1)`;
    const part = `CASE WHEN ${n} <> ${d} THEN ${rate} * ${e} / (${n} - ${d}) ELSE ${e} / (${years} * ${d}) END`;
    return `CASE WHEN ${d} > 0 THEN ${p.order.startsWith('rest:') ? `${rate} - (${part})` : part} END`;
  }
  if (p.order === 'n') return n;
  if (p.order === 'n - d') return `${n} - ${d}`;
  if (p.order.includes('d <> 0')) return `CASE WHEN ${d} <> 0 THEN ${n} / ${d} END`;
  return `CASE WHEN ${d} > 0 THEN ${n} / ${d} END`;
};

/** Columns of the wide table, in order. */
const wideColumns = (data: NationalData) => data.columns.map((c) => ({ ...c, sql: col(c.name, c.millesime) }));

export const loadDuckDb = async (r: Referential, data: NationalData): Promise<DuckDBConnection> => {
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

export const loadSqlite = (r: Referential, data: NationalData): Database.Database => {
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

