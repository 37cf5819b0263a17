// An interactive map of territories drawn from the outlines the API serves (no tile server elsewhere, nothing fetched
// from outside): a blank style with one background layer, the vector tiles of the territory's outlines
// (GET /territories/{ref}/tiles/{z}/{x}/{y}: the map's worker reads only the tiles in view, each simplified for its
// zoom), a fill layer coloured by class and line layers for the hovered and the selected territories. The table and
// the legend beside it are the text alternative; the canvas itself is keyboard-operable (arrows pan, + and - zoom)
// and named for screen readers.
import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap, MapLayerMouseEvent, StyleSpecification, VectorSourceSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MAP_PADDING, PREVIEW_MAX } from '../early-start.js';
import { pictureMarkup, pictureUsed } from '../lib/server-picture.js';
import { drawPreview, fitCamera } from './map-preview.js';

export interface OutlineProperties {
  ref: string;
  name: string;
}

/** What GET /territories/{ref}/extent says of a map's outlines. */
export interface Extent {
  bbox: number[];
  frame: number[];
  count: number;
  tiles: { url: string; layer: string; minzoom: number; maxzoom: number };
}

interface Props {
  /** The outlines (box, frame, count and tiles address); null while it is not known. */
  extent: Extent | null;
  /**
   * Fill colour: a MapLibre expression over the feature properties; null while the colours are not known (the values
   * have not arrived): the outlines are then not asked for, so that the worker reads them once, coloured.
   */
  fill: ExpressionSpecification | string | null;
  /** Accessible name of the map. */
  label: string;
  /**
   * Where the page gives what the map shows as text (« le tableau sous la carte donne les mêmes valeurs »): said with
   * the map's name and when the map could not be loaded. Each page says what is true of it.
   */
  alternative?: string;
  /** Tooltip text of a feature. */
  describe?: (p: OutlineProperties) => string;
  /** Refs drawn with a thick outline (the perimeter builder's selection, the commune of a portrait). */
  highlighted?: string[];
  onFeatureClick?: (p: OutlineProperties) => void;
  tall?: boolean;
  /** Called once the map has drawn the outlines in their colours (benchmarks and tests wait for it). */
  onDrawn?: () => void;
  /** Called when MapLibre could not be loaded (the page then goes on without its map). */
  onFailed?: () => void;
  /** A line shown over the map while its data loads or when it failed. */
  status?: string | null;
  /**
   * The outlines or their colours are on their way: MapLibre is then started once the first picture is drawn (its
   * start holds the page's thread for a good half-second on a software renderer).
   */
  loading?: boolean;
}

const FRENCH_UI = {
  'Map.Title': 'Carte',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'NavigationControl.ResetBearing': 'Remettre le nord en haut',
  'FullscreenControl.Enter': 'Plein écran',
  'FullscreenControl.Exit': 'Quitter le plein écran',
  'Popup.Close': 'Fermer',
};

const SOURCE = 'territoires';
const BACKGROUND = '#f6f6f6';
const FILL_OPACITY = 0.9;
/** The outline of the selected territories (the perimeter builder's, a portrait's commune). */
const HIGHLIGHT_COLOR = '#000091';
const HIGHLIGHT_WIDTH = 2.5;
/** Over this many territories the fill has no outline (below a pixel, and costly on a software renderer). */
const OUTLINED_MAX = 5000;
const box4 = (b: number[] | undefined | null): [number, number, number, number] | null => (b && b.length >= 4 ? [b[0], b[1], b[2], b[3]] : null);
const absolute = (url: string): string => new URL(url, window.location.href).href.replace(/%7B/g, '{').replace(/%7D/g, '}');

