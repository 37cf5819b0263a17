// One table at the edge: an AppError code becomes an HTTP status and the contract's error body
// `{ "error": { "code": "…", "message": "…" } }`. Services return Results; a route turns a failed Result into an
// HttpError (`unwrap`), and the app's single error handler writes it. Anything else thrown is a bug: logged, answered
// with a 500 and a French message, never a stack trace.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { appError, httpStatusOf, type AppError, type ErrorCode, type Result } from '../core/result.js';

export class HttpError extends Error {
  constructor(readonly error: AppError, readonly status: number = httpStatusOf(error.code)) {
    super(error.message);
  }
}

export const httpError = (code: ErrorCode, message: string, details?: unknown): HttpError => new HttpError(appError(code, message, details));

/** The value of a successful Result, or an HttpError carrying the failure. */
export const unwrap = <T>(result: Result<T, AppError>): T => {
  if (result.ok) return result.value;
  throw new HttpError(result.error);
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const errorBody = (error: AppError): ErrorBody => ({
  error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) },
});

export const errorResponse = (c: Context, error: AppError, status = httpStatusOf(error.code)): Response =>
  c.json(errorBody(error), status as ContentfulStatusCode);

/** The app's onError: known errors get their status; the rest is a logged 500. */
export const handleError =
  (log: (line: string) => void) =>
  (e: Error, c: Context): Response => {
    if (e instanceof HttpError) return errorResponse(c, e.error, e.status);
    if (e instanceof HTTPException) {
      // Raised by hono itself (a malformed multipart body, say): keep its status, say it in French. A body of a type
      // the route does not take (415) is a 400 of the contract, which lists no 415.
      if (e.status === 415) {
        const type = (c.req.header('content-type') ?? '').split(';')[0].trim();
        return c.json({ error: { code: 'PARAMETRE_INVALIDE', message: `corps de la requête : type ${type ? `« ${type} »` : 'absent'} non accepté par ${c.req.method} ${c.req.path}` } }, 400);
      }
      const status = e.status;
      const message =
        status === 413
          ? 'requête trop volumineuse'
          : /json/i.test(e.message)
            ? "corps de la requête : JSON illisible (Content-Type: application/json et un objet JSON attendu)"
            : /form|multipart/i.test(e.message)
              ? 'corps de la requête : formulaire multipart illisible'
              : `requête invalide (statut ${status})`;
      return c.json({ error: { code: status === 413 ? 'TROP_VOLUMINEUX' : 'PARAMETRE_INVALIDE', message } }, status as ContentfulStatusCode);
    }
    log(`erreur interne sur ${c.req.method} ${c.req.path} : ${e.stack ?? e.message}`);
    return c.json({ error: { code: 'ERREUR_INTERNE', message: 'erreur interne du serveur ; le détail est dans le journal du serveur' } }, 500);
  };
