// The outlines a map of a territory draws: its communes (or EPCI, départements), each with its stored outline rounded
// to 1e-4 degree (about 10 m, finer than the simplified outlines) and repeated points dropped, and the box around
// them. Kept per data version in the context's cache: the web maps (vector tiles), the GeoJSON outlines answer and
// the map's extent are all made from the same shapes.
import type { Geometry, Polygon, MultiPolygon, GeometryCollection, Position } from 'geojson';
import { ok, type AppError, type Result } from '../../core/result.js';
import type { AppContext } from '../context.js';
import { levelDivides } from '../../core/territory/level-divides.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';
import { getCommuneOutlines, getTerritoryOutline } from './outline.service.js';

export type MapLevel = 'com' | 'epci' | 'dep';

export interface UnitShape {
  ref: string;
  name: string;
  geometry: Polygon | MultiPolygon | GeometryCollection;
}

export interface TerritoryShapes {
  /** The units drawn, in the territory's order; those without a drawable outline are absent. */
  units: UnitShape[];
  /** [west, south, east, north] of the units drawn; empty when there is none. */
  bbox: number[];
  /**
   * Where a map of them opens: the box of those of metropolitan France when some lie overseas and some not (France
   * whole would otherwise be framed on half the globe, the mainland a few pixels wide), else `bbox`.
   */
  frame: number[];
}

/** Metropolitan France and Corsica, with a margin: [west, south, east, north]. */
const MAINLAND = [-6, 41, 10, 51.5];
const inMainland = (b: number[]): boolean => b[0] >= MAINLAND[0] && b[1] >= MAINLAND[1] && b[2] <= MAINLAND[2] && b[3] <= MAINLAND[3];
const grow = (box: number[], b: number[]): void => {
  if (b[0] < box[0]) box[0] = b[0];
  if (b[1] < box[1]) box[1] = b[1];
  if (b[2] > box[2]) box[2] = b[2];
  if (b[3] > box[3]) box[3] = b[3];
};

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

/** The geometry rounded, or null when nothing drawable is left; `box` grows to hold it. */
export const compactGeometry = (g: Geometry, box: number[]): UnitShape['geometry'] | null => {
  if (g.type === 'Polygon') {
    const p = polygon(g.coordinates, box);
    return p ? { type: 'Polygon', coordinates: p } : null;
  }
  if (g.type === 'MultiPolygon') {
    const ps = g.coordinates.map((p) => polygon(p, box)).filter((p): p is Position[][] => p !== null);
    if (!ps.length) return null;
    return ps.length === 1 ? { type: 'Polygon', coordinates: ps[0] } : { type: 'MultiPolygon', coordinates: ps };
  }
  if (g.type === 'GeometryCollection') {
    const parts = g.geometries.map((x) => compactGeometry(x, box)).filter((x): x is UnitShape['geometry'] => x !== null);
    return parts.length ? { type: 'GeometryCollection', geometries: parts } : null;
  }
  return null;
};

/**
 * Moves the overseas units of a map that also shows metropolitan France into insets west of it, one per overseas
 * département (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte, in code order), as printed maps of France do:
 * framed on the mainland, the web map otherwise leaves them off screen. Each inset keeps its shape on the Web
 * Mercator map (its latitudes scaled by the ratio of the cosines of the new and old latitudes). Returns the box the
 * insets fill.
 */
const placeOverseas = (units: (UnitShape & { box: number[]; group: string })[], mainland: number[]): number[] => {
  const groups = [...new Set(units.filter((u) => u.group !== '').map((u) => u.group))].sort();
  if (groups.length === 0) return [];
  const gap = 0.3;
  const height = (mainland[3] - mainland[1]) / Math.max(groups.length, 5);
  const width = 4;
  const east = mainland[0] - 1;
  const filled = [Infinity, Infinity, -Infinity, -Infinity];
  groups.forEach((group, k) => {
    const members = units.filter((u) => u.group === group);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const u of members) grow(box, u.box);
    const slot = [east - width, mainland[3] - (k + 1) * height + gap / 2, east, mainland[3] - k * height - gap / 2];
    const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    const [sx, sy] = [(slot[0] + slot[2]) / 2, (slot[1] + slot[3]) / 2];
    // Web Mercator stretches latitudes by 1 / cos(latitude): moved north, an island's latitudes shrink by as much.
    const r = Math.cos((sy * Math.PI) / 180) / Math.cos((cy * Math.PI) / 180);
    const k2 = Math.min((slot[2] - slot[0]) / Math.max(box[2] - box[0], 1e-9), (slot[3] - slot[1]) / Math.max((box[3] - box[1]) * r, 1e-9));
    const move = (p: Position): Position => [sx + (p[0] - cx) * k2, sy + (p[1] - cy) * k2 * r];
    for (const u of members) {
      u.geometry = mapGeometry(u.geometry, (p) => {
        const q = move(p);
        grow(filled, [q[0], q[1], q[0], q[1]]);
        return q;
      });
    }
  });
  return filled;
};

