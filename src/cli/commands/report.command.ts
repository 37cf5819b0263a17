// `socle report abs REF --format html|pdf|docx|xlsx [--out FILE|FOLDER] [--organisme NAME] [--date YYYY-MM-DD]`: the ABS report
// (analyse des besoins sociaux) of a territory, written atomically (temporary file, then rename).
import type { Command } from 'commander';
import { plural } from '../../core/format/number-format.js';
import { formatDateLabel } from '../../reports/abs/build/abs-format.js';
import { fmtInt, withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

interface ReportOptions extends GlobalOptions {
  format?: string;
  out?: string;
  organisme?: string;
  date?: string;
  compare?: string;
}

const FORMAT_LABELS: Record<string, string> = { html: 'HTML', pdf: 'PDF', docx: 'Word', xlsx: 'Excel' };

const size = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1).replace('.', ',')} Mo` : `${Math.max(1, Math.round(bytes / 1e3))} ko`);

export const registerReport = (program: Command): void => {
  // --json and --database before the subcommand too (`socle report --database … abs …`): main.ts hands them down.
  const report = withGlobals(program.command('report').description('rapports : analyse des besoins sociaux (abs)'));
  withGlobals(
    report
      .command('abs')
      .description('le rapport ABS (diagnostic socio-démographique) d’un territoire en HTML, PDF, Word ou Excel')
      .argument('<ref-ou-texte...>', 'territoire : com:31555, epci:…, dep:31, per:… ou un nom')
      .option('--format <format>', 'html, pdf, docx ou xlsx (par défaut : l’extension de --out, sinon pdf)')
      .option('--out <fichier|dossier>', 'fichier à écrire, ou dossier où l’écrire sous son propre nom (abs-cc-du-volvestre-200066819-2026-03-15.pdf) ; par défaut le dossier courant')
      .option('--organisme <nom>', 'organisme commanditaire, écrit en couverture (CCAS, CIAS…)')
      .option('--date <AAAA-MM-JJ>', 'date du rapport (par défaut : aujourd’hui) ; une date fixe redonne le même document')
      .option('--compare <refs>', 'références de comparaison, séparées par des virgules (par défaut : EPCI, département, région, France)'),
  ).action(async (words: string[], opts: ReportOptions) => {
    const { writeAbsReport } = await import('../../services/reports/abs-report.service.js');
    await withContext(
      opts,
      (ctx) =>
        writeAbsReport(ctx, {
          ref: words.join(' '),
          format: opts.format,
          out: opts.out,
          organisme: opts.organisme,
          date: opts.date,
          compare: opts.compare?.split(',').map((s) => s.trim()).filter(Boolean),
        }),
      (r) =>
        [
          `Rapport ABS écrit : ${r.file}`,
          `  ${r.territory.name} (${r.territory.ref}) · ${FORMAT_LABELS[r.format]} · ${size(r.bytes)}${r.pages ? ` · ${plural(r.pages, 'page')}` : ''} · ${formatDateLabel(r.date)}`,
          `  ${plural(r.stats.available, 'indicateur disponible', 'indicateurs disponibles')} sur ${fmtInt(r.stats.indicators)} · ${plural(r.stats.findings, 'constat')} dans « L’essentiel » · ${plural(r.stats.figures, 'figure')} dont ${plural(r.stats.maps, 'carte')} · ${plural(r.stats.tables, 'tableau', 'tableaux')}`,
        ].join('\n'),
    );
  });
};
