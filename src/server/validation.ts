// Input validation at the boundary: every route declares zod schemas for its path, query and body; a failure is a
// 400 PARAMETRE_INVALIDE whose French message names the parameter and the value received.
import type { Context } from 'hono';
import { z, type ZodError } from 'zod';
import { HttpError, httpError } from './http-error.js';

const french = z.locales.fr();

const TARGET_LABEL: Record<string, string> = { param: 'chemin', query: 'paramètre', json: 'champ', form: 'champ', header: 'en-tête', cookie: 'cookie' };

const rawValue = (source: Record<string, unknown> | undefined, path: PropertyKey[]): unknown => {
  let v: unknown = source;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
};

const show = (v: unknown): string => {
  if (v === undefined) return 'absent';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `« ${s.length > 80 ? s.slice(0, 80) + '…' : s} »`;
};

/** zod's own messages are English (« Invalid input… »); those written in the schemas are French. */
const isOwnMessage = (message: string | undefined): message is string => !!message && !/^(Invalid|Too|Expected|Unrecognized)/.test(message);

/**
 * « paramètre level = « region » : option invalide : une valeur parmi "com"|"epci"|"dep" attendue ». A required
 * parameter that is absent is said as such: the schema's own message when it has one, written to stand alone and
 * give an example (`missingParam`), otherwise « paramètre within manquant ».
 */
export const describeZodError = (error: ZodError, target: string, source?: Record<string, unknown>): string =>
  error.issues
    .map((issue) => {
      const name = issue.path.map(String).join('.');
      // The whole body at fault (an array, null, not JSON): said as the body, not as a field named « json ».
      const label = name ? `${TARGET_LABEL[target] ?? target} ${name}` : target === 'json' || target === 'form' ? 'corps de la requête' : `${TARGET_LABEL[target] ?? target} ${target}`;
      const value = rawValue(source, issue.path);
      if (value === undefined && (issue.code === 'invalid_type' || (issue.code as string) === 'nonoptional' || issue.code === 'custom')) {
        return isOwnMessage(issue.message) ? issue.message : `${label} manquant`;
      }
      // Messages written in the schemas (custom `error`) are already French; zod's own are re-worded by its locale.
      // zod's issues do not carry the value received: the locale is given it, so as to name its type (« nombre reçu »).
      const own = isOwnMessage(issue.message) ? issue.message : french.localeError?.({ ...issue, input: value } as never);
      const text = typeof own === 'string' ? own : (own as { message?: string } | undefined)?.message ?? issue.message;
      const lower = text.charAt(0).toLowerCase() + text.slice(1);
      return `${label} = ${show(value)} : ${lower}`;
    })
    .join(' ; ');

/**
 * The `error` of a required parameter's schema: absent, « paramètre within manquant (par exemple within=dep:31) »;
 * present but invalid, zod's own message (re-worded in French by describeZodError).
 */
export const missingParam =
  (name: string, example: string, target: 'paramètre' | 'champ' = 'paramètre') =>
  (issue: { input: unknown }): string | undefined =>
    issue.input === undefined ? `${target} ${name} manquant (par exemple ${name}=${example})` : undefined;

const sourceOf = async (c: Context, target: string): Promise<Record<string, unknown> | undefined> => {
  if (target === 'query') return c.req.query();
  if (target === 'param') return c.req.param() as Record<string, unknown>;
  // hono keeps the parsed body, so reading it again here costs nothing.
  if (target === 'json') return c.req.json().catch(() => undefined);
  if (target === 'form') return c.req.parseBody().catch(() => undefined);
  return undefined;
};

/** The OpenAPIHono defaultHook: turns a failed validation into the contract's error body. */
export const validationHook = async (
  result: { success: true; data: unknown; target: string } | { success: false; error: ZodError; target: string },
  c: Context,
): Promise<void> => {
  if (!result.success) {
    // A parameter given twice (`q=toul&q=muret`) reaches the schema as a list: said as such, not as a wrong type.
    if (result.target === 'query') refuseRepeated(c, result.error.issues.map((i) => String(i.path[0] ?? '')));
    throw httpError('PARAMETRE_INVALIDE', describeZodError(result.error, result.target, await sourceOf(c, result.target)));
  }
};

/** Refuses the parameters among `names` (all by default) given more than once, naming their values. */
const refuseRepeated = (c: Context, names?: string[]): void => {
  const all = c.req.queries();
  const repeated = [...new Set(names ?? Object.keys(all))].filter((name) => (all[name]?.length ?? 0) > 1);
  if (repeated.length) {
    throw httpError('PARAMETRE_INVALIDE', repeated.map((name) => `paramètre ${name} donné ${all[name].length} fois (${all[name].map((v) => show(v)).join(', ')}) : une seule valeur attendue${name === 'compare' ? ' (plusieurs références : compare=dep:31,fr)' : ''}`).join(' ; '));
  }
};

/** The query of a route validated by hand, one value per parameter: one given twice is refused, as validationHook does. */
export const singleQuery = (c: Context): Record<string, string> => {
  refuseRepeated(c);
  return c.req.query();
};

/** Validates by hand where a route cannot use the OpenAPIHono validators (paths with a suffix such as `{id}.svg`). */
export const validate = <S extends z.ZodType>(schema: S, data: unknown, target: string): z.output<S> => {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw httpError('PARAMETRE_INVALIDE', describeZodError(parsed.error, target, data as Record<string, unknown>));
  return parsed.data;
};

export { HttpError };
