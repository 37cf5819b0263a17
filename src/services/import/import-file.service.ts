// `socle import` and the web upload: one file in, validated, normalised, re-based to today's COG and written with its
// provenance in ONE transaction — a rejected file, a dry run or a crash writes nothing. The same file twice is a
// no-op; a corrected file of the same dataset replaces its values and keeps the old catalogue row as `replaced`. An
// archive's data file and a UTF-16 text are read as copies (archive-import.ts).
import type { VariableKind } from '../../core/observations/observation.types.js';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/database.types.js';
import { lockForWrite } from '../../storage/connection.js';
import { formatDateLabel } from '../../core/format/french-text.js';
import { formatNumber, plural } from '../../core/format/number-format.js';
import { COG_YEAR } from '../../core/referential/referential.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import { checkWholeFile, sniffFile, type SniffedFile } from '../../import/detect/sniff-file.js';
import { readGeoJson } from '../../import/geo/read-geojson.js';
import { LICENCE_OUVERTE, MAX_REJECTED_LISTED, type FamilyId, type ImportReport, type ProgressListener } from '../../import/import.types.js';
import {
  findActiveByKey,
  overlappingDatasets,
  territoriesLeftOut,
  territoriesOf,
  findActiveBySha,
  insertDataset,
  insertVariables,
  replaceDataset,
  sheetOf,
  updateDatasetReport,
  upsertOutlines,
  type DatasetRow,
} from '../../import/load/dataset.repository.js';
import { writeCodeList, writeColumn } from '../../storage/observation-columns.js';
import { readCsvRows } from '../../import/parse/csv-rows.js';
import { readXlsRows } from '../../import/parse/xls-rows.js';
import { readXlsxRows } from '../../import/parse/xlsx-rows.js';
import { listArchive, type ArchiveListing } from '../../import/parse/zip-archive.js';
import { newColumn } from '../../import/tabular/commune-accumulator.js';
import { isSeveralMillesimes, parseSource, type TablePlan } from '../../import/tabular/plan-table.js';
import { readTable, type TableRead } from '../../import/tabular/read-table.js';
import { firstLineCells, isMelodiHeader, pivotMelodi } from '../../import/insee/melodi.js';
import type { SourceItem } from '../../import/parse/source-row.js';
import { recordAudit } from '../audit.js';
import { importArchive, importUtf16, utf16Of, type Origin } from './archive-import.js';
import type { AppContext } from '../context.js';
import { hintFor, importHintsForEdge, optionName, optionWith } from '../edge.js';

export interface ImportFileInput {
  filePath: string;
  /** Name shown in the report and the catalogue (the upload's original name); defaults to the path's base name. */
  fileName?: string;
  millesime?: number;
  /** Forces the family (`insee`, `populations-legales`, `caf`, `geo`, `generic`). */
  source?: string;
  dryRun?: boolean;
  acceptPartial?: boolean;
  /** In a ZIP archive of several data files, the one to import: its path in the archive, or its name. */
  entry?: string;
  /** In an XLSX workbook, the worksheet to import (by default the first with a territory code column). */
  sheet?: string;
  actor?: string;
  onProgress?: ProgressListener;
}

/** Largest GeoJSON read at once (outlines are parsed whole; tables are streamed at any size). */
const MAX_GEOJSON_BYTES = 512 << 20;

export const importFile = async (ctx: AppContext, input: ImportFileInput): Promise<Result<ImportReport, AppError>> => {
  const r = await importPath(ctx, input);
  if (ctx.edge !== 'api') return r;
  // Hints worded by the import layer for the command line, reworded for the API.
  const reword = (report: ImportReport): void => {
    report.notes = report.notes.map((n) => importHintsForEdge(ctx, n));
    for (const rejected of report.rejected) rejected.reason = importHintsForEdge(ctx, rejected.reason);
  };
  if (r.ok) {
    reword(r.value);
    return r;
  }
  const details = r.error.details as ImportReport | undefined;
  if (details && Array.isArray(details.notes) && Array.isArray(details.rejected)) reword(details);
  return err({ ...r.error, message: importHintsForEdge(ctx, r.error.message) });
};

