// The outlines of the communes (or EPCI, départements) of a territory, in the two forms maps use:
// - GET /territories/{ref}/tiles/{z}/{x}/{y}?level=com — vector tiles (MVT) with `ref` and `name`: what the web maps
//   draw, a few tiles in view instead of every outline;
// - GET /territories/{ref}/outlines?level=com&indicator=… — one GeoJSON FeatureCollection with `ref`, `name` and,
//   when an indicator is asked, `value` and `status` on each feature, for other tools;
// and GET /territories/{ref}/extent, the box and count that frame a map before its outlines arrive. Coordinates are
// rounded to 1e-4 degree (about 10 m, finer than the simplified outlines); shapes, tiles and answers are kept per
// data version.
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { listIndicatorValues } from '../../../services/indicators/list-indicator-values.service.js';
import { outlineTile, prepareTiles, TILE_LAYER, TILE_MAX_ZOOM } from '../../../services/outlines/outline-tiles.service.js';
import { territoryShapes } from '../../../services/outlines/territory-shapes.service.js';
import { unwrap } from '../../http-error.js';
import { compressBuffer, preferredEncoding, type Encoding } from '../../compression.js';
import { cachedResponse, dataVersion } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, levelSchema, RefParams, yearQuery } from '../common.schemas.js';
import { requireRef } from './territory-input.js';

export const OutlinesQuery = z.object({
  level: levelSchema.default('com').openapi({ description: 'découpage dessiné : communes, EPCI ou départements' }),
  indicator: z
    .string()
    .max(80, 'identifiant d’indicateur trop long : 80 caractères au plus')
    .regex(/^[A-Za-z0-9_]+$/, 'identifiant d’indicateur attendu (taux_chomage_15_64)')
    .optional()
    .openapi({ description: 'ajoute à chaque contour la valeur de cet indicateur (`value`, `status`)' }),
  millesime: yearQuery('année attendue (quatre chiffres : 2022)', 1800),
});

const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    bbox: z.array(z.number()).optional(),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({ ref: z.string(), name: z.string(), value: z.number().nullable().optional(), status: z.string().optional() }),
        geometry: z
          .object({
            type: z.enum(['Polygon', 'MultiPolygon']),
            coordinates: z.array(z.unknown()).openapi({ description: 'anneaux de positions [longitude, latitude] (WGS 84), comme en GeoJSON' }),
          })
          .openapi({ description: 'le contour, en GeoJSON' }),
      }),
    ),
  })
  .openapi('Contours');

const route = createRoute({
  method: 'get',
  path: '/territories/{ref}/outlines',
  tags: ['Cartes'],
  summary: 'Contours des communes (ou EPCI) d’un territoire',
  description: 'GeoJSON en WGS84 ; les territoires sans contour chargé sont absents. Avec `indicator`, chaque contour porte sa valeur.',
  request: { params: RefParams, query: OutlinesQuery },
  responses: {
    200: { description: 'les contours', content: { 'application/geo+json': { schema: FeatureCollectionSchema } } },
    ...errorResponses(400, 404),
  },
});

const ExtentSchema = z
  .object({
    ref: z.string(),
    level: z.string(),
    bbox: z.array(z.number()).openapi({ description: 'rectangle englobant : ouest, sud, est, nord, en degrés' }),
    frame: z.array(z.number()).openapi({ description: 'où ouvrir la carte : la France métropolitaine quand des contours sont outre-mer et d’autres non, sinon `bbox`' }),
    count: z.number(),
    tiles: z.object({ url: z.string(), layer: z.string(), minzoom: z.number(), maxzoom: z.number() }).openapi({ description: 'les tuiles vectorielles de ces contours' }),
  })
  .openapi('Emprise');

const extentRoute = createRoute({
  method: 'get',
  path: '/territories/{ref}/extent',
  tags: ['Cartes'],
  summary: 'Emprise des contours d’un territoire',
  description:
    'Le rectangle englobant, le cadrage, le nombre de contours et l’adresse des tuiles vectorielles (GET /territories/{ref}/tiles/{z}/{x}/{y}) : une carte se cadre et demande ses tuiles avant d’avoir reçu un contour.',
  request: { params: RefParams, query: OutlinesQuery.pick({ level: true }) },
  responses: {
    200: { description: 'l’emprise', content: { 'application/json': { schema: ExtentSchema } } },
    ...errorResponses(400, 404),
  },
});

// Path parameters are text: read as integers here, and described as such (required, not nullable) in OpenAPI.
const tileNumber = (name: 'z' | 'x' | 'y', message: string, example: number) =>
  z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .openapi({ param: { name, in: 'path', required: true }, type: 'integer', example } as never);

