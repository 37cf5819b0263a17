// The accumulator against a plain model of what it must store: rows summed by commune (arrondissements folded into
// their city unless the city has its own row), and for each variable a value, a status and a withheld count — with
// rows in code order, one per commune (the accumulator's short path), and in any order, several per commune.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDITIVE_KINDS, VALUE_STATUS_CODE, type VariableKind } from '../../core/observations/observation.types.js';
import { CELL_SECRET, CELL_VALUE } from '../normalise/number-cell.js';
import { CommuneAccumulator, newColumn } from './commune-accumulator.js';

interface Row {
  commune: number;
  arrondissement: boolean;
  values: number[];
  states: number[];
}

/** Arrondissements municipaux of a city in the tests: communes 0, 3, 6… have three (a file may give fewer). */
const arrondissementsOf = (commune: number): number => (commune % 3 === 0 ? 3 : 0);

/** What the store must hold, computed the plain way. */
const model = (communes: number, rows: Row[], kinds: VariableKind[]) => {
  const own = new Map<number, Row[]>();
  const arr = new Map<number, Row[]>();
  for (const r of rows) {
    const m = r.arrondissement ? arr : own;
    m.set(r.commune, [...(m.get(r.commune) ?? []), r]);
  }
  /** Arrondissements of a city folded from some of them only: the others, absent from the file. */
  const absent = new Map<number, number>();
  for (const [c, list] of arr) {
    if (own.has(c)) continue;
    own.set(c, list);
    absent.set(c, Math.max(0, arrondissementsOf(c) - list.length));
  }
  const touched = [...own.keys()].sort((a, b) => a - b).filter((c) => c < communes);
  const columns = kinds.map((kind, j) =>
    touched.map((c) => {
      const list = own.get(c)!;
      const short = absent.get(c) ?? 0;
      const n = list.length + short;
      let ok = 0;
      let secret = 0;
      let sum = 0;
      for (const r of list) {
        if (r.states[j] === CELL_VALUE) {
          ok++;
          sum += r.values[j];
        } else if (r.states[j] === CELL_SECRET) secret++;
      }
      if (n > 1 && !ADDITIVE_KINDS.has(kind)) return { value: NaN, status: VALUE_STATUS_CODE.missing, withheld: 0 };
      if (ok === n) return { value: sum, status: VALUE_STATUS_CODE.ok, withheld: 0 };
      if (ok === 0) return { value: NaN, status: secret > 0 && short === 0 ? VALUE_STATUS_CODE.secret : VALUE_STATUS_CODE.missing, withheld: n > 1 ? n : 0 };
      return { value: sum, status: VALUE_STATUS_CODE.partial, withheld: n - ok };
    }),
  );
  return { touched, columns };
};

const kind = fc.constantFrom<VariableKind>('count', 'amount', 'area', 'median', 'rate', 'other');

