// `socle report abs` and GET /api/v1/reports/abs/{ref}.{format}: gathers what the ABS report needs (territory,
// portrait, member-commune values for the maps, the reference's commune values for « L'essentiel », outlines, the
// dataset catalogue), builds the document model (pure), renders it in one format, and writes the file atomically.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { foldText } from '../../core/referential/text.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AbsDocument, MapLevel, MapValue } from '../../reports/abs/abs-document.types.js';
import { absDataNeeds, buildAbsDocument, COMMUNES_LISTED_MAX, MAX_REPORT_REFERENCES, type AbsDataset, type DispersionBasis } from '../../reports/abs/build/build-abs-document.js';
import { MIN_PEERS } from '../../reports/abs/build/abs-essentiel.js';
import { POPULATION_MILLESIME } from '../../core/referential/referential.js';
import { isIsoDate } from '../../reports/abs/build/abs-format.js';
import type { AppContext } from '../context.js';
import { checkOutputFile, extensionOf, writeFileAtomic } from '../output-file.js';
import { buildPortrait } from '../indicators/build-portrait.service.js';
import { listIndicatorValues } from '../indicators/list-indicator-values.service.js';
import { listDatasets } from '../import/list-datasets.service.js';
import { getCommuneOutlines, getTerritoryOutline } from '../outlines/outline.service.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { hintFor } from '../edge.js';
import { MIN_REFERENCE_SHARE } from '../../core/indicators/portrait-builder.js';
import { representsTerritory } from '../../core/indicators/coverage.js';
import { namedMembers } from '../perimeter/perimeter.service.js';

export const REPORT_FORMATS = ['html', 'pdf', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface AbsReportOptions {
  /** The commissioning body named on the cover (« CIAS Cœur et Coteaux du Comminges »). */
  organisme?: string;
  /** YYYY-MM-DD; today (Europe/Paris) by default. A fixed date gives the same document for the same data. */
  date?: string;
  /** References instead of the default ones (EPCI, département, région, France). */
  compare?: string[];
  /** PDF only: 'standard' forces the standard PDF fonts (the fallback when DejaVu is absent). */
  pdfFonts?: 'auto' | 'standard';
}

export interface RenderedReport {
  format: ReportFormat;
  bytes: Buffer;
  contentType: string;
  /** « abs-cc-coeur-et-coteaux-du-comminges-2026-03-15.pdf ». */
  fileName: string;
  /** PDF: number of pages. */
  pages?: number;
  document: AbsDocument;
}

export const parseReportFormat = (text: string): Result<ReportFormat, AppError> =>
  (REPORT_FORMATS as readonly string[]).includes(text.toLowerCase())
    ? ok(text.toLowerCase() as ReportFormat)
    : err(appError('FORMAT_INCONNU', `format « ${text} » inconnu : html, pdf, docx ou xlsx attendu`));

/** Today's calendar date in France, from the context's clock. */
/** The day in France (the report's default date). */
export const reportToday = (ctx: AppContext): string => new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now());

const checkOptions = (ctx: AppContext, options: AbsReportOptions): Result<{ date: string; organisme: string | null }, AppError> => {
  const date = options.date?.trim() || reportToday(ctx);
  if (!isIsoDate(date)) return err(appError('PARAMETRE_INVALIDE', `date « ${options.date} » invalide : AAAA-MM-JJ attendu (2026-03-15)`));
  const organisme = options.organisme?.trim() || null;
  if (organisme && organisme.length > 200) return err(appError('PARAMETRE_INVALIDE', `organisme « ${organisme.slice(0, 40)}… » trop long (200 caractères au plus)`));
  // Each reference has a column in the tables and a colour in the charts: four fit an A4 page.
  const compare = (options.compare ?? []).filter((c) => c.trim());
  if (compare.length > MAX_REPORT_REFERENCES)
    return err(appError('PARAMETRE_INVALIDE', `--compare : ${compare.length} territoires donnés, le rapport en compare ${MAX_REPORT_REFERENCES} au plus (${compare.join(', ')})`));
  return ok({ date, organisme });
};

