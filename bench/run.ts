// Runs every benchmark of bench/ (or those whose path contains an argument), one process each, and prints their tables.
// Run: npm run bench [-- referential import]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? (f === 'out' ? [] : walk(p)) : p.endsWith('.bench.ts') ? [p] : [];
  });

const filters = process.argv.slice(2);
const files = walk(root).filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${relative(root, file)}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
