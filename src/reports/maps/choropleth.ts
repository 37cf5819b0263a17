// A static choropleth map as an SVG string: one `<path data-ref="com:31555">` per territory with a geometry, a
// `<title>` on each (name and French value), a legend of the classes with « données manquantes » in grey, a title and
// the source line. Pure: geometries, values and classes come in, text goes out (the CLI writes it, the server sends
// it, the ABS report embeds it).
//
// Projection: conformal conic (the shape of Lambert-93) for metropolitan France; overseas départements, when present
// with metropolitan territories, get their own small frames on the left so that the mainland keeps its scale.
import { geoArea, geoConicConformal, geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { IndicatorStatus } from '../../core/indicators/indicator.types.js';
import { MISSING_COLOR } from './palette.js';
import { formatNumber } from '../../core/format/number-format.js';

/** Legend lines of the territories without a class, in this order. */
const UNCLASSED_LABELS: Record<string, string> = {
  partial: 'non représentatif',
  secret: 'secret statistique',
  not_aggregable: 'non agrégeable',
  undefined: 'non défini',
  missing: 'données manquantes',
};

export interface ChoroplethFeature {
  ref: string;
  name: string;
  geometry: Geometry | null;
  value: number | null;
  status: IndicatorStatus;
  /** Data loaded, a denominator of zero: the ratio is not defined (said apart from missing data in the legend). */
  undefinedRatio?: boolean;
  /** Class of the value (index into `classes.colors`), -1 when it has none. */
  classIndex: number;
  /** The value as people read it: « 14,3 % » or « secret statistique ». */
  valueText: string;
  /** Overseas département code (« 971 ») for a territory drawn in its own frame; undefined on the mainland. */
  inset?: string;
}

export interface ChoroplethInput {
  title: string;
  subtitle?: string;
  features: ChoroplethFeature[];
  classes: { labels: string[]; colors: string[]; counts?: number[] };
  /** « Source : INSEE, RP 2022 … — millésime 2022 ». */
  source: string;
  /** Extra line under the source (classification method, partial data). */
  note?: string;
  width?: number;
  height?: number;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * d3-geo reads polygons on the sphere: an exterior ring must turn clockwise, the opposite of RFC 7946 GeoJSON. A ring
 * in the other order stands for the whole globe but that polygon. Each polygon is turned round when its area says so.
 */
export const rewindForD3 = (geometry: Geometry): Geometry => {
  const fixPolygon = (rings: Position[][]): Position[][] => {
    const area = geoArea({ type: 'Polygon', coordinates: rings });
    return area > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings;
  };
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: fixPolygon(geometry.coordinates) } satisfies Polygon;
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(fixPolygon) } satisfies MultiPolygon;
  if (geometry.type === 'GeometryCollection') return { type: 'GeometryCollection', geometries: geometry.geometries.map(rewindForD3) };
  return geometry;
};

interface Frame {
  features: ChoroplethFeature[];
  extent: [[number, number], [number, number]];
  projection: GeoProjection;
}