/** The source and layers of the outlines, for a first style or to add to a map. */
const outlineStyle = (extent: Extent, fill: ExpressionSpecification | string, highlighted: string[] | undefined) => {
  const source: VectorSourceSpecification = {
    type: 'vector',
    // The worker's fetch needs an absolute address (its own base is a blob: URL).
    tiles: [absolute(extent.tiles.url)],
    minzoom: extent.tiles.minzoom,
    maxzoom: extent.tiles.maxzoom,
    // No tile is asked for outside the outlines.
    ...(box4(extent.bbox) ? { bounds: box4(extent.bbox)! } : {}),
  };
  const layer = extent.tiles.layer;
  const layers: LayerSpecification[] = [
    // Borders are the fill's own 1-pixel outline (GL lines, no tessellation): a line layer over 34,868 communes
    // costs seconds on a software renderer. Only the hovered and the selected territories get a drawn line. Over
    // thousands of territories the borders are below a pixel: the outline pass (and its cost) is dropped.
    {
      id: 'aplats',
      type: 'fill',
      source: SOURCE,
      'source-layer': layer,
      paint: { 'fill-color': fill, 'fill-opacity': FILL_OPACITY, 'fill-outline-color': '#ffffff', 'fill-antialias': extent.count <= OUTLINED_MAX },
    },
    { id: 'survol', type: 'line', source: SOURCE, 'source-layer': layer, filter: ['==', ['get', 'ref'], ''], paint: { 'line-color': '#161616', 'line-width': 2 } },
    {
      id: 'selection',
      type: 'line',
      source: SOURCE,
      'source-layer': layer,
      filter: ['in', ['get', 'ref'], ['literal', highlighted ?? []]],
      paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': HIGHLIGHT_WIDTH },
    },
  ];
  return { source, layers };
};

/**
 * The colour MapLibre gives a feature under `fill`, for the first picture: a colour, or the expressions stepFill
 * writes (case, ==, typeof, get, step), evaluated as MapLibre does; null for any other expression (no first picture).
 */
export const fillColorOf = (fill: ExpressionSpecification | string): ((properties: Record<string, unknown>) => string) | null => {
  const evaluate = (e: unknown, p: Record<string, unknown>): unknown => {
    if (!Array.isArray(e)) return e;
    const [op, ...args] = e as [string, ...unknown[]];
    if (op === 'get' && typeof args[0] === 'string' && args.length === 1) return p[args[0]] ?? null;
    if (op === 'typeof') {
      const v = evaluate(args[0], p);
      return v === null ? 'null' : typeof v;
    }
    if (op === '==') return evaluate(args[0], p) === evaluate(args[1], p);
    if (op === 'case') {
      for (let i = 0; i + 1 < args.length; i += 2) if (evaluate(args[i], p) === true) return evaluate(args[i + 1], p);
      return evaluate(args[args.length - 1], p);
    }
    if (op === 'step') {
      const input = evaluate(args[0], p);
      if (typeof input !== 'number') throw new Error('step sur une valeur non numérique');
      let out = args[1];
      for (let i = 2; i + 1 < args.length; i += 2) {
        if (input >= (args[i] as number)) out = args[i + 1];
        else break;
      }
      return evaluate(out, p);
    }
    throw new Error(`expression non lue : ${op}`);
  };
  const known = (e: unknown): boolean =>
    !Array.isArray(e) || (['get', 'typeof', '==', 'case', 'step'].includes(e[0] as string) && e.slice(1).every((a) => typeof a !== 'object' || a === null || known(a)));
  if (!known(fill)) return null;
  return (p) => {
    const c = evaluate(fill, p);
    return typeof c === 'string' ? c : BACKGROUND;
  };
};

/** Calls `fn` once the next frame is painted (a task queued from the frame's animation callback); returns a cancel. */
const afterNextPaint = (fn: () => void): (() => void) => {
  let live = true;
  const frame = requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (live) fn();
    };
    channel.port2.postMessage(null);
  });
  return () => {
    live = false;
    cancelAnimationFrame(frame);
  };
};

type Engine = typeof import('./map-engine.js').default;

/**
 * MapLibre, loaded apart from the page's code (components/map-engine.ts): the page renders and lays itself out while
 * the library (a megabyte of JavaScript) is still being read, and the map is created as soon as it is there. On a
 * map's page, index.html's early script has usually evaluated it already.
 */
let engine: Engine | null = null;
let loadingEngine: Promise<Engine> | null = null;
const loadEngine = (): Promise<Engine> =>
  (loadingEngine ??= import('./map-engine.js').then(
    (m) => (engine = m.default),
    (e: unknown) => {
      loadingEngine = null;
      throw e;
    },
  ));

/** MapLibre, loaded once `wanted` (at once when it is already there). */
const useEngine = (wanted: boolean): { lib: Engine | null; failed: boolean } => {
  const [lib, setLib] = useState<Engine | null>(engine);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (lib || !wanted) return;
    let live = true;
    loadEngine().then(
      (l) => live && setLib(() => l),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [lib, wanted]);
  return { lib, failed };
};