const importPath = async (ctx: AppContext, input: ImportFileInput, from?: Origin): Promise<Result<ImportReport, AppError>> => {
  const fileName = from?.name ?? input.fileName ?? basename(input.filePath);
  const currentYear = ctx.now().getFullYear();
  if (input.millesime !== undefined && (!Number.isInteger(input.millesime) || input.millesime < 1900 || input.millesime > currentYear + 1)) {
    return err(appError('MILLESIME_INVALIDE', `${optionName(ctx, 'millesime')} « ${input.millesime} » : une année entre 1900 et ${currentYear + 1} est attendue`));
  }
  let family: FamilyId | undefined;
  if (input.source !== undefined) {
    const f = parseSource(input.source);
    if (!f.ok) return f;
    family = f.value;
  }
  try {
    const s = await stat(input.filePath);
    if (!s.isFile()) return err(appError('FICHIER_ILLISIBLE', `${fileName} : ce n’est pas un fichier`));
  } catch {
    return err(appError('FICHIER_ILLISIBLE', `${fileName} : fichier introuvable ou illisible`));
  }
  const utf16 = await utf16Of(input.filePath);
  if (utf16) return importUtf16(importPath, ctx, input, fileName, utf16, from);
  const sniffed = await sniffFile(input.filePath);
  // A file named .zip that is no archive (a broken or partial download, a renamed file) is refused as an archive, not
  // read as a table whose « header » would be its first bytes.
  if (!from && extname(fileName).toLowerCase() === '.zip' && sniffed.format !== 'xlsx') {
    sniffed.sha256.catch(() => undefined);
    return err(appError('FICHIER_ILLISIBLE', `${fileName} : archive ZIP illisible : ce n’est pas une archive ZIP (téléchargement incomplet ou fichier renommé ?)`));
  }
  if (sniffed.format === 'xlsx') {
    // A ZIP archive: a workbook, or an archive of files (INSEE's way of publishing its tables).
    let listing: ArchiveListing | undefined;
    let problem = '';
    try {
      listing = await listArchive(input.filePath);
    } catch (e) {
      problem = (e as Error).message;
    }
    // A file named .xlsx is read as a workbook, and refused as one when it is none.
    if (extname(fileName).toLowerCase() !== '.xlsx' && !listing?.workbook) {
      sniffed.sha256.catch(() => undefined);
      if (from?.archive) return err(appError('FORMAT_INCONNU', `${fileName} : archive ZIP dans une archive ; extrayez-la d’abord`));
      if (!listing) return err(appError('FICHIER_ILLISIBLE', `${fileName} : archive ZIP illisible : endommagée ou incomplète (détail : ${problem})`));
      return importArchive(importPath, ctx, input, fileName, listing);
    }
  }
  if (input.entry !== undefined && !from) {
    return err(appError('PARAMETRE_INVALIDE', `${optionName(ctx, 'entry')} « ${input.entry} » : ${fileName} n’est pas une archive ZIP ; cette option choisit un fichier dans une archive`));
  }
  if (input.sheet !== undefined && sniffed.format !== 'xlsx' && sniffed.format !== 'xls') {
    return err(appError('PARAMETRE_INVALIDE', `${optionName(ctx, 'sheet')} « ${input.sheet} » : ${fileName} n’est pas un classeur (XLSX ou XLS) ; cette option choisit une feuille d’un classeur`));
  }
  switch (sniffed.format) {
    case 'empty':
      return err(appError('AUCUNE_DONNEE', `${fileName}, ligne 1 : fichier vide`));
    case 'binary':
      return err(appError('FORMAT_INCONNU', `${fileName}, ligne 1 : contenu binaire ; ce n’est pas un fichier de données (CSV, XLSX, XLS ou GeoJSON)`));
  }
  // A page saved from the browser instead of the file it links to (« Enregistrer sous » on a download page).
  // Whatever name it was saved under: a workbook's (not a ZIP inside) or outlines' (not JSON inside) too.
  if ((sniffed.format === 'csv' || sniffed.format === 'xlsx' || sniffed.format === 'geojson') && isHtmlPage(sniffed.head)) {
    sniffed.sha256.catch(() => undefined);
    return err(appError('FORMAT_INCONNU', `${fileName}, ligne 1 : ce fichier est une page web (HTML), pas un fichier de données : téléchargez le fichier lui-même`));
  }
  if (sniffed.format === 'geojson') {
    if (family !== undefined && family !== 'geo') return err(appError('FORMAT_INCONNU', `${fileName} : fichier GeoJSON, alors que ${optionWith(ctx, 'source', input.source ?? '')} attend un tableau`));
    return importOutlines(ctx, input, fileName, sniffed);
  }
  if (family === 'geo') return err(appError('FORMAT_INCONNU', `${fileName}, ligne 1 : ${optionWith(ctx, 'source', 'geo')} attend un fichier GeoJSON`));
  return importTable(ctx, input, fileName, sniffed, family, currentYear, from);
};

/** The beginning of an HTML page: its doctype or its `<html>` (or `<head>`) tag, after any comment or XML declaration. */
const isHtmlPage = (head: string): boolean =>
  /^(?:\s|<\?xml[^>]*>|<!--[\s\S]*?-->)*<(?:!doctype\s+html|html|head)[\s>]/i.test(head.slice(0, 4096));

const baseReport = (fileName: string, sniffed: SniffedFile, sha256: string, dryRun: boolean): ImportReport => ({
  file: fileName,
  sha256,
  source: '',
  millesimes: [],
  rows: 0,
  imported: 0,
  rejected: [],
  remapped: [],
  unknown_codes: [],
  secret_values: 0,
  dry_run: dryRun,
  noop: false,
  datasetId: null,
  replaced_dataset: null,
  family: 'generic',
  format: sniffed.format === 'xlsx' || sniffed.format === 'xls' || sniffed.format === 'geojson' ? sniffed.format : 'csv',
  title: '',
  producer: '',
  licence: LICENCE_OUVERTE,
  cog_year: COG_YEAR,
  rejected_rows: 0,
  missing_values: 0,
  communes: 0,
  variables: [],
  unknown_variables: [],
  notes: [],
});

/** The report of the dataset that already holds this file. */
const noopReport = (row: DatasetRow, fileName: string, dryRun: boolean): ImportReport => {
  const stored = JSON.parse(row.report) as ImportReport;
  return {
    ...stored,
    file: fileName,
    dry_run: dryRun,
    noop: true,
    datasetId: row.id,
    // What that import replaced is its own story: this one replaced nothing.
    replaced_dataset: null,
    notes: [`Fichier déjà importé le ${formatDateLabel(row.imported_at)} (jeu de données n° ${row.id}, empreinte identique) : rien n’a changé.`, ...(stored.notes ?? []).filter((n) => !n.startsWith('Remplace le jeu de données'))],
  };
};

