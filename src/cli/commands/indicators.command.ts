import type { Command } from 'commander';
import { plural } from '../../core/format/number-format.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';
import type { IndicatorListing } from '../../services/indicators/list-indicators.service.js';

export const presentIndicators = (list: IndicatorListing[]): string => {
  const lines: string[] = [];
  let domain = '';
  for (const i of list) {
    if (i.domainLabel !== domain) {
      domain = i.domainLabel;
      lines.push('', domain);
    }
    const data = i.millesime === null ? 'pas de données chargées' : `millésime ${i.millesime}`;
    lines.push(`  ${i.id} — ${i.label} (${i.unit}) — ${data}`);
    lines.push(`      ${i.formula}`);
    lines.push(`      sources : ${i.sources.map((s) => s.label).join(' ; ')}`);
  }
  const available = list.filter((i) => i.millesime !== null).length;
  lines.push('', `${plural(list.length, 'indicateur')}, dont ${available} calculable${available > 1 ? 's' : ''} avec les données chargées.`);
  return lines.join('\n').trimStart();
};

export const registerIndicators = (program: Command): void => {
  withGlobals(
    program
      .command('indicators')
      .description('les indicateurs : identifiant, libellé, domaine, unité, formule, sources')
      .option('--public <publics>', 'seulement ceux de ces publics, séparés par des virgules (familles, jeunes, personnes_agees…)')
      .option('--domaine <domaines>', 'seulement ces domaines, séparés par des virgules (logement, emploi_chomage…)'),
  ).action(async (opts: GlobalOptions & { public?: string; domaine?: string }) => {
    const { listIndicators } = await import('../../services/indicators/list-indicators.service.js');
    const filter = { publics: opts.public ? [opts.public] : undefined, domains: opts.domaine ? [opts.domaine] : undefined };
    await withContext(opts, (ctx) => listIndicators(ctx, filter), presentIndicators);
  });
};
