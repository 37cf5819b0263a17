// Vector tiles (Mapbox Vector Tile, protobuf) of the outlines a map of a territory draws, cut from the stored
// outlines with geojson-vt and written with vt-pbf: the web map's worker then reads only the few tiles in view, each
// simplified for its zoom (a tolerance of a fraction of a pixel), instead of parsing and tiling the whole GeoJSON of
// 34,868 communes itself. One layer, `territoires`, whose features carry `ref`, `name` and, for the tiles of an
// indicator, its `value` (absent where there is none), so that the map colours them with a small expression over
// `value`. The index of a territory, the values and the tiles already written are kept per data version in the
// context's cache.
import { GeoJSONVT, type GeoJSONVTFeature, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { listIndicatorValues } from '../indicators/list-indicator-values.service.js';
import { territoryShapes, type MapLevel } from './territory-shapes.service.js';
import { representsTerritory } from '../../core/indicators/coverage.js';

/** The layer of every tile. */
export const TILE_LAYER = 'territoires';
/** Tiles are cut up to this zoom (about 10 m per unit of a 4096 grid); beyond, the map enlarges those of this zoom. */
export const TILE_MAX_ZOOM = 11;
const EXTENT = 4096;
/** Simplification tolerance in tile units: 6/4096 of a tile, about 0.75 pixel on a 512-pixel tile. */
const TOLERANCE = 6;
/**
 * Bytes of tiles kept written per territory and level, all indicators together: a person zooming around France asks
 * for a few hundred, most of them small; the oldest written go first.
 */
const MAX_TILE_BYTES = 64 * 1024 * 1024;

interface TileSet {
  index: GeoJSONVT;
  /** Tiles written, by `indicator|millesime|z/x/y`, oldest first, and their bytes in all. */
  tiles: Map<string, Uint8Array>;
  bytes: number;
}

export interface TileRequest {
  ref: string;
  level: MapLevel;
  /** Indicator (or variable) whose value each feature carries; none: outlines only. */
  indicator?: string;
  millesime?: number;
}

const tileSet = async (ctx: AppContext, ref: string, level: MapLevel): Promise<Result<TileSet, AppError>> => {
  const key = `outlines:tiles:${ref}|${level}`;
  const cached = ctx.cache.get(key) as Promise<Result<TileSet, AppError>> | undefined;
  if (cached) return cached;
  const pending = (async (): Promise<Result<TileSet, AppError>> => {
    // Overseas départements in insets beside the mainland, as the map's extent frames them.
    const shapes = await territoryShapes(ctx, ref, level, { insets: true });
    if (!shapes.ok) return shapes;
    const features: Feature[] = shapes.value.units.map((u) => ({ type: 'Feature', properties: { ref: u.ref, name: u.name }, geometry: u.geometry }));
    const collection: FeatureCollection = { type: 'FeatureCollection', features };
    const index = new GeoJSONVT(collection, { maxZoom: TILE_MAX_ZOOM, indexMaxZoom: 5, indexMaxPoints: 100_000, tolerance: TOLERANCE, extent: EXTENT, buffer: 64 });
    return ok({ index, tiles: new Map(), bytes: 0 });
  })();
  ctx.cache.set(key, pending);
  pending.then((r) => !r.ok && ctx.cache.delete(key), () => ctx.cache.delete(key));
  return pending;
};

/**
 * Starts cutting the tiles of a map (the index of France takes about half a second) once the current answer is sent:
 * the extent of a map is asked for before its tiles.
 */
export const prepareTiles = (ctx: AppContext, ref: string, level: MapLevel): void => {
  setImmediate(() => {
    tileSet(ctx, ref, level).catch(() => {
      // The tile request will meet the same failure and answer it.
    });
  });
};

/** Is (z, x, y) a tile of the grid that this service cuts? */
export const isTile = (z: number, x: number, y: number): boolean =>
  Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= TILE_MAX_ZOOM && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;

/** The values of an indicator over the units of a map, by ref (null: no value), kept per data version. */
const valuesByRef = (ctx: AppContext, r: TileRequest & { indicator: string }): Promise<Result<Map<string, number | null>, AppError>> => {
  const key = `outlines:values:${r.ref}|${r.level}|${r.indicator}|${r.millesime ?? ''}`;
  const cached = ctx.cache.get(key) as Promise<Result<Map<string, number | null>, AppError>> | undefined;
  if (cached) return cached;
  const pending = (async (): Promise<Result<Map<string, number | null>, AppError>> => {
    const v = await listIndicatorValues(ctx, { name: r.indicator, within: r.ref, level: r.level, millesime: r.millesime });
    if (!v.ok) return v;
    // A value that does not stand for its territory is not drawn (representsTerritory): the map greys it.
    return ok(new Map(v.value.values.map((x) => [x.ref, representsTerritory(x) ? x.value : null])));
  })();
  ctx.cache.set(key, pending);
  pending.then((x) => !x.ok && ctx.cache.delete(key), () => ctx.cache.delete(key));
  return pending;
};

/** The tile with each feature's value added (the index's own features are left as they are). */
const withValues = (tile: GeoJSONVTTile, values: Map<string, number | null>): GeoJSONVTTile => {
  const features: GeoJSONVTFeature[] = tile.features;
  return {
    ...tile,
    features: features.map((f): GeoJSONVTFeature => {
      const v = values.get(String(f.tags?.ref));
      return typeof v === 'number' && Number.isFinite(v) ? { ...f, tags: { ...f.tags, value: v } } : f;
    }),
  } as GeoJSONVTTile;
};

/**
 * The tile z/x/y of the units of `level` inside `ref`, as MVT bytes; empty (no layer) where none of them lies. A tile
 * outside the grid is a PARAMETRE_INVALIDE; an unknown territory a TERRITOIRE_INCONNU, an unknown indicator an
 * INDICATEUR_INCONNU.
 */
export const outlineTile = async (ctx: AppContext, r: TileRequest, z: number, x: number, y: number): Promise<Result<Uint8Array, AppError>> => {
  if (!isTile(z, x, y)) return err(appError('PARAMETRE_INVALIDE', `tuile ${z}/${x}/${y} : hors de la grille (zoom de 0 à ${TILE_MAX_ZOOM}, x et y de 0 à 2^zoom - 1)`));
  const set = await tileSet(ctx, r.ref, r.level);
  if (!set.ok) return set;
  const values = r.indicator ? await valuesByRef(ctx, { ...r, indicator: r.indicator }) : null;
  if (values && !values.ok) return values;
  const kept = set.value;
  const key = `${r.indicator ?? ''}|${r.millesime ?? ''}|${z}/${x}/${y}`;
  let bytes = kept.tiles.get(key);
  if (!bytes) {
    const tile = kept.index.getTile(z, x, y);
    bytes = tile && tile.features.length ? fromGeojsonVt({ [TILE_LAYER]: values ? withValues(tile, values.value) : tile }, { version: 2, extent: EXTENT }) : new Uint8Array(0);
    kept.tiles.set(key, bytes);
    kept.bytes += bytes.byteLength;
    for (const [oldKey, old] of kept.tiles) {
      if (kept.bytes <= MAX_TILE_BYTES || oldKey === key) break;
      kept.tiles.delete(oldKey);
      kept.bytes -= old.byteLength;
    }
  }
  return ok(bytes);
};
