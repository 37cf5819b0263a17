import type { Command } from 'commander';
import { yearsOf } from '../../core/format/french-text.js';
import { formatCoverage, formatValue, plural } from '../../core/format/number-format.js';
import type { Portrait, PortraitIndicator } from '../../core/indicators/portrait.types.js';
import { representsTerritory } from '../../core/indicators/coverage.js';
import { fmtInt, withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

const STATUS_SHORT: Record<string, string> = { secret: 'secret', missing: 'pas de donnée', not_aggregable: 'non agrégeable', partial: 'partiel' };

const shown = (i: PortraitIndicator, value: number | null, status: string, coverage?: number): string => {
  // A reference known for few of its inhabitants is not compared: say how few.
  if (value === null && coverage !== undefined) return `non comparable (données pour ${formatCoverage(coverage)} des habitants)`;
  return value === null ? STATUS_SHORT[status] ?? status : `${formatValue(value, i.unit, i.decimals, { unit: 'full' })}${status === 'partial' ? ' (partiel)' : ''}`;
};

const RANKED_NOUNS: Partial<Record<string, string>> = {
  com: ' communes renseignées',
  epci: ' intercommunalités renseignées',
  dep: ' départements renseignés',
  reg: ' régions renseignées',
};

export const presentPortrait = (p: Portrait): string => {
  const t = p.territory;
  const lines = [`Portrait — ${t.name} (${t.ref}), ${t.kindLabel}, ${plural(t.communes, 'commune')}, ${formatValue(t.population, 'hab.', 0, { unit: 'full' })} (${t.millesime})`];
  const names = new Map(p.references.map((r) => [r.territory, r.name]));
  // The groups ranked within are the territory's département or région and France, named even without references.
  for (const parent of [t.parents.departement, t.parents.region]) if (parent && !names.has(parent.ref)) names.set(parent.ref, parent.name);
  const groupName = (within: string): string => (within === 'fr' ? 'France' : names.get(within) ?? within);
  // Ranked among the territories that have a figure, which may be fewer than all: say so.
  const rankedNoun = RANKED_NOUNS[t.kind] ?? '';
  lines.push(`Références : ${p.references.map((r) => `${r.name} (${r.territory})`).join(', ') || 'aucune'}`);
  for (const d of p.domains) {
    lines.push('', d.label.toUpperCase());
    const empty: string[] = [];
    for (const i of d.indicators) {
      // A ratio whose data is loaded but whose denominator is zero is not « without data »: said with its note below.
      if (i.value.value === null && i.value.status === 'missing' && !i.value.note) {
        empty.push(i.label);
        continue;
      }
      // The territory's own figure of a few of its inhabitants is not its figure (ADR 0013).
      // A secret or non-aggregable value has no figure to call unrepresentative: its status is what is said.
      const own = i.value.note
        ? i.value.note
        : i.value.value === null || representsTerritory(i.value)
        ? shown(i, i.value.value, i.value.status)
        : `non représentatif (${formatValue(i.value.value, i.unit, i.decimals, { unit: 'full' })} sur les communes où vivent ${formatCoverage(i.value.coverage!)} des habitants)`;
      lines.push(`  ${i.label} (${yearsOf(i.value)}) : ${own}`);
      const refs = i.references.map((r) => `${r.name} ${shown(i, r.value, r.status, r.coverage)}`).join(' · ');
      if (refs) lines.push(`      ${refs}`);
      const ranks = i.ranks.map((r) => `${r.rank === 1 ? '1er' : `${fmtInt(r.rank)}e`} sur ${fmtInt(r.count)}${r.count > 1 ? rankedNoun : ''} (${groupName(r.within)})`).join(', ');
      if (ranks) lines.push(`      rang : ${ranks}`);
      if (i.evolution && i.evolution.change !== null) {
        lines.push(`      en ${i.evolution.from} : ${formatValue(i.evolution.valueFrom, i.unit, i.decimals, { unit: 'full' })}`);
      }
      if (i.sentence) lines.push(`      ${i.sentence}`);
    }
    if (empty.length) lines.push(`  Sans données chargées : ${empty.join(', ')}.`);
  }
  if (p.sources.length) {
    lines.push('', 'SOURCES');
    for (const s of p.sources) lines.push(`  ${s.title} — ${s.producer}, millésime${s.millesimes.length > 1 ? 's' : ''} ${s.millesimes.join(', ')}, ${s.licence}`);
  }
  return lines.join('\n');
};

export const registerPortrait = (program: Command): void => {
  withGlobals(
    program
      .command('portrait')
      .description('tous les indicateurs d’un territoire, par domaine, comparés à ses références')
      .argument('<territoire...>', 'référence (com:31555, epci:…, dep:31, reg:76, fr, per:…) ou nom')
      .option('--compare <refs>', 'références de comparaison séparées par des virgules (dep:31,fr) au lieu de l’EPCI, du département, de la région et de la France')
      .option('--public <publics>', 'seulement les indicateurs de ces publics, séparés par des virgules : familles, jeunes, personnes_agees, personnes_handicapees, personnes_en_difficulte, population')
      .option('--domaine <domaines>', 'seulement ces domaines, séparés par des virgules : demographie, ages, familles_menages, enfance_jeunesse, personnes_agees, handicap, revenus_pauvrete, emploi_chomage, insertion, logement, allocataires_caf, etablissements'),
  ).action(async (words: string[], opts: GlobalOptions & { compare?: string; public?: string; domaine?: string }) => {
    const { buildPortrait } = await import('../../services/indicators/build-portrait.service.js');
    const options = { compare: opts.compare?.split(','), publics: opts.public ? [opts.public] : undefined, domains: opts.domaine ? [opts.domaine] : undefined };
    await withContext(opts, (ctx) => buildPortrait(ctx, words.join(' '), options), presentPortrait);
  });
};
