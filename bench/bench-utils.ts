// Shared helpers for benchmarks: timing, quantiles, and a plain table printed to stdout.

export const time = <T>(fn: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
};

export const timeAsync = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
};

export const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};

export const printTable = (title: string, rows: [string, string][]): void => {
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length));
  const line = `+${'-'.repeat(w + 2)}+${'-'.repeat(v + 2)}+`;
  process.stdout.write(`\n${title}\n${line}\n`);
  for (const [k, val] of rows) process.stdout.write(`| ${k.padEnd(w)} | ${val.padStart(v)} |\n`);
  process.stdout.write(`${line}\n`);
};
