// A Socle server for the web benchmarks, in its own process: a temporary SQLite loaded with the demo data (and,
// with --france, the outlines of every commune of France from ../shared/data), served on a free port. Prints one
// JSON line { url } when ready; stops on SIGTERM.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/start-server.js';
import { closeContext, createContext } from '../../src/services/context.js';
import { loadDemo } from '../../src/services/demo/load-demo.service.js';
import { importFile } from '../../src/services/import/import-file.service.js';

export const FRANCE_OUTLINES = new URL('../../../shared/data/geo/communes-fr-cog2026-simplified.geojson', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'socle-bench-web-'));
const url = `sqlite:${join(dir, 'socle.sqlite')}`;
const ctx = await createContext(url);
const demo = await loadDemo(ctx);
if (!demo.ok) throw new Error(demo.error.message);
let france = false;
if (process.argv.includes('--france') && existsSync(FRANCE_OUTLINES)) {
  const r = await importFile(ctx, { filePath: FRANCE_OUTLINES });
  if (!r.ok) throw new Error(r.error.message);
  france = true;
}
const server = await startServer({ ctx, config: { databaseUrl: url }, host: '127.0.0.1', port: 0, log: () => {} });
process.stdout.write(JSON.stringify({ url: server.url, france }) + '\n');
const stop = async () => {
  await server.close();
  await closeContext(ctx);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
