// Expected failures are values, not exceptions: a service returns Result<T, E> where E carries a code from the
// feature's *.errors.ts and a French message naming the faulty value. Bugs throw.

export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** Error codes known to the edges (CLI exit code, HTTP status). Each feature adds its own. */
export type ErrorCode =
  | 'REFERENCE_INVALIDE'
  | 'TERRITOIRE_INCONNU'
  | 'TERRITOIRE_AMBIGU'
  /** A ZIP archive of several data files, none chosen (`details.entries` lists them). */
  | 'ARCHIVE_A_CHOISIR'
  | 'PERIMETRE_EXISTANT'
  | 'PERIMETRE_VIDE'
  | 'PERIMETRE_INCONNU'
  | 'SLUG_INVALIDE'
  | 'INDICATEUR_INCONNU'
  | 'VARIABLE_INCONNUE'
  | 'MILLESIMES_MELANGES'
  | 'MILLESIME_INVALIDE'
  | 'FICHIER_REJETE'
  | 'FICHIER_ILLISIBLE'
  | 'FORMAT_INCONNU'
  | 'AUCUNE_DONNEE'
  | 'SORTIE_IMPOSSIBLE'
  | 'PARAMETRE_INVALIDE'
  | 'TROP_VOLUMINEUX'
  | 'ECRITURE_REFUSEE'
  | 'CONFLIT';

export interface AppError {
  code: ErrorCode;
  /** French, names the value at fault: « com:99999 : aucune commune ne porte ce code ». */
  message: string;
  /** Optional machine details (candidates of an ambiguous search, rejected rows …). */
  details?: unknown;
}

export const appError = (code: ErrorCode, message: string, details?: unknown): AppError =>
  details === undefined ? { code, message } : { code, message, details };

/** Invalid input (exit 2, HTTP 4xx) versus everything else. */
export const httpStatusOf = (code: ErrorCode): number => {
  switch (code) {
    case 'TERRITOIRE_INCONNU':
    case 'PERIMETRE_INCONNU':
    case 'INDICATEUR_INCONNU':
    case 'VARIABLE_INCONNUE':
      return 404;
    case 'PERIMETRE_EXISTANT':
    case 'CONFLIT':
      return 409;
    case 'TROP_VOLUMINEUX':
      return 413;
    case 'FICHIER_REJETE':
    case 'AUCUNE_DONNEE':
      return 422;
    case 'ECRITURE_REFUSEE':
      return 403;
    default:
      return 400;
  }
};