/**
 * A file imported again after extracts of it (the same plan, some of its territories: they did not replace it, and
 * their values came first) takes its place back: the extracts are replaced by it, so that importing the whole file
 * again is how one undoes an extract. Otherwise a no-op.
 */
const reimported = async (ctx: AppContext, row: DatasetRow, fileName: string, dryRun: boolean, actor: string): Promise<ImportReport> => {
  const report = noopReport(row, fileName, dryRun);
  const extractsOf = async (db: Kysely<Database> | Transaction<Database>): Promise<number[]> => {
    const newer = await db.selectFrom('dataset').select('id').where('dataset_key', '=', row.dataset_key).where('status', '=', 'active').where('id', '>', row.id).orderBy('id').execute();
    if (newer.length === 0) return [];
    const kept = await territoriesOf(db, row.id);
    const out: number[] = [];
    for (const n of newer) if ((await territoriesLeftOut(db, Number(n.id), kept)).length === 0) out.push(Number(n.id));
    return out;
  };
  const taken = dryRun
    ? await extractsOf(ctx.store.db)
    : await ctx.store.db.transaction().execute(async (tx) => {
        await lockForWrite(ctx.store, tx, 'import');
        const found = await extractsOf(tx);
        for (const id of found) await replaceDataset(tx, id, row.id);
        if (found.length) await recordAudit(tx, { at: ctx.now(), actor, action: 'import', target: `dataset:${row.id}`, details: { file: fileName, sha256: report.sha256, replaced: found } });
        return found;
      });
  if (taken.length === 0) return report;
  if (!dryRun) ctx.invalidate();
  const s = taken.length > 1 ? 's' : '';
  const said = `Fichier déjà importé (jeu de données n° ${row.id}) : il ${dryRun ? 'reprendrait' : 'reprend'} la place ${s ? 'des jeux' : 'du jeu'} de données n° ${taken.join(', ')}, extrait${s} de ses communes importé${s} depuis, dont les valeurs ${dryRun ? 'seraient' : 'sont'} retirées.`;
  return { ...report, noop: false, replaced_dataset: taken[0], notes: [said, ...report.notes.slice(1)] };
};

/** A file of several years all imported before: one no-op report naming every year's dataset. */
const noopYears = (rows: DatasetRow[], years: number[], fileName: string, dryRun: boolean): ImportReport => {
  const first = noopReport(rows[0], fileName, dryRun);
  const stored = rows.map((r) => JSON.parse(r.report) as ImportReport);
  return {
    ...first,
    rows: stored.reduce((a, r) => a + (r.rows ?? 0), 0),
    imported: stored.reduce((a, r) => a + (r.imported ?? 0), 0),
    millesimes: [...years],
    datasets: rows.map((r) => r.id),
    notes: [`Fichier déjà importé (jeux de données n° ${rows.map((r) => r.id).join(', ')}, un par millésime, empreinte identique) : rien n’a changé.`],
  };
};

/**
 * Refusal unless --accept-partial; an import that would write nothing is refused too, saying where the data should
 * have been (after a table's header line, or in a GeoJSON's features).
 */
const gate = (ctx: AppContext, report: ImportReport, input: ImportFileInput, nothingToWrite: (rows: number) => string): Result<void, AppError> => {
  if (report.rejected_rows > 0 && (!input.acceptPartial || report.imported === 0)) {
    const first = report.rejected[0];
    const where = first ? ` Premier refus : ligne ${first.line}, colonne ${first.column}${first.value !== '' ? `, valeur « ${first.value} »` : ''} : ${first.reason}.` : '';
    const s = report.rejected_rows > 1 ? 's' : '';
    const hint = report.imported > 0 ? ` (${hintFor(ctx, '--accept-partial', 'accept_partial=true')} importe les lignes valides)` : '';
    return err(
      appError(
        'FICHIER_REJETE',
        `${report.file} rejeté : ${report.rejected_rows} ligne${s} refusée${s} sur ${report.rows} ; rien n’a été écrit${hint}.${where}`,
        // Nothing was written: the report says so too (its valid rows are the rows read less those refused).
        { ...report, imported: 0, valid_rows: report.imported },
      ),
    );
  }
  if (report.imported === 0) {
    // Rows set aside (France métropolitaine, zonings…) are why nothing is left: said with the refusal, not only in the report.
    // A file of a header alone: notes on its columns (a millésime read from elsewhere…) are not why; those that say
    // where the data may be (another sheet of the workbook) are.
    const said = report.rows > 0 ? report.notes : report.notes.filter((n) => /feuille/i.test(n));
    const why = said.length ? ` ${said.join(' ')}` : '';
    return err(appError('AUCUNE_DONNEE', `${report.file} : ${nothingToWrite(report.rows)} ; rien n’a été écrit.${why}`, report));
  }
  return ok(undefined);
};

const digest = (parts: string[]): string => createHash('sha256').update(parts.join(',')).digest('hex').slice(0, 16);

/**
 * What makes a dataset, that a corrected file replaces: the plan of its header (family, millésimes, variables), the
 * territories it covers (the same columns for another département are another dataset, not a correction), and, in a
 * workbook, the worksheet (each sheet is its own dataset, even of the same columns and territories).
 */
const datasetKey = (t: TableRead, sheet: string | undefined): string => `${t.plan.headerKey}:${digest(sheet === undefined ? t.coverage : [...t.coverage, `feuille:${sheet}`])}`;

/** The key a workbook's dataset had before the worksheet was part of it (replaced by a corrected file all the same). */
const keyWithoutSheet = (t: TableRead): string => `${t.plan.headerKey}:${digest(t.coverage)}`;

