// The API answers a page opens with, by its address: asked by the router as it navigates (lib/prefetch.ts) and, on
// the first load, by a small script of their own that index.html runs before the app's code has arrived (built from
// this file by vite.config.ts, with the page's chunks to preload). So that it can be built alone, this file imports
// nothing and declares only `export const` functions; the app imports the same functions, so that both ask for the
// same addresses.

/** The values of an indicator over the units of a territory (the map's classes and the page's table). */
export const valuesPath = (id: string, within: string, level: string): string => `/api/v1/indicators/${encodeURIComponent(id)}/values?within=${within}&level=${level}`;

/** The box, frame, count and tiles of a map's outlines. */
export const extentPath = (within: string, level: string): string => `/api/v1/territories/${within}/extent?level=${level}`;

/** The level of a map from a page's query (`level=epci`), communes otherwise. */
export const mapLevel = (query: URLSearchParams): 'com' | 'epci' | 'dep' => {
  const level = query.get('level');
  return level === 'epci' || level === 'dep' ? level : 'com';
};

/** The API addresses the page at `pathname?search` asks for first, in the order it needs them. */
export const earlyRequests = (pathname: string, search: string): string[] => {
  const query = new URLSearchParams(search);
  const indicator = /^\/indicateur(?:\/([^/]+))?\/?$/.exec(pathname);
  if (indicator) {
    const id = indicator[1] ? decodeURIComponent(indicator[1]) : 'population';
    const within = query.get('within') ?? 'dep:31';
    const level = mapLevel(query);
    return [extentPath(within, level), valuesPath(id, within, level), `/api/v1/territories/${within}`, '/api/v1/indicators'];
  }
  const territory = /^\/territoire\/([^/]+)\/?$/.exec(pathname);
  if (territory) {
    const ref = decodeURIComponent(territory[1]);
    // The portrait takes the longest to compute the first time: it starts with the navigation.
    return [`/api/v1/territories/${ref}`, `/api/v1/territories/${ref}/portrait`, '/api/v1/indicators'];
  }
  return [];
};
