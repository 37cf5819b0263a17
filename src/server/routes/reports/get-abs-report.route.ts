// GET /reports/abs/{ref}.{pdf|docx|xlsx|html}?organisme=&date= — the ABS report of a territory as a file to download,
// the same document as `socle report abs`. Cached per data version, like the portrait it is built from. Rendered by
// the server's pool of worker threads when it has one (render-pool.ts), so that other requests are not held.
import { createRoute, z } from '@hono/zod-openapi';
import { renderAbsReport, REPORT_CONTENT_TYPES, REPORT_FORMATS, reportFileNameFor, reportToday } from '../../../services/reports/abs-report.service.js';
import { httpError, unwrap } from '../../http-error.js';
import { cachedResponse } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses } from '../common.schemas.js';
import { requireRef } from '../territories/territory-input.js';

export const AbsReportParams = z.object({
  file: z
    .string()
    .min(3)
    .max(140, 'nom de rapport trop long : 140 caractères au plus (epci:200072643.pdf)')
    .openapi({ param: { name: 'file', in: 'path' }, description: 'référence du territoire suivie du format : epci:200072643.pdf, com:31555.docx, per:slug.xlsx, dep:31.html', example: 'epci:200072643.pdf' }),
});

export const AbsReportQuery = z.object({
  organisme: z.string().max(200, { error: 'organisme : 200 caractères au plus' }).optional().openapi({ description: 'organisme commanditaire écrit en couverture', example: 'CIAS Cœur et Coteaux du Comminges' }),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date attendue au format AAAA-MM-JJ' })
    .optional()
    .openapi({ description: 'date du rapport (par défaut : aujourd’hui) ; une date fixe redonne le même document', example: '2026-03-15' }),
});

const binary = z.string().openapi({ format: 'binary' });

const route = createRoute({
  method: 'get',
  path: '/reports/abs/{file}',
  tags: ['Rapports'],
  summary: 'Rapport ABS (analyse des besoins sociaux) d’un territoire',
  description:
    'Le diagnostic socio-démographique complet : couverture, sommaire, « L’essentiel », un chapitre par public avec tableaux, graphiques et carte des communes, points de vigilance, cadres à compléter avec les partenaires, annexe méthodologique. En PDF, Word (modifiable), Excel (tous les chiffres) ou HTML (un seul fichier).',
  request: { params: AbsReportParams, query: AbsReportQuery },
  responses: {
    200: { description: 'le rapport, en pièce jointe', content: Object.fromEntries(REPORT_FORMATS.map((f) => [REPORT_CONTENT_TYPES[f].split(';')[0], { schema: binary }])) },
    ...errorResponses(400, 404, 422),
  },
});

/** « epci:200072643.pdf » → the reference and the format (the last dot separates them: slugs have none). */
export const splitReportFile = (file: string): { ref: string; format: string } => {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) throw httpError('FORMAT_INCONNU', `« ${file} » : format manquant ; ajouter .pdf, .docx, .xlsx ou .html à la référence`);
  return { ref: file.slice(0, dot), format: file.slice(dot + 1).toLowerCase() };
};

export const getAbsReportRoute: RouteModule = (api, { ctx, renderReport }) => {
  api.openapi(route, async (c) => {
    const { ref: raw, format } = splitReportFile(c.req.valid('param').file);
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw httpError('FORMAT_INCONNU', `format « ${format} » inconnu : pdf, docx, xlsx ou html attendu`);
    const ref = requireRef(raw);
    const q = c.req.valid('query');
    // Without a date, today's (in France): part of the key, so that a report kept from yesterday is not dated so today.
    const date = q.date ?? reportToday(ctx);
    const res = await cachedResponse(c, ctx, `report:abs:${ref}|${format}|${q.organisme ?? ''}|${date}`, async () => {
      const r = unwrap(await renderAbsReport(ctx, ref, format, { organisme: q.organisme, date }, renderReport));
      return { body: new Uint8Array(r.bytes), contentType: r.contentType };
    });
    // Named after the territory and dated, as the command line names it (« abs-cc-du-volvestre-200066819-2026-03-15.pdf »).
    const fileName = await reportFileNameFor(ctx, ref, format, date);
    res.headers.set('Content-Disposition', `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    return res as never;
  });
};