const importTable = async (
  ctx: AppContext,
  input: ImportFileInput,
  fileName: string,
  sniffed: SniffedFile,
  family: FamilyId | undefined,
  currentYear: number,
  from?: Origin,
): Promise<Result<ImportReport, AppError>> => {
  const onBytes = input.onProgress ? (done: number) => input.onProgress!({ phase: 'lecture', done, total: sniffed.size, rows: 0 }) : undefined;
  let already: DatasetRow | undefined;
  let sheets: { read?: string; others: string[] } | undefined;
  /** The worksheet being read, known from its first row (part of the import's identity: see findActiveBySha). */
  let sheet: string | undefined;
  /**
   * The same bytes already imported under the same plan: the import is a no-op (reading stops). A file with a column
   * of reference dates, read without a millésime, is read whole first: the plan names the first year only, and the
   * others may not be imported yet.
   */
  let discovering = false;
  const onPlan = async (plan: TablePlan): Promise<boolean> => {
    if (discovering && plan.rowMillesime) return false;
    already = await findActiveBySha(ctx.store.db, await sniffed.sha256, plan.headerKey, sheet);
    return already !== undefined;
  };
  let skipBadDates = false;
  const readAs = (s: SniffedFile, millesime = input.millesime) => {
    already = undefined;
    discovering = millesime === undefined;
    sheet = undefined;
    const onSheets = (read: string | undefined, others: string[]) => (sheets = { read, others });
    const onChosen = (name: string) => (sheet = name);
    const rows =
      s.format === 'xlsx'
        ? readXlsxRows(input.filePath, { onBytes, sheet: input.sheet, onSheets, onChosen })
        : s.format === 'xls'
          ? readXlsRows(input.filePath, { sheet: input.sheet, onSheets, onChosen })
          : readCsvRows(input.filePath, { encoding: s.encoding, separator: s.separator, plainLines: s.plainLines, checks: s.checks, onBytes });
    // A long file of INSEE's data catalogue (GEO;GEO_OBJECT;…;TIME_PERIOD;OBS_VALUE): made into a table by territory first.
    if (s.format === 'csv' && isMelodiHeader(firstLineCells(s.head, s.separator))) return readMelodi(rows);
    return readTable(rows, {
      fileName,
      referential: ctx.referential,
      family,
      millesime,
      currentYear,
      labels: from?.labels,
      padShortRows: s.format === 'xlsx' || s.format === 'xls',
      expectedRows: expectedRows(s),
      onPlan,
      skipBadDates,
    });
  };
  const readMelodi = async (rows: AsyncIterable<SourceItem>): Promise<Result<TableRead, AppError>> => {
    const pivot = await pivotMelodi(rows, { fileName, referential: ctx.referential, labels: from?.labels });
    if (!pivot.ok) return pivot;
    const { rows: table, family: melodi, labels, notes } = pivot.value;
    const read = await readTable(
      (async function* () {
        yield table;
      })(),
      {
        fileName,
        referential: ctx.referential,
        family: melodi,
        currentYear,
        labels,
        expectedRows: table.length,
        onPlan,
      },
    );
    if (read.ok) read.value.notes.unshift(...notes);
    return read;
  };
  let read = await readAs(sniffed);
  if (sniffed.checks) {
    // Read as its beginning showed it: the whole file's bytes decide (checked by the reader, or here if it stopped
    // early); a file whose lines are not all plain, or that is not all UTF-8, is read again as it is.
    const whole = (sniffed.checks.done ? sniffed.checks : await checkWholeFile(input.filePath, sniffed.separator)).verdict();
    if (!whole.plainLines || whole.encoding !== sniffed.encoding) {
      sniffed = { ...sniffed, ...whole, checks: undefined };
      read = await readAs(sniffed);
    }
  }
  let sha256 = '';
  // A file of several millésimes in its column of reference dates: read once per year, each year a dataset, all
  // written in one transaction.
  if (!read.ok && isSeveralMillesimes(read.error.details) && input.millesime === undefined) {
    const { column, years } = read.error.details.severalMillesimes;
    sha256 = await sniffed.sha256;
    const parts: { report: ImportReport; key: string; t: TableRead }[] = [];
    /** Years of this file imported before (the same bytes, one year asked for, or an earlier import cut short). */
    const done: DatasetRow[] = [];
    for (const [k, year] of years.entries()) {
      // Rows whose date is no year are refused by the first reading only.
      skipBadDates = k > 0;
      const pass = await readAs(sniffed, year);
      skipBadDates = false;
      if (!pass.ok) return pass;
      if (already) {
        done.push(already);
        continue;
      }
      parts.push({ report: reportOf(pass.value), key: datasetKey(pass.value, sheet), t: pass.value });
    }
    if (parts.length === 0) return ok(noopYears(done, years, fileName, input.dryRun ?? false));
    const report = combineYears(parts.map((p) => p.report), column, years, (millesimes) =>
      parts[0].t.plan.family.title({ fileName: from?.archive ? basename(from.archive.entry) : fileName, variables: parts.flatMap((p) => p.t.plan.data.map((d) => d.variable)), millesimes, code: parts[0].t.plan.code }),
    );
    if (done.length) report.notes.push(`Déjà importé${done.length > 1 ? 's' : ''} de ce fichier, inchangé${done.length > 1 ? 's' : ''} : ${done.map((d) => `${d.millesimes} (jeu de données n° ${d.id})`).join(', ')}.`);
    const gated = gate(ctx, report, input, (rows) => (rows === 0 ? 'aucune ligne de données après l’en-tête' : `aucune des ${formatNumber(rows)} lignes ne porte de valeur`));
    if (!gated.ok) return gated;
    if (input.dryRun) return ok(report);
    const written = await writeTables(ctx, input, parts);
    if (!Array.isArray(written)) return ok(noopYears([...done, ...written.already], years, fileName, false));
    return ok({ ...report, datasetId: written[0].datasetId, datasets: written.map((w) => w.datasetId!), replaced_dataset: written.find((w) => w.replaced_dataset !== null)?.replaced_dataset ?? null, notes: [...report.notes, ...written.flatMap((w) => w.notes.filter((n) => n.startsWith('Remplace ')))] });
  }
  if (!read.ok) return read;
  // A dated file of one year, read whole: now its plan says whether it was imported before.
  if (!already && read.value.plan.rowMillesime && input.millesime === undefined) already = await findActiveBySha(ctx.store.db, await sniffed.sha256, read.value.plan.headerKey, sheet);
  if (already) return ok(await reimported(ctx, already, fileName, input.dryRun ?? false, input.actor ?? 'cli'));
  sha256 = await sniffed.sha256;
  const t = read.value;
  const report = reportOf(t);
  if (t.stats.otherYears) {
    const { years, rows } = t.stats.otherYears;
    report.notes.push(`Millésime ${t.plan.millesimes.join(', ')} seul retenu : ${formatNumber(rows)} ligne${rows > 1 ? 's' : ''} d’autre${years.length > 1 ? 's' : ''} millésime${years.length > 1 ? 's' : ''} (${years.join(', ')}) laissée${rows > 1 ? 's' : ''} de côté.`);
  }
  const { plan } = t;
  const gated = gate(ctx, report, input, (rows) =>
    rows === 0
      ? `aucune ligne de données après l’en-tête (ligne ${plan.headerLine})`
      : `aucune des ${formatNumber(rows)} lignes qui suivent l’en-tête (ligne ${plan.headerLine}) ne porte de valeur`,
  );
  if (!gated.ok) return gated;
  if (input.dryRun) return ok(report);
  const key = datasetKey(t, sheet);
  const written = await writeTables(ctx, input, [{ report, key, t }]);
  if (!Array.isArray(written)) return ok(noopReport(written.already[0], fileName, false));
  return ok(written[0]);

  /** The import report of one reading of the table. */
  function reportOf(t: TableRead): ImportReport {
  const { plan, stats } = t;
  const report: ImportReport = {
    ...baseReport(fileName, sniffed, sha256, input.dryRun ?? false),
    source: plan.family.source,
    family: plan.family.id,
    title: plan.family.title({ fileName: from?.archive ? basename(from.archive.entry) : fileName, variables: plan.data.map((d) => d.variable), millesimes: plan.millesimes, code: plan.code }),
    producer: plan.family.producer,
    licence: plan.family.licence,
    millesimes: plan.millesimes,
    rows: stats.rows,
    imported: stats.imported,
    rejected: stats.rejected,
    rejected_rows: stats.rejectedRows,
    remapped: stats.remapped,
    unknown_codes: stats.unknownCodes,
    secret_values: stats.secretValues,
    missing_values: stats.missingValues,
    communes: t.communes.length,
    territories: {
      com: t.communes.length,
      epci: t.others.filter((o) => o.level === 'epci').length,
      dep: t.others.filter((o) => o.level === 'dep').length,
      reg: t.others.filter((o) => o.level === 'reg').length,
      fr: t.others.filter((o) => o.level === 'fr').length,
    },
    variables: plan.data.map((d) => d.variable),
    unknown_variables: plan.unknownVariables,
    notes: t.notes,
    encoding: sniffed.format === 'csv' ? (from?.encoding ?? (sniffed.encoding === 'utf-8' ? (sniffed.bom ? 'UTF-8 (BOM)' : 'UTF-8') : 'Windows-1252')) : undefined,
    separator: sniffed.format === 'csv' ? sniffed.separator : undefined,
  };
  if (sheets?.read) report.sheet = sheets.read;
  if (sheets?.others.length) {
    report.other_sheets = sheets.others;
    const s = sheets.others.length > 1 ? 's' : '';
    report.notes.push(`Autre${s} feuille${s} de données du classeur : ${sheets.others.map((n) => `« ${n} »`).join(', ')} ; ${optionWith(ctx, 'sheet', 'NOM')} pour en importer une.`);
  }
  if (from?.note) report.notes.push(from.note);
  if (from?.archive) {
    report.archive = from.archive;
    const labelled = from.labels ? plan.data.filter((d) => !d.variable.known && from.labels!.has(d.variable.published_name)).length : 0;
    if (labelled > 0) report.notes.push(`${formatNumber(labelled)} variable${labelled > 1 ? 's' : ''} absente${labelled > 1 ? 's' : ''} du dictionnaire nommée${labelled > 1 ? 's' : ''} d’après le fichier de métadonnées de l’archive.`);
  }
  if (stats.remapped.some((r) => r.via !== 'arrondissement')) {
    report.notes.push(`Codes d’un COG antérieur rattachés à leur commune de ${COG_YEAR} : ${stats.remapped.filter((r) => r.via !== 'arrondissement').length}.`);
  }
  return report;
  }
};

