// Outlines of communes and of the territories made of them, on every store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../test/helpers/test-stores.js';
import { bboxOf, type Surface } from '../../import/geo/geometry.js';
import type { AppContext } from '../context.js';
import { importFile } from '../import/import-file.service.js';
import { createPerimeter } from '../perimeter/perimeter.service.js';
import { getCommuneOutlines, getTerritoryOutline } from './outline.service.js';

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-9);

describe.each(storeTargets())('contours ($name)', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create();
    const r = await importFile(ctx, { filePath: sharedData('geo/communes-31-haute-garonne-cog2018.geojson') });
    expect(r.ok).toBe(true);
  });
  afterAll(async () => target.destroy(ctx));

  it('chaque commune de la Haute-Garonne a son contour, rangé sous son code actuel', async () => {
    const members = ctx.referential.departements.get('31')!.members;
    const outlines = await getCommuneOutlines(ctx, members);
    expect(outlines.size).toBe(586);
    expect(outlines.has('com:31471')).toBe(true);
    expect(outlines.has('com:31298')).toBe(false);
    // A commune outside the file has none.
    expect((await getCommuneOutlines(ctx, ctx.referential.departements.get('81')!.members)).size).toBe(0);
  });

  it('un EPCI sans contour importé est l’union de ses communes', async () => {
    const members = ctx.referential.epcis.get('243100518')!.members;
    const parts = [...(await getCommuneOutlines(ctx, members)).values()] as Surface[];
    const union = (await getTerritoryOutline(ctx, 'epci:243100518')) as Surface;
    expect(union.type).toMatch(/Polygon/);
    const boxes = parts.map(bboxOf);
    const expected = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
    expect(close(bboxOf(union), expected)).toBe(true);
    // Dissolved: far fewer rings than the 37 communes have together.
    const rings = union.type === 'Polygon' ? union.coordinates.length : union.coordinates.reduce((s, p) => s + p.length, 0);
    expect(rings).toBeLessThan(37);
  });

  it('l’union d’un grand territoire est gardée en base, et refaite quand les contours changent, pas pour un périmètre', async () => {
    // CC Cœur et Coteaux du Comminges: 104 communes.
    ctx.invalidate();
    const first = await getTerritoryOutline(ctx, 'epci:200072643');
    const kept = await ctx.store.db.selectFrom('outline_union').selectAll().where('ref', '=', 'epci:200072643').executeTakeFirstOrThrow();
    expect(JSON.parse(kept.geometry)).toEqual(first);
    // Another process (a new context's empty cache) reads it rather than dissolving again: mark it to see.
    await ctx.store.db.updateTable('outline_union').set({ geometry: JSON.stringify({ type: 'Point', coordinates: [1, 2] }) }).where('ref', '=', 'epci:200072643').execute();
    ctx.invalidate();
    expect(await getTerritoryOutline(ctx, 'epci:200072643')).toEqual({ type: 'Point', coordinates: [1, 2] });
    // A perimeter, or a data file, changes no outline: the kept union stays.
    const per = await createPerimeter(ctx, { slug: 'version', name: 'Version', members: ['com:31555'] });
    expect(per.ok).toBe(true);
    expect(await getTerritoryOutline(ctx, 'epci:200072643')).toEqual({ type: 'Point', coordinates: [1, 2] });
    // An import of outlines does: the kept union is stale and made again.
    const r = await importFile(ctx, { filePath: sharedData('geo/communes-31-cog2026.geojson') });
    expect(r.ok).toBe(true);
    const again = (await getTerritoryOutline(ctx, 'epci:200072643')) as Surface;
    expect(again.type).toMatch(/Polygon/);
  });

  it('un périmètre a son contour ; un ancien code répond par sa commune ; sans contour : null', async () => {
    const per = await createPerimeter(ctx, { slug: 'deux-communes', name: 'Deux communes', members: ['com:31555', 'com:31069'] });
    expect(per.ok).toBe(true);
    expect((await getTerritoryOutline(ctx, 'per:deux-communes'))?.type).toMatch(/Polygon/);
    expect(await getTerritoryOutline(ctx, 'com:31298')).toEqual(await getTerritoryOutline(ctx, 'com:31471'));
    expect(await getTerritoryOutline(ctx, 'dep:81')).toBeNull();
    expect(await getTerritoryOutline(ctx, 'pas-une-reference')).toBeNull();
  });

  it('un contour de département importé est préféré à l’union', async () => {
    const r = await importFile(ctx, { filePath: sharedData('geo/departement-31-haute-garonne.geojson') });
    expect(r.ok).toBe(true);
    const stored = await ctx.store.db.selectFrom('outline').select('geometry').where('ref', '=', 'dep:31').executeTakeFirstOrThrow();
    expect(await getTerritoryOutline(ctx, 'dep:31')).toEqual(JSON.parse(stored.geometry));
  });
});
