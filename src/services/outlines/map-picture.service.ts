// The picture of a map that the server puts in the page it renders (server/prerender.ts): the outlines of the units
// of a territory projected as MapLibre projects them (Web Mercator, north up), in a box that is the map's frame,
// each with the value of the indicator it is coloured by. The page draws it as an SVG at once, with no script; the
// interactive map takes its place once MapLibre has drawn. Path data are in a box PICTURE_WIDTH units wide, rounded
// to the unit (under half a pixel on a map of 900 pixels) with repeated points dropped.
import type { Polygon, Position } from 'geojson';
import { ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { listIndicatorValues } from '../indicators/list-indicator-values.service.js';
import { territoryShapes, type MapLevel, type UnitShape } from './territory-shapes.service.js';

export const PICTURE_WIDTH = 2000;
/**
 * Beyond this many units, no picture: its path data would outweigh the page (the map of France is drawn by MapLibre,
 * which reads only the tiles in view).
 */
export const PICTURE_MAX = 5000;

export interface MapPicture {
  /** The view box: PICTURE_WIDTH × height. */
  width: number;
  height: number;
  paths: { ref: string; d: string; value: number | null }[];
}

// Web Mercator in 0..1, as web/src/early-start.ts has it for the browser (that script is built alone and imports
// nothing, and the server does not import the web app's sources).
const mercatorX = (lng: number): number => (lng + 180) / 360;
const mercatorY = (lat: number): number => {
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  return (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360))) / 360;
};

const polygonsOf = (g: UnitShape['geometry']): Position[][][] =>
  g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : g.geometries.flatMap((x) => polygonsOf(x as Polygon));

/** The picture of the units of `level` inside `ref`, coloured by `indicator`; null when there are none or too many. */
export const mapPicture = async (ctx: AppContext, ref: string, level: MapLevel, indicator: string): Promise<Result<MapPicture | null, AppError>> => {
  const shapes = await territoryShapes(ctx, ref, level, { insets: true });
  if (!shapes.ok) return shapes;
  const { units, frame } = shapes.value;
  if (!units.length || units.length > PICTURE_MAX || frame.length < 4) return ok(null);
  const values = await listIndicatorValues(ctx, { name: indicator, within: ref, level });
  if (!values.ok) return values;
  const valueOf = new Map(values.value.values.map((v) => [v.ref, typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null]));
  const x0 = mercatorX(frame[0]);
  const x1 = mercatorX(frame[2]);
  const y0 = mercatorY(frame[3]);
  const y1 = mercatorY(frame[1]);
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (!(dx > 0 && dy > 0)) return ok(null);
  // The frame exactly: the page lays the picture out within the map's padding (app.css), centred and scaled to fit,
  // as MapLibre's fitBounds frames it, whatever the map's size.
  const scale = PICTURE_WIDTH / dx;
  const height = Math.max(1, Math.round(dy * scale));
  const paths = units.map((u) => {
    let d = '';
    for (const polygon of polygonsOf(u.geometry)) {
      for (const ring of polygon) {
        let px = NaN;
        let py = NaN;
        let part = '';
        let points = 0;
        for (const p of ring) {
          const x = Math.round((mercatorX(p[0]) - x0) * scale);
          const y = Math.round((mercatorY(p[1]) - y0) * scale);
          if (x === px && y === py) continue;
          // Relative moves after the first point: shorter than absolute ones.
          part += points === 0 ? `M${x} ${y}` : `l${x - px} ${y - py}`;
          px = x;
          py = y;
          points++;
        }
        if (points >= 3) d += `${part}z`;
      }
    }
    return { ref: u.ref, d, value: valueOf.get(u.ref) ?? null };
  });
  return ok({ width: PICTURE_WIDTH, height, paths: paths.filter((p) => p.d !== '') });
};
