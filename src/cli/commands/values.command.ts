// `socle values NAME --within REF --level com|epci|dep`: the table of an indicator over the communes, EPCI or
// départements of a territory, from the highest value to the lowest, with ranks; `--out` writes it as CSV (the way
// French Excel reads it) or XLSX (with a sheet of definition and sources), as the API's export does.
import type { Command } from 'commander';
import { LEVEL_NOUNS, millesimePhrase, STATUS_LABELS } from '../../core/format/french-text.js';
import { formatValue, plural } from '../../core/format/number-format.js';
import { appError, err, ok } from '../../core/result.js';
import type { IndicatorValues } from '../../services/indicators/list-indicator-values.service.js';
import { rankedRows } from '../../services/indicators/ranked-rows.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';
import { ofRef } from '../../core/format/territory-names.js';

interface ValuesOptions extends GlobalOptions {
  within: string;
  level: string;
  millesime?: string;
  out?: string;
}

/** The longest name shown whole in the table; longer ones end with « … ». */
const NAME_WIDTH = 40;

export const presentValues = (data: IndicatorValues): string => {
  const { indicator } = data;
  const rows = rankedRows(data);
  const shown = (name: string) => (name.length > NAME_WIDTH ? `${name.slice(0, NAME_WIDTH - 1)}…` : name);
  const nameWidth = Math.min(NAME_WIDTH, Math.max(...rows.map((r) => r.name.length), 10));
  const rankWidth = Math.max(4, String(rows.length).length);
  const codeWidth = Math.max(...rows.map((r) => r.ref.length), 4);
  const valueTexts = rows.map((r) => formatValue(r.value, indicator.unit, indicator.decimals, { unit: 'full' }));
  const valueWidth = Math.max(...valueTexts.map((t) => t.length), 6);
  const withValue = rows.filter((r) => r.rank !== null).length;
  const withNumber = rows.filter((r) => r.value !== null).length;
  const lines = [
    `${indicator.label} — ${data.levelLabel} ${ofRef(data.within.ref, data.within.name)} (${data.within.ref}), ${millesimePhrase({ millesime: data.millesime, period: data.period, cumulated: data.cumulated })}`,
    `${plural(rows.length, ...LEVEL_NOUNS[data.level])}, ${plural(withNumber, 'valeur')}${withNumber > withValue ? ` dont ${plural(withValue, 'classée', 'classées')}` : ''}, de la plus forte à la plus faible`,
    '',
    `${'rang'.padStart(rankWidth)}  ${'territoire'.padEnd(nameWidth)}  ${'code'.padEnd(codeWidth)}  ${'valeur'.padStart(valueWidth)}`,
  ];
  rows.forEach((r, k) => {
    const rank = r.rank === null ? '—' : `${r.rank}`;
    const note = r.note ? '  non défini' : r.status === 'ok' ? '' : `  ${STATUS_LABELS[r.status] ?? r.status}`;
    lines.push(`${rank.padStart(rankWidth)}  ${shown(r.name).padEnd(nameWidth)}  ${r.ref.padEnd(codeWidth)}  ${valueTexts[k].padStart(valueWidth)}${note}`);
  });
  if (data.datasets.length) lines.push('', `sources : ${data.datasets.map((d) => `${d.dataset} (${d.millesime})`).join(' ; ')}`);
  return lines.join('\n');
};

export const registerValues = (program: Command): void => {
  withGlobals(
    program
      .command('values')
      .description('le tableau d’un indicateur sur les communes, EPCI ou départements d’un territoire, classés, ou son export CSV ou XLSX')
      .argument('<nom>', 'identifiant d’indicateur (socle indicators) ou variable')
      .requiredOption('--within <ref>', 'territoire (dep:31, epci:…, per:…, fr)')
      .option('--level <niveau>', 'com, epci ou dep', 'com')
      .option('--millesime <année>', 'millésime')
      .option('--out <fichier>', 'fichier .csv (séparateur « ; », virgule décimale, comme Excel en français) ou .xlsx (avec la définition et les sources)'),
  ).action(async (name: string, opts: ValuesOptions) => {
    const { listIndicatorValues } = await import('../../services/indicators/list-indicator-values.service.js');
    const { parseMillesime } = await import('../../services/indicators/get-value.service.js');
    const { valuesToCsv, valuesToXlsx } = await import('../../services/indicators/values-export.js');
    const { checkOutputFile, writeFileAtomic } = await import('../../services/output-file.js');
    const format = opts.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : opts.out?.toLowerCase().endsWith('.csv') ? 'csv' : undefined;
    await withContext(
      opts,
      async (ctx) => {
        const file = opts.out === undefined ? undefined : await checkOutputFile(opts.out, ['csv', 'xlsx']);
        if (file && !file.ok) return file;
        const millesime = parseMillesime(opts.millesime);
        if (!millesime.ok) return err(millesime.error);
        const data = await listIndicatorValues(ctx, { name, within: opts.within, level: opts.level, millesime: millesime.value });
        if (!data.ok || !file) return data;
        const written = await writeFileAtomic(file.value, format === 'xlsx' ? await valuesToXlsx(data.value) : valuesToCsv(data.value));
        if (!written.ok) return written;
        return ok(data.value);
      },
      (data: IndicatorValues) => (opts.out ? `Tableau écrit : ${opts.out} — ${data.indicator.label}, ${plural(data.values.length, 'ligne')} (${data.levelLabel} ${ofRef(data.within.ref, data.within.name)}).` : presentValues(data)),
    );
  });
};
