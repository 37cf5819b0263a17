// Principle 8 of DESIGN.md: src/core holds the rules and calculations and imports nothing that does I/O.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../src/core', import.meta.url).pathname;
const FORBIDDEN = /from\s+['"](node:)?(fs|fs\/promises|http|https|net|child_process|worker_threads|pg|better-sqlite3|kysely|hono|@hono\/[^'"]+|exceljs|docx|pdfkit|playwright-core)['"]/;
const OUTSIDE = /from\s+['"](\.\.\/)+(storage|services|server|cli|import)\//;

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

describe('le cœur est pur', () => {
  const files = walk(root);
  it('contient des modules', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  it.each(files.map((f) => [relative(root, f), f]))('%s n’importe rien qui fait des entrées-sorties', (_, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(FORBIDDEN);
    expect(text).not.toMatch(OUTSIDE);
  });
});
