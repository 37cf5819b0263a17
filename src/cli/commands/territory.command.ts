import type { Command } from 'commander';
import type { TerritoryInfo } from '../../core/territory/territory.types.js';
import { fmtInt, withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

export const presentTerritory = (t: TerritoryInfo): string => {
  const lines = [`${t.name} — ${t.kindLabel} (${t.ref})`];
  if (t.resolvedFrom) lines.push(`  ${t.resolvedFrom.message}`);
  lines.push(`  population municipale ${t.millesime} : ${fmtInt(t.population)}${t.populationMissing ? ` (${fmtInt(t.populationMissing)} commune${t.populationMissing > 1 ? 's' : ''} sans population)` : ''}`);
  lines.push(`  communes : ${fmtInt(t.communes)}`);
  if (t.parents.epci) lines.push(`  intercommunalité : ${t.parents.epci.name} (${t.parents.epci.ref})`);
  if (t.parents.epci === null) lines.push('  intercommunalité : aucune');
  if (t.parents.departement) {
    const com = /^dep:9(7[5789]|8\d)$/.test(t.parents.departement.ref);
    lines.push(`  ${com ? 'collectivité d’outre-mer' : 'département'} : ${t.parents.departement.name} (${t.parents.departement.ref})`);
  }
  else if (t.departements.length > 1) lines.push(`  départements : ${t.departements.join(', ')}`);
  if (t.parents.region) lines.push(`  région : ${t.parents.region.name} (${t.parents.region.ref})`);
  if (t.postalCodes?.length) lines.push(`  codes postaux : ${t.postalCodes.join(', ')}`);
  if (t.arrondissements?.length) lines.push(`  arrondissements municipaux : ${t.arrondissements.join(', ')}`);
  if (t.membersSpec) lines.push(`  composé de : ${t.membersSpec.join(', ')}`);
  lines.push(`  contour : ${t.outline ? 'chargé' : 'non chargé'}`);
  return lines.join('\n');
};

export const registerTerritory = (program: Command): void => {
  withGlobals(
    program
      .command('territory')
      .description('un territoire : référence (com:31555, epci:…, dep:31, reg:76, fr, per:…) ou texte à chercher')
      .argument('<ref-ou-texte...>', 'référence ou nom, code INSEE, code postal'),
  ).action(async (words: string[], opts: GlobalOptions) => {
    const { getTerritory } = await import('../../services/territory/get-territory.service.js');
    await withContext(opts, (ctx) => getTerritory(ctx, words.join(' ')), presentTerritory);
  });
};
