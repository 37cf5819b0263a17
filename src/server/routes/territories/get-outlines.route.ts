// GET /territories/{ref}/outlines?level=com&indicator=taux_chomage_15_64 — the outlines of the communes (or EPCI,
// départements) of a territory as a GeoJSON FeatureCollection with `ref`, `name` and, when an indicator is asked,
// `value` and `status` on each feature: what the web maps draw. Coordinates are rounded to 1e-4 degree (about
// 10 m, finer than the simplified outlines) and repeated points dropped, and the JSON of each geometry is kept per
// data version, so that the 34,868 communes of France go out as one cached, compressed body.
import { createRoute, z } from '@hono/zod-openapi';
import type { Geometry, Position } from 'geojson';
import { listIndicatorValues } from '../../../services/indicators/list-indicator-values.service.js';
import { getCommuneOutlines, getTerritoryOutline } from '../../../services/outlines/outline.service.js';
import { resolveTerritory } from '../../../services/territory/resolve-territory.service.js';
import type { AppContext } from '../../../services/context.js';
import { unwrap } from '../../http-error.js';
import { cachedResponse } from '../../response-cache.js';
import type { RouteModule } from '../../server.types.js';
import { errorResponses, levelSchema, RefParams } from '../common.schemas.js';
import { requireRef } from './territory-input.js';

export const OutlinesQuery = z.object({
  level: levelSchema.default('com').openapi({ description: 'découpage dessiné : communes, EPCI ou départements' }),
  indicator: z
    .string()
    .max(80)
    .regex(/^[A-Za-z0-9_]+$/, 'identifiant d’indicateur attendu (taux_chomage_15_64)')
    .optional()
    .openapi({ description: 'ajoute à chaque contour la valeur de cet indicateur (`value`, `status`)' }),
  millesime: z.coerce.number({ error: 'année attendue' }).int('année attendue').min(1800, 'année attendue').max(2100, 'année attendue').optional(),
});

