// The report's choropleth of member communes: d3-geo draws the stored outlines (WGS84) in a conformal conic
// projection close to Lambert-93, classes come from core's classification (Jenks natural breaks, 5 classes at most)
// and colours from the palettes of `socle map` (reports/maps: orange-red when a high value is a concern). Unlike
// `socle map`, title and source stay outside the picture (the document captions them) and the legend sits under the
// map, so the figure fills the page width. Each path has `data-ref` like `socle map`.
import { geoConicConformal, geoPath, type GeoPermissibleObjects, type GeoProjection, type GeoStream } from 'd3-geo';
import type { Feature, FeatureCollection } from 'geojson';
import { classify, classIndex, classLabels } from '../../../core/indicators/classification.js';
import { CHART_FONT, CHART_FONT_SIZE, TEXT_COLOUR } from '../../charts/chart-theme.js';
import { rewindForD3 } from '../../maps/choropleth.js';
import { MISSING_COLOR as MAP_NO_DATA, sequentialColors } from '../../maps/palette.js';
import { textWidth, type RenderedSvg } from '../../charts/render-chart-svg.js';
import type { MapSpec } from '../abs-document.types.js';

const WIDTH = 640;
const MAX_MAP_HEIGHT = 500;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const rewind = rewindForD3;

interface ProjectedOutlines {
  /** SVG path of each commune, already translated into the frame. */
  paths: { ref: string; d: string }[];
  mapHeight: number;
  dx: number;
  dy: number;
}

// The chapters of one report map the same communes: the projection is computed once per outline set.
const projected = new WeakMap<MapSpec['outlines'], ProjectedOutlines>();

/**
 * Drops the points of a projected ring that lie within `tolerance` pixels of the last point kept: at the size of a
 * report page, the outlines' thousands of vertices draw the same picture with a tenth of them, and the PDF, the
 * rasterised images and the HTML file shrink accordingly. A ring that would fall under 4 points is kept whole.
 */
const decimated = (projection: GeoProjection, tolerance: number): { stream: (out: GeoStream) => GeoStream } => ({
  stream: (out) => {
    let ring: [number, number][] | null = null;
    const inner: GeoStream = {
      point: (x, y) => {
        if (ring) ring.push([x, y]);
        else out.point(x, y);
      },
      lineStart: () => {
        ring = [];
      },
      lineEnd: () => {
        const points = ring ?? [];
        ring = null;
        const kept: [number, number][] = [];
        for (const p of points) {
          const last = kept[kept.length - 1];
          if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) kept.push(p);
        }
        const draw = kept.length >= 4 ? kept : points;
        out.lineStart();
        for (const [x, y] of draw) out.point(x, y);
        out.lineEnd();
      },
      polygonStart: () => out.polygonStart(),
      polygonEnd: () => out.polygonEnd(),
      sphere: () => out.sphere?.(),
    };
    return projection.stream(inner);
  },
});

const projectOutlines = (outlines: MapSpec['outlines']): ProjectedOutlines => {
  const cached = projected.get(outlines);
  if (cached) return cached;
  const features: Feature[] = outlines.map((o) => ({ type: 'Feature', properties: { ref: o.ref }, geometry: rewind(o.geometry) }));
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  const projection = geoConicConformal().parallels([44, 49]).rotate([-3, 0]).precision(0);
  projection.fitWidth(WIDTH - 20, collection as GeoPermissibleObjects);
  let [[x0, y0], [x1, y1]] = geoPath(projection).bounds(collection as GeoPermissibleObjects);
  if (y1 - y0 > MAX_MAP_HEIGHT) {
    projection.fitSize([WIDTH - 20, MAX_MAP_HEIGHT], collection as GeoPermissibleObjects);
    [[x0, y0], [x1, y1]] = geoPath(projection).bounds(collection as GeoPermissibleObjects);
  }
  const path = geoPath(decimated(projection, 0.8)).digits(1);
  const out: ProjectedOutlines = {
    paths: features.map((f) => ({ ref: f.properties!.ref as string, d: path(f as GeoPermissibleObjects) ?? '' })).filter((p) => p.d),
    mapHeight: Math.ceil(y1 - y0),
    dx: (WIDTH - (x1 - x0)) / 2 - x0,
    dy: 6 - y0,
  };
  projected.set(outlines, out);
  return out;
};

