// An interactive map of territories drawn from the outlines the API serves (no tile server elsewhere, nothing fetched
// from outside): a blank style with one background layer, the vector tiles of the territory's outlines
// (GET /territories/{ref}/tiles/{z}/{x}/{y}: the map's worker reads only the tiles in view, each simplified for its
// zoom), a fill layer coloured by class and line layers for the hovered and the selected territories. The table and
// the legend beside it are the text alternative; the canvas itself is keyboard-operable (arrows pan, + and - zoom)
// and named for screen readers.
import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap, MapLayerMouseEvent, StyleSpecification, VectorSourceSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';

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
      paint: { 'fill-color': fill, 'fill-opacity': 0.9, 'fill-outline-color': '#ffffff', 'fill-antialias': extent.count <= 5000 },
    },
    { id: 'survol', type: 'line', source: SOURCE, 'source-layer': layer, filter: ['==', ['get', 'ref'], ''], paint: { 'line-color': '#161616', 'line-width': 2 } },
    {
      id: 'selection',
      type: 'line',
      source: SOURCE,
      'source-layer': layer,
      filter: ['in', ['get', 'ref'], ['literal', highlighted ?? []]],
      paint: { 'line-color': '#000091', 'line-width': 2.5 },
    },
  ];
  return { source, layers };
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

const useEngine = (): { lib: Engine | null; failed: boolean } => {
  const [lib, setLib] = useState<Engine | null>(engine);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (lib) return;
    let live = true;
    loadEngine().then(
      (l) => live && setLib(() => l),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [lib]);
  return { lib, failed };
};

export const ChoroplethMap = ({ extent, fill, label, describe, highlighted, onFeatureClick, tall, onDrawn, onFailed, status }: Props) => {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const { lib: maplibregl, failed: engineFailed } = useEngine();
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
  /** The tiles address the source holds and the fill its layer draws (null: no source yet). */
  const shown = useRef<{ url: string; fill: ExpressionSpecification | string } | null>(null);
  /** The frame the map is on, so that a new answer for the same territory does not move it. */
  const framed = useRef<string | null>(null);
  /** The tiles and fill last drawn (the map says so once for each). */
  const drawnFor = useRef<{ url: string; fill: ExpressionSpecification | string } | null>(null);
  /** The props when the map is created (MapLibre may arrive after the first render). */
  const latest = useRef({ extent, fill, highlighted });
  latest.current = { extent, fill, highlighted };

  useEffect(() => {
    if (!maplibregl) return;
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
      layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#f6f6f6' } }, ...(first?.layers ?? [])],
    };
    const bounds = box4(e?.frame ?? e?.bbox);
    framed.current = bounds ? bounds.join(',') : null;
    let map: MapLibreMap;
    try {
      map = new maplibregl.Map({
        container: container.current!,
        style,
        // Framed from the start when the extent is known: no first frame elsewhere, no jump.
        ...(bounds ? { bounds, fitBoundsOptions: { padding: 16 } } : { center: [2.4, 46.6] as [number, number], zoom: 4.5 }),
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
  }, [maplibregl]);

  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (canvas) canvas.setAttribute('aria-label', `${label}. Flèches pour déplacer la carte, plus et moins pour zoomer ; le tableau donne les mêmes valeurs.`);
  }, [label, ready]);

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
      map.setPaintProperty('aplats', 'fill-antialias', extent.count <= 5000);
    }
    const frame = box4(extent.frame ?? extent.bbox);
    if (frame && framed.current !== frame.join(',')) {
      map.fitBounds(frame, { padding: 16, animate: false });
      framed.current = frame.join(',');
    }
    if (drawnFor.current?.url === extent.tiles.url && drawnFor.current.fill === fill) return;
    el?.removeAttribute('data-etat');
    const wanted = { url: extent.tiles.url, fill };
    const whenDrawn = () => {
      if (cancelled) return;
      // Idle with the source still reading (a tile answered after the last frame): wait for the next idle.
      if (!map.isSourceLoaded(SOURCE) || !map.loaded()) {
        map.once('idle', whenDrawn);
        return;
      }
      drawnFor.current = wanted;
      el?.setAttribute('data-etat', 'dessinee');
      // Read by bench/web/map-draw.bench.ts: time from navigation to a drawn map.
      performance.mark('socle:carte-dessinee', { detail: { features: extent.count } });
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
      <div ref={container} className={`socle-map${tall ? ' socle-map--tall' : ''}`} />
      <p className="socle-map__status" role="status" aria-live="polite">
        {failed ? 'La carte n’a pas pu être chargée : recharger la page ; le tableau donne les valeurs.' : (status ?? '')}
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