const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    bbox: z.array(z.number()).optional(),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({ ref: z.string(), name: z.string(), value: z.number().nullable().optional(), status: z.string().optional() }),
        geometry: z.unknown(),
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

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Rounded ring without repeated points; null when fewer than 4 points remain (a ring that rounds to nothing). */
const ring = (points: Position[], box: number[]): Position[] | null => {
  const out: Position[] = [];
  for (const p of points) {
    const x = round(p[0]);
    const y = round(p[1]);
    const last = out[out.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    out.push([x, y]);
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
  return out.length >= 4 ? out : null;
};

const polygon = (rings: Position[][], box: number[]): Position[][] | null => {
  const outer = ring(rings[0] ?? [], box);
  if (!outer) return null;
  return [outer, ...rings.slice(1).map((r) => ring(r, box)).filter((r): r is Position[] => r !== null)];
};

/** The geometry as compact JSON text, or null when nothing drawable is left. */
export const compactGeometry = (g: Geometry, box: number[]): string | null => {
  if (g.type === 'Polygon') {
    const p = polygon(g.coordinates, box);
    return p ? JSON.stringify({ type: 'Polygon', coordinates: p }) : null;
  }
  if (g.type === 'MultiPolygon') {
    const ps = g.coordinates.map((p) => polygon(p, box)).filter((p): p is Position[][] => p !== null);
    return ps.length ? JSON.stringify(ps.length === 1 ? { type: 'Polygon', coordinates: ps[0] } : { type: 'MultiPolygon', coordinates: ps }) : null;
  }
  if (g.type === 'GeometryCollection') {
    const parts = g.geometries.map((x) => compactGeometry(x, box)).filter((x): x is string => x !== null);
    return parts.length ? `{"type":"GeometryCollection","geometries":[${parts.join(',')}]}` : null;
  }
  return null;
};

interface Shapes {
  /** ref, name and geometry JSON of each unit drawn, in order. */
  units: { ref: string; name: string; geometry: string }[];
  bbox: number[];
}

/** The units of `level` inside the territory with their outline, kept per data version in the context's cache. */
const shapesOf = async (ctx: AppContext, ref: string, level: 'com' | 'epci' | 'dep'): Promise<Shapes> => {
  const key = `http:shapes:${ref}|${level}`;
  const cached = ctx.cache.get(key) as Promise<Shapes> | undefined;
  if (cached) return cached;
  const pending = (async () => {
    const t = unwrap(await resolveTerritory(ctx, ref));
    const r = ctx.referential;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const units: Shapes['units'] = [];
    if (level === 'com') {
      const outlines = await getCommuneOutlines(ctx, t.members);
      for (const i of t.members) {
        const unitRef = `com:${r.codes[i]}`;
        const g = outlines.get(unitRef);
        const json = g ? compactGeometry(g, box) : null;
        if (json) units.push({ ref: unitRef, name: r.names[i], geometry: json });
      }
    } else {
      const codes = [...new Set(Array.from(t.members, (i) => (level === 'epci' ? r.epciOf[i] : r.departementOf[i])).filter((c): c is string => !!c))].sort();
      for (const code of codes) {
        const unitRef = `${level}:${code}`;
        const g = await getTerritoryOutline(ctx, unitRef);
        const json = g ? compactGeometry(g, box) : null;
        const name = level === 'epci' ? r.epcis.get(code)?.name : r.departements.get(code)?.name;
        if (json) units.push({ ref: unitRef, name: name ?? unitRef, geometry: json });
      }
    }
    return { units, bbox: Number.isFinite(box[0]) ? box : [] };
  })();
  ctx.cache.set(key, pending);
  pending.catch(() => ctx.cache.delete(key));
  return pending;
};

const extentRoute = createRoute({
  method: 'get',
  path: '/territories/{ref}/extent',
  tags: ['Cartes'],
  summary: 'Emprise des contours d’un territoire',
  description: 'Le rectangle englobant (ouest, sud, est, nord, en degrés) et le nombre de contours que GET /territories/{ref}/outlines dessine : une carte se cadre avant d’avoir reçu les contours.',
  request: { params: RefParams, query: OutlinesQuery.pick({ level: true }) },
  responses: {
    200: { description: 'l’emprise', content: { 'application/json': { schema: z.object({ ref: z.string(), level: z.string(), bbox: z.array(z.number()), count: z.number() }).openapi('Emprise') } } },
    ...errorResponses(400, 404),
  },
});

export const getOutlinesRoute: RouteModule = (api, { ctx }) => {
  api.openapi(extentRoute, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const { level } = c.req.valid('query');
    const shapes = await shapesOf(ctx, ref, level);
    return c.json({ ref, level, bbox: shapes.bbox, count: shapes.units.length }, 200);
  });
  api.openapi(route, async (c) => {
    const ref = requireRef(c.req.valid('param').ref);
    const q = c.req.valid('query');
    const key = `outlines:${ref}|${q.level}|${q.indicator ?? ''}|${q.millesime ?? ''}`;
    return cachedResponse(c, ctx, key, async () => {
      const shapes = await shapesOf(ctx, ref, q.level);
      let values: Map<string, { value: number | null; status: string }> | null = null;
      if (q.indicator) {
        const v = unwrap(await listIndicatorValues(ctx, { name: q.indicator, within: ref, level: q.level, millesime: q.millesime }));
        values = new Map(v.values.map((x) => [x.ref, { value: x.value, status: x.status }]));
      }
      // Written by hand around the kept geometry texts: one string join instead of re-serialising every ring.
      const features = shapes.units.map((u) => {
        const props: Record<string, unknown> = { ref: u.ref, name: u.name };
        if (values) {
          const v = values.get(u.ref);
          props.value = v?.value ?? null;
          props.status = v?.status ?? 'missing';
        }
        return `{"type":"Feature","properties":${JSON.stringify(props)},"geometry":${u.geometry}}`;
      });
      const bbox = shapes.bbox.length ? `"bbox":${JSON.stringify(shapes.bbox)},` : '';
      return { body: `{"type":"FeatureCollection",${bbox}"features":[${features.join(',')}]}`, contentType: 'application/geo+json; charset=utf-8' };
    }) as never;
  });
};