/** The dataset catalogue in the shape the report lists. */
const datasetsOf = async (ctx: AppContext): Promise<AbsDataset[]> => {
  const listed = await listDatasets(ctx);
  if (!listed.ok) return [];
  // A dataset replaced by a corrected file no longer feeds any figure.
  return listed.value
    .filter((d) => d.status === 'active')
    .map((d) => ({ id: d.id, title: d.title, source: d.source, producer: d.producer, millesimes: d.millesimes, cogYear: d.cog_year, licence: d.licence, fileName: d.file_name, sha256: d.sha256 }));
};

/**
 * The member communes' outlines, kept in the context's cache (dropped by any write): the same array for the next
 * report of the territory lets the renderers reuse its projection.
 */
const memberOutlines = async (ctx: AppContext, ref: string, members: Int32Array): Promise<{ ref: string; geometry: Geometry }[]> => {
  const key = `abs-report:outlines:${ref}`;
  const cached = ctx.cache.get(key) as { ref: string; geometry: Geometry }[] | undefined;
  if (cached) return cached;
  const shapes = await getCommuneOutlines(ctx, members);
  const outlines: { ref: string; geometry: Geometry }[] = [];
  for (const i of members) {
    const commune = `com:${ctx.referential.codes[i]}`;
    const geometry = shapes.get(commune);
    if (geometry) outlines.push({ ref: commune, geometry });
  }
  ctx.cache.set(key, outlines);
  return outlines;
};

/** `dep:31` of `com:31483`, or null for a commune the referential does not know. */
const communeDepartement = (ctx: AppContext, ref: string): string | null => {
  const i = ctx.referential.indexOf(ref.slice(4));
  return i === undefined ? null : `dep:${ctx.referential.departementOf[i]}`;
};

/** The territories a report's subject is set among for « L'essentiel »'s dispersion, by its kind (others: communes). */
const PEER_LEVEL: Partial<Record<string, 'epci' | 'dep'>> = { epci: 'epci', dep: 'dep' };

/**
 * The level whose territories a territory is compared with for « L'essentiel »: its own, and for a perimeter made of
 * whole EPCI (or whole départements) theirs — closer to its size than the communes are. A perimeter of communes, or
 * of mixed members, stands against communes.
 */
const peerLevelOf = (territory: { kind: string; membersSpec?: string[] }): 'epci' | 'dep' | undefined => {
  if (territory.kind !== 'per') return PEER_LEVEL[territory.kind];
  const kinds = new Set((territory.membersSpec ?? []).map((m) => m.slice(0, m.indexOf(':'))));
  return kinds.size === 1 ? PEER_LEVEL[[...kinds][0]] : undefined;
};
/** A peer is one of the reference's when most of its inhabitants live there. */
const MOSTLY_INSIDE = 0.5;

/** Above this many communes, a report's maps draw EPCI (départements for France) rather than communes. */
export const MAP_COMMUNES_MAX = 2000;

/** Whether at least a share (by default a tenth) of a territory's (`epci:…`, `dep:…`) inhabitants live among the given communes. */
const insideShare = (ctx: AppContext, members: Int32Array, share = MIN_REFERENCE_SHARE): ((ref: string) => boolean) => {
  const r = ctx.referential;
  const inside = new Uint8Array(r.communeCount);
  for (const i of members) inside[i] = 1;
  return (ref: string) => {
    const [kind, code] = ref.split(':') as ['epci' | 'dep', string];
    const of = r.membersOf({ kind, code });
    if (!of || of.length === 0) return true;
    let all = 0;
    let within = 0;
    for (const i of of) {
      const p = r.population[i] === r.population[i] ? r.population[i] : 0;
      all += p;
      if (inside[i]) within += p;
    }
    return all === 0 || within >= share * all;
  };
};

/** Outlines of the EPCI or départements a coarse map draws (dissolved from their communes', kept in the database);
 * France's overseas départements are drawn in frames of their own (render/abs-map-svg.ts). */
const unitOutlines = async (ctx: AppContext, refs: string[]): Promise<{ ref: string; geometry: Geometry }[]> => {
  const out: { ref: string; geometry: Geometry }[] = [];
  for (const ref of refs) {
    const geometry = await getTerritoryOutline(ctx, ref);
    if (geometry) out.push({ ref, geometry });
  }
  return out;
};

