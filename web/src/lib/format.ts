// French formats for the pages: the same functions as the reports and the CLI (src/core/format, pure code shared
// with the server), plus dates and value statuses.
export { describeTerritoryCounts, formatCoverage, formatNumber, formatSigned, formatValue, NNBSP } from '../../../src/core/format/number-format.js';
export { yearsOf } from '../../../src/core/format/french-text.js';
import { formatNumber } from '../../../src/core/format/number-format.js';

export const formatDate = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
};

export const formatDateTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : `${d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })} à ${d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`;
};

export const STATUS_LABELS: Record<string, string> = {
  ok: '',
  partial: 'partiel',
  secret: 'secret statistique',
  missing: 'non disponible',
  not_aggregable: 'non agrégeable',
};

/** What a status means, for the title of its label (« non agrégeable » is a statistician's word). */
export const STATUS_HINTS: Record<string, string> = {
  secret: 'le producteur ne publie pas cette valeur (petits effectifs, ou valeur qui en révélerait une autre)',
  missing: 'aucun fichier chargé ne donne cette valeur',
  not_aggregable:
    'une médiane ou un taux publié ne s’additionne pas d’une commune à l’autre : seul le fichier publié pour ce niveau le donne (Filosofi par intercommunalité, par département…)',
};

/** Why there is no value, in words (« secret statistique »), or '' when there is one. */
export const statusText = (status: string | undefined): string => (status ? (STATUS_LABELS[status] ?? status) : '');

export const formatCount = (n: number | null | undefined): string => (n == null ? '—' : formatNumber(n, 0));

export const plural = (n: number, one: string, many: string): string => `${formatNumber(n, 0)} ${n > 1 ? many : one}`;

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} octets` : n < 1024 * 1024 ? `${formatNumber(n / 1024, 0)} ko` : `${formatNumber(n / 1024 / 1024, 1)} Mo`;
