// The document model is built without I/O (DESIGN.md, reports: « build (data → document model, pure) »): only data in,
// only data out. The renderers and the service do the rest.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const FORBIDDEN = /from\s+['"](node:[a-z_/]+|fs|path|os|pg|better-sqlite3|kysely|hono|exceljs|docx|pdfkit|svg-to-pdfkit|@resvg\/resvg-js|linkedom)['"]|from\s+['"][./]*(render|services|storage|server|cli|import)\//;

describe('la construction du modèle du rapport ABS est pure', () => {
  it('compte des modules', () => {
    expect(files.length).toBeGreaterThan(4);
  });
  it.each(files)('%s n’importe rien qui fait des entrées-sorties', (file) => {
    expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(FORBIDDEN);
  });
});
