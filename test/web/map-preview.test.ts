// The map's first picture reads the server's vector tiles itself (web/src/lib/mvt.ts), colours them as MapLibre
// evaluates the fill expression (fillColorOf), and frames them as MapLibre's fitBounds does (early-start.ts).
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { fillColorOf, stepFill } from '../../web/src/components/ChoroplethMap.js';
import { earlyTiles, fitCamera, indicatorMapSize, mercatorX, mercatorY, tilesInView } from '../../web/src/early-start.js';
import { readTileLayer, traceRings } from '../../web/src/lib/mvt.js';

const square = (x0: number, y0: number, size: number): number[][] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

const collection: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { ref: 'com:31001', name: 'Agassac', value: 12.5 }, geometry: { type: 'Polygon', coordinates: [square(1, 43, 0.2), square(1.05, 43.05, 0.05)] } },
    { type: 'Feature', properties: { ref: 'com:31002', name: 'Aignes', value: 7 }, geometry: { type: 'MultiPolygon', coordinates: [[square(1.3, 43, 0.1)], [square(1.5, 43.1, 0.1)]] } },
    { type: 'Feature', properties: { ref: 'com:31003', name: 'Aigrefeuille' }, geometry: { type: 'Polygon', coordinates: [square(1.3, 43.2, 0.1)] } },
  ],
};

const tileOf = (z: number, x: number, y: number) => {
  const index = new GeoJSONVT(collection, { maxZoom: 11, indexMaxZoom: 5, tolerance: 6, extent: 4096, buffer: 64 });
  const tile = index.getTile(z, x, y)!;
  return { tile, bytes: fromGeojsonVt({ territoires: tile }, { version: 2, extent: 4096 }) };
};

describe('lecture des tuiles vectorielles (mvt.ts)', () => {
  const z = 7;
  const x = Math.floor(mercatorX(1.2) * 2 ** z);
  const y = Math.floor(mercatorY(43.1) * 2 ** z);

  it('lit les contours et les propriétés que le serveur écrit (geojson-vt, vt-pbf)', () => {
    const { tile, bytes } = tileOf(z, x, y);
    const layer = readTileLayer(bytes, 'territoires')!;
    expect(layer.name).toBe('territoires');
    expect(layer.extent).toBe(4096);
    expect(layer.features.map((f) => f.properties)).toEqual([
      { ref: 'com:31001', name: 'Agassac', value: 12.5 },
      { ref: 'com:31002', name: 'Aignes', value: 7 },
      { ref: 'com:31003', name: 'Aigrefeuille' },
    ]);
    // The rings, point by point, as geojson-vt cut them (the hole and both parts of the multipolygon included).
    layer.features.forEach((f, i) => {
      const rings: number[][][] = [];
      traceRings(
        f.geometry,
        (px, py) => rings.push([[px, py]]),
        (px, py) => rings[rings.length - 1].push([px, py]),
        () => rings[rings.length - 1].push([...rings[rings.length - 1][0]]),
      );
      expect(rings).toEqual((tile.features[i].geometry as unknown as number[][][]).map((ring) => ring.map(([a, b]) => [a, b])));
    });
  });

  it('ne lit que les propriétés demandées, et rien d’une couche absente', () => {
    const { bytes } = tileOf(z, x, y);
    expect(readTileLayer(bytes, 'territoires', ['value'])!.features.map((f) => f.properties)).toEqual([{ value: 12.5 }, { value: 7 }, {}]);
    expect(readTileLayer(bytes, 'autre')).toBeNull();
  });

  it('refuse une tuile tronquée', () => {
    const { bytes } = tileOf(z, x, y);
    expect(() => readTileLayer(bytes.subarray(0, bytes.length - 5), 'territoires')).toThrow(/tronquée/);
  });
});

