// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Sorting the values of every commune of France for the ranking tables. A portrait ranks ~100 indicators among 35,000
// communes; `Float64Array.prototype.sort` takes about 3 ms per indicator there, and the départements' segments nearly
// as much again. An LSD radix sort on the IEEE-754 bits (six passes of 11 bits over keys that order as unsigned
// integers) gives the same order in about 1.5 ms and is stable: carrying each value's département, one counting pass
// then yields every département's values already sorted.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const SIGN = 0x80000000;
const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
const PASSES = 6;

/** Below this size a comparison sort is as fast as six histograms. */
const SMALL = 2_048;

/**
 * Sorts `values` ascending in place, in the order of `Float64Array.prototype.sort` (-Infinity first, -0 before +0),
 * and moves `payload[k]` with `values[k]`; equal values keep their input order. `values` must hold no NaN.
 */
export const sortWithPayload = (values: Float64Array, payload: Int32Array): void => {
  const n = values.length;
  if (payload.length !== n) throw new Error(`sortWithPayload : ${payload.length} étiquettes pour ${n} valeurs`);
  if (n < SMALL) return sortSmall(values, payload);

  // Keys: negative values with every bit flipped, positive ones with the sign bit set, then compared as unsigned
  // 64-bit integers (a high and a low word).
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let pay = Int32Array.from(payload);
  const counts = new Uint32Array(RADIX * PASSES);
  for (let k = 0; k < n; k++) {
    let h = bits[2 * k + HIGH];
    let l = bits[2 * k + LOW];
    if (h & SIGN) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | SIGN) >>> 0;
    hi[k] = h;
    lo[k] = l;
    for (let pass = 0; pass < PASSES; pass++) counts[pass * RADIX + digit(pass, h, l)]++;
  }

  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let pay2 = new Int32Array(n);
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    // A digit shared by every key (the exponent of values of one magnitude) leaves the order as it is.
    let trivial = false;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d];
      if (c === 0) continue;
      trivial = c === n;
      break;
    }
    if (trivial) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d];
      counts[base + d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const h = hi[k];
      const l = lo[k];
      const at = counts[base + digit(pass, h, l)]++;
      hi2[at] = h;
      lo2[at] = l;
      pay2[at] = pay[k];
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [pay, pay2] = [pay2, pay];
  }

  for (let k = 0; k < n; k++) {
    const h = hi[k];
    if (h & SIGN) {
      bits[2 * k + HIGH] = (h & ~SIGN) >>> 0;
      bits[2 * k + LOW] = lo[k];
    } else {
      bits[2 * k + HIGH] = ~h >>> 0;
      bits[2 * k + LOW] = ~lo[k] >>> 0;
    }
  }
  payload.set(pay);
};

/** Small arrays: a stable comparison sort of the positions; -0 before +0, as the native sort. */
const sortSmall = (values: Float64Array, payload: Int32Array): void => {
  const order = Array.from({ length: values.length }, (_, k) => k);
  order.sort((a, b) => compareNumbers(values[a], values[b]) || a - b);
  const v = Float64Array.from(order, (k) => values[k]);
  const p = Int32Array.from(order, (k) => payload[k]);
  values.set(v);
  payload.set(p);
};

const compareNumbers = (a: number, b: number): number => {
  if (a !== b) return a < b ? -1 : 1;
  if (a === 0 && Object.is(a, -0) !== Object.is(b, -0)) return Object.is(a, -0) ? -1 : 1;
  return 0;
};

/** The pass-th 11-bit digit of the key, from the lowest: bits 0–10, 11–21, 22–32 (across the words), … 55–63. */
const digit = (pass: number, h: number, l: number): number => {
  const shift = pass * BITS;
  if (shift + BITS <= 32) return (l >>> shift) & MASK;
  if (shift < 32) return ((l >>> shift) | (h << (32 - shift))) & MASK;
  return (h >>> (shift - 32)) & MASK;
};
