// `socle territory` and GET /api/v1/territories/{ref}: a territory with its population, parents and members.
import { isOverseasCollectivity, KIND_LABELS } from '../../core/territory/territory-ref.js';
import { POPULATION_MILLESIME } from '../../core/referential/referential.js';
import { ok, type AppError, type Result } from '../../core/result.js';
import type { TerritoryInfo } from '../../core/territory/territory.types.js';
import { chunks } from '../../storage/migrate.js';
import type { AppContext } from '../context.js';
import { resolveTerritory, type ResolvedTerritory } from './resolve-territory.service.js';

export const getTerritory = async (ctx: AppContext, input: string): Promise<Result<TerritoryInfo, AppError>> => {
  const resolved = await resolveTerritory(ctx, input);
  if (!resolved.ok) return resolved;
  return ok(await describeTerritory(ctx, resolved.value));
};

/** Number of member communes that have a stored outline. */
/** Whether an EPCI's, a département's or a région's own outline was imported (a commune's is counted below). */
const hasOwnOutline = async (ctx: AppContext, ref: string): Promise<boolean> =>
  /^(epci|dep|reg):/.test(ref) && (await ctx.store.db.selectFrom('outline').select('ref').where('ref', '=', ref).executeTakeFirst()) !== undefined;

export const countOutlines = async (ctx: AppContext, members: Int32Array): Promise<number> => {
  const refs = Array.from(members, (i) => `com:${ctx.referential.codes[i]}`);
  if (refs.length > 2000) {
    const all = await ctx.store.db.selectFrom('outline').select((eb) => eb.fn.countAll<number>().as('n')).where('ref', 'like', 'com:%').executeTakeFirst();
    if (Number(all?.n ?? 0) === 0) return 0;
    const set = new Set((await ctx.store.db.selectFrom('outline').select('ref').where('ref', 'like', 'com:%').execute()).map((r) => r.ref));
    return refs.filter((r) => set.has(r)).length;
  }
  let n = 0;
  for (const chunk of chunks(refs, 500)) {
    const row = await ctx.store.db.selectFrom('outline').select((eb) => eb.fn.countAll<number>().as('n')).where('ref', 'in', chunk).executeTakeFirst();
    n += Number(row?.n ?? 0);
  }
  return n;
};

export const describeTerritory = async (ctx: AppContext, t: ResolvedTerritory): Promise<TerritoryInfo> => {
  const r = ctx.referential;
  const pop = r.populationOf(t.members);
  const deps = [...new Set(Array.from(t.members, (i) => r.departementOf[i]))].sort();
  const info: TerritoryInfo = {
    ref: t.ref,
    name: t.name,
    kind: t.kind,
    // The referential keeps each collectivité d'outre-mer (975, 977, 978, 984, 986…989) as its communes' « département ».
    kindLabel: t.kind === 'dep' && isOverseasCollectivity(t.parsed.code) ? 'collectivité d’outre-mer' : KIND_LABELS[t.kind],
    population: t.members.length === pop.missing ? null : pop.value,
    millesime: POPULATION_MILLESIME,
    communes: t.members.length,
    parents: {},
    departements: deps,
    outline: t.members.length > 0 && ((await hasOwnOutline(ctx, t.ref)) || (await countOutlines(ctx, t.members)) === t.members.length),
  };
  if (pop.missing > 0) info.populationMissing = pop.missing;
  const depLink = (code: string) => ({ ref: `dep:${code}`, name: r.departements.get(code)?.name ?? code });
  // A COM has no région (its commune's région is empty): no link rather than a reference that is refused.
  const regLink = (code: string) => (r.regions.has(code) ? { ref: `reg:${code}`, name: r.regions.get(code)!.name } : undefined);
  if (t.kind === 'com') {
    const i = t.members[0];
    const epci = r.epciOf[i];
    info.codeInsee = r.codes[i];
    info.postalCodes = r.postalCodes[i];
    info.parents = {
      epci: epci ? { ref: `epci:${epci}`, name: r.epcis.get(epci)!.name } : null,
      departement: depLink(r.departementOf[i]),
    };
    const region = regLink(r.regionOf[i]);
    if (region) info.parents.region = region;
    const arr = r.aliasesOf(i, 'arrondissement');
    if (arr.length) info.arrondissements = arr;
    if (t.resolvedFrom) info.resolvedFrom = t.resolvedFrom;
  } else if (t.kind === 'epci') {
    const e = r.epcis.get(t.parsed.code)!;
    info.epciType = e.type;
    const regs = [...new Set(Array.from(t.members, (i) => r.regionOf[i]))];
    if (deps.length === 1) info.parents.departement = depLink(deps[0]);
    if (regs.length === 1 && regLink(regs[0])) info.parents.region = regLink(regs[0]);
  } else if (t.kind === 'dep') {
    const region = regLink(r.departements.get(t.parsed.code)!.region);
    if (region) info.parents.region = region;
  } else if (t.kind === 'per') {
    info.membersSpec = t.membersSpec;
    const regs = [...new Set(Array.from(t.members, (i) => r.regionOf[i]))];
    if (deps.length === 1) info.parents.departement = depLink(deps[0]);
    if (regs.length === 1 && regLink(regs[0])) info.parents.region = regLink(regs[0]);
  }
  return info;
};
