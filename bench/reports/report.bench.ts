// The ABS report for CC Cœur et Coteaux du Comminges (epci:200072643, 104 communes) and Haute-Garonne (dep:31, 586):
// seconds for each format and peak RSS. Goals: PDF < 5 s, DOCX and XLSX < 1 s, HTML < 0.5 s.
//
// Each (territory, format) runs in its own process on a SQLite file loaded with the demo data, so that its peak RSS is
// its own. In that process: « 1er rapport » is the first report of a fresh process (it loads the indicator engine's
// columns from the database); « rapport suivant » is the median of the next runs (engine warm, as in a running
// server), each gathering the data, building the document and rendering it.
// Run: npm run bench -- reports
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantile } from '../bench-utils.js';

const TERRITORIES = [
  { ref: 'epci:200072643', label: 'CC Cœur et Coteaux du Comminges (104 communes)' },
  { ref: 'dep:31', label: 'Haute-Garonne (586 communes)' },
];
const FORMATS = ['html', 'pdf', 'docx', 'xlsx'] as const;
const GOALS: Record<string, number> = { html: 0.5, pdf: 5, docx: 1, xlsx: 1 };
const RUNS = 4;

interface ChildResult {
  first: number;
  next: number[];
  /** CPU seconds (user + system) of each run: what the run costs whatever else the machine is doing. */
  cpu: number[];
  phases: { gather: number; render: number }[];
  bytes: number;
  pages?: number;
  rssMb: number;
}

const child = async (db: string, ref: string, format: string): Promise<void> => {
  const { createContext, closeContext } = await import('../../src/services/context.js');
  const { buildAbsReportDocument, renderAbsDocument } = await import('../../src/services/reports/abs-report.service.js');
  const ctx = await createContext(db);
  const times: number[] = [];
  const cpu: number[] = [];
  const phases: { gather: number; render: number }[] = [];
  let bytes = 0;
  let pages: number | undefined;
  for (let k = 0; k < RUNS; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const doc = await buildAbsReportDocument(ctx, ref, { organisme: 'Banc d’essai', date: '2026-03-15' });
    if (!doc.ok) throw new Error(doc.error.message);
    const t1 = performance.now();
    const r = await renderAbsDocument(doc.value, format as (typeof FORMATS)[number]);
    const t2 = performance.now();
    times.push((t2 - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    phases.push({ gather: (t1 - t0) / 1000, render: (t2 - t1) / 1000 });
    bytes = r.bytes.length;
    pages = r.pages;
  }
  await closeContext(ctx);
  const out: ChildResult = { first: times[0], next: times.slice(1), cpu, phases, bytes, pages, rssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(out));
};

const main = async (): Promise<void> => {
  const startLoad = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'socle-bench-report-'));
  const db = `sqlite:${join(dir, 'socle.sqlite')}`;
  try {
    const { createContext, closeContext } = await import('../../src/services/context.js');
    const { loadDemo } = await import('../../src/services/demo/load-demo.service.js');
    const ctx = await createContext(db);
    const loaded = await loadDemo(ctx);
    if (!loaded.ok) throw new Error(loaded.error.message);
    await closeContext(ctx);

    const header = ['territoire', 'format', '1er rapport (s)', 'rapport suivant (s)', 'dont données (s)', 'dont rendu (s)', 'CPU suivant (s)', 'objectif', 'taille', 'pic RSS'];
    const rows: string[][] = [];
    for (const t of TERRITORIES) {
      for (const format of FORMATS) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', db, t.ref, format], { encoding: 'utf8', maxBuffer: 64 << 20 });
        if (r.status !== 0) throw new Error(`${t.ref} ${format} : ${r.stderr}`);
        const res = JSON.parse(r.stdout) as ChildResult;
        const next = quantile(res.next, 0.5);
        const warm = res.phases.slice(1);
        rows.push([
          t.ref,
          format,
          res.first.toFixed(2),
          next.toFixed(2),
          quantile(warm.map((p) => p.gather), 0.5).toFixed(2),
          quantile(warm.map((p) => p.render), 0.5).toFixed(2),
          quantile(res.cpu.slice(1), 0.5).toFixed(2),
          `< ${GOALS[format]} s ${next < GOALS[format] ? 'tenu' : 'MANQUÉ'}`,
          `${(res.bytes / 1e6).toFixed(2)} Mo${res.pages ? `, ${res.pages} p.` : ''}`,
          `${res.rssMb.toFixed(0)} Mo`,
        ]);
      }
    }
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (cells: string[]) => `| ${cells.map((c, k) => (k < 2 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join(' | ')} |`;
    const sep = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
    process.stdout.write(`\nCharge de la machine au départ (load average sur 1 min) : ${startLoad.toFixed(1)} pour ${cpus().length} cœurs`);
    process.stdout.write(`\nRapport ABS : secondes par format (${RUNS} rapports par processus ; « suivant » = médiane des ${RUNS - 1} derniers), pic de mémoire du processus\n`);
    process.stdout.write(`${sep}\n${line(header)}\n${sep}\n${rows.map(line).join('\n')}\n${sep}\n`);
    for (const t of TERRITORIES) process.stdout.write(`${t.ref} : ${t.label}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
