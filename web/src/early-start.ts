// The API answers a page opens with, by its address: asked by the router as it navigates (lib/prefetch.ts) and, on
// the first load, by a small script of their own that index.html runs before the app's code has arrived (built from
// this file by vite.config.ts, with the page's chunks to preload). So that it can be built alone, this file imports
// nothing and declares only `export const` functions; the app imports the same functions, so that both ask for the
// same addresses.

/**
 * Up to this many territories, a map's first picture is drawn on a 2D canvas from its tiles before MapLibre starts
 * (components/map-preview.ts), with the map's white outlines. Beyond, reading and drawing them on the page's thread
 * takes longer than MapLibre's own start: MapLibre draws the map, and index.html's early script evaluates it as soon
 * as the extent says so.
 */
export const PREVIEW_MAX = 5000;

/** A map's camera as MapLibre holds it (north up): its zoom (a world of 512 · 2^zoom pixels) and centre (0..1). */
export interface Camera {
  zoom: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Web Mercator abscissa (0..1) of a longitude. */
export const mercatorX = (lng: number): number => (lng + 180) / 360;

/** Web Mercator ordinate (0..1, north at 0) of a latitude. */
export const mercatorY = (lat: number): number => {
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  return (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360))) / 360;
};

/** MapLibre's camera for `fitBounds(bounds, { padding })` on a map of width × height pixels (north up, no offset). */
export const fitCamera = (bounds: [number, number, number, number], width: number, height: number, padding: number, maxZoom = 22, minZoom = -2): Camera | null => {
  const [w, s, e, n] = bounds;
  const x0 = mercatorX(w);
  const x1 = mercatorX(e);
  const y0 = mercatorY(n);
  const y1 = mercatorY(s);
  const scaleX = (width - 2 * padding) / ((x1 - x0) * 512);
  const scaleY = (height - 2 * padding) / ((y1 - y0) * 512);
  if (!(scaleX > 0 && scaleY > 0)) return null;
  const zoom = Math.max(minZoom, Math.min(Math.log2(Math.min(scaleX, scaleY)), maxZoom));
  return { zoom, x: (x0 + x1) / 2, y: (y0 + y1) / 2, width, height };
};

/**
 * The tiles MapLibre asks for to cover a camera's view from a source of 512-pixel tiles: zoom floor(zoom) within the
 * source's zooms, only those within its box (west, south, east, north).
 */
export const tilesInView = (cam: Camera, source: { minzoom: number; maxzoom: number; bbox: number[] | null }): { z: number; x: number; y: number }[] => {
  const z = Math.min(Math.max(0, Math.floor(cam.zoom)), source.maxzoom);
  if (z < source.minzoom) return [];
  const n = 2 ** z;
  const world = 512 * 2 ** cam.zoom;
  const left = (cam.x - cam.width / 2 / world) * n;
  const right = (cam.x + cam.width / 2 / world) * n;
  const top = (cam.y - cam.height / 2 / world) * n;
  const bottom = (cam.y + cam.height / 2 / world) * n;
  const box = source.bbox && source.bbox.length >= 4 ? source.bbox : null;
  const bx0 = box ? Math.floor(mercatorX(box[0]) * n) : 0;
  const bx1 = box ? Math.floor(mercatorX(box[2]) * n) : n - 1;
  const by0 = box ? Math.floor(mercatorY(box[3]) * n) : 0;
  const by1 = box ? Math.floor(mercatorY(box[1]) * n) : n - 1;
  const tiles: { z: number; x: number; y: number }[] = [];
  for (let x = Math.max(Math.floor(left), bx0, 0); x <= Math.min(Math.ceil(right) - 1, bx1, n - 1); x++) {
    for (let y = Math.max(Math.floor(top), by0, 0); y <= Math.min(Math.ceil(bottom) - 1, by1, n - 1); y++) tiles.push({ z, x, y });
  }
  return tiles;
};

/** A tile's address from the source's template (`…/tiles/{z}/{x}/{y}?…`). */
export const tileUrl = (template: string, t: { z: number; x: number; y: number }): string =>
  template.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));

/** The padding of a map's first framing (fitBounds), in pixels. */
export const MAP_PADDING = 16;

/**
 * The size of the indicator page's map in a window `viewportWidth` pixels wide (app.css: 36rem high with its border;
 * the DSFR grid: the whole column below 992 pixels, three quarters of a container of at most 78rem beyond), to ask for
 * its first tiles before the page is laid out. Only an estimate: when it is wrong, the map asks for the tiles of its
 * real size itself, and the ones asked early go unused.
 */
export const indicatorMapSize = (viewportWidth: number, rem: number): { width: number; height: number } => ({
  width: viewportWidth < 62 * rem ? viewportWidth - 2 * rem - 2 : 0.75 * (Math.min(viewportWidth, 78 * rem) - 1.5 * rem) - 1.5 * rem - 2,
  height: 36 * rem - 2,
});

/**
 * The tiles of the first picture of the indicator page at `pathname?search`, once its extent is known (an answer of
 * extentPath): none for another page, or a map drawn by MapLibre alone (PREVIEW_MAX).
 */
export const earlyTiles = (
  pathname: string,
  search: string,
  extent: { count: number; bbox: number[]; frame?: number[]; tiles: { url: string; minzoom: number; maxzoom: number } },
  viewportWidth: number,
  rem: number,
): string[] => {
  const id = indicatorOf(pathname);
  if (id === null || !(extent.count > 0) || extent.count > PREVIEW_MAX) return [];
  const frame = extent.frame ?? extent.bbox;
  if (!frame || frame.length < 4) return [];
  const size = indicatorMapSize(viewportWidth, rem);
  const cam = fitCamera([frame[0], frame[1], frame[2], frame[3]], size.width, size.height, MAP_PADDING);
  if (!cam) return [];
  const template = `${extent.tiles.url}&indicator=${encodeURIComponent(id)}`;
  return tilesInView(cam, { minzoom: extent.tiles.minzoom, maxzoom: extent.tiles.maxzoom, bbox: extent.bbox }).map((t) => tileUrl(template, t));
};

/** The values of an indicator over the units of a territory (the map's classes and the page's table). */
export const valuesPath = (id: string, within: string, level: string): string => `/api/v1/indicators/${encodeURIComponent(id)}/values?within=${within}&level=${level}`;

/** The box, frame, count and tiles of a map's outlines. */
export const extentPath = (within: string, level: string): string => `/api/v1/territories/${within}/extent?level=${level}`;

/** The indicator of the indicator page at `pathname` (population when none is named), null for another page. */
export const indicatorOf = (pathname: string): string | null => {
  const m = /^\/indicateur(?:\/([^/]+))?\/?$/.exec(pathname);
  return m ? (m[1] ? decodeURIComponent(m[1]) : 'population') : null;
};

/** The level of a map from a page's query (`level=epci`), communes otherwise. */
export const mapLevel = (query: URLSearchParams): 'com' | 'epci' | 'dep' => {
  const level = query.get('level');
  return level === 'epci' || level === 'dep' ? level : 'com';
};

/** The API addresses the page at `pathname?search` asks for first, in the order it needs them. */
export const earlyRequests = (pathname: string, search: string): string[] => {
  const query = new URLSearchParams(search);
  const id = indicatorOf(pathname);
  if (id !== null) {
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
