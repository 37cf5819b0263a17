// The thread that renders reports for the HTTP server (render-pool.ts): it receives a built document (plain data),
// renders it with the same renderers as the CLI and sends the bytes back, transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import type { AbsDocument } from '../../reports/abs/abs-document.types.js';
import { renderAbsDocument, type AbsReportOptions, type ReportFormat } from './abs-report.service.js';

export interface RenderJob {
  id: number;
  doc: AbsDocument;
  format: ReportFormat;
  options: Pick<AbsReportOptions, 'pdfFonts'>;
}

export type RenderAnswer =
  | { ready: true }
  | { id: number; ok: true; bytes: Uint8Array; pages?: number; contentType: string; fileName: string }
  | { id: number; ok: false; message: string; stack?: string };

parentPort?.on('message', async (job: RenderJob) => {
  try {
    const r = await renderAbsDocument(job.doc, job.format, job.options);
    const bytes = new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    // A Buffer may sit in node's shared pool: only a buffer of its own is transferred.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const answer: RenderAnswer = { id: job.id, ok: true, bytes: own, pages: r.pages, contentType: r.contentType, fileName: r.fileName };
    parentPort!.postMessage(answer, [own.buffer as ArrayBuffer]);
  } catch (e) {
    const answer: RenderAnswer = { id: job.id, ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
    parentPort!.postMessage(answer);
  }
});

// Loaded: the pool now knows that this thread can work (one that fails before this could not start).
parentPort?.postMessage({ ready: true } satisfies RenderAnswer);
