import type { Command } from 'commander';
import { describeTerritoryCounts, formatNumber, plural } from '../../core/format/number-format.js';
import { appError, type AppError } from '../../core/result.js';
import type { ImportProgress, ImportReport } from '../../import/import.types.js';
import { databaseUrlOf, fail, printJson, withGlobals, type GlobalOptions } from '../cli-helpers.js';

interface ImportOptions extends GlobalOptions {
  millesime?: string;
  source?: string;
  dryRun?: boolean;
  acceptPartial?: boolean;
  entry?: string;
  sheet?: string;
}

const n = (v: number): string => formatNumber(v, 0);

/** The French report shown to people (the JSON is the contract's shape). */
export const presentImportReport = (r: ImportReport, outcome: 'done' | 'refused' = 'done'): string => {
  const lines: string[] = [];
  const verb =
    outcome === 'refused' ? 'refusé (rien n’a été écrit)' : r.noop ? 'déjà importé' : r.dry_run ? 'vérifié (essai à blanc : rien n’a été écrit)' : 'importé';
  lines.push(`${r.file} — ${r.title} : ${verb}`);
  if (r.archive) lines.push(`  lu dans l’archive ${r.archive.file} : ${r.archive.entry}`);
  lines.push(`  source : ${r.producer} (${r.source}), licence : ${r.licence}`);
  if (r.millesimes.length) lines.push(`  millésime${r.millesimes.length > 1 ? 's' : ''} : ${r.millesimes.join(', ')} · COG ${r.cog_year}`);
  if (r.encoding) lines.push(`  format : ${r.format.toUpperCase()}, ${r.encoding}, séparateur « ${r.separator === '\t' ? 'tabulation' : r.separator} »`);
  else lines.push(`  format : ${r.format === 'geojson' ? 'GeoJSON' : r.format.toUpperCase()}${r.sheet ? `, feuille « ${r.sheet} »` : ''}`);
  lines.push(`  empreinte sha256 : ${r.sha256}`);
  const unit = r.family === 'geo' ? ['entité', 'entités'] : ['ligne', 'lignes'];
  // A refused file wrote nothing; its valid rows are those --accept-partial would import.
  const counted = outcome === 'refused' ? (r.valid_rows ?? r.imported) : r.imported;
  lines.push(
    // What was written, or would be, or could not be: a refused or checked file imported nothing.
    `  ${plural(r.rows, unit[0], unit[1])} lue${r.rows > 1 ? 's' : ''}, ${n(counted)} ${outcome === 'refused' ? 'valide' : r.dry_run ? 'importable' : 'importée'}${counted > 1 ? 's' : ''}, ${n(r.rejected_rows)} refusée${r.rejected_rows > 1 ? 's' : ''}`,
  );
  if (r.family === 'geo') lines.push(`  contours enregistrés : ${r.territories ? describeTerritoryCounts(r.territories) : n(r.communes)}`);
  else {
    const territories = r.territories ? describeTerritoryCounts(r.territories) : n(r.communes);
    lines.push(`  territoires renseignés : ${territories} · valeurs secrètes : ${n(r.secret_values)} · valeurs manquantes : ${n(r.missing_values)}`);
    const unknown = r.unknown_variables.length;
    lines.push(`  variables : ${n(r.variables.length)}${unknown ? ` (dont ${n(unknown)} absente${unknown > 1 ? 's' : ''} du dictionnaire : ${r.unknown_variables.slice(0, 12).join(', ')}${unknown > 12 ? ', …' : ''})` : ''}`);
    const shown = r.variables.slice(0, 8).map((v) => `${v.published_name} → ${v.name} (${v.millesime})`);
    if (shown.length) lines.push(`    ${shown.join(' · ')}${r.variables.length > 8 ? ' · …' : ''}`);
  }
  if (r.remapped.length) {
    const shown = r.remapped.slice(0, 10).map((m) => `${m.from} → ${m.to}`);
    lines.push(`  codes rattachés au COG ${r.cog_year} : ${shown.join(', ')}${r.remapped.length > 10 ? `, … (${r.remapped.length})` : ''}`);
  }
  if (r.unknown_codes.length) lines.push(`  codes inconnus : ${r.unknown_codes.slice(0, 10).map((u) => `${u.code} (ligne ${u.line})`).join(', ')}${r.unknown_codes.length > 10 ? ', …' : ''}`);
  if (r.rejected.length) {
    lines.push('  refus :');
    for (const c of r.rejected.slice(0, 20)) lines.push(`    ligne ${c.line}, colonne ${c.column}${c.value !== '' ? `, « ${c.value} »` : ''} : ${c.reason}`);
    if (r.rejected.length > 20 || r.rejected_rows > r.rejected.length) lines.push(`    … (${plural(r.rejected_rows, 'ligne refusée', 'lignes refusées')} en tout)`);
  }
  for (const note of r.notes) lines.push(`  · ${note}`);
  if (r.datasets && r.datasets.length > 1 && !r.noop) lines.push(`  jeux de données n° ${r.datasets.join(', ')} (un par millésime)${r.replaced_dataset !== null ? ` (remplacent le n° ${r.replaced_dataset})` : ''}`);
  else if (r.datasetId !== null && !r.noop) lines.push(`  jeu de données n° ${r.datasetId}${r.replaced_dataset !== null ? ` (remplace le n° ${r.replaced_dataset})` : ''}`);
  return lines.join('\n');
};

