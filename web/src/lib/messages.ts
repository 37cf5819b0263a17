// The web's own wording for the API's errors, by code, in one place. The API's messages may carry hints for its own
// callers (an address of the API, a command of the CLI); a page says what a person on the web can do instead.
import type { ImportReport } from '../../../src/import/import.types.js';
import type { ApiError } from './api.js';
import { plural } from './format.js';

/** The error of a territory named in a page's address (`/territoire/foo`, `/comparer?territoires=…`), naming it once. */
export const territoryErrorText = (ref: string, e: ApiError): string => {
  if (e.code === 'REFERENCE_INVALIDE') {
    return `« ${ref} » n’est pas une référence de territoire (com:31555, epci:243100518, dep:31, reg:76, fr, per:…) : cherchez le territoire par son nom depuis l’accueil.`;
  }
  if (e.code === 'TERRITOIRE_INCONNU' && ref.startsWith('per:')) return `${ref} : aucun périmètre ne porte cet identifiant.`;
  // The API's message names the reference first (« com:99999 : aucune commune… »): it is not named twice.
  return e.message.includes(ref) ? e.message : `${ref} : ${e.message}`;
};

/** Is this the error of a territory that does not exist (or of an address that names none)? */
export const isUnknownTerritory = (e: ApiError | undefined): boolean => e?.code === 'TERRITOIRE_INCONNU' || e?.code === 'REFERENCE_INVALIDE';

/** A rejected file (FICHIER_REJETE), from its report: what was refused first, and what the person can do. */
export const rejectedFileText = (r: ImportReport): string => {
  const first = r.rejected[0];
  const where = first ? ` Premier refus : ligne ${first.line}, colonne ${first.column}${first.value !== '' ? `, valeur « ${first.value} »` : ''} : ${importHintText(first.reason)}.` : '';
  // A refused file imported nothing: its valid rows are those an import of the valid rows alone would write.
  const valid = r.valid_rows ?? r.imported;
  const partial = valid === 1 ? ' La ligne valide peut être importée seule.' : valid > 1 ? ` Les ${plural(valid, '', 'lignes valides')} peuvent être importées seules.` : '';
  return `${r.file} : ${plural(r.rejected_rows, 'ligne refusée', 'lignes refusées')} sur ${r.rows} ; rien n’a été écrit.${where}${partial}`;
};

/**
 * The API's import hints name its parameters (`millesime=2023`, `sheet=NOM`, `source=geo`): on the import page they
 * name the form's fields instead.
 */
export const importHintText = (text: string): string =>
  text
    // The API's check of a parameter (« paramètre millesime = « 1800 » : année attendue (2023) »).
    .replace(/\bparamètre millesime = /g, 'Millésime ')
    .replace(/\bparamètre sheet = /g, 'Feuille du classeur à importer ')
    .replace(/\bparamètre entry = /g, 'Fichier de l’archive à importer ')
    .replace(/\bmillesime=(\d{4})/g, '$1')
    .replace(/\bmillesime=/g, 'le champ « Millésime »')
    .replace(/\bsheet=NOM pour en importer une/g, 'choisissez-la dans « Feuille du classeur à importer » pour l’importer')
    .replace(/\bsheet=/g, 'le champ « Feuille du classeur à importer » ')
    .replace(/\bentry=(\S+)/g, '« Fichier de l’archive à importer » : $1')
    .replace(/\bentry=/g, 'le champ « Fichier de l’archive à importer » ')
    .replace(/\bsource=(\S+)/g, '« Type de fichier » $1')
    .replace(/\baccept_partial=true/g, 'l’import des seules lignes valides');

/** The message of an import's error for the import page. */
export const importErrorText = (e: ApiError): string => {
  const report = e.details as ImportReport | undefined;
  if (e.code === 'FICHIER_REJETE' && report && Array.isArray(report.rejected)) return rejectedFileText(report);
  return importHintText(e.message);
};

/** A perimeter's identifier already taken: the web form's own wording. */
export const PERIMETER_TAKEN = 'Un périmètre porte déjà cet identifiant : choisissez-en un autre ou supprimez l’ancien.';
