// The API client of the web app: typed GETs with the server's French error messages, a small in-memory cache (the
// same portrait is asked by several components), and a hook for pages.
import { useEffect, useState } from 'react';
import type { IndicatorDefinition } from '../../../src/core/indicators/indicator.types.js';
import type { Portrait } from '../../../src/core/indicators/portrait.types.js';
import type { SearchHit } from '../../../src/core/referential/referential.js';
import type { TerritoryInfo } from '../../../src/core/territory/territory.types.js';

export type { IndicatorDefinition, Portrait, SearchHit, TerritoryInfo };

export const API = '/api/v1';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns an error answer (or a network failure) into an ApiError with a French message. */
export const readError = async (res: Response): Promise<ApiError> => {
  try {
    const body = (await res.json()) as { error?: { code: string; message: string; details?: unknown } };
    if (body.error) return new ApiError(body.error.message, body.error.code, res.status, body.error.details);
  } catch {
    // not a JSON body: fall through
  }
  return new ApiError(`le serveur a répondu ${res.status} ${res.statusText}`, 'ERREUR_HTTP', res.status);
};

const cache = new Map<string, Promise<unknown>>();
/** Answers already received, readable synchronously: a page rendered from them shows no loading state. */
const received = new Map<string, unknown>();
const keyOf = (path: string): string => (path.startsWith('/') ? path : `${API}/${path}`);

/**
 * An answer index.html's early script asked for before the app's code arrived (web/src/early-start.ts), taken once:
 * the page's first requests are already under way when React starts.
 */
const takeEarly = (url: string): Promise<Response> | undefined => {
  const early = (window as { __socleEarly?: Record<string, Promise<Response> | undefined> }).__socleEarly;
  const pending = early?.[url];
  if (pending) early![url] = undefined;
  return pending;
};

export const getJson = async <T>(path: string, options: { signal?: AbortSignal; fresh?: boolean } = {}): Promise<T> => {
  const url = keyOf(path);
  if (!options.fresh && cache.has(url)) return cache.get(url) as Promise<T>;
  if (!options.fresh && failed.has(url)) return Promise.reject(failed.get(url)!);
  const early = options.fresh ? undefined : takeEarly(url);
  const pending = (async () => {
    let res: Response;
    try {
      res = await (early ?? fetch(url, { headers: { Accept: 'application/json' } }));
    } catch {
      throw new ApiError('le serveur Socle ne répond pas : vérifiez qu’il est lancé et que le réseau est disponible', 'RESEAU', 0);
    }
    if (!res.ok) throw await readError(res);
    const value = (await res.json()) as T;
    received.set(url, value);
    return value;
  })();
  cache.set(url, pending);
  pending.catch(() => cache.delete(url));
  return pending;
};

// The early script's answers are read as soon as they arrive, not when a component first asks for them: the page's
// first render then has them (useApi starts from what is received) instead of rendering loading states, and the
// map's first picture is not a render or two behind its data.
if (typeof window !== 'undefined') {
  const early = (window as { __socleEarly?: Record<string, Promise<Response> | undefined> }).__socleEarly;
  for (const url of Object.keys(early ?? {})) {
    if (early![url])
      getJson(url).catch(() => {
        // Asked again, and its error shown, by the component that needs it.
      });
  }
}

/**
 * On the server (entry-server.tsx): the addresses a render asked for and did not have. The server asks for them and
 * renders again, so that the page it sends holds what the browser would otherwise load after it.
 */
const missing = new Set<string>();
export const takeMissingAnswers = (): string[] => {
  const list = [...missing];
  missing.clear();
  return list;
};

/** Answers given with the page (server rendering): read synchronously by the first render. */
export const seedAnswers = (answers: Record<string, unknown>): void => {
  for (const [url, value] of Object.entries(answers)) {
    received.set(url, value);
    cache.set(url, Promise.resolve(value));
  }
};

/** An error answer as the server gives it with the page: its status and the contract's error body. */
export interface GivenError {
  status: number;
  error: { code: string; message: string };
}

/** Error answers the page was rendered with (an unknown territory): the first render shows them, as the server's did. */
const failed = new Map<string, ApiError>();
export const seedErrors = (errors: Record<string, GivenError>): void => {
  for (const [url, e] of Object.entries(errors)) failed.set(url, new ApiError(e.error.message, e.error.code, e.status));
};

/** After a write, answers may change: forget them. */
export const clearApiCache = (): void => {
  cache.clear();
  received.clear();
  failed.clear();
  missing.clear();
  if (typeof window !== 'undefined') (window as { __socleEarly?: unknown }).__socleEarly = undefined;
};

export const sendJson = async <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> => {
  let res: Response;
  try {
    res = await fetch(`${API}/${path}`, {
      method,
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...authHeader() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('le serveur Socle ne répond pas : vérifiez qu’il est lancé et que le réseau est disponible', 'RESEAU', 0);
  }
  if (!res.ok) throw await readError(res);
  clearApiCache();
  return (await res.json()) as T;
};

const TOKEN_KEY = 'socle:jeton';
/** The administrator token, when the server asks for one (kept for the browser session only). */
export const getAdminToken = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const setAdminToken = (token: string): void => {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
};
export const authHeader = (): Record<string, string> => {
  const t = getAdminToken();
  return t ? { Authorization: `Bearer ${t}` } : {};
};

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** The address `data` was read from: while another loads, the data shown is still the previous address's. */
  dataPath?: string;
}

/** Loads `path` (null: nothing to load) and re-loads when it changes. */
export const useApi = <T>(path: string | null): AsyncState<T> => {
  const [state, setState] = useState<AsyncState<T>>(() => {
    const known = path === null ? undefined : (received.get(keyOf(path)) as T | undefined);
    const error = path === null ? undefined : failed.get(keyOf(path));
    if (error) return { data: undefined, error, loading: false };
    if (path !== null && known === undefined && typeof window === 'undefined') missing.add(keyOf(path));
    return { data: known, error: undefined, loading: path !== null && known === undefined, ...(known !== undefined && path !== null ? { dataPath: path } : {}) };
  });
  useEffect(() => {
    if (path === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    let live = true;
    const known = received.get(keyOf(path)) as T | undefined;
    if (known !== undefined) {
      setState((s) => (s.data === known && s.dataPath === path ? s : { data: known, error: undefined, loading: false, dataPath: path }));
      return;
    }
    const error = failed.get(keyOf(path));
    if (error) {
      setState((s) => (s.error === error ? s : { data: undefined, error, loading: false }));
      return;
    }
    setState((s) => ({ data: s.data, error: undefined, loading: true, ...(s.dataPath !== undefined ? { dataPath: s.dataPath } : {}) }));
    getJson<T>(path).then(
      (data) => live && setState({ data, error: undefined, loading: false, dataPath: path }),
      (error: unknown) =>
        live && setState({ data: undefined, error: error instanceof ApiError ? error : new ApiError(String(error), 'ERREUR', 0), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
};

export interface Health {
  status: string;
  version: string;
  writes: 'local' | 'token' | 'closed';
}

export interface PerimeterSummary {
  ref: string;
  slug: string;
  name: string;
  communes: number;
  members: string[];
  memberNames: string[];
  createdAt: string;
  version: number;
}

export const enc = (ref: string): string => encodeURIComponent(ref);