const mapGeometry = (g: UnitShape['geometry'], move: (p: Position) => Position): UnitShape['geometry'] =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(move)) }
    : g.type === 'MultiPolygon'
      ? { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(move))) }
      : { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapGeometry(x as Polygon | MultiPolygon, move) as Polygon | MultiPolygon) };

/**
 * The shapes of a map of `ref` by `level`. `insets`: for a map that shows both metropolitan France and overseas
 * départements (France, a perimeter across both), the overseas ones are moved into insets west of the mainland (the
 * web map and its first picture); without, every outline is where it lies (the GeoJSON answer).
 */
export const territoryShapes = (ctx: AppContext, ref: string, level: MapLevel, options: { insets?: boolean } = {}): Promise<Result<TerritoryShapes, AppError>> => {
  const insets = options.insets ?? false;
  const key = `outlines:shapes:${ref}|${level}|${insets ? 'insets' : 'plain'}`;
  const cached = ctx.cache.get(key) as Promise<Result<TerritoryShapes, AppError>> | undefined;
  if (cached) return cached;
  const pending = (async (): Promise<Result<TerritoryShapes, AppError>> => {
    const resolved = await resolveTerritory(ctx, ref);
    if (!resolved.ok) return resolved;
    const t = resolved.value;
    const divides = levelDivides(t, level);
    if (!divides.ok) return divides;
    const r = ctx.referential;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const mainland = [Infinity, Infinity, -Infinity, -Infinity];
    let overseas = 0;
    const units: (UnitShape & { box: number[]; group: string })[] = [];
    // The overseas département a unit belongs to (its inset), '' for the mainland.
    const groupOf = (unitRef: string): string => {
      const code = unitRef.slice(unitRef.indexOf(':') + 1);
      if (unitRef.startsWith('com:')) {
        const i = r.indexOf(code);
        return i === undefined ? code : r.departementOf[i];
      }
      return unitRef.startsWith('epci:') ? (r.epcis.get(code)?.departements[0] ?? code) : code;
    };
    const add = (ref: string, name: string, g: Geometry | null | undefined): void => {
      const own = [Infinity, Infinity, -Infinity, -Infinity];
      const geometry = g ? compactGeometry(g, own) : null;
      if (!geometry) return;
      const main = inMainland(own);
      units.push({ ref, name, geometry, box: own, group: main ? '' : groupOf(ref) });
      grow(box, own);
      if (main) grow(mainland, own);
      else overseas++;
    };
    if (level === 'com') {
      const outlines = await getCommuneOutlines(ctx, t.members);
      for (const i of t.members) {
        const unitRef = `com:${r.codes[i]}`;
        add(unitRef, r.names[i], outlines.get(unitRef));
      }
    } else {
      const codes = [...new Set(Array.from(t.members, (i) => (level === 'epci' ? r.epciOf[i] : r.departementOf[i])).filter((c): c is string => !!c))].sort();
      for (const code of codes) {
        const unitRef = `${level}:${code}`;
        const name = level === 'epci' ? r.epcis.get(code)?.name : r.departements.get(code)?.name;
        add(unitRef, name ?? unitRef, await getTerritoryOutline(ctx, unitRef));
      }
    }
    const mixed = overseas > 0 && overseas < units.length;
    if (insets && mixed) {
      const filled = placeOverseas(units, mainland);
      const frame = [...mainland];
      if (filled.length) grow(frame, filled);
      return ok({ units: units.map(({ ref, name, geometry }) => ({ ref, name, geometry })), bbox: frame, frame });
    }
    const bbox = Number.isFinite(box[0]) ? box : [];
    const frame = mixed ? mainland : bbox;
    return ok({ units: units.map(({ ref, name, geometry }) => ({ ref, name, geometry })), bbox, frame });
  })();
  ctx.cache.set(key, pending);
  // A failure (unknown territory) or a throw is not kept.
  pending.then((r) => !r.ok && ctx.cache.delete(key), () => ctx.cache.delete(key));
  return pending;
};
