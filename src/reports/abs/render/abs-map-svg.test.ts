import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { MapSpec } from '../abs-document.types.js';
import { layoutMap } from './abs-map-svg.js';

/** A square of `size` degrees around a point, as a GeoJSON polygon (RFC 7946 winding). */
const square = (lon: number, lat: number, size = 0.5): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - size, lat - size],
      [lon + size, lat - size],
      [lon + size, lat + size],
      [lon - size, lat + size],
      [lon - size, lat - size],
    ],
  ],
});

const spec = (places: [string, string, number, number, number][]): MapSpec => ({
  kind: 'map',
  indicatorId: 'densite',
  label: 'Densité',
  unit: 'hab./km²',
  decimals: 1,
  millesime: 2022,
  polarity: 'neutral',
  level: 'dep',
  values: places.map(([ref, name, , , value]) => ({ ref, name, value, status: 'ok' as const })),
  outlines: places.map(([ref, , lon, lat]) => ({ ref, geometry: square(lon, lat) })),
});

/** The x coordinates of a path, translated as the figure draws it. */
const xsOf = (d: string, dx: number): number[] => [...d.matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]) + dx);

const mainland: [string, string, number, number, number][] = [
  ['dep:29', 'Finistère', -4.1, 48.2, 130],
  ['dep:67', 'Bas-Rhin', 7.5, 48.6, 240],
  ['dep:06', 'Alpes-Maritimes', 7.1, 43.9, 260],
  ['dep:64', 'Pyrénées-Atlantiques', -0.8, 43.2, 90],
];

describe('carte de la France par département', () => {
  it('dessine les départements d’outre-mer dans des cadres nommés, à gauche, sans réduire la métropole', () => {
    const withOverseas = layoutMap(spec([...mainland, ['dep:974', 'La Réunion', 55.5, -21.1, 350], ['dep:971', 'Guadeloupe', -61.5, 16.2, 230]]));
    const alone = layoutMap(spec(mainland));

    const shape = (m: typeof alone, ref: string) => m.shapes.find((s) => s.ref === ref)!;
    // The overseas frames stand in a column left of the mainland.
    const reunion = xsOf(shape(withOverseas, 'dep:974').d, withOverseas.dx);
    const finistere = xsOf(shape(withOverseas, 'dep:29').d, withOverseas.dx);
    expect(Math.max(...reunion)).toBeLessThan(Math.min(...finistere));
    expect(Math.max(...reunion)).toBeLessThanOrEqual(10 + 84);
    // The mainland keeps nearly its scale (it gives up the column of frames, not a whole ocean).
    const spanOf = (m: typeof alone) => {
      const xs = mainland.flatMap(([ref]) => xsOf(shape(m, ref).d, m.dx));
      return Math.max(...xs) - Math.min(...xs);
    };
    expect(spanOf(withOverseas)).toBeGreaterThan(0.75 * spanOf(alone));
    // Each frame is named, in the order of the codes; the map of the mainland alone has no frame.
    expect(withOverseas.legendSvg.indexOf('Guadeloupe')).toBeGreaterThan(0);
    expect(withOverseas.legendSvg.indexOf('Guadeloupe')).toBeLessThan(withOverseas.legendSvg.indexOf('La Réunion'));
    expect(alone.legendSvg).not.toContain('départements d’outre-mer');
    // The overseas départements take their classes' colours like the others.
    expect(shape(withOverseas, 'dep:974').fill).not.toBe(shape(withOverseas, 'dep:64').fill);
  });

  it('dessine un territoire d’outre-mer seul dans un seul cadre, sans légende de cadres', () => {
    const m = layoutMap(spec([['com:97411', 'Saint-Denis', 55.45, -20.9, 10], ['com:97415', 'Saint-Paul', 55.3, -21.0, 20]]));
    expect(m.shapes).toHaveLength(2);
    expect(m.legendSvg).not.toContain('La Réunion');
  });
});