export const ChoroplethMap = ({ extent, fill, label, alternative, describe, highlighted, onFeatureClick, tall, onDrawn, onFailed, status, loading }: Props) => {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  /** The first picture (map-preview.ts), over the map until MapLibre has drawn. */
  const previewRef = useRef<HTMLCanvasElement>(null);
  /**
   * The first picture the server wrote in the page (lib/server-picture.ts), with the key of the map it shows: the
   * first render only, in the server's render and in the browser's over it.
   */
  const [written] = useState(() => {
    // Beyond PREVIEW_MAX territories MapLibre draws the map from its tiles (the server writes no picture of them).
    if (!extent || fill === null || extent.count > PREVIEW_MAX) return null;
    const picture = pictureMarkup(extent.tiles.url, fill, fillColorOf(fill), {
      outline: '#ffffff',
      opacity: FILL_OPACITY,
      highlighted,
      highlight: HIGHLIGHT_COLOR,
      highlightWidth: HIGHLIGHT_WIDTH,
    });
    return picture && { ...picture, url: extent.tiles.url, fill };
  });
  /** The tiles and fill the first picture shows (null: none drawn). */
  const [preview, setPreview] = useState<{ url: string; fill: ExpressionSpecification | string } | null>(written && { url: written.url, fill: written.fill });
  const previewFor = useRef(preview);
  previewFor.current = preview;
  /** The first picture is drawn (or written by the server), or there is none to draw: MapLibre may start. */
  const [previewSettled, setPreviewSettled] = useState(written !== null);
  /** MapLibre has drawn (or moved): the first picture is no longer shown. */
  const [mapDrawn, setMapDrawn] = useState(false);
  const started = useRef(false);
  // MapLibre starts at once unless the data are on their way or there: then after the first picture.
  const startMap = started.current || previewSettled || (!loading && !(extent && fill !== null));
  if (startMap) started.current = true;
  const { lib: maplibregl, failed: engineFailed } = useEngine(startMap);
  /** WebGL refused (an old or locked-down browser): the page goes on with its legend and table. */
  const [glFailed, setGlFailed] = useState(false);
  const failed = engineFailed || glFailed;
  const [ready, setReady] = useState(false);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const handlers = useRef({ describe, onFeatureClick, onDrawn, onFailed });
  handlers.current = { describe, onFeatureClick, onDrawn, onFailed };
  useEffect(() => {
    if (failed) handlers.current.onFailed?.();
  }, [failed]);
  useEffect(() => {
    if (mapDrawn && written) pictureUsed();
  }, [mapDrawn, written]);
  /** The tiles address the source holds and the fill its layer draws (null: no source yet). */
  const shown = useRef<{ url: string; fill: ExpressionSpecification | string } | null>(null);
  /** The frame the map is on, so that a new answer for the same territory does not move it. */
  const framed = useRef<string | null>(null);
  /** The tiles and fill last drawn (the map says so once for each). */
  const drawnFor = useRef<{ url: string; fill: ExpressionSpecification | string } | null>(null);
  /** The props when the map is created (MapLibre may arrive after the first render). */
  const latest = useRef({ extent, fill, highlighted });
  latest.current = { extent, fill, highlighted };

  // Before the page is painted: the tiles are asked for a frame sooner (the container is laid out by then).
  useLayoutEffect(() => {
    const canvas = previewRef.current;
    const el = container.current;
    if (previewSettled || !extent || fill === null || !canvas || !el) return;
    const colorOf = fillColorOf(fill);
    const frame = box4(extent.frame ?? extent.bbox);
    const camera = frame ? fitCamera(frame, el.clientWidth, el.clientHeight, MAP_PADDING) : null;
    // Drawn with outlines, as the map draws up to OUTLINED_MAX territories.
    if (!colorOf || !camera || extent.count > Math.min(PREVIEW_MAX, OUTLINED_MAX)) {
      setPreviewSettled(true);
      return;
    }
    const abort = new AbortController();
    let painted = () => {};
    const wanted = { url: extent.tiles.url, fill };
    const style = { background: BACKGROUND, opacity: FILL_OPACITY, outline: '#ffffff', colorOf: (value: unknown) => colorOf({ value }) };
    drawPreview(canvas, { url: extent.tiles.url, layer: extent.tiles.layer, minzoom: extent.tiles.minzoom, maxzoom: extent.tiles.maxzoom, bbox: box4(extent.bbox) }, camera, style, abort.signal).then(
      (drawn) => {
        if (abort.signal.aborted) return;
        if (!drawn) {
          setPreviewSettled(true);
          return;
        }
        // Said drawn once the frame with the picture is painted; MapLibre starts only then, not before that frame.
        painted = afterNextPaint(() => {
          if (!drawnFor.current) {
            setPreview(wanted);
            el.setAttribute('data-etat', 'dessinee');
            // Read by bench/web/map-draw.bench.ts: time from navigation to the first complete map the person sees.
            performance.mark('socle:carte-dessinee', { detail: { features: extent.count, apercu: true, tiles: drawn.tiles, early: drawn.early } });
          }
          setPreviewSettled(true);
        });
      },
      () => {
        // No first picture (a tile refused, a network failure): MapLibre draws the map and says what failed.
        if (!abort.signal.aborted) setPreviewSettled(true);
      },
    );
    return () => {
      abort.abort();
      painted();
    };
  }, [extent, fill, previewSettled]);

  useEffect(() => {
    if (!maplibregl || !startMap) return;
    // When the outlines and their colours are known from the start, the source and its layers are in the first style:
    // the tiles are asked for with the first frame.
    const { extent: e, fill: f, highlighted: h } = latest.current;
    const first = e && f !== null ? outlineStyle(e, f, h) : null;
    if (first) shown.current = { url: e!.tiles.url, fill: f! };
    const style: StyleSpecification = {
      version: 8,
      // No animated change of colour: a new fill is drawn at once, and the map is idle (drawn) one frame later rather
      // than after 300 ms of frames.
      transition: { duration: 0, delay: 0 },
      sources: first ? { [SOURCE]: first.source } : {},
      layers: [{ id: 'fond', type: 'background', paint: { 'background-color': BACKGROUND } }, ...(first?.layers ?? [])],
    };
    const bounds = box4(e?.frame ?? e?.bbox);
    framed.current = bounds ? bounds.join(',') : null;
    let map: MapLibreMap;
    try {
      map = new maplibregl.Map({
        container: container.current!,
        style,
        // Framed from the start when the extent is known: no first frame elsewhere, no jump.
        ...(bounds ? { bounds, fitBoundsOptions: { padding: MAP_PADDING } } : { center: [2.4, 46.6] as [number, number], zoom: 4.5 }),
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxPitch: 0,
        locale: FRENCH_UI,
        fadeDuration: 0,
      });
    } catch {
      setGlFailed(true);
      return;
    }
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.once('style.load', () => {
      performance.mark('socle:carte-prete');
      setReady(true);
    });
    let hovered: string | undefined;
    const clearHover = () => {
      if (hovered !== undefined && map.getLayer('survol')) map.setFilter('survol', ['==', ['get', 'ref'], '']);
      hovered = undefined;
      setTip(null);
    };
    // Moved by the person before it has drawn: the first picture, now elsewhere, gives way. Any move (keys, wheel,
    // drag) also takes the hovered territory away from under the pointer: its outline and label go with it.
    map.on('movestart', (ev: { originalEvent?: Event }) => {
      if (ev.originalEvent) setMapDrawn(true);
      clearHover();
    });
    map.on('mousemove', 'aplats', (ev: MapLayerMouseEvent) => {
      const f = ev.features?.[0];
      if (!f) return;
      const p = f.properties as OutlineProperties;
      if (hovered !== p.ref) {
        hovered = p.ref;
        map.setFilter('survol', ['==', ['get', 'ref'], p.ref]);
      }
      map.getCanvas().style.cursor = handlers.current.onFeatureClick ? 'pointer' : '';
      setTip({ x: ev.point.x, y: ev.point.y, text: handlers.current.describe ? handlers.current.describe(p) : p.name });
    });
    map.on('mouseleave', 'aplats', () => {
      map.getCanvas().style.cursor = '';
      clearHover();
    });
    map.on('click', 'aplats', (ev: MapLayerMouseEvent) => {
      const f = ev.features?.[0];
      if (f && handlers.current.onFeatureClick) handlers.current.onFeatureClick(f.properties as OutlineProperties);
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      shown.current = null;
      drawnFor.current = null;
      setReady(false);
    };
  }, [maplibregl, startMap]);

  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (canvas) canvas.setAttribute('aria-label', `${label}. Flèches pour déplacer la carte, plus et moins pour zoomer${alternative ? ` ; ${alternative}` : ''}.`);
  }, [label, alternative, ready]);

  // The outlines and their colours: the source is (re)placed when the territory changes, the fill set when the
  // colours change; then the map is "drawn" once it is idle with every tile in view read and drawn in those colours.
  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!map || !ready || !extent || fill === null) return;
    let cancelled = false;
    if (shown.current?.url !== extent.tiles.url) {
      performance.mark('socle:donnees-envoyees');
      for (const id of ['selection', 'survol', 'aplats']) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(SOURCE)) map.removeSource(SOURCE);
      const { source, layers } = outlineStyle(extent, fill, highlighted);
      map.addSource(SOURCE, source);
      for (const layer of layers) map.addLayer(layer);
      shown.current = { url: extent.tiles.url, fill };
    } else {
      if (!performance.getEntriesByName('socle:donnees-envoyees').length) performance.mark('socle:donnees-envoyees');
      if (shown.current.fill !== fill) {
        map.setPaintProperty('aplats', 'fill-color', fill);
        shown.current.fill = fill;
      }
      map.setPaintProperty('aplats', 'fill-antialias', extent.count <= OUTLINED_MAX);
    }
    const frame = box4(extent.frame ?? extent.bbox);
    if (frame && framed.current !== frame.join(',')) {
      map.fitBounds(frame, { padding: MAP_PADDING, animate: false });
      framed.current = frame.join(',');
    }
    if (drawnFor.current?.url === extent.tiles.url && drawnFor.current.fill === fill) return;
    const wanted = { url: extent.tiles.url, fill };
    // The first picture of these outlines in these colours stays "drawn" until MapLibre takes its place.
    const pictured = previewFor.current?.url === wanted.url && previewFor.current.fill === wanted.fill;
    if (!pictured) el?.removeAttribute('data-etat');
    const whenDrawn = () => {
      if (cancelled) return;
      // Idle with the source still reading (a tile answered after the last frame): wait for the next idle.
      if (!map.isSourceLoaded(SOURCE) || !map.loaded()) {
        map.once('idle', whenDrawn);
        return;
      }
      drawnFor.current = wanted;
      el?.setAttribute('data-etat', 'interactive');
      // Read by bench/web/map-draw.bench.ts: time from navigation to a drawn map (when no first picture came before)
      // and to the interactive map.
      if (!pictured) performance.mark('socle:carte-dessinee', { detail: { features: extent.count } });
      performance.mark('socle:carte-interactive', { detail: { features: extent.count } });
      setMapDrawn(true);
      handlers.current.onDrawn?.();
    };
    // The changes above are drawn at the next frame at the earliest: wait for the idle that follows it (a frame is
    // asked for, so that there is one even when the source was already in the first style and nothing moved).
    map.once('idle', whenDrawn);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', whenDrawn);
    };
  }, [extent, fill, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !map.getLayer('selection')) return;
    map.setFilter('selection', ['in', ['get', 'ref'], ['literal', highlighted ?? []]]);
  }, [highlighted, ready]);

  return (
    <div className="socle-map-frame">
      <div ref={container} className={`socle-map${tall ? ' socle-map--tall' : ''}`} data-etat={written ? 'dessinee' : undefined}>
        {/* The first picture: the same map, not yet interactive (the table and the legend say the same). The state
            « dessinee » is written with the server's picture; the map sets it afterwards (`written` never changes,
            so React leaves the attribute to it). */}
        {!mapDrawn && written && (
          <div
            className="socle-map__image"
            data-cle={written.key}
            aria-hidden="true"
            hidden={written.url !== extent?.tiles.url || written.fill !== fill}
            dangerouslySetInnerHTML={{ __html: written.markup }}
          />
        )}
        {!mapDrawn && !written && <canvas ref={previewRef} className="socle-map__apercu" aria-hidden="true" hidden={preview !== null && (preview.url !== extent?.tiles.url || preview.fill !== fill)} />}
      </div>
      <p className="socle-map__status" role="status" aria-live="polite">
        {failed ? `La carte n’a pas pu être chargée : rechargez la page${alternative ? ` ; ${alternative}` : ''}.` : (status ?? '')}
      </p>
      {tip && (
        <div className="socle-map__tooltip" style={{ left: tip.x + 12, top: tip.y + 12 }} aria-hidden="true">
          {tip.text}
        </div>
      )}
    </div>
  );
};

/**
 * The fill of a choropleth: the class colour of `value` (class k from breaks[k], as core's classIndex), grey where
 * there is none.
 */
export const stepFill = (breaks: number[], colors: string[], noData: string): ExpressionSpecification => {
  const inner = breaks.slice(1, -1);
  const step: unknown[] = ['step', ['get', 'value'], colors[0]];
  inner.forEach((t, i) => step.push(t, colors[i + 1]));
  return ['case', ['==', ['typeof', ['get', 'value']], 'number'], inner.length ? step : colors[0], noData] as ExpressionSpecification;
};
