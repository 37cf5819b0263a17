// GET /api/v1/reports/abs/{ref}.{format} through app.request(): the file with its type and name, and the errors. The
// app renders through a pool of worker threads, as `socle serve` does.
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../../test/helpers/test-stores.js';
import type { AppContext } from '../../../services/context.js';
import { importFile } from '../../../services/import/import-file.service.js';
import { createRenderPool, type RenderPool } from '../../../services/reports/render-pool.js';
import { createApp } from '../../app.js';

describe.each(storeTargets())('route du rapport ABS sur $name', (target) => {
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let pool: RenderPool;

  beforeAll(async () => {
    ctx = await target.create();
    for (const file of ['insee/base_cc_comparateur_31.csv', 'geo/communes-31-cog2026.geojson']) {
      const r = await importFile(ctx, { filePath: sharedData(file) });
      if (!r.ok) throw new Error(r.error.message);
    }
    pool = createRenderPool({ size: 1 });
    app = createApp({ ctx, config: { databaseUrl: 'test' }, host: '127.0.0.1', webDir: null, log: () => undefined, renderReport: pool.render });
  });
  afterAll(async () => {
    await pool.close();
    await target.destroy(ctx);
  });

  it('envoie le PDF en pièce jointe, avec son type', async () => {
    const res = await app.request('/api/v1/reports/abs/epci:200072643.pdf?organisme=CIAS%20C%C5%93ur%20et%20Coteaux&date=2026-03-15');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="abs-cc-coeur-et-coteaux-du-comminges-200072643-2026-03-15.pdf"; filename*=UTF-8''abs-cc-coeur-et-coteaux-du-comminges-200072643-2026-03-15.pdf`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Rendered by the worker thread, not by the thread that answers requests.
    expect(pool.stats()).toMatchObject({ inWorkers: 1, inProcess: 0 });
  });

  it('envoie le Word, lisible avec ses titres', async () => {
    const res = await app.request('/api/v1/reports/abs/com:31555.docx?date=2026-03-15');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(await res.arrayBuffer()) })).value;
    expect(html).toContain('L’essentiel</h1>');
    expect(html).toContain('Toulouse');
  });

  it('envoie le HTML et l’Excel', async () => {
    const html = await app.request('/api/v1/reports/abs/dep:31.html?date=2026-03-15');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('Haute-Garonne');
    const xlsx = await app.request('/api/v1/reports/abs/epci:200072643.xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('répond 400 à un format inconnu, 404 à un territoire inconnu, 400 à une date invalide', async () => {
    const f = await app.request('/api/v1/reports/abs/epci:200072643.odt');
    expect(f.status).toBe(400);
    expect((await f.json()).error).toMatchObject({ code: 'FORMAT_INCONNU' });
    const none = await app.request('/api/v1/reports/abs/epci:200072643');
    expect(none.status).toBe(400);
    const t = await app.request('/api/v1/reports/abs/com:99999.pdf');
    expect(t.status).toBe(404);
    expect((await t.json()).error.code).toBe('TERRITOIRE_INCONNU');
    const d = await app.request('/api/v1/reports/abs/epci:200072643.pdf?date=15/03/2026');
    expect(d.status).toBe(400);
  });

  it('répond 422 quand aucune donnée ne couvre le territoire', async () => {
    const r = await app.request('/api/v1/reports/abs/dep:09.pdf');
    expect(r.status).toBe(422);
    expect((await r.json()).error.code).toBe('AUCUNE_DONNEE');
  });
});
