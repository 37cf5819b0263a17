import type { Command } from 'commander';
import { millesimePhrase } from '../../core/format/french-text.js';
import { formatCoverage, formatNumber, formatValue, plural } from '../../core/format/number-format.js';
import { err } from '../../core/result.js';
import type { ValueAnswer } from '../../services/indicators/get-value.service.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

const STATUS_TEXT: Record<string, string> = {
  secret: 'secret statistique : la valeur n’est pas publiée pour ce territoire',
  missing: 'aucune donnée chargée pour ce territoire et ce millésime',
  not_aggregable: 'non agrégeable : la source ne publie pas cette valeur à ce niveau (une médiane ou un taux publié ne se calcule pas à partir des communes)',
};

export const presentValue = (v: ValueAnswer): string => {
  const decimals = v.unit === '%' || v.unit === '%/an' ? 1 : Number.isInteger(v.value ?? 0) ? 0 : 1;
  const lines = [`${v.label ?? v.name} — ${v.territoryName ?? v.territory} (${v.territory})`];
  const year = millesimePhrase(v);
  if (v.value !== null) lines.push(`  ${formatValue(v.value, v.unit, decimals, { unit: 'full' })} (${year})`);
  else lines.push(`  ${v.note ?? STATUS_TEXT[v.status] ?? v.status} (${year})`);
  // The sums as the files give them: whole counts without decimals, weighted ones with one.
  const sum = (n: number) => formatNumber(n, Number.isInteger(n) ? 0 : 1);
  if (v.parts && v.period) {
    // An evolution reads from its two values (and, for its part due to a component, that component's sum).
    const [from, to] = v.period;
    const component = v.parts.component === undefined ? '' : ` · composante cumulée ${from}–${to - 1} : ${sum(v.parts.component)}`;
    lines.push(`  en ${from} : ${sum(v.parts.denominator)} · en ${to} : ${sum(v.parts.numerator)}${component}`);
  } else if (v.parts) lines.push(`  numérateur ${sum(v.parts.numerator)} · dénominateur ${sum(v.parts.denominator)}`);
  if (v.status === 'partial' && v.missing && v.territory.startsWith('com:')) {
    // A commune is partial when some of its IRIS (or, for Paris, Lyon, Marseille, arrondissements) are withheld or
    // absent from the file: it is not « a commune without data ».
    lines.push('  valeur partielle : calculée sans certains IRIS ou arrondissements de la commune, masqués par le producteur ou absents du fichier');
  } else if (v.status === 'partial' && v.missing) {
    const shown = v.missing.communes.slice(0, 10).join(', ');
    lines.push(`  valeur partielle : ${plural(v.missing.count, 'commune')} sans donnée ou masquée${v.missing.count > 1 ? 's' : ''} (${shown}${v.missing.count > 10 ? ', …' : ''})`);
    if (v.coverage !== undefined) lines.push(`  couverture : ${formatCoverage(v.coverage)} des habitants du territoire vivent dans une commune renseignée`);
  }
  if (v.sources.length) lines.push(`  sources : ${v.sources.map((s) => `${s.dataset} (${s.millesime})`).join(' ; ')}`);
  return lines.join('\n');
};

export const registerValue = (program: Command): void => {
  withGlobals(
    program
      .command('value')
      .description('une valeur : un indicateur (socle indicators) ou une variable (P_POP, P22_POP, MED21, PMUN) sur un territoire')
      .argument('<nom>', 'identifiant d’indicateur ou nom de variable, normalisé ou tel que publié')
      .argument('<territoire...>', 'référence (com:31555, epci:…, dep:31, reg:76, fr, per:…) ou nom')
      .option('--millesime <année>', 'millésime (par défaut le plus récent où toutes les variables existent)'),
  ).action(async (name: string, words: string[], opts: GlobalOptions & { millesime?: string }) => {
    const { getValue, getValueWithLabels, parseMillesime } = await import('../../services/indicators/get-value.service.js');
    const millesime = parseMillesime(opts.millesime);
    await withContext(
      opts,
      async (ctx) => {
        if (!millesime.ok) return err(millesime.error);
        const input = { name, ref: words.join(' '), millesime: millesime.value };
        // JSON is the contract's shape exactly; people also get the labels.
        return opts.json ? getValue(ctx, input) : getValueWithLabels(ctx, input);
      },
      (v) => presentValue(v as ValueAnswer),
    );
  });
};
