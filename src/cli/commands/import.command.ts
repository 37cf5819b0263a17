import type { Command } from 'commander';
import { formatNumber } from '../../core/format/number-format.js';
import { appError } from '../../core/result.js';
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
const plural = (count: number, word: string, words = `${word}s`): string => `${n(count)} ${count > 1 ? words : word}`;

/** The French report shown to people (the JSON is the contract's shape). */
export const presentImportReport = (r: ImportReport): string => {
  const lines: string[] = [];
  const verb = r.noop ? 'déjà importé' : r.dry_run ? 'vérifié (essai à blanc : rien n’a été écrit)' : 'importé';
  lines.push(`${r.file} — ${r.title} : ${verb}`);
  if (r.archive) lines.push(`  lu dans l’archive ${r.archive.file} : ${r.archive.entry}`);
  lines.push(`  source : ${r.producer} (${r.source}), licence : ${r.licence}`);
  if (r.millesimes.length) lines.push(`  millésime${r.millesimes.length > 1 ? 's' : ''} : ${r.millesimes.join(', ')} · COG ${r.cog_year}`);
  if (r.encoding) lines.push(`  format : ${r.format.toUpperCase()}, ${r.encoding}, séparateur « ${r.separator === '\t' ? 'tabulation' : r.separator} »`);
  else lines.push(`  format : ${r.format === 'geojson' ? 'GeoJSON' : r.format.toUpperCase()}${r.sheet ? `, feuille « ${r.sheet} »` : ''}`);
  lines.push(`  empreinte sha256 : ${r.sha256}`);
  const unit = r.family === 'geo' ? ['entité', 'entités'] : ['ligne', 'lignes'];
  lines.push(
    `  ${plural(r.rows, unit[0], unit[1])} lue${r.rows > 1 ? 's' : ''}, ${n(r.imported)} importée${r.imported > 1 ? 's' : ''}, ${n(r.rejected_rows)} refusée${r.rejected_rows > 1 ? 's' : ''}`,
  );
  if (r.family === 'geo') lines.push(`  contours enregistrés : ${n(r.communes)}`);
  else {
    lines.push(`  territoires renseignés : ${n(r.communes)} · valeurs secrètes : ${n(r.secret_values)} · valeurs manquantes : ${n(r.missing_values)}`);
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
  if (r.datasetId !== null && !r.noop) lines.push(`  jeu de données n° ${r.datasetId}${r.replaced_dataset !== null ? ` (remplace le n° ${r.replaced_dataset})` : ''}`);
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

export const registerImport = (program: Command): void => {
  withGlobals(
    program
      .command('import')
      .description('importe un fichier de données (INSEE, populations légales, CAF, contours GeoJSON) et affiche le rapport')
      .argument('<fichier>', 'fichier CSV, XLSX ou GeoJSON, ou archive ZIP qui en contient (telle que l’INSEE la publie)')
      .option('--millesime <année>', 'millésime des colonnes qui n’en portent pas (obligatoire pour les populations légales)')
      .option('--source <nom>', 'force la famille : insee, populations-legales, caf, geo, generic')
      .option('--dry-run', 'vérifie tout sans rien écrire')
      .option('--accept-partial', 'importe les lignes valides même si d’autres sont refusées')
      .option('--entry <nom>', 'dans une archive ZIP de plusieurs fichiers de données, celui à importer')
      .option('--sheet <nom>', 'dans un classeur XLSX, la feuille à importer (par défaut la première qui a une colonne de code géographique)'),
  ).action(async (file: string, opts: ImportOptions) => {
    const millesime = opts.millesime === undefined ? undefined : /^\d{4}$/.test(opts.millesime.trim()) ? Number(opts.millesime) : NaN;
    if (Number.isNaN(millesime)) {
      return fail(opts, appError('MILLESIME_INVALIDE', `--millesime « ${opts.millesime} » : une année sur quatre chiffres est attendue (2023)`));
    }
    const { importFile } = await import('../../services/import/import-file.service.js');
    const { createContext, closeContext } = await import('../../services/context.js');
    const ctx = await createContext(databaseUrlOf(opts));
    try {
      const result = await importFile(ctx, {
        filePath: file,
        millesime,
        source: opts.source,
        dryRun: opts.dryRun,
        acceptPartial: opts.acceptPartial,
        entry: opts.entry,
        sheet: opts.sheet,
        actor: 'cli',
        onProgress: progressPrinter(),
      });
      if (result.ok) {
        if (opts.json) printJson(result.value);
        else process.stdout.write(presentImportReport(result.value) + '\n');
        return;
      }
      // A rejected file: the report still goes out (JSON on stdout, the refusals on stderr), then exit 2.
      if (result.error.code === 'FICHIER_REJETE' && result.error.details) {
        const report = result.error.details as ImportReport;
        process.stderr.write(`socle : ${result.error.message}\n`);
        if (opts.json) printJson({ ...report, error: { code: result.error.code, message: result.error.message } });
        else process.stderr.write(presentImportReport(report) + '\n');
        process.exitCode = 2;
        return;
      }
      fail(opts, result.error);
    } finally {
      await closeContext(ctx);
    }
  });
};