/** A commune of the annex's list: its EPCI's name, its population légale from the referential. */
const communeRow = (ctx: AppContext, i: number): { code: string; name: string; epci: string | null; population: number | null } => {
  const r = ctx.referential;
  const epci = r.epciOf[i];
  return { code: r.codes[i], name: r.names[i], epci: epci ? (r.epcis.get(epci)?.name ?? epci) : null, population: Number.isFinite(r.population[i]) ? r.population[i] : null };
};

/** Builds the document model of the ABS report of a territory (no rendering). */
export const buildAbsReportDocument = async (ctx: AppContext, input: string, options: AbsReportOptions = {}): Promise<Result<AbsDocument, AppError>> => {
  const checked = checkOptions(ctx, options);
  if (!checked.ok) return checked;
  const resolved = await resolveTerritory(ctx, input);
  if (!resolved.ok) return resolved;
  const territory = resolved.value;
  const portrait = await buildPortrait(ctx, territory.ref, { compare: options.compare });
  if (!portrait.ok) return portrait;
  const p = portrait.value;

  // Figures from the referential alone (population, area) are not data loaded for the territory.
  const imported = p.domains.some((d) => d.indicators.some((i) => i.value.value !== null && i.value.sources.some((s) => (s.datasetId ?? 0) !== 0)));
  if (!imported) {
    return err(appError('AUCUNE_DONNEE', `${territory.ref} (${territory.name}) : aucune donnée importée ne couvre ce territoire ; importer d’abord des fichiers (${hintFor(ctx, 'socle import FICHIER', 'POST /api/v1/imports')})`));
  }

  const needs = absDataNeeds(p.territory, p, [...INDICATORS]);
  // Thousands of communes make a map no one reads and a file of tens of megabytes: a région's maps draw its EPCI,
  // France's its départements.
  const mapLevel: MapLevel = territory.members.length <= MAP_COMMUNES_MAX ? 'com' : territory.kind === 'fr' ? 'dep' : 'epci';
  const memberValues: Record<string, MapValue[]> = {};
  // An EPCI reaching into the territory by a few of its communes is not drawn as one of its own (MIN_REFERENCE_SHARE).
  const mostlyInside = mapLevel === 'com' ? () => true : insideShare(ctx, territory.members);
  for (const id of needs.mapIndicators) {
    const values = await listIndicatorValues(ctx, { name: id, within: territory.ref, level: mapLevel });
    // A value that does not stand for its territory (a few of an EPCI's communes) is not mapped.
    if (values.ok) memberValues[id] = values.value.values.filter((v) => mostlyInside(v.ref)).map((v) => ({ ref: v.ref, name: v.name, value: representsTerritory(v) ? v.value : null, status: v.status }));
  }
  const referenceValues: Record<string, number[]> = {};
  const dispersion: DispersionBasis = { within: null, peerLevel: null, peers: 0, communesFor: 0 };
  // A commune as first reference (--compare com:…) has no communes of its own to spread over: those of its
  // département give the dispersion (ESSENTIEL_RULE says so).
  const within = needs.dispersionWithin?.startsWith('com:') ? communeDepartement(ctx, needs.dispersionWithin) : needs.dispersionWithin;
  if (within) {
    const withinTerritory = await resolveTerritory(ctx, within);
    dispersion.within = withinTerritory.ok ? { ref: within, name: withinTerritory.value.name } : { ref: within, name: within };
    // An EPCI stands against the EPCI of its reference, a département against its départements: a territory of
    // thousands of inhabitants varies less than its communes do. Those that stand for themselves (not a few
    // communes of a neighbour, not a partial figure) and are mostly inside; too few of them, the communes.
    const peerLevel = peerLevelOf(territory);
    const inside = peerLevel && withinTerritory.ok ? insideShare(ctx, withinTerritory.value.members, MOSTLY_INSIDE) : null;
    for (const id of needs.dispersionIndicators) {
      if (peerLevel && inside) {
        const peers = await listIndicatorValues(ctx, { name: id, within, level: peerLevel });
        const kept = peers.ok ? peers.value.values.filter((v) => representsTerritory(v) && inside(v.ref)).map((v) => v.value!) : [];
        if (kept.length >= MIN_PEERS) {
          referenceValues[id] = kept;
          dispersion.peerLevel = peerLevel;
          dispersion.peers = Math.max(dispersion.peers, kept.length);
          continue;
        }
      }
      const values = await listIndicatorValues(ctx, { name: id, within, level: 'com' });
      if (values.ok) {
        referenceValues[id] = values.value.values.filter((v) => v.value !== null).map((v) => v.value!);
        dispersion.communesFor++;
      }
    }
  }
  const outlines =
    territory.members.length <= 1
      ? []
      : mapLevel === 'com'
        ? await memberOutlines(ctx, territory.ref, territory.members)
        : await unitOutlines(ctx, Object.values(memberValues)[0]?.map((v) => v.ref) ?? []);
  return ok(
    buildAbsDocument({
      territory: p.territory,
      portrait: p,
      definitions: [...INDICATORS],
      memberValues,
      referenceValues,
      dispersion,
      outlines,
      mapLevel,
      datasets: await datasetsOf(ctx),
      communeNames: Object.fromEntries(Array.from(territory.members, (i) => [ctx.referential.codes[i], ctx.referential.names[i]])),
      communes: territory.members.length <= COMMUNES_LISTED_MAX ? Array.from(territory.members, (i) => communeRow(ctx, i)) : undefined,
      populationMillesime: POPULATION_MILLESIME,
      composition: territory.membersSpec && (await namedMembers(ctx, territory.membersSpec)),
      options: { organisme: checked.value.organisme, date: checked.value.date },
    }),
  );
};

