// An interactive map of territories drawn from the outlines the API serves (no tile server, nothing fetched from
// elsewhere): a blank style with one background layer, a fill layer coloured by class, a line layer for borders.
// The table and the legend beside it are the text alternative; the canvas itself is keyboard-operable (arrows pan,
// + and - zoom) and named for screen readers.
import maplibregl, { type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';

export interface OutlineProperties {
  ref: string;
  name: string;
  value?: number | null;
}

interface Props {
  /**
   * The outlines: the address of a GeoJSON answer, fetched and parsed by MapLibre's worker (the main thread neither
   * parses nor copies the 34,868 communes of France), or a FeatureCollection already in hand.
   */
  data: FeatureCollection | string | null;
  /** Where to frame the map, [west, south, east, north]; from the data itself when it is an object. */
  bbox?: number[] | null;
  /** Number of territories in `data` when it is an address (said when the map is drawn). */
  count?: number;
  /** Fill colour: a MapLibre expression over the feature properties. */
  fill: ExpressionSpecification | string;
  /** Accessible name of the map. */
  label: string;
  /** Tooltip text of a feature. */
  describe?: (p: OutlineProperties) => string;
  /** Refs drawn with a thick outline (the perimeter builder's selection, the commune of a portrait). */
  highlighted?: string[];
  onFeatureClick?: (p: OutlineProperties) => void;
  tall?: boolean;
  /** Called once the map has drawn the data (benchmarks and tests wait for it). */
  onDrawn?: () => void;
  /** A line shown over the map while its data loads or when it failed. */
  status?: string | null;
}

// The worker starts (and parses its code) while React renders the page, not when the first map is created.
maplibregl.prewarm();

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const FRENCH_UI = {
  'Map.Title': 'Carte',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'NavigationControl.ResetBearing': 'Remettre le nord en haut',
  'FullscreenControl.Enter': 'Plein écran',
  'FullscreenControl.Exit': 'Quitter le plein écran',
  'Popup.Close': 'Fermer',
};

const bboxOf = (fc: FeatureCollection): [number, number, number, number] | null => {
  if (fc.bbox && fc.bbox.length >= 4) return [fc.bbox[0], fc.bbox[1], fc.bbox[2], fc.bbox[3]];
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
};

export const ChoroplethMap = ({ data, bbox, count, fill, label, describe, highlighted, onFeatureClick, tall, onDrawn, status }: Props) => {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const handlers = useRef({ describe, onFeatureClick, onDrawn });
  const initialBounds = useRef(bbox && bbox.length >= 4 ? (bbox.slice(0, 4) as [number, number, number, number]) : null);
  const framed = useRef<string | null>(initialBounds.current ? initialBounds.current.join(',') : null);
  handlers.current = { describe, onFeatureClick, onDrawn };

  /** What the source holds: a second setData of the same address would fetch and tile it again. */
  const inSource = useRef<FeatureCollection | string | null>(null);
  const absolute = (d: FeatureCollection | string): FeatureCollection | string => (typeof d === 'string' ? new URL(d, window.location.href).href : d);

  useEffect(() => {
    // The source, its data and the layers are in the first style: the worker fetches and tiles the outlines while
    // WebGL starts, instead of after the map's first frame.
    const initialData = data ?? EMPTY;
    inSource.current = initialData;
    const style: maplibregl.StyleSpecification = {
      version: 8,
      sources: { territoires: { type: 'geojson', data: absolute(initialData), promoteId: 'ref', tolerance: 1, buffer: 16 } },
      layers: [
        { id: 'fond', type: 'background', paint: { 'background-color': '#f6f6f6' } },
        // Borders are the fill's own 1-pixel outline (GL lines, no tessellation): a line layer over 34,868 communes
        // costs seconds on a software renderer. Only the hovered and the selected territories get a drawn line.
        {
          id: 'aplats',
          type: 'fill',
          source: 'territoires',
          paint: { 'fill-color': fill, 'fill-opacity': 0.9, 'fill-outline-color': '#ffffff', 'fill-antialias': !(count && count > 5000) },
        },
        { id: 'survol', type: 'line', source: 'territoires', filter: ['==', ['get', 'ref'], ''], paint: { 'line-color': '#161616', 'line-width': 2 } },
        { id: 'selection', type: 'line', source: 'territoires', filter: ['in', ['get', 'ref'], ['literal', highlighted ?? []]], paint: { 'line-color': '#000091', 'line-width': 2.5 } },
      ],
    };
    const map = new maplibregl.Map({
      container: container.current!,
      style,
      // Framed from the start when the extent is known: no first frame elsewhere, no jump.
      ...(initialBounds.current ? { bounds: initialBounds.current, fitBoundsOptions: { padding: 16 } } : { center: [2.4, 46.6] as [number, number], zoom: 4.5 }),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
      locale: FRENCH_UI,
      fadeDuration: 0,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.once('style.load', () => {
      performance.mark('socle:carte-prete');
      setReady(true);
    });
    let hovered: string | undefined;
    const clearHover = () => {
      if (hovered !== undefined) map.setFilter('survol', ['==', ['get', 'ref'], '']);
      hovered = undefined;
      setTip(null);
    };
    map.on('mousemove', 'aplats', (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f) return;
      const p = f.properties as OutlineProperties;
      if (hovered !== p.ref) {
        hovered = p.ref;
        map.setFilter('survol', ['==', ['get', 'ref'], p.ref]);
      }
      map.getCanvas().style.cursor = handlers.current.onFeatureClick ? 'pointer' : '';
      setTip({ x: e.point.x, y: e.point.y, text: handlers.current.describe ? handlers.current.describe(p) : p.name });
    });
    map.on('mouseleave', 'aplats', () => {
      map.getCanvas().style.cursor = '';
      clearHover();
    });
    map.on('click', 'aplats', (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (f && handlers.current.onFeatureClick) handlers.current.onFeatureClick(f.properties as OutlineProperties);
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (canvas) canvas.setAttribute('aria-label', `${label}. Flèches pour déplacer la carte, plus et moins pour zoomer ; le tableau donne les mêmes valeurs.`);
  }, [label, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !data) return;
    const source = map.getSource('territoires') as GeoJSONSource;
    if (inSource.current !== data) {
      performance.mark('socle:donnees-envoyees');
      // The worker's fetch needs an absolute address (its own base is a blob: URL).
      source.setData(absolute(data));
      inSource.current = data;
    } else if (!performance.getEntriesByName('socle:donnees-envoyees').length) performance.mark('socle:donnees-envoyees');
    const frame = bbox && bbox.length >= 4 ? (bbox.slice(0, 4) as [number, number, number, number]) : typeof data === 'string' ? null : bboxOf(data);
    if (frame && framed.current !== frame.join(',')) {
      map.fitBounds(frame, { padding: 16, animate: false });
      framed.current = frame.join(',');
    }
    container.current?.removeAttribute('data-etat');
    let cancelled = false;
    const whenDrawn = () => {
      if (cancelled) return;
      // The worker may still be reading a large answer when the map is first idle: wait until the source has it.
      if (!source.loaded() || !map.isSourceLoaded('territoires')) {
        map.once('idle', whenDrawn);
        return;
      }
      container.current?.setAttribute('data-etat', 'dessinee');
      // Read by bench/web/map-draw.bench.ts: time from navigation to a drawn map.
      performance.mark('socle:carte-dessinee', { detail: { features: typeof data === 'string' ? (count ?? null) : data.features.length } });
      handlers.current.onDrawn?.();
    };
    if (map.loaded() && source.loaded()) whenDrawn();
    else map.once('idle', whenDrawn);
    return () => {
      cancelled = true;
    };
  }, [data, bbox, count, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setPaintProperty('aplats', 'fill-color', fill);
  }, [fill, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    // Over thousands of communes the borders are below a pixel: the outline pass (and its cost) is dropped.
    map.setPaintProperty('aplats', 'fill-antialias', !(count && count > 5000));
  }, [count, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('selection', ['in', ['get', 'ref'], ['literal', highlighted ?? []]]);
  }, [highlighted, ready]);

  return (
    <div className="socle-map-frame">
      <div ref={container} className={`socle-map${tall ? ' socle-map--tall' : ''}`} />
      <p className="socle-map__status" role="status" aria-live="polite">
        {status ?? ''}
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