/**
 * The report of a file read once per millésime of its column of reference dates: the passes' counts added up, their
 * variables and notes together, under one title.
 */
const combineYears = (reports: ImportReport[], column: string, years: number[], title: (millesimes: number[]) => string): ImportReport => {
  const first = reports[0];
  const millesimes = [...new Set(reports.flatMap((r) => r.millesimes))].sort((a, b) => a - b);
  const sum = (f: (r: ImportReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  const remapped = new Map(reports.flatMap((r) => r.remapped).map((m) => [m.from, m]));
  const territories = first.territories && {
    com: Math.max(...reports.map((r) => r.territories?.com ?? 0)),
    epci: Math.max(...reports.map((r) => r.territories?.epci ?? 0)),
    dep: Math.max(...reports.map((r) => r.territories?.dep ?? 0)),
    reg: Math.max(...reports.map((r) => r.territories?.reg ?? 0)),
    fr: Math.max(...reports.map((r) => r.territories?.fr ?? 0)),
  };
  const notes =
    years.length > 1
      ? [`Fichier de ${years.length} millésimes dans sa colonne ${column} (${years.join(', ')}) : chacun est lu et enregistré comme un jeu de données, tous dans la même transaction.`]
      : [`Millésime ${years[0]} lu dans la colonne ${column}.`];
  // Each reading's own note on the year it read is said once, above.
  for (const n of reports.flatMap((r) => r.notes)) if (!notes.includes(n) && !(n.startsWith('Millésime ') && n.includes(` lu dans la colonne ${column}`))) notes.push(n);
  return {
    ...first,
    title: title(millesimes),
    millesimes,
    rows: sum((r) => r.rows),
    imported: sum((r) => r.imported),
    rejected: reports.flatMap((r) => r.rejected).slice(0, MAX_REJECTED_LISTED),
    rejected_rows: sum((r) => r.rejected_rows),
    remapped: [...remapped.values()],
    unknown_codes: reports.flatMap((r) => r.unknown_codes).slice(0, MAX_REJECTED_LISTED),
    secret_values: sum((r) => r.secret_values),
    missing_values: sum((r) => r.missing_values),
    communes: Math.max(...reports.map((r) => r.communes)),
    territories,
    variables: reports.flatMap((r) => r.variables),
    unknown_variables: [...new Set(reports.flatMap((r) => r.unknown_variables))],
    notes,
  };
};

/** About how many lines a text file has: its size over the mean length of the lines of its head. */
const expectedRows = (s: SniffedFile): number | undefined => {
  if (s.format !== 'csv') return undefined;
  let lines = 0;
  let end = 0;
  for (let i = s.head.indexOf('\n'); i >= 0; i = s.head.indexOf('\n', i + 1)) {
    lines++;
    end = i + 1;
  }
  return lines < 2 ? undefined : Math.ceil(s.size / (Buffer.byteLength(s.head.slice(0, end)) / lines));
};

/** Variables taken together from the accumulator when writing, into arrays reused from block to block. */
const COLUMN_BLOCK = 8;

/** Writes the datasets of one file (one, or one per millésime of a file of several) in one transaction. */
const writeTables = async (ctx: AppContext, input: ImportFileInput, parts: { report: ImportReport; key: string; t: TableRead }[]): Promise<ImportReport[] | { already: DatasetRow[] }> => {
  const totalRows = parts.reduce((a, p) => a + p.t.plan.data.length * (p.t.communes.length + p.t.others.length), 0);
  const progress = { written: 0, totalRows };
  const results = await ctx.store.db.transaction().execute(async (tx) => {
    // Imports write one after the other, across processes: the second of two imports of the same file, begun
    // together, finds the first one's datasets here and changes nothing; a correction replaces what was committed.
    await lockForWrite(ctx.store, tx, 'import');
    const already: DatasetRow[] = [];
    const out: ImportReport[] = [];
    for (const p of parts) {
      const found = await findActiveBySha(tx, p.report.sha256, p.t.plan.headerKey, p.report.sheet);
      if (found) already.push(found);
      else out.push(await writeTable(ctx, tx, input, p.report, p.key, p.t, progress));
    }
    return out.length ? out : { already };
  });
  if (Array.isArray(results)) ctx.invalidate();
  return results;
};

const writeTable = async (
  ctx: AppContext,
  tx: Transaction<Database>,
  input: ImportFileInput,
  report: ImportReport,
  key: string,
  t: TableRead,
  progress: { written: number; totalRows: number },
): Promise<ImportReport> => {
  const { referential } = ctx;
  const nv = t.plan.data.length;
  const codes = Array.from(t.communes, (i) => referential.codes[i]);
  const column = newColumn(Math.max(codes.length, t.others.length));
  // Commune columns computed from the accumulator a block at a time, when it cannot give them as stored.
  const block = Array.from({ length: Math.min(nv, COLUMN_BLOCK) }, () => newColumn(codes.length));
  const kinds = t.plan.data.map((d) => d.variable.kind);
  {
    const sameKey = await findActiveByKey(tx, key);
    // A sheet imported before the worksheet was part of the key: the same sheet's dataset, under its former key.
    if (report.sheet !== undefined) sameKey.push(...(await findActiveByKey(tx, keyWithoutSheet(t))).filter((p) => sheetOf(p) === report.sheet));
    // A file of the same plan replaces an earlier one only when it gives every territory the earlier one gave: an
    // extract (some of its communes) would otherwise take the others' values away. Both then stay, the newer one's
    // values first where it has them (db-variable-store.ts).
    const kept = new Map<string, Set<string>>([['com', new Set(codes)]]);
    for (const o of t.others) (kept.get(o.level) ?? kept.set(o.level, new Set()).get(o.level)!).add(o.code);
    const previous: typeof sameKey = [];
    const completed: { id: number; leftOut: { level: string; count: number }[] }[] = [];
    for (const p of sameKey) {
      const leftOut = await territoriesLeftOut(tx, p.id, kept);
      if (leftOut.length === 0) previous.push(p);
      else completed.push({ id: p.id, leftOut });
    }
    const id = await insertDataset(tx, datasetRow(ctx, report, key));
    for (const p of previous) await replaceDataset(tx, p.id, id);
    await insertVariables(tx, id, report.variables);
    // One row per column (ADR 0007), aligned on the dataset's code list of its level.
    await writeCodeList(tx, id, 'com', codes);
    // One row per commune: the accumulator's arrays are the stored columns; otherwise they are computed a block at
    // a time.
    const direct = t.accumulator.storedColumns(t.communes);
    for (let j0 = 0; j0 < nv; j0 += COLUMN_BLOCK) {
      const out = direct ? direct.slice(j0, j0 + COLUMN_BLOCK) : block.slice(0, Math.min(COLUMN_BLOCK, nv - j0));
      if (!direct) t.accumulator.columns(j0, kinds, t.communes, out);
      for (let b = 0; b < out.length; b++) {
        const v = t.plan.data[j0 + b].variable;
        await writeColumn(tx, { datasetId: id, variable: v.name, millesime: v.millesime, level: 'com' }, out[b], codes.length);
        progress.written += codes.length;
        input.onProgress?.({ phase: 'écriture', done: progress.written, total: progress.totalRows, rows: progress.written });
      }
    }
    // The ratios' paired sums (read-table.ts, core/observations/paired-sums.ts): catalogued with the dataset, so that
    // the engine finds them, but not listed in the report, which names the file's own columns.
    if (t.paired) {
      const { accumulator, columns } = t.paired;
      await insertVariables(tx, id, columns.map((c) => c.variable));
      const kinds = Array.from({ length: accumulator.nv }, (): VariableKind => 'count');
      const out = newColumn(codes.length);
      for (const c of columns) {
        accumulator.columns(c.index, kinds, t.communes, [out]);
        await writeColumn(tx, { datasetId: id, variable: c.variable.name, millesime: c.variable.millesime, level: 'com' }, out, codes.length);
      }
    }
    // Values published at another level (EPCI, département, région, France rows of an INSEE file) are stored at that
    // level.
    for (const level of ['epci', 'dep', 'reg', 'fr'] as const) {
      const rows = t.others.filter((o) => o.level === level);
      if (rows.length === 0) continue;
      await writeCodeList(tx, id, level, rows.map((o) => o.code));
      for (let j = 0; j < nv; j++) {
        const v = t.plan.data[j].variable;
        rows.forEach((o, k) => {
          const st = o.states[j];
          column.value[k] = st === 0 ? o.values[j] : NaN;
          column.status[k] = st === 0 ? 0 : st === 1 ? 2 : 3;
          column.withheld[k] = 0;
        });
        await writeColumn(tx, { datasetId: id, variable: v.name, millesime: v.millesime, level }, column, rows.length);
      }
    }
    const final: ImportReport = { ...report, datasetId: id, replaced_dataset: previous[0]?.id ?? null };
    if (previous.length > 0) final.notes = [...final.notes, `Remplace le jeu de données n° ${previous.map((p) => p.id).join(', ')} (même source, mêmes millésimes et variables, mêmes territoires ou davantage) : ses valeurs sont remplacées, sa fiche reste au catalogue.`];
    // Other files that give some of the same variables for some of the same communes (a national file, then a
    // département's): this one's values come first there, which is said.
    const overlapping = await overlappingDatasets(tx, [id, ...previous.map((p) => p.id), ...completed.map((c) => c.id)], report.variables, kept.get('com')!);
    for (const o of overlapping) {
      final.notes = [
        ...final.notes,
        `Pour ${plural(o.communes, 'commune')}, ${o.variables > 1 ? `ses valeurs de ${formatNumber(o.variables)} variables priment` : 'sa valeur d’une variable prime'} sur celles du jeu de données n° ${o.id} (« ${o.title} ») : le plus récent l’emporte, commune par commune.`,
      ];
    }
    for (const c of completed) {
      const words = c.leftOut.map((l) => `${formatNumber(l.count)} ${(TERRITORY_WORDS[l.level] ?? [l.level, l.level])[l.count > 1 ? 1 : 0]}`);
      final.notes = [
        ...final.notes,
        `Même plan que le jeu de données n° ${c.id}, mais sans ${joinWords(words)} de celui-ci : il ne le remplace pas. Les territoires de ce fichier prennent ses valeurs (le plus récent l’emporte), les autres gardent celles du jeu n° ${c.id}.`,
      ];
    }
    await updateDatasetReport(tx, id, JSON.stringify(final));
    await recordAudit(tx, { at: ctx.now(), actor: input.actor ?? 'cli', action: 'import', target: `dataset:${id}`, details: { file: report.file, sha256: report.sha256, replaced: previous.map((p) => p.id) } });
    return final;
  }
};

const datasetRow = (ctx: AppContext, report: ImportReport, key: string) => ({
  dataset_key: key,
  source: report.source,
  family: report.family,
  title: report.title,
  producer: report.producer,
  millesimes: report.millesimes.join(','),
  cog_year: report.cog_year,
  licence: report.licence,
  file_name: report.file,
  sha256: report.sha256,
  imported_at: ctx.now().toISOString(),
  rows: report.rows,
  imported: report.imported,
  secret_values: report.secret_values,
  report: '{}',
  status: 'active',
  replaced_by: null,
});

const importOutlines = async (ctx: AppContext, input: ImportFileInput, fileName: string, sniffed: SniffedFile): Promise<Result<ImportReport, AppError>> => {
  if (sniffed.size > MAX_GEOJSON_BYTES) return err(appError('TROP_VOLUMINEUX', `${fileName} : GeoJSON de ${Math.round(sniffed.size / 1048576)} Mo, au-delà de ${MAX_GEOJSON_BYTES >> 20} Mo`));
  const sha256 = await sniffed.sha256;
  const already = await findActiveBySha(ctx.store.db, sha256, 'geo:');
  if (already) return ok(noopReport(already, fileName, input.dryRun ?? false));
  const bytes = await readFile(input.filePath);
  input.onProgress?.({ phase: 'lecture', done: bytes.length, total: sniffed.size, rows: 0 });
  const text = sniffed.encoding === 'utf-8' ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'win1252');
  const read = readGeoJson(text, fileName, ctx.referential);
  if (!read.ok) return read;
  const g = read.value;
  const levels = Object.entries(g.levels)
    .map(([level, n]) => `${formatNumber(n)} ${(LEVEL_WORDS[level] ?? [level, level])[n > 1 ? 1 : 0]}`)
    .join(', ');
  const cog = /cog[-_ ]?((?:19|20)\d{2})/i.exec(fileName);
  const report: ImportReport = {
    ...baseReport(fileName, sniffed, sha256, input.dryRun ?? false),
    source: 'geo',
    family: 'geo',
    format: 'geojson',
    title: `Contours (${levels || 'aucun'}) — ${fileName}`,
    producer: 'IGN',
    rows: g.rows,
    imported: g.imported,
    rejected: g.rejected,
    rejected_rows: g.rejectedRows,
    remapped: g.remapped,
    unknown_codes: g.unknownCodes,
    // Communes drawn, as in a table's report; an outline of an EPCI or a département is counted at its level.
    communes: g.levels.com ?? 0,
    territories: { com: g.levels.com ?? 0, epci: g.levels.epci ?? 0, dep: g.levels.dep ?? 0, reg: 0, fr: 0 },
    notes: [...g.notes],
  };
  if (cog && Number(cog[1]) !== COG_YEAR) report.notes.push(`Fichier au COG ${cog[1]} : contours re-basés sur le COG ${COG_YEAR}.`);
  const gated = gate(ctx, report, input, (rows) =>
    rows === 0
      ? 'aucune entité dans « features » (entité 1 attendue)'
      : `aucune des ${formatNumber(rows)} entités, à partir de l’entité 1, ne porte de contour utilisable`,
  );
  if (!gated.ok) return gated;
  if (input.dryRun) return ok(report);
  const key = `geo:${Object.keys(g.levels).sort().join('-')}:${digest(g.outlines.map((o) => o.ref))}`;
  const result = await ctx.store.db.transaction().execute(async (tx) => {
    await lockForWrite(ctx.store, tx, 'import');
    const already = await findActiveBySha(tx, sha256, 'geo:');
    if (already) return noopReport(already, fileName, false);
    const previous = await findActiveByKey(tx, key);
    const id = await insertDataset(tx, datasetRow(ctx, report, key));
    for (const p of previous) await replaceDataset(tx, p.id, id);
    await upsertOutlines(tx, id, g.outlines, (n) => input.onProgress?.({ phase: 'écriture', done: n, total: g.outlines.length, rows: n }));
    // An earlier file of outlines all of whose territories this one redraws (Haute-Garonne's communes, then France's)
    // owns no outline any more: it is replaced too.
    const emptied: number[] = [];
    for (const d of await tx.selectFrom('dataset').select('id').where('family', '=', 'geo').where('status', '=', 'active').where('id', '!=', id).execute()) {
      const owned = await tx.selectFrom('outline').select('ref').where('dataset_id', '=', d.id).limit(1).executeTakeFirst();
      if (!owned) {
        await tx.updateTable('dataset').set({ status: 'replaced', replaced_by: id }).where('id', '=', d.id).execute();
        emptied.push(d.id);
      }
    }
    const replaced = [...previous.map((p) => p.id), ...emptied];
    const final: ImportReport = { ...report, datasetId: id, replaced_dataset: replaced[0] ?? null };
    if (previous.length > 0) final.notes = [...final.notes, `Remplace les contours du jeu de données n° ${previous.map((p) => p.id).join(', ')} (mêmes territoires).`];
    if (emptied.length > 0) final.notes = [...final.notes, `Redessine tous les territoires du jeu de données n° ${emptied.join(', ')}, qui est donc remplacé.`];
    await updateDatasetReport(tx, id, JSON.stringify(final));
    await recordAudit(tx, { at: ctx.now(), actor: input.actor ?? 'cli', action: 'import', target: `dataset:${id}`, details: { file: fileName, sha256, replaced: previous.map((p) => p.id) } });
    return final;
  });
  ctx.invalidate();
  return ok(result);
};

const TERRITORY_WORDS: Record<string, [string, string]> = {
  com: ['commune', 'communes'],
  epci: ['intercommunalité', 'intercommunalités'],
  dep: ['département', 'départements'],
  reg: ['région', 'régions'],
  fr: ['ligne France', 'lignes France'],
};

const joinWords = (words: string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} et ${words[words.length - 1]}`);

const LEVEL_WORDS: Record<string, [string, string]> = { com: ['commune', 'communes'], epci: ['intercommunalité', 'intercommunalités'], dep: ['département', 'départements'] };
