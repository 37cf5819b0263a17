// CNAF open data: allocataires by IRIS (`iris_code`), commune (`numcomdo`, `Codes_Insee`) or EPCI (`NUMEPCI`).
// Columns are published lowercase without millésime (`a`, `arsas`, `aaah`…); they are named `CAF_` + upper case so
// that `a` cannot be mistaken for another source's column, and keep their published name for look-ups.
// An empty cell is secret: the CNAF withholds counts under 5 (the `note` column, 2–4, marks withheld IRIS).
import { err, ok } from '../../core/result.js';
import { CAF_COLUMNS } from '../dictionary/variable-dictionary.js';
import { LICENCE_OUVERTE } from '../import.types.js';
import { CELL_SECRET } from '../normalise/number-cell.js';
import { normaliseInseeName, sanitiseName, yearInFileName } from '../normalise/variable-name.js';
import type { TableFamily } from '../tabular/table-family.js';

const CAF_CODE_HEADERS = new Set(['numcomdo', 'codes_insee', 'numcom', 'numepci']);
const MARKERS = new Set(['note', 'dtr', 'dtr_iris']);
/**
 * The reference date of the communal files (`Date_Ref`, `DTREF`, `Date_référence`) or their year (`annee`), written
 * on every row: the row's millésime, never a count. Folded: lower case, no accent, `_` for spaces and hyphens.
 */
const MILLESIME_COLUMNS = new Set(['date_ref', 'dtref', 'date_reference', 'date_de_reference', 'annee', 'annee_ref', 'annee_reference']);
const foldColumn = (column: string): string =>
  column
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
/**
 * Columns of the CNAF's communal files (`Communes;Codes_Insee;NB_allocataires;…`, one file per benefit) that the IRIS
 * file names otherwise: the same counts, under the IRIS file's names, so that the library's CAF indicators read them
 * too. Every communal file repeats the commune's total of allocataires (`NB_allocataires`, `total_allocataires` in the
 * housing file), the denominator of the shares.
 */
const COMMUNAL_NAMES: Record<string, string> = {
  nb_allocataires: 'a',
  total_allocataires: 'a',
  all_paje: 'apaje',
  nb_allocataire_rsa: 'arsas',
  all_aah: 'aaah',
  total_allocataires_logement: 'aal',
  total_apl: 'aapl',
  total_als: 'aals',
  total_alf: 'aalf',
  all_af: 'aaf',
  all_aeeh: 'aeeh',
};

export const cafFamily: TableFamily = {
  id: 'caf',
  source: 'caf',
  producer: 'CNAF',
  licence: LICENCE_OUVERTE,
  emptyMeans: CELL_SECRET,
  recognises(header, code) {
    if (CAF_CODE_HEADERS.has(code.name.toLowerCase())) return true;
    // A communal file under another code header (« Code commune ») still names its counts the CNAF's way: two of
    // them (its total of allocataires and a benefit), not one column a table of another producer could have.
    if (header.filter((h) => COMMUNAL_NAMES[foldColumn(h)] !== undefined).length >= 2) return true;
    const lower = new Set(header.map((h) => h.trim()));
    return lower.has('a') && header.filter((h) => CAF_COLUMNS[h.trim()] !== undefined).length >= 3;
  },
  ignores: (column) => MARKERS.has(column.trim().toLowerCase()),
  millesimeColumn: (column) => MILLESIME_COLUMNS.has(foldColumn(column)),
  outsideCode: (code) => (code === '99999' ? 'allocataires résidant à l’étranger' : /^X{5}$/i.test(code) ? 'commune de résidence inconnue' : undefined),
  nameOf(column, ctx) {
    const c = column.trim();
    const communal = COMMUNAL_NAMES[foldColumn(c)];
    if (communal) return { name: `CAF_${communal.toUpperCase()}`, millesime: null };
    // A CNAF column written with its year (`A2021`, `arsas_21`) keeps it.
    const withYear = normaliseInseeName(c, ctx.currentYear);
    if (withYear.millesime !== null && CAF_COLUMNS[withYear.name.toLowerCase()] !== undefined) {
      return { name: `CAF_${withYear.name}`, millesime: withYear.millesime };
    }
    return { name: `CAF_${sanitiseName(c)}`, millesime: null };
  },
  unknownKind: () => 'count',
  defaultMillesime(ctx) {
    if (ctx.millesime !== undefined) return ok(ctx.millesime);
    const year = yearInFileName(ctx.fileName, ctx.currentYear);
    if (year !== null) return ok(year);
    return err('fichier CNAF sans millésime (ni dans les colonnes, ni dans le nom du fichier) ; donnez-le avec --millesime');
  },
  millesimeNote: (ctx, millesime) => `Millésime ${millesime} lu dans le nom du fichier ${ctx.fileName}.`,
  title: ({ millesimes, code }) =>
    `Allocataires CAF par ${code.kind === 'iris' ? 'IRIS' : code.kind === 'epci' ? 'EPCI' : 'commune'} ${millesimes.join(', ')}`,
};
