// The map's first picture, drawn before MapLibre has started (its WebGL context, shaders and worker take most of a
// second on a software renderer): the same vector tiles MapLibre then asks for, read on the page (lib/mvt.ts) and
// drawn on a 2D canvas with the same camera as MapLibre's first framing (fitBounds with its padding, Web Mercator,
// 512-pixel tiles at the floor of the zoom), the same class colours at the same opacity over the same background,
// and the same white outlines. The map component puts the interactive map in its place once MapLibre has drawn.

import { tilesInView, tileUrl, type Camera } from '../early-start.js';
import { readTileLayer, traceRings } from '../lib/mvt.js';

export { fitCamera, type Camera } from '../early-start.js';

export interface PreviewSource {
  /** Tiles address on this site (`/api/v1/…`), with {z}, {x} and {y}. */
  url: string;
  layer: string;
  minzoom: number;
  maxzoom: number;
  /** Box of the outlines (no tile is asked for outside it), west, south, east, north. */
  bbox: [number, number, number, number] | null;
}

/** `rgb(…)` or `#rrggbb` as [r, g, b]. */
const rgbOf = (color: string): [number, number, number] | null => {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as [number, number, number];
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
};

/** `color` at `opacity` over `under`, as MapLibre blends a layer over what is below it. */
export const blend = (color: string, opacity: number, under: string): string => {
  const c = rgbOf(color);
  const u = rgbOf(under);
  if (!c || !u) return color;
  const [r, g, b] = c.map((v, i) => Math.round(opacity * v + (1 - opacity) * u[i]));
  return `rgb(${r}, ${g}, ${b})`;
};

/**
 * A tile index.html's early script asked for (vite.config.ts, early-start.ts's earlyTiles), by its address on this
 * site, taken once.
 */
const takeEarlyTile = (url: string): Promise<ArrayBuffer> | undefined => {
  const early = (window as { __socleEarlyTiles?: Record<string, Promise<ArrayBuffer> | undefined> }).__socleEarlyTiles;
  const pending = early?.[url];
  if (pending) early![url] = undefined;
  return pending;
};

export interface PreviewStyle {
  background: string;
  opacity: number;
  /** Outline colour (drawn at the fill's opacity). */
  outline: string;
  /** Fill colour of a feature from its `value` (absent: undefined). */
  colorOf: (value: unknown) => string;
}

/**
 * Fetches the tiles of the view and draws them on `canvas` (sized to width × height CSS pixels at the device's
 * pixel ratio). Resolves to the number of tiles drawn (and of those index.html's early script had asked for), or null
 * when there is nothing to draw (no tile in view) or the signal aborted it.
 */
export const drawPreview = async (canvas: HTMLCanvasElement, source: PreviewSource, cam: Camera, style: PreviewStyle, signal: AbortSignal): Promise<{ tiles: number; early: number } | null> => {
  const tiles = tilesInView(cam, source);
  if (!tiles.length) return null;
  let early = 0;
  const buffers = await Promise.all(
    tiles.map(async (t) => {
      const url = tileUrl(source.url, t);
      const asked = takeEarlyTile(url);
      if (asked) {
        try {
          const bytes = new Uint8Array(await asked);
          early++;
          return bytes;
        } catch {
          // Asked again below.
        }
      }
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`tuile ${t.z}/${t.x}/${t.y} : ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    }),
  );
  if (signal.aborted) return null;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cam.width * ratio);
  canvas.height = Math.round(cam.height * ratio);
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = style.background;
  g.fillRect(0, 0, cam.width, cam.height);
  const world = 512 * 2 ** cam.zoom;
  const colours = new Map<string, string>();
  const fillOf = (c: string): string => {
    let f = colours.get(c);
    if (!f) colours.set(c, (f = blend(c, style.opacity, style.background)));
    return f;
  };
  const layers = buffers.map((b) => readTileLayer(b, source.layer, ['value']));
  tiles.forEach((t, i) => {
    const layer = layers[i];
    if (!layer) return;
    const n = 2 ** t.z;
    // Tile units to CSS pixels: the tile's corner and size in the view.
    const size = world / n;
    const ox = (t.x / n - cam.x) * world + cam.width / 2;
    const oy = (t.y / n - cam.y) * world + cam.height / 2;
    const k = size / layer.extent;
    // Each tile is drawn within its own square (its features overlap the next tile's by a buffer), on whole pixels so
    // that neighbouring tiles meet without a seam.
    g.save();
    g.beginPath();
    const left = Math.round(ox);
    const top = Math.round(oy);
    g.rect(left, top, Math.round(ox + size) - left, Math.round(oy + size) - top);
    g.clip();
    const paths = new Map<string, Path2D>();
    let path: Path2D;
    const move = (x: number, y: number) => path.moveTo(ox + x * k, oy + y * k);
    const line = (x: number, y: number) => path.lineTo(ox + x * k, oy + y * k);
    const close = () => path.closePath();
    for (const f of layer.features) {
      const colour = fillOf(style.colorOf(f.properties.value));
      const known = paths.get(colour);
      if (known) path = known;
      else paths.set(colour, (path = new Path2D()));
      traceRings(f.geometry, move, line, close);
    }
    for (const [colour, p] of paths) {
      g.fillStyle = colour;
      g.fill(p, 'evenodd');
    }
    // The outlines also cover the seams the canvas leaves between neighbours (each edge smoothed against the
    // background).
    g.strokeStyle = style.outline;
    g.globalAlpha = style.opacity;
    g.lineWidth = 1 / ratio;
    for (const p of paths.values()) g.stroke(p);
    g.globalAlpha = 1;
    g.restore();
  });
  return { tiles: tiles.length, early };
};