/**
 * The file name of a report: its territory's name, then its code where namesakes need one (« abs-cc-du-volvestre-
 * 200066819-2026-03-15.pdf », « abs-toulouse-31555.pdf »); a perimeter and France by their name alone.
 */
export const reportFileName = (territory: { ref: string; name: string }, format: string, date?: string): string => {
  const slug = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'territoire';
  const kind = territory.ref.slice(0, territory.ref.indexOf(':') + 1 || undefined);
  // A perimeter by its identifier, unique where two may share a name; France by its name; others by name and code.
  const base = kind === 'per:' ? territory.ref.slice(4) : territory.ref === 'fr' ? slug(territory.name) : `${slug(territory.name)}-${territory.ref.slice(kind.length).toLowerCase()}`;
  return `abs-${base}${date ? `-${date}` : ''}.${format}`;
};

/** The file name of the report of a territory given by its reference (the name read from the referential or the perimeter). */
export const reportFileNameFor = async (ctx: AppContext, ref: string, format: string, date?: string): Promise<string> => {
  // The territory as resolved: an old commune code is named after today's commune.
  const t = await resolveTerritory(ctx, ref);
  return reportFileName(t.ok ? { ref: t.value.ref, name: t.value.name } : { ref, name: ref.replace(/:/g, '-') }, format, date);
};

const fileNameOf = (doc: AbsDocument, format: ReportFormat): string => reportFileName(doc.territory, format, doc.date);

/** Renders a built document in one format. Renderers are loaded on demand: a PDF does not load the Word writer. */
export const renderAbsDocument = async (doc: AbsDocument, format: ReportFormat, options: AbsReportOptions = {}): Promise<Omit<RenderedReport, 'document'>> => {
  const base = { format, contentType: REPORT_CONTENT_TYPES[format], fileName: fileNameOf(doc, format) };
  switch (format) {
    case 'html': {
      const { renderAbsHtml } = await import('../../reports/abs/render/abs-html.renderer.js');
      return { ...base, bytes: Buffer.from(renderAbsHtml(doc), 'utf8') };
    }
    case 'pdf': {
      const { renderAbsPdf } = await import('../../reports/abs/render/abs-pdf.renderer.js');
      const r = await renderAbsPdf(doc, undefined, { fonts: options.pdfFonts });
      return { ...base, bytes: r.bytes, pages: r.pages };
    }
    case 'docx': {
      const { renderAbsDocx } = await import('../../reports/abs/render/abs-docx.renderer.js');
      return { ...base, bytes: await renderAbsDocx(doc) };
    }
    case 'xlsx': {
      const { renderAbsXlsx } = await import('../../reports/abs/render/abs-xlsx.renderer.js');
      return { ...base, bytes: await renderAbsXlsx(doc) };
    }
  }
};

