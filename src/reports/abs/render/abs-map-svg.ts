// The report's choropleth of member communes: d3-geo draws the stored outlines (WGS84) in a conformal conic
// projection close to Lambert-93, classes come from core's classification (Jenks natural breaks, 5 classes at most)
// and colours from the palettes of `socle map` (reports/maps: orange-red when a high value is a concern). Unlike
// `socle map`, title and source stay outside the picture (the document captions them) and the legend sits under the
// map, so the figure fills the page width. Each path has `data-ref` like `socle map`.
import { geoConicConformal, geoMercator, type GeoProjection } from 'd3-geo';
import type { Geometry, Position } from 'geojson';
import { classify, classIndex, classLabels } from '../../../core/indicators/classification.js';
import { CHART_FONT, CHART_FONT_SIZE, TEXT_COLOUR } from '../../charts/chart-theme.js';
import { MISSING_COLOR as MAP_NO_DATA, classColors } from '../../maps/palette.js';
import { textWidth, type RenderedSvg } from '../../charts/render-chart-svg.js';
import type { MapSpec } from '../abs-document.types.js';

const WIDTH = 640;
const MAX_MAP_HEIGHT = 500;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface ProjectedOutlines {
  /** SVG path of each commune, already translated into the frame. */
  paths: { ref: string; d: string }[];
  mapHeight: number;
  dx: number;
  dy: number;
  /** The overseas départements' small frames, left of the mainland (France's map), in the paths' coordinates. */
  insets: { code: string; x: number; y: number; side: number }[];
}

// The chapters of one report map the same communes: the projection is computed once per outline set.
const projected = new WeakMap<MapSpec['outlines'], ProjectedOutlines>();

/** The polygons' rings of a geometry (other geometry types draw nothing on a choropleth). */
const ringsOf = (g: Geometry): Position[][] =>
  g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : g.type === 'GeometryCollection' ? g.geometries.flatMap(ringsOf) : [];

/**
 * Every point is projected directly (a commune-sized area needs neither d3's antimeridian clipping nor its
 * resampling, the slow part of a d3 path), the frame is fitted by hand, and the points of a ring that lie within
 * `TOLERANCE` pixels of the last point kept are dropped: at the size of a report page the outlines' thousands of
 * vertices draw the same picture with a tenth of them. A ring that would fall under 4 points is kept whole. Rings are
 * drawn with the even-odd rule, so holes stay holes whatever their winding.
 */
const TOLERANCE = 0.8;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** The overseas départements, by code, as their inset frames are captioned. */
export const OVERSEAS_NAMES: Record<string, string> = { '971': 'Guadeloupe', '972': 'Martinique', '973': 'Guyane', '974': 'La Réunion', '976': 'Mayotte' };

/** The overseas département of a département or a commune (`dep:974`, `com:97411` → « 974 »); null on the mainland. */
const overseasOf = (ref: string): string | null => /^(?:dep|com):(97\d)/.exec(ref)?.[1] ?? null;

/** Room under an inset frame for its caption. */
const INSET_CAPTION = 13;
const INSET_GAP = 6;
const INSET_MAX_SIDE = 84;

interface Frame {
  outlines: MapSpec['outlines'];
  /** Box of the frame in the figure's inner coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Draw from the box's top (the mainland, whose height sets the figure's) or centred in it (an inset). */
  top: boolean;
}

const projectFrame = (frame: Frame, projection: GeoProjection): { paths: { ref: string; d: string }[]; height: number } => {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const raw = frame.outlines.map((o) => ({
    ref: o.ref,
    rings: ringsOf(o.geometry).map((ring) => {
      const xy = new Float64Array(ring.length * 2);
      ring.forEach((pt, k) => {
        const [x, y] = projection([pt[0], pt[1]])!;
        xy[2 * k] = x;
        xy[2 * k + 1] = y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      });
      return xy;
    }),
  }));
  const k = Math.min(frame.width / (x1 - x0 || 1), frame.height / (y1 - y0 || 1));
  const ox = frame.x + (frame.width - (x1 - x0) * k) / 2;
  const oy = frame.y + (frame.top ? 0 : (frame.height - (y1 - y0) * k) / 2);
  const paths = raw
    .map(({ ref, rings }) => {
      const parts: string[] = [];
      for (const xy of rings) {
        const n = xy.length / 2;
        const kept: number[] = [];
        let lx = NaN;
        let ly = NaN;
        for (let i = 0; i < n; i++) {
          const x = (xy[2 * i] - x0) * k + ox;
          const y = (xy[2 * i + 1] - y0) * k + oy;
          if (kept.length && Math.hypot(x - lx, y - ly) < TOLERANCE) continue;
          kept.push(r1(x), r1(y));
          lx = x;
          ly = y;
        }
        const pts = kept.length >= 8 ? kept : Array.from({ length: n * 2 }, (_, i) => r1((xy[i] - (i % 2 ? y0 : x0)) * k + (i % 2 ? oy : ox)));
        if (pts.length < 6) continue;
        let d = `M${pts[0]},${pts[1]}`;
        for (let i = 2; i < pts.length; i += 2) d += `L${pts[i]},${pts[i + 1]}`;
        parts.push(`${d}Z`);
      }
      return { ref, d: parts.join('') };
    })
    .filter((p) => p.d);
  return { paths, height: Math.ceil((y1 - y0) * k) };
};

/**
 * The outlines projected into the figure. The mainland is drawn in a conformal conic close to Lambert-93. When
 * overseas départements are drawn with it (France's map), each gets a small frame of its own on the left, in Mercator,
 * so that the mainland keeps its scale; a map of overseas territories alone is drawn in Mercator.
 */
