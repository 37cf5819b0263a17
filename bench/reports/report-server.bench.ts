// How long the server's event loop is held while it answers an ABS report (GET /api/v1/reports/abs/…), with the
// report rendered in a pool of worker threads (what `socle serve` does, services/reports/render-pool.ts) and, as the
// peer, in the request's own thread. While the loop is held, every other user waits: a portrait, a map tile, /healthz.
//
// One process, the demo data (Haute-Garonne) in a temporary SQLite. For each mode a server is started on a free port;
// each report is asked once to warm the engine and the workers, then RUNS times with a new date each time (the date
// makes a new document, so that the response cache does not answer). The loop's delay is sampled every 10 ms
// (perf_hooks.monitorEventLoopDelay): « bloqué au plus » is its longest hold during a report.
// Run: npm run bench -- report-server
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../../src/server/start-server.js';
import { closeContext, createContext } from '../../src/services/context.js';
import { loadDemo } from '../../src/services/demo/load-demo.service.js';
import { renderAbsDocument } from '../../src/services/reports/abs-report.service.js';
import { quantile } from '../bench-utils.js';

const REPORTS = ['epci:200072643.pdf', 'epci:200072643.docx', 'dep:31.pdf', 'dep:31.docx', 'dep:31.xlsx'];
const RUNS = Number(process.env.RUNS ?? 3);

const dir = mkdtempSync(join(tmpdir(), 'socle-bench-report-server-'));
const url = `sqlite:${join(dir, 'socle.sqlite')}`;
try {
  const ctx = await createContext(url);
  const demo = await loadDemo(ctx);
  if (!demo.ok) throw new Error(demo.error.message);
  const startLoad = loadavg()[0];
  const results = new Map<string, { held: number[]; seconds: number[] }>();
  let day = 1;
  for (const mode of ['pool', 'in-process'] as const) {
    const server = await startServer({ ctx, config: { databaseUrl: url }, host: '127.0.0.1', port: 0, log: () => {}, ...(mode === 'in-process' ? { renderReport: renderAbsDocument } : {}) });
    try {
      for (const report of REPORTS) {
        const ask = async () => {
          const date = `2026-01-${String((day++ % 28) + 1).padStart(2, '0')}`;
          const h = monitorEventLoopDelay({ resolution: 10 });
          h.enable();
          const t0 = performance.now();
          const r = await fetch(`${server.url}/api/v1/reports/abs/${report}?date=${date}`);
          await r.arrayBuffer();
          const seconds = (performance.now() - t0) / 1000;
          // The sampling timer records a hold when it runs again, just after it: give it that turn.
          await new Promise((resolve) => setTimeout(resolve, 50));
          h.disable();
          if (r.status !== 200) throw new Error(`${report} : ${r.status}`);
          return { held: h.max / 1e9, seconds };
        };
        await ask();
        const key = `${report} ${mode}`;
        const runs = { held: [] as number[], seconds: [] as number[] };
        for (let k = 0; k < RUNS; k++) {
          const one = await ask();
          runs.held.push(one.held);
          runs.seconds.push(one.seconds);
        }
        results.set(key, runs);
      }
    } finally {
      await server.close();
    }
  }
  await closeContext(ctx);

  const header = ['rapport', 'bloqué au plus, fils de rendu (s)', 'bloqué au plus, même fil (s)', 'rapport (s), fils / même fil', 'boucle libérée'];
  const rows = REPORTS.map((report) => {
    const pool = results.get(`${report} pool`)!;
    const here = results.get(`${report} in-process`)!;
    const hp = quantile(pool.held, 0.5);
    const hh = quantile(here.held, 0.5);
    return [report, hp.toFixed(2), hh.toFixed(2), `${quantile(pool.seconds, 0.5).toFixed(2)} / ${quantile(here.seconds, 0.5).toFixed(2)}`, `${(hh / hp).toFixed(1)}×`];
  });
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join(' | ')} |`;
  const sep = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  process.stdout.write(`\nCharge de la machine au départ (load average sur 1 min) : ${startLoad.toFixed(1)} pour ${cpus().length} cœurs`);
  process.stdout.write(`\nBoucle d’événements du serveur pendant un rapport ABS (médianes de ${RUNS} rapports, après un premier qui chauffe)\n`);
  process.stdout.write(`${sep}\n${line(header)}\n${sep}\n${rows.map(line).join('\n')}\n${sep}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
