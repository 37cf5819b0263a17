import type { Command } from 'commander';
import { formatNumber, plural } from '../../core/format/number-format.js';
import type { DatasetEntry } from '../../services/import/list-datasets.service.js';
import { withContext, withGlobals, type GlobalOptions } from '../cli-helpers.js';

export const presentDatasets = (list: DatasetEntry[]): string => {
  if (list.length === 0) return 'Aucun jeu de données importé (socle import FICHIER).';
  const lines = [`${list.length} jeu${list.length > 1 ? 'x' : ''} de données :`];
  for (const d of list) {
    const state = d.status === 'replaced' ? ` — remplacé par le n° ${d.replaced_by}` : '';
    lines.push(`  n° ${d.id} · ${d.title}${state}`);
    const years = d.millesimes.length ? `millésime${d.millesimes.length > 1 ? 's' : ''} ${d.millesimes.join(', ')} · ` : '';
    lines.push(`    ${d.producer} · ${years}COG ${d.cog_year} · ${d.licence}`);
    const content =
      d.outlines > 0 || d.family === 'geo'
        ? plural(d.outlines, 'contour')
        : `${plural(d.variables, 'variable')}, ${plural(d.secret_values, 'valeur secrète', 'valeurs secrètes')}`;
    lines.push(`    ${d.file_name} · ${formatNumber(d.imported)}/${formatNumber(d.rows)} ligne${d.rows > 1 ? 's' : ''} · ${content} · importé le ${d.imported_at.slice(0, 10)}`);
    lines.push(`    sha256 ${d.sha256}`);
    for (const n of d.precedence) lines.push(`    · ${n}`);
  }
  return lines.join('\n');
};

export const registerDatasets = (program: Command): void => {
  withGlobals(program.command('datasets').description('le catalogue : jeux de données importés, avec source, millésimes, licence, lignes et empreinte')).action(
    async (opts: GlobalOptions) => {
      const { listDatasets } = await import('../../services/import/list-datasets.service.js');
      await withContext(opts, (ctx) => listDatasets(ctx), presentDatasets);
    },
  );
};