const projectOutlines = (outlines: MapSpec['outlines']): ProjectedOutlines => {
  const cached = projected.get(outlines);
  if (cached) return cached;
  const inner = WIDTH - 20;
  const mainland = outlines.filter((o) => overseasOf(o.ref) === null);
  const overseas = new Map<string, MapSpec['outlines']>();
  for (const o of outlines) {
    const code = overseasOf(o.ref);
    if (code !== null) overseas.set(code, [...(overseas.get(code) ?? []), o]);
  }
  const conic = () => geoConicConformal().parallels([44, 49]).rotate([-3, 0]).scale(1).translate([0, 0]);
  const mercator = () => geoMercator().scale(1).translate([0, 0]);
  let out: ProjectedOutlines;
  if (mainland.length && overseas.size) {
    const codes = [...overseas.keys()].sort();
    const side = Math.min(INSET_MAX_SIDE, (MAX_MAP_HEIGHT - codes.length * (INSET_CAPTION + INSET_GAP)) / codes.length);
    const insets = codes.map((code, n) => ({ code, x: 0, y: n * (side + INSET_CAPTION + INSET_GAP), side }));
    const paths: ProjectedOutlines['paths'] = [];
    for (const inset of insets) {
      const frame = { outlines: overseas.get(inset.code)!, x: inset.x + 2, y: inset.y + 2, width: side - 4, height: side - 4, top: false };
      paths.push(...projectFrame(frame, mercator()).paths);
    }
    const left = side + 16;
    const main = projectFrame({ outlines: mainland, x: left, y: 0, width: inner - left, height: MAX_MAP_HEIGHT, top: true }, conic());
    paths.unshift(...main.paths);
    const stack = insets.length * (side + INSET_CAPTION + INSET_GAP);
    out = { paths, mapHeight: Math.max(main.height, stack), dx: 10, dy: 6, insets };
  } else {
    const frame = projectFrame({ outlines, x: 0, y: 0, width: inner, height: MAX_MAP_HEIGHT, top: true }, mainland.length ? conic() : mercator());
    out = { paths: frame.paths, mapHeight: frame.height, dx: 10, dy: 6, insets: [] };
  }
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
  /** What is drawn over the shapes: the legend and the overseas frames with their names, as an SVG of the full width
   * and height (shapes left out). */
  legendSvg: string;
}

export const layoutMap = (spec: MapSpec): MapLayout => {
  const valueOf = new Map(spec.values.map((v) => [v.ref, v]));
  const { paths, mapHeight, dx, dy, insets } = projectOutlines(spec.outlines);

  // Classes of the territories drawn: those without an outline, named under the map, do not take its colours.
  const drawn = new Set(spec.outlines.map((o) => o.ref));
  const values = spec.values.filter((v) => v.value != null && drawn.has(v.ref)).map((v) => v.value!);
  const classes = classify(values, 'jenks', Math.min(5, values.length), spec.decimals);
  const ramp = classColors(classes.breaks, spec.polarity);
  const colourOf = (v: number | null | undefined): string => (v == null ? MAP_NO_DATA : ramp[Math.max(0, classIndex(v, classes.breaks))] ?? MAP_NO_DATA);
  const shapes = paths.map(({ ref, d }) => {
    const v = valueOf.get(ref);
    return { ref, name: v?.name ?? ref, d, fill: colourOf(v?.value) };
  });

  // Legend: one swatch per class, then the communes without a value.
  const labels = classLabels(classes.breaks, spec.unit, spec.decimals);
  const items = labels.map((label, k) => ({ label, colour: ramp[k] }));
  const withoutValue = spec.values.filter((v) => v.value == null && drawn.has(v.ref)).length;
  const partly = spec.values.some((v) => v.value == null && v.status === 'partial' && drawn.has(v.ref));
  if (withoutValue) items.push({ label: `donnée non disponible${partly ? ', secrète ou partielle' : ' ou secret'} (${withoutValue})`, colour: MAP_NO_DATA });
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
  // The overseas départements' frames, each captioned with its name.
  const frames = insets.map(
    (i) =>
      `<rect x="${r1(dx + i.x)}" y="${r1(dy + i.y)}" width="${r1(i.side)}" height="${r1(i.side)}" fill="none" stroke="#929292" stroke-width="0.5"/>` +
      `<text x="${r1(dx + i.x + i.side / 2)}" y="${r1(dy + i.y + i.side + 10)}" text-anchor="middle" font-size="9" fill="${TEXT_COLOUR}">${escapeXml(OVERSEAS_NAMES[i.code] ?? i.code)}</text>`,
  );
  const legendSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${CHART_FONT}" font-size="${CHART_FONT_SIZE}">${frames.length ? `<g aria-label="départements d’outre-mer">${frames.join('')}</g>` : ''}<g aria-label="légende">${legend.join('')}</g></svg>`;
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

/** The territory as the union of its communes' outlines, in one colour (the cover's silhouette), from the projection
 * the maps already computed. */
export const renderOutlinesSvg = (outlines: MapSpec['outlines'], fill = '#b1b1f9'): RenderedSvg => {
  const { paths, mapHeight, dx, dy } = projectOutlines(outlines);
  const height = mapHeight + 12;
  const d = paths.map((p) => p.d).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"><path transform="translate(${dx.toFixed(1)},${dy.toFixed(1)})" d="${d}" fill="${fill}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.8"/></svg>`;
  return { svg, width: WIDTH, height };
};