/**
 * The ABS report of a territory in one format, in memory (the API sends it as it is). `render` renders the built
 * document: in this thread by default, in a worker thread on the server (render-pool.ts).
 */
export const renderAbsReport = async (
  ctx: AppContext,
  input: string,
  formatText: string,
  options: AbsReportOptions = {},
  render: (doc: AbsDocument, format: ReportFormat, options: AbsReportOptions) => Promise<Omit<RenderedReport, 'document'>> = renderAbsDocument,
): Promise<Result<RenderedReport, AppError>> => {
  const format = parseReportFormat(formatText);
  if (!format.ok) return format;
  const doc = await buildAbsReportDocument(ctx, input, options);
  if (!doc.ok) return doc;
  return ok({ ...(await render(doc.value, format.value, options)), document: doc.value });
};

export interface WriteAbsReportInput extends AbsReportOptions {
  ref: string;
  /** Format; taken from the extension of `out` when absent, else PDF. */
  format?: string;
  /**
   * The file to write; a folder, or nothing (the current folder), for the report's own name there
   * (abs-cc-du-volvestre-200066819-2026-03-15.pdf).
   */
  out?: string;
}

export interface WrittenReport {
  file: string;
  format: ReportFormat;
  bytes: number;
  pages?: number;
  territory: { ref: string; name: string };
  date: string;
  stats: AbsDocument['stats'];
}

const FORMAT_OF_EXTENSION: Record<string, ReportFormat> = { html: 'html', htm: 'html', pdf: 'pdf', docx: 'docx', xlsx: 'xlsx' };

/** Whether a path names an existing folder. */
const isFolder = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
};

/** `socle report abs REF --format F --out FILE|FOLDER`. */
export const writeAbsReport = async (ctx: AppContext, input: WriteAbsReportInput): Promise<Result<WrittenReport, AppError>> => {
  // A folder given (or none): the report is written there under its own name, known once it is built.
  const folder = input.out === undefined ? '.' : (await isFolder(input.out)) ? input.out : undefined;
  // A path ending with a slash names a folder: one that does not exist is said so, not read as a file's name.
  if (folder === undefined && /[\\/]$/.test(input.out!)) {
    return err(appError('SORTIE_IMPOSSIBLE', `--out ${input.out} : le dossier ${input.out!.replace(/[\\/]+$/, '')} n'existe pas`));
  }
  const ext = folder === undefined ? extensionOf(input.out!) : '';
  const formatText = input.format ?? FORMAT_OF_EXTENSION[ext] ?? (folder !== undefined ? 'pdf' : undefined);
  if (!formatText) return err(appError('FORMAT_INCONNU', `--format manquant et extension « ${ext || input.out} » non reconnue : html, pdf, docx ou xlsx attendu`));
  const format = parseReportFormat(formatText);
  if (!format.ok) return format;
  // A PDF named .docx opens nowhere: the extension, when it names a format, must name the one asked.
  if (FORMAT_OF_EXTENSION[ext] !== undefined && FORMAT_OF_EXTENSION[ext] !== format.value) {
    return err(appError('PARAMETRE_INVALIDE', `--out « ${input.out} » : l’extension .${ext} ne correspond pas au format ${format.value} demandé (--format)`));
  }
  const named = folder === undefined ? await checkOutputFile(input.out!) : undefined;
  if (named && !named.ok) return named;
  const rendered = await renderAbsReport(ctx, input.ref, format.value, input);
  if (!rendered.ok) return rendered;
  const file = named ?? (await checkOutputFile(join(folder!, fileNameOf(rendered.value.document, format.value))));
  if (!file.ok) return file;
  const written = await writeFileAtomic(file.value, rendered.value.bytes);
  if (!written.ok) return written;
  const doc = rendered.value.document;
  return ok({
    file: file.value,
    format: format.value,
    bytes: rendered.value.bytes.length,
    ...(rendered.value.pages !== undefined ? { pages: rendered.value.pages } : {}),
    territory: { ref: doc.territory.ref, name: doc.territory.name },
    date: doc.date,
    stats: doc.stats,
  });
};