/** A map laid out: its shapes with their colours, and its legend under it (the PDF draws these natively). */
export interface MapLayout {
  width: number;
  height: number;
  /** Height of the shapes' area, above the legend. */
  mapHeight: number;
  /** Translation of the shapes' coordinates into the frame. */
  dx: number;
  dy: number;
  shapes: { ref: string; name: string; d: string; fill: string }[];
  /** The legend alone, as a small SVG of the full width and height (shapes' area left blank). */
  legendSvg: string;
}

export const layoutMap = (spec: MapSpec): MapLayout => {
  const valueOf = new Map(spec.values.map((v) => [v.ref, v]));
  const { paths, mapHeight, dx, dy } = projectOutlines(spec.outlines);

  const values = spec.values.filter((v) => v.value != null).map((v) => v.value!);
  const classes = classify(values, 'jenks', Math.min(5, values.length));
  const n = Math.max(0, classes.breaks.length - 1);
  const ramp = sequentialColors(n, spec.polarity);
  const colourOf = (v: number | null | undefined): string => (v == null ? MAP_NO_DATA : ramp[Math.max(0, classIndex(v, classes.breaks))] ?? MAP_NO_DATA);
  const shapes = paths.map(({ ref, d }) => {
    const v = valueOf.get(ref);
    return { ref, name: v?.name ?? ref, d, fill: colourOf(v?.value) };
  });

  // Legend: one swatch per class, then the communes without a value.
  const labels = classLabels(classes.breaks, spec.unit, spec.decimals);
  const items = labels.map((label, k) => ({ label, colour: ramp[k] }));
  const withoutValue = spec.values.filter((v) => v.value == null).length;
  if (withoutValue) items.push({ label: `donnée non disponible ou secret (${withoutValue})`, colour: MAP_NO_DATA });
  const legendTop = mapHeight + 16;
  let lx = 0;
  let ly = 0;
  const legend: string[] = [];
  for (const it of items) {
    const w = 18 + textWidth(it.label, CHART_FONT_SIZE) + 16;
    if (lx > 0 && lx + w > WIDTH) {
      lx = 0;
      ly += 18;
    }
    legend.push(`<rect x="${lx}" y="${legendTop + ly}" width="13" height="11" fill="${it.colour}" stroke="#929292" stroke-width="0.5"/>`);
    legend.push(`<text x="${lx + 18}" y="${legendTop + ly + 10}" font-size="${CHART_FONT_SIZE}" fill="${TEXT_COLOUR}">${escapeXml(it.label)}</text>`);
    lx += w;
  }
  const height = legendTop + ly + 20;
  const legendSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${CHART_FONT}" font-size="${CHART_FONT_SIZE}"><g aria-label="légende">${legend.join('')}</g></svg>`;
  return { width: WIDTH, height, mapHeight, dx, dy, shapes, legendSvg };
};

export const renderMapSvg = (spec: MapSpec): RenderedSvg => {
  const m = layoutMap(spec);
  const paths = m.shapes
    .map((s) => `<path data-ref="${s.ref}" d="${s.d}" fill="${s.fill}" stroke="#ffffff" stroke-width="0.6"><title>${escapeXml(s.name)}</title></path>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${m.width}" height="${m.height}" viewBox="0 0 ${m.width} ${m.height}" font-family="${CHART_FONT}" font-size="${CHART_FONT_SIZE}">` +
    `<rect width="${m.width}" height="${m.height}" fill="#ffffff"/>` +
    `<g transform="translate(${m.dx.toFixed(1)},${m.dy.toFixed(1)})">${paths}</g>` +
    m.legendSvg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '') +
    '</svg>';
  return { svg, width: m.width, height: m.height };
};

/** The territory as the union of its communes' outlines, in one colour (the cover's silhouette). */
export const renderOutlinesSvg = (outlines: MapSpec['outlines'], fill = '#b1b1f9'): RenderedSvg => {
  const features: Feature[] = outlines.map((o) => ({ type: 'Feature', properties: {}, geometry: rewind(o.geometry) }));
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  const size = 400;
  const projection = geoConicConformal().parallels([44, 49]).rotate([-3, 0]).precision(0).fitSize([size, size], collection as GeoPermissibleObjects);
  const path = geoPath(decimated(projection, 0.8)).digits(1);
  const d = features.map((f) => path(f as GeoPermissibleObjects) ?? '').join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><path d="${d}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"/></svg>`;
  return { svg, width: size, height: size };
};
