// One measured run in its own process (so that peak RSS is this run's): `socle`, `socle-dry` or `duckdb`.
// Prints one JSON line. Used by import.bench.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [mode, file] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const peakMb = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds of this process (all threads): less sensitive than wall time to other work on the machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const main = async () => {
  if (mode === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const rssBefore = peakMb();
    const c0 = cpu();
    const t0 = performance.now();
    const db = await DuckDBInstance.create(join(dir, 'peer.duckdb'));
    const conn = await db.connect();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}', delim=';')`);
    await conn.run('CHECKPOINT');
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = cpu() - c0;
    const rows = await conn.runAndReadAll('SELECT count(*) FROM t');
    conn.closeSync();
    db.closeSync();
    return { seconds, cpuSeconds, peakMb: peakMb(), rssBeforeMb: rssBefore, rows: Number(rows.getRows()[0][0]) };
  }
  const { createContext, closeContext } = await import('../../src/services/context.js');
  const { importFile } = await import('../../src/services/import/import-file.service.js');
  const { countObservations } = await import('../../src/storage/observation-columns.js');
  const ctx = await createContext(`sqlite:${join(dir, 'socle.sqlite')}`);
  const rssBefore = peakMb();
  let readDone = 0;
  const c0 = cpu();
  const t0 = performance.now();
  const r = await importFile(ctx, {
    filePath: file,
    dryRun: mode === 'socle-dry',
    onProgress: (p) => {
      if (p.phase === 'écriture' && readDone === 0) readDone = performance.now();
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpu() - c0;
  if (!r.ok) throw new Error(r.error.message);
  const values = { n: await countObservations(ctx.store.db) };
  await closeContext(ctx);
  return {
    seconds,
    cpuSeconds,
    readSeconds: readDone ? (readDone - t0) / 1000 : seconds,
    peakMb: peakMb(),
    rssBeforeMb: rssBefore,
    rows: r.value.imported,
    values: Number(values.n),
    secret: r.value.secret_values,
  };
};

main()
  .then((res) => process.stdout.write(JSON.stringify(res) + '\n'))
  .finally(() => rmSync(dir, { recursive: true, force: true }));
