import type { Command } from 'commander';
import { joinFrench, lowerFirst } from '../../core/format/french-text.js';
import { formatNumber, plural } from '../../core/format/number-format.js';
import { appError, err } from '../../core/result.js';
import type { SimilarAnswer } from '../../services/indicators/find-similar.service.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';
import { toRef } from '../../core/format/territory-names.js';

export const presentSimilar = (a: SimilarAnswer): string => {
  const lines = [`Territoires semblables ${toRef(a.territory.ref, a.territory.name)} (${a.territory.ref})`];
  lines.push(`  comparés sur : ${joinFrench(a.indicators.map((i) => lowerFirst(i.label)))}`);
  if (a.similar.length === 0) {
    lines.push('  aucun : pas assez d’indicateurs clés chargés pour ce territoire ou les autres de son type');
    return lines.join('\n');
  }
  a.similar.forEach((s, k) => {
    lines.push(`  ${k + 1}. ${s.name} (${s.ref}) — écart ${formatNumber(s.distance, 2)} sur ${plural(s.compared, 'indicateur')}`);
    lines.push(`     ${s.reason}`);
  });
  return lines.join('\n');
};

export const registerSimilar = (program: Command): void => {
  withGlobals(
    program
      .command('similar')
      .description('les territoires du même type les plus proches sur les indicateurs clés (centrés réduits), avec la raison')
      .argument('<territoire...>', 'référence (com:31555, epci:…, dep:31, reg:76) ou nom')
      .option('--count <n>', 'nombre de territoires, de 1 à 50', '5'),
  ).action(async (words: string[], opts: GlobalOptions & { count: string }) => {
    const { findSimilar } = await import('../../services/indicators/find-similar.service.js');
    const count = /^\d+$/.test(opts.count.trim()) ? Number(opts.count) : NaN;
    await withContext(
      opts,
      async (ctx) => {
        if (Number.isNaN(count)) return err(appError('PARAMETRE_INVALIDE', `--count « ${opts.count} » : nombre entier attendu, de 1 à 50`));
        // The service resolves a reference or a name, as every other command's.
        return findSimilar(ctx, words.join(' '), count);
      },
      presentSimilar,
    );
  });
};