const TileParams = RefParams.extend({
  z: tileNumber('z', 'zoom entier attendu', 8),
  x: tileNumber('x', 'colonne entière attendue', 128),
  y: tileNumber('y', 'ligne entière attendue', 94),
});

const TILE_TYPE = 'application/vnd.mapbox-vector-tile';

const tileRoute = createRoute({
  method: 'get',
  path: '/territories/{ref}/tiles/{z}/{x}/{y}',
  tags: ['Cartes'],
  summary: 'Tuile vectorielle des contours d’un territoire',
  description: `Mapbox Vector Tile (protobuf), couche \`${TILE_LAYER}\` : un objet par contour avec \`ref\`, \`name\` et, avec \`indicator\`, sa valeur \`value\` (absente sans valeur), simplifié pour son zoom (0 à ${TILE_MAX_ZOOM}). Vide hors des contours.`,
  request: { params: TileParams, query: OutlinesQuery },
  responses: {
    200: { description: 'la tuile', content: { [TILE_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(400, 404),
  },
});

interface TileCopies {
  etag: string;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** ETag and compressed copies of each tile written, made once (the tile bytes are kept by the tile service). */
const tileCopies = new WeakMap<Uint8Array, TileCopies>();
const copiesOf = (bytes: Uint8Array): TileCopies => {
  let c = tileCopies.get(bytes);
  if (!c) {
    c = { etag: `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`, encoded: {} };
    tileCopies.set(bytes, c);
  }
  return c;
};

export const getOutlinesRoute: RouteModule = (api, { ctx }) => {
  api.openapi(extentRoute, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const { level } = c.req.valid('query');
    // The frame of the tiles: overseas départements in their insets.
    const shapes = unwrap(await territoryShapes(ctx, ref, level, { insets: true }));
    prepareTiles(ctx, ref, level);
    const tiles = { url: `/api/v1/territories/${ref}/tiles/{z}/{x}/{y}?level=${level}`, layer: TILE_LAYER, minzoom: 0, maxzoom: TILE_MAX_ZOOM };
    return c.json({ ref, level, bbox: shapes.bbox, frame: shapes.frame, count: shapes.units.length, tiles }, 200);
  });
  api.openapi(tileRoute, async (c) => {
    const { ref: text, z: tz, x, y } = c.req.valid('param');
    const ref = requireRef(text);
    const { level, indicator, millesime } = c.req.valid('query');
    // A write by another instance shows in the data version: the context's caches, tiles included, are then emptied.
    const version = dataVersion(ctx);
    if (typeof version !== 'string') await version;
    const bytes = unwrap(await outlineTile(ctx, { ref, level, indicator, millesime }, tz, x, y));
    const copies = copiesOf(bytes);
    const headers: Record<string, string> = { 'Content-Type': TILE_TYPE, ETag: copies.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (c.req.header('if-none-match') === copies.etag) return c.body(null, 304, headers);
    const encoding = bytes.byteLength >= 1024 ? preferredEncoding(c.req.header('accept-encoding')) : null;
    if (!encoding) return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
    const body = await (copies.encoded[encoding] ??= compressBuffer(bytes, encoding, 'each'));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': encoding });
  });
  api.openapi(route, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const q = c.req.valid('query');
    const key = `outlines:${ref}|${q.level}|${q.indicator ?? ''}|${q.millesime ?? ''}`;
    return cachedResponse(c, ctx, key, async () => {
      const shapes = unwrap(await territoryShapes(ctx, ref, q.level));
      let values: Map<string, { value: number | null; status: string }> | null = null;
      if (q.indicator) {
        const v = unwrap(await listIndicatorValues(ctx, { name: q.indicator, within: ref, level: q.level, millesime: q.millesime }));
        values = new Map(v.values.map((x) => [x.ref, { value: x.value, status: x.status }]));
      }
      const features = shapes.units.map((u) => {
        const props: Record<string, unknown> = { ref: u.ref, name: u.name };
        if (values) {
          const v = values.get(u.ref);
          props.value = v?.value ?? null;
          props.status = v?.status ?? 'missing';
        }
        return `{"type":"Feature","properties":${JSON.stringify(props)},"geometry":${JSON.stringify(u.geometry)}}`;
      });
      const bbox = shapes.bbox.length ? `"bbox":${JSON.stringify(shapes.bbox)},` : '';
      return { body: `{"type":"FeatureCollection",${bbox}"features":[${features.join(',')}]}`, contentType: 'application/geo+json; charset=utf-8' };
    }) as never;
  });
};