/** The SVG text of the map. */
export const renderChoropleth = (input: ChoroplethInput): string => {
  const width = input.width ?? 800;
  const height = input.height ?? 640;
  const margin = 16;
  const top = input.subtitle ? 64 : 44;
  const legendWidth = 210;
  const bottom = input.note ? 48 : 32;
  const drawn = input.features.filter((f) => f.geometry).map((f) => ({ ...f, geometry: rewindForD3(f.geometry!) }));

  const mapBox: [[number, number], [number, number]] = [
    [margin, top],
    [width - legendWidth - margin, height - bottom],
  ];
  const metro = drawn.filter((f) => !f.inset);
  const overseas = drawn.filter((f) => f.inset);
  const frames: Frame[] = [];
  const collection = (fs: ChoroplethFeature[]): FeatureCollection => ({
    type: 'FeatureCollection',
    features: fs.map((f): Feature => ({ type: 'Feature', properties: {}, geometry: f.geometry! })),
  });
  if (metro.length && overseas.length) {
    // Overseas départements in a column of small frames on the left of the mainland.
    const groups = new Map<string, ChoroplethFeature[]>();
    for (const f of overseas) {
      const key = f.inset!;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    const side = Math.min(90, (mapBox[1][1] - mapBox[0][1]) / Math.max(groups.size, 1) - 8);
    let y = mapBox[0][1];
    for (const fs of groups.values()) {
      const extent: [[number, number], [number, number]] = [
        [margin, y],
        [margin + side, y + side],
      ];
      frames.push({ features: fs, extent, projection: geoMercator().fitExtent(extent, collection(fs)) });
      y += side + 8;
    }
    const mainExtent: [[number, number], [number, number]] = [[margin + side + 16, mapBox[0][1]], mapBox[1]];
    frames.unshift({ features: metro, extent: mainExtent, projection: lambert().fitExtent(mainExtent, collection(metro)) });
  } else if (drawn.length) {
    const projection = overseas.length ? geoMercator() : lambert();
    frames.push({ features: drawn, extent: mapBox, projection: projection.fitExtent(mapBox, collection(drawn)) });
  }

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="carte-titre carte-description" font-family="Marianne, Arial, Helvetica, sans-serif">`,
  );
  out.push(`<title id="carte-titre">${escapeXml(input.title)}</title>`);
  out.push(`<desc id="carte-description">${escapeXml([input.subtitle, input.source].filter(Boolean).join(' — '))}</desc>`);
  // A value withheld by the producer is hatched, so that it reads apart from a value that is simply not there.
  out.push(`<defs><pattern id="secret" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${MISSING_COLOR}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6a6a6a" stroke-width="1.5"/></pattern></defs>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${margin}" y="28" font-size="18" font-weight="bold" fill="#161616">${escapeXml(input.title)}</text>`);
  if (input.subtitle) out.push(`<text x="${margin}" y="50" font-size="13" fill="#3a3a3a">${escapeXml(input.subtitle)}</text>`);

  out.push('<g class="territoires" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">');
  for (const frame of frames) {
    if (frame !== frames[0]) {
      const [[x0, y0], [x1, y1]] = frame.extent;
      out.push(`<rect class="cadre-outre-mer" x="${x0 - 2}" y="${y0 - 2}" width="${x1 - x0 + 4}" height="${y1 - y0 + 4}" fill="none" stroke="#929292" stroke-width="0.5"/>`);
    }
    const path = geoPath(frame.projection).digits(1);
    for (const f of frame.features) {
      const d = path(f.geometry!);
      if (!d) continue;
      const fill = f.classIndex >= 0 ? input.classes.colors[f.classIndex] : f.status === 'secret' ? 'url(#secret)' : MISSING_COLOR;
      const valueAttr = f.value === null ? '' : ` data-value="${f.value}"`;
      out.push(`<path data-ref="${escapeXml(f.ref)}" data-status="${f.status}"${valueAttr} fill="${fill}" d="${d}"><title>${escapeXml(`${f.name} : ${f.valueText}`)}</title></path>`);
    }
  }
  out.push('</g>');

  // Legend: one swatch per class, then « données manquantes » when a territory has no value.
  const lx = width - legendWidth + 8;
  let ly = top + 8;
  out.push(`<g class="legende" font-size="12" fill="#161616">`);
  input.classes.labels.forEach((label, k) => {
    const count = input.classes.counts?.[k];
    out.push(`<rect x="${lx}" y="${ly}" width="18" height="14" fill="${input.classes.colors[k]}" stroke="#929292" stroke-width="0.5"/>`);
    out.push(`<text x="${lx + 26}" y="${ly + 11}">${escapeXml(label)}${count !== undefined ? ` (${formatNumber(count)})` : ''}</text>`);
    ly += 22;
  });
  // Territories without a class, counted by why: withheld by the producer, not aggregable, or no data.
  const why = new Map<string, number>();
  for (const f of input.features) {
    if (f.classIndex >= 0) continue;
    const label = f.undefinedRatio ? UNCLASSED_LABELS.undefined : (UNCLASSED_LABELS[f.status] ?? UNCLASSED_LABELS.missing);
    why.set(label, (why.get(label) ?? 0) + 1);
  }
  for (const [status, label] of Object.entries(UNCLASSED_LABELS)) {
    const n = why.get(label);
    if (!n) continue;
    out.push(`<rect x="${lx}" y="${ly}" width="18" height="14" fill="${status === 'secret' ? 'url(#secret)' : MISSING_COLOR}" stroke="#929292" stroke-width="0.5"/>`);
    out.push(`<text x="${lx + 26}" y="${ly + 11}">${label} (${formatNumber(n)})</text>`);
    ly += 22;
  }
  const noOutline = input.features.length - drawn.length;
  if (noOutline > 0) out.push(`<text x="${lx}" y="${ly + 11}" font-size="11" fill="#666666">${formatNumber(noOutline)} territoire${noOutline > 1 ? 's' : ''} sans contour</text>`);
  out.push('</g>');

  out.push(`<text x="${margin}" y="${height - (input.note ? 28 : 12)}" font-size="11" fill="#3a3a3a">${escapeXml(input.source)}</text>`);
  if (input.note) out.push(`<text x="${margin}" y="${height - 12}" font-size="11" fill="#666666">${escapeXml(input.note)}</text>`);
  out.push('</svg>');
  return out.join('\n');
};

/** Conformal conic with the parallels of Lambert-93. */
const lambert = (): GeoProjection => geoConicConformal().parallels([44, 49]).rotate([-3, 0]);