describe('couleur d’un territoire comme MapLibre la calcule (fillColorOf)', () => {
  const fill = stepFill([0, 5, 10, 20], ['#aaaaaa', '#bbbbbb', '#cccccc'], '#eeeeee');
  const colour = fillColorOf(fill)!;

  it('suit les seuils de l’expression step (un seuil atteint passe à la classe suivante)', () => {
    expect([0, 4.99, 5, 9.9, 10, 20, 25].map((value) => colour({ value }))).toEqual(['#aaaaaa', '#aaaaaa', '#bbbbbb', '#bbbbbb', '#cccccc', '#cccccc', '#cccccc']);
  });

  it('donne la couleur « non disponible » sans valeur, et lit une couleur seule', () => {
    expect(colour({})).toBe('#eeeeee');
    expect(colour({ value: 'n/a' })).toBe('#eeeeee');
    expect(fillColorOf('#123456')!({ value: 3 })).toBe('#123456');
  });

  it('ne dessine pas de première image pour une expression qu’elle ne sait pas lire', () => {
    expect(fillColorOf(['interpolate', ['linear'], ['get', 'value'], 0, '#000000', 10, '#ffffff'])).toBeNull();
  });
});

describe('cadrage de la première image (early-start.ts)', () => {
  const bbox: [number, number, number, number] = [0.44, 42.69, 2.05, 43.92];

  it('cadre le rectangle comme fitBounds : ajusté à une dimension, centré, dans la marge', () => {
    const cam = fitCamera(bbox, 892, 574, 16)!;
    const world = 512 * 2 ** cam.zoom;
    const w = (mercatorX(bbox[2]) - mercatorX(bbox[0])) * world;
    const h = (mercatorY(bbox[1]) - mercatorY(bbox[3])) * world;
    expect(Math.max(w / (892 - 32), h / (574 - 32))).toBeCloseTo(1, 9);
    expect(cam.x).toBeCloseTo((mercatorX(bbox[0]) + mercatorX(bbox[2])) / 2, 12);
    expect(cam.y).toBeCloseTo((mercatorY(bbox[1]) + mercatorY(bbox[3])) / 2, 12);
    expect(fitCamera(bbox, 20, 20, 16)).toBeNull();
  });

  it('demande les tuiles du zoom entier inférieur, dans la vue et dans le rectangle des contours', () => {
    const cam = fitCamera(bbox, 892, 574, 16)!;
    const tiles = tilesInView(cam, { minzoom: 0, maxzoom: 11, bbox });
    const z = Math.floor(cam.zoom);
    expect(tiles.length).toBeGreaterThan(0);
    for (const t of tiles) {
      expect(t.z).toBe(z);
      expect(t.x).toBeGreaterThanOrEqual(Math.floor(mercatorX(bbox[0]) * 2 ** z));
      expect(t.x).toBeLessThanOrEqual(Math.floor(mercatorX(bbox[2]) * 2 ** z));
    }
    // Beyond the source's last zoom, its tiles are enlarged.
    expect(tilesInView({ ...cam, zoom: 13.4 }, { minzoom: 0, maxzoom: 11, bbox }).every((t) => t.z === 11)).toBe(true);
  });

  it('estime la taille de la carte de la page indicateur comme Chromium la met en page', () => {
    // Sizes measured on the page (clientWidth × clientHeight of .socle-map, 16-pixel rem).
    expect(indicatorMapSize(1280, 16)).toEqual({ width: 892, height: 574 });
    expect(indicatorMapSize(1024, 16)).toEqual({ width: 724, height: 574 });
    expect(indicatorMapSize(992, 16)).toEqual({ width: 700, height: 574 });
    expect(indicatorMapSize(800, 16)).toEqual({ width: 766, height: 574 });
  });

  it('ne demande d’avance que les tuiles de la page indicateur, avec son indicateur, et pas au-delà de PREVIEW_MAX', () => {
    const extent = { count: 586, bbox, tiles: { url: '/api/v1/territories/dep:31/tiles/{z}/{x}/{y}?level=com', minzoom: 0, maxzoom: 11 } };
    const urls = earlyTiles('/indicateur/taux_chomage_15_64', '?within=dep:31&level=com', extent, 1280, 16);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u).toMatch(/^\/api\/v1\/territories\/dep:31\/tiles\/\d+\/\d+\/\d+\?level=com&indicator=taux_chomage_15_64$/);
    expect(earlyTiles('/territoire/dep:31', '', extent, 1280, 16)).toEqual([]);
    expect(earlyTiles('/indicateur/population', '', { ...extent, count: 34_868 }, 1280, 16)).toEqual([]);
  });
});
