import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAbsDocument } from '../../reports/abs/build/build-abs-document.js';
import { buildAbsInputFixture } from '../../reports/abs/fixtures/abs-input.fixture.js';
import { renderAbsDocument } from './abs-report.service.js';
import { createRenderPool, type RenderPool } from './render-pool.js';

const doc = buildAbsDocument({ ...buildAbsInputFixture(), options: { date: '2026-03-15' } });
let pool: RenderPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('rendu des rapports dans des fils à part (serveur)', () => {
  it('rend dans un fil de travail le même document que dans le fil principal', async () => {
    pool = createRenderPool({ size: 1 });
    const [html, pdf] = await Promise.all([pool.render(doc, 'html'), pool.render(doc, 'pdf')]);
    const here = await renderAbsDocument(doc, 'html');
    expect(html.bytes.equals(here.bytes)).toBe(true);
    expect(html.fileName).toBe(here.fileName);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.pages).toBeGreaterThan(5);
    expect(pool.stats()).toEqual({ inWorkers: 2, inProcess: 0, workers: 1 });
  });

  it('rend dans le fil du serveur quand le fil de rendu ne démarre pas, et le dit une fois', async () => {
    const lines: string[] = [];
    pool = createRenderPool({ size: 1, log: (l) => lines.push(l), spawn: () => new Worker('throw new Error("module introuvable")', { eval: true }) });
    const [a, b] = await Promise.all([pool.render(doc, 'html'), pool.render(doc, 'xlsx')]);
    expect(a.bytes.toString('utf8')).toContain('<html');
    expect(b.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(pool.stats().inProcess).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rendu des rapports : le fil de rendu n’a pas démarré \(module introuvable\)/);
  });

  it('fait échouer le rapport d’un fil qui meurt en rendant, et en démarre un autre pour le suivant', async () => {
    let started = 0;
    const dying = () => {
      started++;
      // Says it is ready, then dies on its first job.
      return new Worker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', () => process.exit(7));", { eval: true });
    };
    pool = createRenderPool({ size: 1, log: () => undefined, spawn: dying });
    await expect(pool.render(doc, 'html')).rejects.toThrow(/rendu du rapport interrompu : le fil de rendu s’est arrêté \(code 7\)/);
    await expect(pool.render(doc, 'html')).rejects.toThrow(/code 7/);
    expect(started).toBe(2);
    expect(pool.stats()).toMatchObject({ inWorkers: 0, inProcess: 0 });
  });

  it('refuse un rendu après sa fermeture', async () => {
    pool = createRenderPool({ size: 1 });
    await pool.close();
    await expect(pool.render(doc, 'html')).rejects.toThrow('rendu des rapports arrêté');
  });
});
