// Outlines for maps and reports. Outlines are stored per commune (the atom); an EPCI, département, région, France or
// perimeter outline is the stored outline of that territory when one was imported (a département file), otherwise
// the union of its communes' outlines computed with polygon-clipping and kept in the context's cache.
import type { Geometry } from 'geojson';
import { parseRef } from '../../core/territory/territory-ref.js';
import { unionOf, type Surface } from '../../import/geo/geometry.js';
import type { AppContext } from '../context.js';
import { resolveRef } from '../territory/resolve-territory.service.js';

const COMMUNE_CACHE = 'outlines:communes';

/** Parsed commune outlines already read, by ref (null: none stored). Cleared with the context's cache on writes. */
const communeCache = (ctx: AppContext): Map<string, Geometry | null> => {
  let m = ctx.cache.get(COMMUNE_CACHE) as Map<string, Geometry | null> | undefined;
  if (!m) {
    m = new Map();
    ctx.cache.set(COMMUNE_CACHE, m);
  }
  return m;
};

/** Outlines of the given communes (referential indices), keyed `com:CODE`; communes without one are absent. */
export const getCommuneOutlines = async (ctx: AppContext, members: Int32Array): Promise<Map<string, Geometry>> => {
  const cache = communeCache(ctx);
  const refs = Array.from(members, (i) => `com:${ctx.referential.codes[i]}`);
  const wanted = refs.filter((r) => !cache.has(r));
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    const rows = await ctx.store.db.selectFrom('outline').select(['ref', 'geometry']).where('ref', 'in', chunk).execute();
    for (const r of chunk) cache.set(r, null);
    for (const row of rows) cache.set(row.ref, JSON.parse(row.geometry) as Geometry);
  }
  const out = new Map<string, Geometry>();
  for (const r of refs) {
    const g = cache.get(r);
    if (g) out.set(r, g);
  }
  return out;
};

/**
 * The outline of a territory (`com:31555`, `epci:…`, `dep:31`, `reg:76`, `fr`, `per:…`), or null when neither the
 * territory nor any of its communes has one. Unions are cached in the context (a département takes about a second).
 */
export const getTerritoryOutline = async (ctx: AppContext, ref: string): Promise<Geometry | null> => {
  const key = `outline:${ref}`;
  if (ctx.cache.has(key)) return ctx.cache.get(key) as Geometry | null;
  const parsed = parseRef(ref);
  if (!parsed.ok) return null;
  const territory = await resolveRef(ctx, parsed.value);
  if (!territory.ok) return null;
  const canonical = territory.value.ref;
  let geometry: Geometry | null = null;
  if (territory.value.kind === 'com') {
    geometry = (await getCommuneOutlines(ctx, territory.value.members)).get(canonical) ?? null;
  } else {
    const stored = await ctx.store.db.selectFrom('outline').select('geometry').where('ref', '=', canonical).executeTakeFirst();
    if (stored) geometry = JSON.parse(stored.geometry) as Geometry;
    else geometry = await dissolvedOutline(ctx, canonical, territory.value.members);
  }
  ctx.cache.set(key, geometry);
  return geometry;
};

/**
 * What the stored outlines are made of: the newest file of outlines and how many there are. Only an import of outlines
 * moves it (a perimeter or another data file leaves the kept unions valid).
 */
const outlinesVersion = async (ctx: AppContext): Promise<string> => {
  const row = await ctx.store.db
    .selectFrom('dataset')
    .select((eb) => [eb.fn.max('id').as('newest'), eb.fn.countAll().as('files')])
    .where('family', '=', 'geo')
    .executeTakeFirst();
  return `geo:${Number(row?.newest ?? 0)}:${Number(row?.files ?? 0)}`;
};

/** Unions kept in the database for territories of more communes than this (smaller ones take milliseconds). */
const KEPT_UNION_MIN_COMMUNES = 10;

/**
 * A territory's outline dissolved from its communes', made once per version of the outlines and kept in the database (a
 * national map of départements, from the CLI, would otherwise dissolve 35 000 communes at every run).
 */
const dissolvedOutline = async (ctx: AppContext, ref: string, members: Int32Array): Promise<Geometry | null> => {
  if (members.length < KEPT_UNION_MIN_COMMUNES) return unionOfCommunes(ctx, await getCommuneOutlines(ctx, members));
  const version = await outlinesVersion(ctx);
  const kept = await ctx.store.db.selectFrom('outline_union').select('geometry').where('ref', '=', ref).where('data_version', '=', version).executeTakeFirst();
  if (kept) return JSON.parse(kept.geometry) as Geometry | null;
  const geometry = unionOfCommunes(ctx, await getCommuneOutlines(ctx, members));
  // A cache: another process writing the same row at once, or a read-only database, changes nothing to the answer.
  await ctx.store.db
    .insertInto('outline_union')
    .values({ ref, data_version: version, geometry: JSON.stringify(geometry) })
    .onConflict((oc) => oc.column('ref').doUpdateSet({ data_version: version, geometry: JSON.stringify(geometry) }))
    .execute()
    .catch(() => undefined);
  return geometry;
};

/**
 * One polygon-clipping sweep over all shapes is fastest up to a few thousand communes (Haute-Garonne: under a
 * second); beyond, communes are first dissolved per département, then the départements together.
 */
const unionOfCommunes = (ctx: AppContext, shapes: Map<string, Geometry>): Geometry | null => {
  const surfaces = (list: Geometry[]) => list.filter((g): g is Surface => g.type === 'Polygon' || g.type === 'MultiPolygon');
  const all = surfaces([...shapes.values()]);
  if (all.length === 0) return null;
  if (all.length <= 3000) return unionOf(all);
  const byDep = new Map<string, Surface[]>();
  for (const [ref, g] of shapes) {
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
    const i = ctx.referential.indexOf(ref.slice(4));
    const dep = i === undefined ? '' : ctx.referential.departementOf[i];
    const list = byDep.get(dep) ?? [];
    list.push(g);
    byDep.set(dep, list);
  }
  return unionOf([...byDep.values()].map((list) => unionOf(list)));
};