/** A bar on a terminal, a plain line every 10 % otherwise; nothing for small files. */
const progressPrinter = (): ((p: ImportProgress) => void) => {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let lastStep = -1;
  let lastPhase = '';
  return (p) => {
    // Small files are done before a bar would be read.
    if (p.total <= 0 || (p.phase === 'écriture' ? p.total < 200_000 : p.total < 4 << 20)) return;
    const ratio = Math.min(1, p.done / p.total);
    if (tty) {
      const now = Date.now();
      if (now - lastDraw < 100 && ratio < 1 && p.phase === lastPhase) return;
      lastDraw = now;
      lastPhase = p.phase;
      const width = 30;
      const full = Math.round(ratio * width);
      const bar = `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
      process.stderr.write(`\r${p.phase.padEnd(10)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)} %${ratio >= 1 ? '\n' : ''}`);
      return;
    }
    const step = Math.floor(ratio * 10);
    if (p.phase !== lastPhase) [lastPhase, lastStep] = [p.phase, -1];
    if (step === lastStep) return;
    lastStep = step;
    process.stderr.write(`socle import : ${p.phase} ${step * 10} %${p.phase === 'écriture' ? ` (${n(p.rows)} valeurs)` : ''}\n`);
  };
};

/** One import of the command: a file given, or one file of an archive (`--entry '*'`). */
interface ImportTask {
  file: string;
  entry?: string;
}

/** What became of one import: its report, or its error (with the report of a rejected file). */
type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; file: string; error: AppError };

export const registerImport = (program: Command): void => {
  withGlobals(
    program
      .command('import')
      .description('importe des fichiers de données (INSEE, populations légales, CAF, contours GeoJSON), chacun en une transaction, et affiche leur rapport')
      .argument('<fichiers...>', 'fichiers CSV, XLSX, XLS ou GeoJSON, ou archives ZIP qui en contiennent (telles que l’INSEE les publie)')
      .option('--millesime <année>', 'millésime des colonnes qui n’en portent pas (obligatoire pour les populations légales)')
      .option('--source <nom>', 'force la famille : insee, populations-legales, caf, geo, generic')
      .option('--dry-run', 'vérifie tout sans rien écrire')
      .option('--accept-partial', 'importe les lignes valides même si d’autres sont refusées')
      .option('--entry <nom>', 'dans une archive ZIP de plusieurs fichiers de données, celui à importer (« * » : chacun à son tour)')
      .option('--sheet <nom>', 'dans un classeur (XLSX ou XLS), la feuille à importer (par défaut la première qui a une colonne de code géographique)'),
  ).action(async (files: string[], opts: ImportOptions) => {
    const millesime = opts.millesime === undefined ? undefined : /^\d{4}$/.test(opts.millesime.trim()) ? Number(opts.millesime) : NaN;
    if (Number.isNaN(millesime)) {
      return fail(opts, appError('MILLESIME_INVALIDE', `--millesime « ${opts.millesime} » : une année sur quatre chiffres est attendue (2023)`));
    }
    const every = opts.entry?.trim() === '*';
    const { importFile } = await import('../../services/import/import-file.service.js');
    const { createContext, closeContext } = await import('../../services/context.js');
    const ctx = await createContext(databaseUrlOf(opts));
    const outcomes: ImportOutcome[] = [];
    try {
      const tasks: ImportTask[] = files.map((file) => ({ file, entry: every ? undefined : opts.entry }));
      for (let k = 0; k < tasks.length; k++) {
        const task = tasks[k];
        const result = await importFile(ctx, {
          filePath: task.file,
          millesime,
          source: opts.source,
          dryRun: opts.dryRun,
          acceptPartial: opts.acceptPartial,
          entry: task.entry,
          sheet: opts.sheet,
          actor: 'cli',
          onProgress: progressPrinter(),
        });
        // `--entry '*'`: each data file of the archive, in turn, in place of the archive.
        const listed = !result.ok && result.error.code === 'ARCHIVE_A_CHOISIR' ? (result.error.details as { entries?: string[] } | undefined)?.entries : undefined;
        if (every && listed && task.entry === undefined) {
          tasks.splice(k + 1, 0, ...listed.map((entry) => ({ file: task.file, entry })));
          continue;
        }
        outcomes.push(result.ok ? { ok: true, report: result.value } : { ok: false, file: task.entry ? `${task.file} › ${task.entry}` : task.file, error: result.error });
      }
    } finally {
      await closeContext(ctx);
    }
    printOutcomes(outcomes, opts);
  });
};

/**
 * One import: its report (JSON: the contract's object), or its error. Several: each in turn, the refusals on stderr,
 * then a summary line (JSON: an array of reports, a refused one with its `error`). Exit 2 when one was refused.
 */
const printOutcomes = (outcomes: ImportOutcome[], opts: ImportOptions): void => {
  const json: unknown[] = [];
  for (const o of outcomes) {
    if (o.ok) {
      json.push(o.report);
      if (!opts.json) process.stdout.write(presentImportReport(o.report) + '\n' + (outcomes.length > 1 ? '\n' : ''));
      continue;
    }
    process.exitCode = 2;
    process.stderr.write(`socle : ${o.error.message}\n`);
    // A rejected file: its report still goes out (JSON on stdout, the refusals on stderr).
    const report = o.error.code === 'FICHIER_REJETE' ? (o.error.details as ImportReport | undefined) : undefined;
    if (report && !opts.json) process.stderr.write(presentImportReport(report, 'refused') + '\n');
    const error = { code: o.error.code, message: o.error.message, ...(report || o.error.details === undefined ? {} : { details: o.error.details }) };
    json.push(report ? { ...report, error } : { file: o.file, error });
  }
  if (opts.json) printJson(outcomes.length === 1 ? json[0] : json);
  else if (outcomes.length > 1) {
    const noop = outcomes.filter((o) => o.ok && o.report.noop).length;
    const done = outcomes.filter((o) => o.ok).length - noop;
    const refused = outcomes.length - done - noop;
    const verb = opts.dryRun ? 'vérifié' : 'importé';
    const parts = [`${n(done)} ${verb}${done > 1 ? 's' : ''}`, ...(noop ? [`${n(noop)} déjà importé${noop > 1 ? 's' : ''}`] : []), ...(refused ? [`${n(refused)} refusé${refused > 1 ? 's' : ''}`] : [])];
    process.stdout.write(`${n(outcomes.length)} fichiers : ${parts.join(', ')}.\n`);
  }
};
