import { readFileSync } from 'node:fs';
import { geoArea } from 'd3-geo';
import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/test-stores.js';
import { renderChoropleth, rewindForD3, type ChoroplethFeature } from './choropleth.js';
import { MISSING_COLOR, sequentialColors } from './palette.js';

// Two squares near Toulouse, counter-clockwise as RFC 7946 writes them.
const square = (x: number, y: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.1, y],
      [x + 0.1, y + 0.1],
      [x, y + 0.1],
      [x, y],
    ],
  ],
});
const buildFeature = (overrides: Partial<ChoroplethFeature>): ChoroplethFeature => ({
  ref: 'com:31001',
  name: 'Agassac',
  geometry: square(1.4, 43.6),
  value: 12.5,
  status: 'ok',
  classIndex: 0,
  valueText: '12,5\u202F%',
  ...overrides,
});

describe('carte choroplèthe', () => {
  it('retourne les anneaux RFC 7946 pour d3-geo', () => {
    const ring = square(1.4, 43.6);
    expect(geoArea(ring)).toBeGreaterThan(2 * Math.PI);
    expect(geoArea(rewindForD3(ring))).toBeLessThan(1e-4);
    const communes = JSON.parse(readFileSync(sharedData('geo/communes-31-cog2026.geojson'), 'utf8')) as FeatureCollection;
    const toulouse = communes.features.find((f) => f.properties?.code === '31555')!;
    // Toulouse is about 118 km²: on a sphere of radius 6 371 km, that is 118 / 6371² steradians.
    expect(geoArea(rewindForD3(toulouse.geometry)) * 6371 ** 2).toBeGreaterThan(100);
    expect(geoArea(rewindForD3(toulouse.geometry)) * 6371 ** 2).toBeLessThan(140);
  });

  it('dessine un chemin par territoire, avec sa valeur en français, la légende et la source', () => {
    const svg = renderChoropleth({
      title: 'Taux de chômage des 15-64 ans',
      subtitle: 'Communes de la Haute-Garonne',
      features: [
        buildFeature({}),
        buildFeature({ ref: 'com:31002', name: 'Aignes & Co <test>', geometry: square(1.5, 43.6), value: 20, classIndex: 1, valueText: '20,0\u202F%' }),
        buildFeature({ ref: 'com:31003', name: 'Aigrefeuille', geometry: square(1.6, 43.6), value: null, status: 'secret', classIndex: -1, valueText: 'secret statistique' }),
        buildFeature({ ref: 'com:31004', name: 'Sans contour', geometry: null, value: 3, classIndex: 0 }),
      ],
      classes: { labels: ['de 12,5 à 15,0\u202F%', 'de 15,0 à 20,0\u202F%'], colors: sequentialColors(2, 'higher_is_worse'), counts: [2, 1234] },
      source: 'Source : INSEE, recensement 2022 — millésime 2022',
      note: 'Classes : quantiles',
      width: 600,
      height: 400,
    });
    expect(svg.match(/<path data-ref=/g)).toHaveLength(3);
    expect(svg).toContain('<path data-ref="com:31001" data-status="ok" data-value="12.5" fill="#fef0d9" d="M');
    expect(svg).toContain('<title>Aignes &amp; Co &lt;test&gt; : 20,0\u202F%</title>');
    expect(svg).toContain(`data-ref="com:31003" data-status="secret" fill="url(#secret)"`);
    // Withheld is not missing: the legend says why a territory has no class.
    expect(svg).toContain('secret statistique (1)');
    // Withheld is hatched, apart from no data: on the map and in the legend.
    expect(svg).toMatch(/<path data-ref="com:31003" data-status="secret"[^>]* fill="url\(#secret\)"/);
    expect(svg).toContain('<pattern id="secret"');
    expect(svg).not.toContain('données manquantes');
    expect(svg).toContain('1 territoire sans contour');
    // Counts in the French way: « (1 234) ».
    expect(svg).toContain('de 15,0 à 20,0\u202F% (1\u202F234)');
    expect(svg).toContain('Source : INSEE, recensement 2022 — millésime 2022');
    // Every coordinate inside the canvas: the rings were rewound and the projection fitted.
    const coords = [...svg.matchAll(/ d="([^"]+)"/g)].flatMap((m) => m[1].match(/-?\d+(\.\d+)?/g)!.map(Number));
    expect(Math.min(...coords)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...coords)).toBeLessThanOrEqual(600);
    expect(svg.replace(/ d="[^"]+"/g, ' d="…"')).toMatchSnapshot();
  });
});
