// URLs of the pages, in one place so that links and tests agree.
export const territoryPath = (ref: string, indicator?: string): string =>
  `/territoire/${ref}${indicator ? `?indicateur=${encodeURIComponent(indicator)}` : ''}`;

/**
 * `within=dep:31&level=com`: values encoded, but the colon and comma of territory references kept as they are, so
 * that a shared address stays readable (`?territoires=epci:200066819,dep:31`).
 */
export const queryString = (params: Record<string, string | number | undefined | null>): string =>
  Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v)).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`)
    .join('&');

export const indicatorPath = (id: string, params: { within?: string; level?: string; methode?: string; classes?: number } = {}): string => {
  const s = queryString(params);
  return `/indicateur/${encodeURIComponent(id)}${s ? `?${s}` : ''}`;
};

export const comparePath = (refs: string[]): string => (refs.length ? `/comparer?${queryString({ territoires: refs.join(',') })}` : '/comparer');

// Addresses of the API answers a page and its map share (the same string: one request, one cache entry).
export { extentPath, valuesPath } from '../early-start.js';
