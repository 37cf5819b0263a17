// POST /imports (multipart, field `file`) — the same import as `socle import`, with the same report. `dry_run=true`
// validates without writing; `entry` chooses the file of a ZIP archive that holds several, `sheet` a workbook's sheet;
// these options come in the query or as fields of the form. The upload is written to a temporary file for the importer (which streams tables),
// then removed. Writes need the write access of security.ts; the size limit applies before anything is read.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { importFile } from '../../../services/import/import-file.service.js';
import type { MiddlewareHandler } from 'hono';
import type { ErrorCode } from '../../../core/result.js';
import { HttpError, httpError, unwrap } from '../../http-error.js';
import { singleQuery, validate } from '../../validation.js';
import { requireWriteAccess } from '../../security.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, jsonContent, yearQuery } from '../common.schemas.js';

const flag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} : true ou false attendu` })
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .openapi({ type: 'boolean' });

export const ImportQuery = z.object({
  dry_run: flag('dry_run').openapi({ description: 'vérifier sans rien écrire (le rapport dit ce qui serait importé)' }),
  accept_partial: flag('accept_partial').openapi({ description: 'importer les lignes valides malgré des lignes rejetées' }),
  millesime: yearQuery('année attendue (quatre chiffres : 2023)', 1900).openapi({ description: 'millésime des fichiers qui ne le portent pas (populations légales, CAF)' }),
  entry: z
    .string()
    .max(500, 'nom de fichier trop long')
    .optional()
    .openapi({ description: 'dans une archive ZIP de plusieurs fichiers de données, celui à importer (son nom dans l’archive)' }),
  sheet: z
    .string()
    .max(200, 'nom de feuille trop long')
    .optional()
    .openapi({ description: 'dans un classeur (XLSX ou XLS), la feuille à importer (par défaut la première qui a une colonne de code géographique)' }),
  source: z.enum(['insee', 'populations-legales', 'caf', 'generic', 'geo'], { error: 'source attendue : insee, populations-legales, caf, generic ou geo' }).optional(),
});

const NO_FILE = 'fichier manquant : envoyez-le dans le champ « file » (multipart/form-data)';

export const ImportForm = z.object({
  file: z
    .custom<File>((v) => v instanceof File, { error: NO_FILE })
    .openapi({ type: 'string', format: 'binary', description: 'le fichier : CSV, XLSX, XLS ou GeoJSON, ou une archive ZIP qui en contient' }),
});

/**
 * The file's own faults are 422, like a rejected file: an empty, binary, unreadable or unrecognised file. What the
 * request asked (a parameter, the archive's entry to choose) stays 400.
 */
const FILE_FAULTS: ReadonlySet<ErrorCode> = new Set(['FICHIER_REJETE', 'AUCUNE_DONNEE', 'FICHIER_ILLISIBLE', 'FORMAT_INCONNU']);

/** Before the body is read: anything but a multipart form is a 400 that says how to send the file. */
const requireMultipart: MiddlewareHandler = async (c, next) => {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    throw httpError('PARAMETRE_INVALIDE', 'envoyez le fichier en multipart/form-data dans le champ « file »');
  }
  await next();
};

export const ImportReportSchema = z
  .object({
    file: z.string(),
    sha256: z.string(),
    source: z.string(),
    millesimes: z.array(z.number()),
    rows: z.number(),
    imported: z.number().openapi({ description: 'lignes écrites (0 pour un fichier refusé ; celles qui le seraient lors d’un essai à blanc)' }),
    valid_rows: z.number().optional().openapi({ description: 'd’un fichier refusé : ses lignes valides, que accept_partial importerait' }),
    rejected: z.array(z.object({ line: z.number(), column: z.string(), value: z.string(), reason: z.string() })),
    remapped: z.array(z.object({ from: z.string(), to: z.string(), via: z.string().optional() })),
    unknown_codes: z.array(z.object({ code: z.string(), line: z.number() })),
    secret_values: z.number(),
    territories: z
      .object({ com: z.number(), epci: z.number(), dep: z.number(), reg: z.number(), fr: z.number() })
      .optional()
      .openapi({ description: 'territoires renseignés par niveau (communes, EPCI, départements, régions, France : 1 si le fichier la donne)' }),
    dry_run: z.boolean(),
    noop: z.boolean(),
  })
  .passthrough()
  .openapi('RapportImport');

const route = createRoute({
  method: 'post',
  path: '/imports',
  tags: ['Données'],
  summary: 'Importer un fichier',
  description:
    "Le même import que `socle import` : détection, validation, recodage au COG en vigueur, écriture en une transaction. Un fichier avec des lignes rejetées n'écrit rien (422 FICHIER_REJETE, le rapport dans `error.details`) sauf `accept_partial=true`. Écriture : jeton d'administration ou serveur local.",
  request: { query: ImportQuery, body: { content: { 'multipart/form-data': { schema: ImportForm } }, required: true } },
  responses: {
    200: jsonContent(ImportReportSchema, 'le rapport d’import (ou de vérification)'),
    ...errorResponses(400, 403, 413, 422),
  },
});

/**
 * An uploaded file's name kept for the reports and the disk (at most 200 characters): a longer one keeps its start,
 * an ellipsis and its extension, which the import reads the format from.
 */
export const shortFileName = (name: string, max = 200): string => {
  // By characters, not UTF-16 units: an emoji is not cut in two.
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return `${chars.slice(0, max - Array.from(ext).length - 1).join('')}…${ext}`;
};

/** Folders of uploads older than this were left by a server that died mid-import (kill -9): removed at start. */
const STALE_UPLOAD_MS = 6 * 3600 * 1000;

/** Removes the upload folders a killed server left behind; an upload still in progress (younger) is left alone. */
export const removeStaleUploads = async (now = Date.now()): Promise<number> => {
  let removed = 0;
  for (const entry of await readdir(tmpdir(), { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !entry.name.startsWith('socle-upload-')) continue;
    const path = join(tmpdir(), entry.name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs < STALE_UPLOAD_MS) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
};

export const createImportRoute: RouteModule = (api, options) => {
  const { ctx } = options;
  void removeStaleUploads();
  api.openapi({ ...route, middleware: [requireWriteAccess(options), requireMultipart] as const }, async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw httpError('PARAMETRE_INVALIDE', 'corps de la requête : un formulaire multipart avec un champ « file » est attendu');
    }
    // The options may also come as fields of the form (what an HTML form sends): read like the query's, never ignored.
    const fields = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'file'));
    const known = Object.keys(ImportQuery.shape);
    const query = singleQuery(c);
    for (const [k, v] of Object.entries(fields)) {
      if (!known.includes(k)) throw httpError('PARAMETRE_INVALIDE', `champ « ${k} » inconnu : le formulaire porte « file » et, au choix, ${known.join(', ')}`);
      if (typeof v !== 'string') throw httpError('PARAMETRE_INVALIDE', `champ ${k} : une valeur texte est attendue, pas un fichier`);
      if (query[k] !== undefined && query[k] !== v) throw httpError('PARAMETRE_INVALIDE', `${k} donné deux fois, « ${query[k]} » dans l’adresse et « ${v} » dans le formulaire : n’en donner qu’un`);
    }
    const q = validate(ImportQuery, { ...query, ...fields }, 'query');
    const file = form.file;
    if (!(file instanceof File)) throw httpError('PARAMETRE_INVALIDE', NO_FILE);
    const name = shortFileName((file.name || 'fichier').replace(/[/\\]/g, '_'));
    const dir = await mkdtemp(join(tmpdir(), 'socle-upload-'));
    const path = join(dir, `${randomUUID()}-${name}`);
    try {
      await writeFile(path, new Uint8Array(await file.arrayBuffer()));
      const result = await importFile(ctx, {
        filePath: path,
        fileName: name,
        millesime: q.millesime,
        source: q.source,
        dryRun: q.dry_run,
        acceptPartial: q.accept_partial,
        entry: q.entry,
        sheet: q.sheet,
        actor: c.get('actor') ?? 'api',
      });
      if (!result.ok && FILE_FAULTS.has(result.error.code)) throw new HttpError(result.error, 422);
      return c.json(unwrap(result), 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
};
