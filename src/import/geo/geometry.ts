// Polygon checks, bounding boxes and unions (with polygon-clipping: no hand-written polygon union), shared by the
// outline import and the outline service.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping from 'polygon-clipping';

export type Surface = Polygon | MultiPolygon;
export type BBox = [number, number, number, number];

/** Why a geometry cannot be stored as an outline (French), or undefined when it is a valid polygon. */
export const checkSurface = (geometry: unknown): string | undefined => {
  if (geometry === null || geometry === undefined) return 'entité sans géométrie';
  if (typeof geometry !== 'object') return 'géométrie illisible';
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon') return checkPolygon(g.coordinates, '');
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'multipolygone sans polygone';
    for (let p = 0; p < g.coordinates.length; p++) {
      const why = checkPolygon(g.coordinates[p], ` du polygone ${p + 1}`);
      if (why) return why;
    }
    return undefined;
  }
  return `géométrie de type ${typeof g.type === 'string' ? g.type : 'inconnu'} : un polygone (Polygon ou MultiPolygon) est attendu`;
};

const checkPolygon = (rings: unknown, where: string): string | undefined => {
  if (!Array.isArray(rings) || rings.length === 0) return `polygone${where} sans anneau`;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    if (!Array.isArray(ring)) return `anneau ${r + 1}${where} illisible`;
    if (ring.length < 4) return `anneau ${r + 1}${where} cassé : ${ring.length} points, il en faut au moins 4`;
    for (let k = 0; k < ring.length; k++) {
      const p = ring[k];
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return `anneau ${r + 1}${where} : point ${k + 1} illisible`;
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `anneau ${r + 1}${where} : point ${k + 1} hors des coordonnées WGS84 (${p[0]}, ${p[1]})`;
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1]) return `anneau ${r + 1}${where} cassé : non fermé (le dernier point n’est pas le premier)`;
  }
  return undefined;
};

export const bboxOf = (g: Surface): BBox => {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
  };
  if (g.type === 'Polygon') for (const ring of g.coordinates) ring.forEach(visit);
  else for (const poly of g.coordinates) for (const ring of poly) ring.forEach(visit);
  return box;
};

/** Keeps only longitude and latitude (a third coordinate would make polygon-clipping fail). */
const flat = (g: Surface): polygonClipping.Geom =>
  g.type === 'Polygon'
    ? g.coordinates.map((ring) => ring.map((p) => [p[0], p[1]] as polygonClipping.Pair))
    : g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => [p[0], p[1]] as polygonClipping.Pair)));

/** The union of surfaces (merged communes, members of a territory). Throws when polygon-clipping cannot. */
export const unionOf = (surfaces: Surface[]): Surface => {
  if (surfaces.length === 1) return surfaces[0];
  const [first, ...rest] = surfaces.map(flat);
  const result = polygonClipping.union(first, ...rest);
  return result.length === 1 ? { type: 'Polygon', coordinates: result[0] } : { type: 'MultiPolygon', coordinates: result };
};