describe('accumulateur des communes', () => {
  it('une ville faite de quelques-uns de ses arrondissements : somme partielle qui compte les absents, médiane manquante, même d’un seul', () => {
    const acc = new CommuneAccumulator(4, 2, { arrondissementsOf });
    acc.add(0, Float64Array.of(40, 14000), Uint8Array.of(CELL_VALUE, CELL_VALUE), true);
    acc.add(1, Float64Array.of(10, 12000), Uint8Array.of(CELL_VALUE, CELL_VALUE), false);
    const summary = acc.summarise(['count', 'median']);
    expect(summary.arrondissementsIncomplete).toEqual([{ commune: 0, given: 1, expected: 3 }]);
    expect(summary.notRecomputable).toEqual([0, 1]);
    const touched = acc.touched();
    expect(acc.storedColumns(touched)).toBeUndefined();
    const out = [newColumn(2), newColumn(2)];
    acc.columns(0, ['count', 'median'], touched, out);
    expect([out[0].value[0], out[0].status[0], out[0].withheld[0]]).toEqual([40, VALUE_STATUS_CODE.partial, 2]);
    expect([out[1].value[0], out[1].status[0]]).toEqual([NaN, VALUE_STATUS_CODE.missing]);
    expect([out[1].value[1], out[1].status[1]]).toEqual([12000, VALUE_STATUS_CODE.ok]);
  });

  it('une commune à qui il manque une unité (l’ancienne commune de son code, des arrondissements par IRIS) : somme partielle, médiane manquante, secret devenu manquant', () => {
    const acc = new CommuneAccumulator(4, 2, { arrondissementsOf });
    // Commune 1: one row, of an old commune merged into it; commune 2: one row, withheld; commune 3: whole.
    acc.add(1, Float64Array.of(40, 30000), Uint8Array.of(CELL_VALUE, CELL_VALUE), false);
    acc.add(2, Float64Array.of(0, 0), Uint8Array.of(CELL_SECRET, CELL_SECRET), false);
    acc.add(3, Float64Array.of(7, 21000), Uint8Array.of(CELL_VALUE, CELL_VALUE), false);
    // City 0 by IRIS: two rows of one of its three arrondissements.
    acc.add(0, Float64Array.of(10, 20000), Uint8Array.of(CELL_VALUE, CELL_VALUE), false);
    acc.add(0, Float64Array.of(5, 22000), Uint8Array.of(CELL_VALUE, CELL_VALUE), false);
    acc.markShort(1, 1);
    acc.markShort(2, 1);
    acc.markShort(0, 2, { given: 1, expected: 3 });
    const summary = acc.summarise(['count', 'median']);
    expect(summary.arrondissementsIncomplete).toEqual([{ commune: 0, given: 1, expected: 3 }]);
    expect(summary.partial).toEqual([2, 0]);
    const touched = acc.touched();
    expect(acc.storedColumns(touched)).toBeUndefined();
    const out = [newColumn(4), newColumn(4)];
    acc.columns(0, ['count', 'median'], touched, out);
    const cells = (c: (typeof out)[number]) => Array.from(touched, (_, k) => [c.value[k], c.status[k], c.withheld[k]]);
    const { ok, partial, missing } = VALUE_STATUS_CODE;
    expect(cells(out[0])).toEqual([[15, partial, 2], [40, partial, 1], [NaN, missing, 2], [7, ok, 0]]);
    expect(cells(out[1])).toEqual([[NaN, missing, 0], [NaN, missing, 0], [NaN, missing, 0], [21000, ok, 0]]);
  });

  it('stocke ce que le modèle simple calcule, lignes dans l’ordre des codes ou non, une ou plusieurs par commune', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(kind, { minLength: 1, maxLength: 9 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, 0, 0, 1, 2)), { minLength: 9, maxLength: 9 })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 9 }),
        (communes, kinds, ordered, raw, block) => {
          const nv = kinds.length;
          let rows: Row[] = raw.map(([c, a, cells]) => ({ commune: c % communes, arrondissement: a, values: cells.slice(0, nv).map(([v]) => v / 8), states: cells.slice(0, nv).map(([, s]) => s) }));
          // In code order, one row per commune: the way an INSEE file comes.
          if (ordered) rows = rows.filter((r, i) => rows.findIndex((x) => x.commune === r.commune) === i).sort((a, b) => a.commune - b.commune).map((r) => ({ ...r, arrondissement: false }));
          const acc = new CommuneAccumulator(communes, nv, { arrondissementsOf });
          for (const r of rows) acc.add(r.commune, Float64Array.from(r.values), Uint8Array.from(r.states), r.arrondissement);
          acc.summarise(kinds);
          const touched = acc.touched();
          const expected = model(communes, rows, kinds);
          expect(Array.from(touched)).toEqual(expected.touched);
          const out = Array.from({ length: nv }, () => newColumn(touched.length));
          for (let j = 0; j < nv; j += block) acc.columns(j, kinds, touched, out.slice(j, j + block));
          const got = out.map((c) => Array.from(touched, (_, k) => ({ value: c.value[k], status: c.status[k], withheld: c.withheld[k] })));
          expect(got).toEqual(expected.columns);
          // The columns as stored without a copy, where the accumulator can give them: the same cells.
          const direct = acc.storedColumns(touched);
          if (ordered) expect(direct).toBeDefined();
          if (direct) expect(direct.map((c) => Array.from(touched, (_, k) => ({ value: c.value[k], status: c.status[k], withheld: c.withheld[k] })))).toEqual(expected.columns);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('un grand accumulateur, dont un fil écrit les pages d’avance, stocke exactement les mêmes valeurs', async () => {
    // 40 000 communes × 30 variables: past PREFAULT_FROM_BYTES, so the arrays are shared and a worker thread writes
    // their pages while the rows are added; the result must be that of an accumulator without it, to the bit.
    const communes = 40_000;
    const nv = 30;
    const kinds = Array.from({ length: nv }, (_, j): VariableKind => (j % 5 === 4 ? 'median' : 'count'));
    const big = new CommuneAccumulator(communes, nv, { expectedRows: communes });
    const plain = new CommuneAccumulator(communes, nv);
    const values = new Float64Array(nv);
    const states = new Uint8Array(nv);
    for (let c = 0; c < communes; c++) {
      for (let j = 0; j < nv; j++) {
        values[j] = (c * 31 + j) / 7;
        states[j] = (c + j) % 11 === 0 ? CELL_SECRET : (c + j) % 13 === 0 ? 2 : CELL_VALUE;
      }
      big.add(c, values, states, false);
      plain.add(c, values, states, false);
      // Let the worker run between rows now and then.
      if (c % 5000 === 0) await new Promise((r) => setImmediate(r));
    }
    const columnsOf = (acc: CommuneAccumulator) => {
      acc.summarise(kinds);
      const touched = acc.touched();
      const out = Array.from({ length: nv }, () => newColumn(touched.length));
      acc.columns(0, kinds, touched, out);
      return out;
    };
    const got = columnsOf(big);
    const expected = columnsOf(plain);
    expect(got[3].value[12_345]).toBe(expected[3].value[12_345]);
    for (let j = 0; j < nv; j++) {
      expect(Buffer.from(got[j].value.buffer).equals(Buffer.from(expected[j].value.buffer))).toBe(true);
      expect(Buffer.from(got[j].status.buffer).equals(Buffer.from(expected[j].status.buffer))).toBe(true);
    }
  });
});
