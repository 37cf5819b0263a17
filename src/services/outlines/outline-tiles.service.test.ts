// The shapes and vector tiles of a map, on the demo data (Haute-Garonne), on every store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../test/helpers/test-stores.js';
import type { AppContext } from '../context.js';
import { loadDemo } from '../demo/load-demo.service.js';
import { importFile } from '../import/import-file.service.js';
import { listIndicatorValues } from '../indicators/list-indicator-values.service.js';
import { outlineTile, TILE_LAYER, TILE_MAX_ZOOM } from './outline-tiles.service.js';
import { territoryShapes } from './territory-shapes.service.js';

/** The tile of zoom z holding the point (lon, lat), as web maps number them. */
const tileOf = (lon: number, lat: number, z: number): [number, number, number] => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
};

const TOULOUSE: [number, number] = [1.444, 43.604];

const features = (bytes: Uint8Array): Record<string, number | string | boolean>[] => {
  const layer = new VectorTile(new Pbf(bytes)).layers[TILE_LAYER];
  return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties) : [];
};

describe.each(storeTargets())('tuiles des contours ($name)', (target) => {
  let ctx: AppContext;
  let dir: string;
  beforeAll(async () => {
    ctx = await target.create();
    const demo = await loadDemo(ctx);
    if (!demo.ok) throw new Error(demo.error.message);
    // One overseas commune (Les Abymes, Guadeloupe): a map of France must still open on the mainland.
    dir = mkdtempSync(join(tmpdir(), 'socle-tuiles-'));
    const file = join(dir, 'abymes.geojson');
    const square = [[-61.5, 16.25], [-61.45, 16.25], [-61.45, 16.3], [-61.5, 16.3], [-61.5, 16.25]];
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '97101' }, geometry: { type: 'Polygon', coordinates: [square] } }] }));
    const r = await importFile(ctx, { filePath: file });
    if (!r.ok) throw new Error(r.error.message);
  });
  afterAll(async () => {
    await target.destroy(ctx);
    rmSync(dir, { recursive: true, force: true });
  });

  it('les 586 communes de la Haute-Garonne, arrondies, et leur emprise', async () => {
    const r = await territoryShapes(ctx, 'dep:31', 'com');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.units).toHaveLength(586);
    const [w, s, e, n] = r.value.bbox;
    expect(w).toBeGreaterThan(0.4);
    expect(e).toBeLessThan(2.1);
    expect(s).toBeGreaterThan(42.6);
    expect(n).toBeLessThan(44);
    expect(r.value.frame).toEqual(r.value.bbox);
    const toulouse = r.value.units.find((u) => u.ref === 'com:31555')!;
    expect(toulouse.name).toBe('Toulouse');
    const ring = toulouse.geometry.type === 'Polygon' ? toulouse.geometry.coordinates[0] : [];
    expect(ring.length).toBeGreaterThan(3);
    expect(ring.every(([x, y]) => Math.round(x * 1e4) / 1e4 === x && Math.round(y * 1e4) / 1e4 === y)).toBe(true);
  });

  it('la France s’ouvre sur la métropole même avec des contours outre-mer', async () => {
    const r = await territoryShapes(ctx, 'fr', 'com');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.units).toHaveLength(587);
    expect(r.value.bbox[0]).toBeLessThan(-61);
    expect(r.value.frame[0]).toBeGreaterThan(0.4);
    expect(r.value.frame[1]).toBeGreaterThan(42.6);
    // A territory all overseas is framed on itself.
    const guadeloupe = await territoryShapes(ctx, 'dep:971', 'com');
    if (!guadeloupe.ok) throw new Error(guadeloupe.error.message);
    expect(guadeloupe.value.frame).toEqual(guadeloupe.value.bbox);
  });

  it('la carte web de la France met l’outre-mer en encart à l’ouest de la métropole, dans son cadre et ses tuiles', async () => {
    const r = await territoryShapes(ctx, 'fr', 'com', { insets: true });
    if (!r.ok) throw new Error(r.error.message);
    const [w, s, e, n] = r.value.frame;
    const abymes = r.value.units.find((u) => u.ref === 'com:97101')!;
    const ring = abymes.geometry.type === 'Polygon' ? abymes.geometry.coordinates[0] : [];
    // West of Haute-Garonne, at its latitudes, inside the frame (which takes it in), square still (Mercator-wise).
    for (const [x, y] of ring) {
      expect(x).toBeLessThan(0.4);
      expect(x).toBeGreaterThanOrEqual(w);
      expect(y).toBeGreaterThanOrEqual(s);
      expect(y).toBeLessThanOrEqual(n);
    }
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const mercator = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * (180 / Math.PI);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (mercator(Math.max(...ys)) - mercator(Math.min(...ys)));
    const original = 0.05 / (mercator(16.3) - mercator(16.25));
    expect(aspect / original).toBeCloseTo(1, 1);
    expect(e).toBeGreaterThan(2);
    expect(r.value.bbox).toEqual(r.value.frame);
    // The tile at its new place holds it.
    const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
    const tile = await outlineTile(ctx, { ref: 'fr', level: 'com' }, ...tileOf(cx, cy, 8));
    if (!tile.ok) throw new Error(tile.error.message);
    expect(features(tile.value).map((f) => f.ref)).toContain('com:97101');
    // The GeoJSON answer keeps every outline where it lies.
    const plain = await territoryShapes(ctx, 'fr', 'com');
    if (!plain.ok) throw new Error(plain.error.message);
    const where = plain.value.units.find((u) => u.ref === 'com:97101')!.geometry;
    expect(where.type === 'Polygon' ? where.coordinates[0][0] : null).toEqual([-61.5, 16.25]);
  });

  it('une tuile porte ref, name et, pour un indicateur, la valeur de chaque commune', async () => {
    const [z, x, y] = tileOf(...TOULOUSE, 9);
    const bare = await outlineTile(ctx, { ref: 'dep:31', level: 'com' }, z, x, y);
    if (!bare.ok) throw new Error(bare.error.message);
    const plain = features(bare.value).find((p) => p.ref === 'com:31555');
    expect(plain).toEqual({ ref: 'com:31555', name: 'Toulouse' });

    const tile = await outlineTile(ctx, { ref: 'dep:31', level: 'com', indicator: 'taux_chomage_15_64' }, z, x, y);
    if (!tile.ok) throw new Error(tile.error.message);
    const values = await listIndicatorValues(ctx, { name: 'taux_chomage_15_64', within: 'dep:31', level: 'com' });
    if (!values.ok) throw new Error(values.error.message);
    const expected = values.value.values.find((v) => v.ref === 'com:31555')!.value!;
    const shown = features(tile.value).find((p) => p.ref === 'com:31555')!;
    expect(shown.value).toBeCloseTo(expected, 9);
    // Kept: the same bytes the second time.
    const again = await outlineTile(ctx, { ref: 'dep:31', level: 'com', indicator: 'taux_chomage_15_64' }, z, x, y);
    expect(again.ok && again.value).toBe(tile.value);
  });

  it('à petite échelle, une tuile tient tout le département ; loin de lui, la tuile est vide', async () => {
    const [z, x, y] = tileOf(...TOULOUSE, 6);
    const tile = await outlineTile(ctx, { ref: 'dep:31', level: 'com' }, z, x, y);
    if (!tile.ok) throw new Error(tile.error.message);
    expect(new Set(features(tile.value).map((p) => p.ref)).size).toBeGreaterThan(500);
    const far = await outlineTile(ctx, { ref: 'dep:31', level: 'com' }, ...tileOf(-3, 48, 8));
    expect(far.ok && far.value.byteLength).toBe(0);
  });

  it('hors de la grille, territoire ou indicateur inconnu : une erreur qui le dit', async () => {
    const beyond = await outlineTile(ctx, { ref: 'dep:31', level: 'com' }, TILE_MAX_ZOOM + 1, 0, 0);
    expect(!beyond.ok && beyond.error.code).toBe('PARAMETRE_INVALIDE');
    const outside = await outlineTile(ctx, { ref: 'dep:31', level: 'com' }, 2, 4, 0);
    expect(!outside.ok && outside.error.code).toBe('PARAMETRE_INVALIDE');
    const unknown = await outlineTile(ctx, { ref: 'dep:99', level: 'com' }, 0, 0, 0);
    expect(!unknown.ok && unknown.error.code).toBe('TERRITOIRE_INCONNU');
    const indicator = await outlineTile(ctx, { ref: 'dep:31', level: 'com', indicator: 'inexistant' }, 0, 0, 0);
    expect(!indicator.ok && indicator.error.code).toBe('INDICATEUR_INCONNU');
  });
});
