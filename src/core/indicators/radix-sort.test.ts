import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortWithPayload } from './radix-sort.js';

/** What the radix sort must give: the native order of the values, equal values in input order with their labels. */
const expected = (values: number[]): { values: Float64Array; payload: Int32Array } => {
  const order = values.map((_, k) => k);
  order.sort((a, b) => {
    const x = Float64Array.of(values[a], values[b]).sort();
    if (Object.is(x[0], values[a]) && !Object.is(x[0], values[b])) return -1;
    if (Object.is(x[0], values[b]) && !Object.is(x[0], values[a])) return 1;
    return a - b;
  });
  return { values: Float64Array.from(order, (k) => values[k]), payload: Int32Array.from(order) };
};

const check = (list: number[]) => {
  const values = Float64Array.from(list);
  const payload = Int32Array.from(list, (_, k) => k);
  sortWithPayload(values, payload);
  const want = expected(list);
  // Object.is tells -0 from +0: the native order puts -0 first.
  expect(Array.from(values).every((v, k) => Object.is(v, want.values[k]))).toBe(true);
  expect(Array.from(payload)).toEqual(Array.from(want.payload));
};

// Values as the ranking tables hold them: rates, counts, negative evolutions, ties, zeros of both signs, infinities
// (a rate over a zero denominator is left out upstream, but the sort must not care).
const value = fc.oneof(
  fc.double({ noNaN: true }),
  fc.double({ min: -100, max: 100, noNaN: true }),
  fc.integer({ min: -3, max: 3 }).map((k) => k / 2),
  fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
);

describe('sortWithPayload', () => {
  it('sorts as Float64Array.prototype.sort does, stable, at every size (small arrays and radix passes)', () => {
    // Sizes on both sides of the comparison-sort threshold (2,048); fast-check's default size would stay below ten.
    const lists = fc.oneof(fc.array(value, { maxLength: 600, size: 'max' }), fc.array(value, { minLength: 2_000, maxLength: 4_000, size: 'max' }));
    fc.assert(fc.property(lists, check), { numRuns: 300 });
  });

  it('sorts a national table: 35,000 values of one magnitude (the skipped high digits) with many ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    check(Array.from({ length: 35_000 }, () => Math.round(random() * 2_000) / 10 + 5));
    check(Array.from({ length: 35_000 }, () => (random() - 0.5) * 1e6));
  });

  it('refuses labels that do not match the values', () => {
    expect(() => sortWithPayload(new Float64Array(3), new Int32Array(2))).toThrow(/2 étiquettes pour 3 valeurs/);
  });
});
