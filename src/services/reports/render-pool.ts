// Report rendering off the server's event loop. A PDF or a Word file of a région takes seconds of CPU; rendered on the
// thread that answers requests, it would hold every other user for as long. The server builds the document (database
// and engine, quick) and hands it to a small pool of worker threads (render-worker.ts) that render it with the same
// renderers as the CLI. The CLI renders in its own thread: it has nobody else to answer.
//
// A worker that dies (a crash, memory) fails its job and is replaced for the next one. A worker that cannot start at
// all (a build without its worker file) turns the pool into in-process rendering, said once in the log.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AbsDocument } from '../../reports/abs/abs-document.types.js';
import { renderAbsDocument, type AbsReportOptions, type RenderedReport, type ReportFormat } from './abs-report.service.js';
import type { RenderAnswer, RenderJob } from './render-worker.js';

export type ReportRenderer = (doc: AbsDocument, format: ReportFormat, options?: AbsReportOptions) => Promise<Omit<RenderedReport, 'document'>>;

export interface RenderPool {
  render: ReportRenderer;
  /** Reports rendered by the workers, and in this thread after a worker could not start. */
  stats(): { inWorkers: number; inProcess: number; workers: number };
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  /** Number of threads; by default one per core beyond the first, at most two (each holds the renderers' memory). */
  size?: number;
  log?: (line: string) => void;
  /** Starts a worker (tests start failing ones). */
  spawn?: () => Worker;
}

interface Slot {
  worker: Worker;
  job: (RenderJob & { resolve: (r: Omit<RenderedReport, 'document'>) => void; reject: (e: Error) => void }) | null;
  /** Whether it has said it is loaded: a worker failing before that could not start. */
  ready: boolean;
}

/** How to start the worker: the compiled file next to this one, or the TypeScript source through tsx (tests, tsx). */
export const spawnRenderWorker = (): Worker => {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const target = new URL('./render-worker.ts', self).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL('./render-worker.js', self));
};

export const createRenderPool = (options: RenderPoolOptions = {}): RenderPool => {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism() - 1));
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const spawn = options.spawn ?? spawnRenderWorker;
  const slots: Slot[] = [];
  const queue: Slot['job'][] = [];
  let nextId = 1;
  let inWorkers = 0;
  let inProcess = 0;
  let disabled = false;
  let closed = false;

  const fail = (slot: Slot, error: Error) => {
    if (!slots.includes(slot)) return;
    slots.splice(slots.indexOf(slot), 1);
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    if (!slot.ready && !disabled) {
      disabled = true;
      log(`rendu des rapports : le fil de rendu n’a pas démarré (${error.message}) ; les rapports sont rendus dans le fil du serveur`);
      // The failed job and those waiting are rendered here.
      for (const j of [job, ...queue.splice(0)]) if (j) renderHere(j);
      return;
    }
    if (job) job.reject(new Error(`rendu du rapport interrompu : ${error.message}`));
    pump();
  };

  const renderHere = (job: NonNullable<Slot['job']>) => {
    inProcess++;
    renderAbsDocument(job.doc, job.format, job.options).then(job.resolve, job.reject);
  };

  const start = (): Slot => {
    const slot: Slot = { worker: spawn(), job: null, ready: false };
    slot.worker.on('message', (answer: RenderAnswer) => {
      if ('ready' in answer) {
        slot.ready = true;
        return;
      }
      const job = slot.job;
      if (!job || job.id !== answer.id) return;
      slot.job = null;
      slot.worker.unref();
      if (answer.ok) {
        inWorkers++;
        job.resolve({ format: job.format, bytes: Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength), contentType: answer.contentType, fileName: answer.fileName, pages: answer.pages });
      } else {
        const e = new Error(answer.message);
        if (answer.stack) e.stack = answer.stack;
        job.reject(e);
      }
      pump();
    });
    slot.worker.on('error', (e) => fail(slot, e));
    slot.worker.on('exit', (code) => {
      if (!closed) fail(slot, new Error(`le fil de rendu s’est arrêté (code ${code})`));
    });
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    while (queue.length && !disabled) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? start() : null);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      // Held while it works (a pending report keeps the process alive), let go when idle.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, doc: job.doc, format: job.format, options: job.options } satisfies RenderJob);
    }
  };

  return {
    render: (doc, format, opts = {}) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error('rendu des rapports arrêté'));
        const job = { id: nextId++, doc, format, options: { pdfFonts: opts.pdfFonts }, resolve, reject };
        if (disabled) return renderHere(job);
        queue.push(job);
        pump();
      }),
    stats: () => ({ inWorkers, inProcess, workers: slots.length }),
    close: async () => {
      closed = true;
      const stopped = () => new Error('rendu des rapports arrêté');
      for (const j of queue.splice(0)) j?.reject(stopped());
      for (const s of slots) s.job?.reject(stopped());
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
};
