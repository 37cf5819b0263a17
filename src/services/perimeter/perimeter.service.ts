// Custom perimeters: a CTG territory, a SCoT, « Sud Haute-Garonne ». Stored as the set of communes they cover, with
// the references they were made from.
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import { foldText } from '../../core/referential/text.js';
import { parseRef } from '../../core/territory/territory-ref.js';
import type { TerritoryInfo } from '../../core/territory/territory.types.js';
import { chunks } from '../../storage/migrate.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { describeTerritory } from '../territory/get-territory.service.js';
import { resolveRef } from '../territory/resolve-territory.service.js';
import { hintFor } from '../edge.js';
import { lockForWrite } from '../../storage/connection.js';
import { resolveTerritory } from '../territory/resolve-territory.service.js';

export interface CreatePerimeterInput {
  slug: string;
  name: string;
  /** References of communes, EPCI, départements or régions. */
  members: string[];
  actor?: string;
}

export interface PerimeterSummary {
  ref: string;
  slug: string;
  name: string;
  communes: number;
  members: string[];
  /** The members' names, in the same order (« CC du Volvestre »); the reference itself for one no longer known. */
  memberNames: string[];
  createdAt: string;
  /** Changes so far, from 1: give it back with a change (updatePerimeter) to refuse overwriting someone else's. */
  version: number;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A perimeter's name and members checked, and the communes they cover (sorted commune indices). */
const checkPerimeter = async (ctx: AppContext, input: { slug: string; name: string; members: string[] }): Promise<Result<{ slug: string; name: string; specs: string[]; sorted: number[] }, AppError>> => {
  const slug = input.slug.trim();
  if (!SLUG.test(slug) || slug.length > 80) {
    return err(appError('SLUG_INVALIDE', `« ${input.slug} » : l'identifiant d'un périmètre s'écrit en minuscules, chiffres et tirets (sud-haute-garonne)`));
  }
  const name = input.name.trim();
  if (!name) return err(appError('PARAMETRE_INVALIDE', `périmètre ${slug} : le nom est vide (${hintFor(ctx, '--name "Sud Haute-Garonne"', '"name": "Sud Haute-Garonne"')})`));
  const specs = input.members.map((m) => m.trim()).filter(Boolean);
  if (specs.length === 0) return err(appError('PERIMETRE_VIDE', `périmètre ${slug} : aucun membre donné (${hintFor(ctx, '--members epci:200066819,com:31555', '"members": ["epci:200066819", "com:31555"]')})`));
  const codes = new Set<number>();
  // Each member once, under its current reference: « com:31555 » given twice, or an old code and its commune, is one
  // member (the perimeter's composition names it once).
  const kept: string[] = [];
  for (const spec of specs) {
    const parsed = parseRef(spec);
    if (!parsed.ok) return parsed;
    if (!['com', 'epci', 'dep', 'reg'].includes(parsed.value.kind)) {
      return err(appError('REFERENCE_INVALIDE', `« ${spec} » : un périmètre se compose de communes, d'EPCI, de départements ou de régions`));
    }
    const t = await resolveRef(ctx, parsed.value);
    if (!t.ok) return t;
    if (!kept.includes(t.value.ref)) kept.push(t.value.ref);
    for (const i of t.value.members) codes.add(i);
  }
  if (codes.size === 0) return err(appError('PERIMETRE_VIDE', `périmètre ${slug} : les membres ne couvrent aucune commune`));
  return ok({ slug, name, specs: kept, sorted: [...codes].sort((a, b) => a - b) });
};

export const createPerimeter = async (ctx: AppContext, input: CreatePerimeterInput): Promise<Result<TerritoryInfo, AppError>> => {
  const checked = await checkPerimeter(ctx, input);
  if (!checked.ok) return checked;
  const { slug, name, specs, sorted } = checked.value;
  const taken = () => err(appError('PERIMETRE_EXISTANT', `per:${slug} existe déjà (${hintFor(ctx, `socle perimeter delete ${slug}`, `DELETE /api/v1/perimeters/${slug}`)} pour le remplacer)`));
  const at = ctx.now();
  const stamp = at.toISOString();
  const created = await ctx.store.db.transaction().execute(async (tx) => {
    // Two requests creating the same perimeter at once: the second waits, then finds the first one's.
    await lockForWrite(ctx.store, tx, 'perimeter');
    const existing = await tx.selectFrom('perimeter').select('id').where('slug', '=', slug).executeTakeFirst();
    if (existing) return false;
    // A perimeter deleted and made again under the same identifier does not start again at version 1: a change
    // sent from a page opened on the old one (version 1 or 2…) would overwrite the new one. Each version was written
    // with an audit entry of its identifier, so one more than their count is above every version it ever had.
    const history = await tx.selectFrom('audit_log').select((eb) => eb.fn.countAll<number | string>().as('n')).where('target', '=', `per:${slug}`).executeTakeFirst();
    const row = await tx
      .insertInto('perimeter')
      .values({ slug, name, sort_key: foldText(name), members_spec: specs.join(','), created_at: stamp, updated_at: stamp, version: Number(history?.n ?? 0) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = sorted.map((i) => ({ perimeter_id: row.id, code_insee: ctx.referential.codes[i] }));
    for (const chunk of chunks(rows, 1000)) await tx.insertInto('perimeter_commune').values(chunk).execute();
    await recordAudit(tx, { at, actor: input.actor ?? 'cli', action: 'perimeter.create', target: `per:${slug}`, details: { name, members: specs, communes: rows.length } });
    return true;
  });
  if (!created) return taken();
  ctx.invalidate();
  const resolved = await resolveRef(ctx, { kind: 'per', code: slug });
  if (!resolved.ok) return resolved;
  return ok(await describeTerritory(ctx, resolved.value));
};

export interface UpdatePerimeterInput {
  slug: string;
  name: string;
  members: string[];
  /** The version the change was made from (GET /perimeters): a perimeter changed since is not overwritten. */
  version?: number;
  actor?: string;
}

/**
 * Renames a perimeter or changes its members; its identifier stays. With `version`, a perimeter changed by someone
 * else since that version is refused (CONFLIT, HTTP 409) rather than overwritten.
 */
export const updatePerimeter = async (ctx: AppContext, input: UpdatePerimeterInput): Promise<Result<TerritoryInfo, AppError>> => {
  const checked = await checkPerimeter(ctx, { ...input, slug: input.slug.replace(/^per:/, '') });
  if (!checked.ok) return checked;
  const { slug, name, specs, sorted } = checked.value;
  const at = ctx.now();
  const outcome = await ctx.store.db.transaction().execute(async (tx): Promise<Result<true, AppError>> => {
    await lockForWrite(ctx.store, tx, 'perimeter');
    const row = await tx.selectFrom('perimeter').select(['id', 'version', 'name', 'members_spec']).where('slug', '=', slug).executeTakeFirst();
    if (!row) return err(appError('PERIMETRE_INCONNU', `per:${slug} : aucun périmètre ne porte cet identifiant`));
    const current = Number(row.version);
    if (input.version !== undefined && input.version !== current) {
      return err(appError('CONFLIT', `per:${slug} a été modifié depuis (version ${current}, la vôtre ${input.version}) : rechargez-le avant de le modifier`));
    }
    await tx
      .updateTable('perimeter')
      .set({ name, sort_key: foldText(name), members_spec: specs.join(','), updated_at: at.toISOString(), version: current + 1 })
      .where('id', '=', row.id)
      .execute();
    await tx.deleteFrom('perimeter_commune').where('perimeter_id', '=', row.id).execute();
    const rows = sorted.map((i) => ({ perimeter_id: row.id, code_insee: ctx.referential.codes[i] }));
    for (const chunk of chunks(rows, 1000)) await tx.insertInto('perimeter_commune').values(chunk).execute();
    await recordAudit(tx, {
      at,
      actor: input.actor ?? 'cli',
      action: 'perimeter.update',
      target: `per:${slug}`,
      details: { before: { name: row.name, members: row.members_spec.split(',') }, after: { name, members: specs, communes: rows.length } },
    });
    return ok(true);
  });
  if (!outcome.ok) return outcome;
  ctx.invalidate();
  const resolved = await resolveRef(ctx, { kind: 'per', code: slug });
  if (!resolved.ok) return resolved;
  return ok(await describeTerritory(ctx, resolved.value));
};

/** A perimeter's members as given, each with its name (the reference itself for one the referential no longer knows). */
export const namedMembers = async (ctx: AppContext, refs: readonly string[]): Promise<{ ref: string; name: string }[]> => {
  const out: { ref: string; name: string }[] = [];
  for (const ref of refs) {
    const t = await resolveTerritory(ctx, ref);
    out.push(t.ok ? { ref: t.value.ref, name: t.value.name } : { ref, name: ref });
  }
  return out;
};

export const listPerimeters = async (ctx: AppContext): Promise<PerimeterSummary[]> => {
  const rows = await ctx.store.db
    .selectFrom('perimeter')
    .leftJoin('perimeter_commune', 'perimeter_commune.perimeter_id', 'perimeter.id')
    .select((eb) => ['perimeter.slug', 'perimeter.name', 'perimeter.members_spec', 'perimeter.created_at', 'perimeter.sort_key', 'perimeter.version', eb.fn.count<number>('perimeter_commune.code_insee').as('communes')])
    .groupBy(['perimeter.id', 'perimeter.slug', 'perimeter.name', 'perimeter.members_spec', 'perimeter.created_at', 'perimeter.sort_key', 'perimeter.version'])
    .orderBy('perimeter.sort_key')
    .orderBy('perimeter.slug')
    .execute();
  const out: PerimeterSummary[] = [];
  for (const r of rows) {
    const members = r.members_spec.split(',');
    const memberNames = (await namedMembers(ctx, members)).map((m) => m.name);
    out.push({ ref: `per:${r.slug}`, slug: r.slug, name: r.name, communes: Number(r.communes), members, memberNames, createdAt: r.created_at, version: Number(r.version) });
  }
  return out;
};

/**
 * Deletes a perimeter. With `version` (the one the page or client read), a perimeter changed by someone else since is
 * refused (CONFLIT, HTTP 409) rather than deleted unseen.
 */
export const deletePerimeter = async (ctx: AppContext, slugInput: string, actor = 'cli', version?: number): Promise<Result<{ ref: string; deleted: true }, AppError>> => {
  const slug = slugInput.replace(/^per:/, '').trim();
  const done = await ctx.store.db.transaction().execute(async (tx): Promise<Result<true, AppError>> => {
    await lockForWrite(ctx.store, tx, 'perimeter');
    const row = await tx.selectFrom('perimeter').select(['id', 'version']).where('slug', '=', slug).executeTakeFirst();
    if (!row) return err(appError('PERIMETRE_INCONNU', `per:${slug} : aucun périmètre ne porte cet identifiant`));
    const current = Number(row.version);
    if (version !== undefined && version !== current) {
      return err(appError('CONFLIT', `per:${slug} a été modifié depuis (version ${current}, la vôtre ${version}) : rechargez-le avant de le supprimer`));
    }
    await tx.deleteFrom('perimeter_commune').where('perimeter_id', '=', row.id).execute();
    await tx.deleteFrom('perimeter').where('id', '=', row.id).execute();
    await recordAudit(tx, { at: ctx.now(), actor, action: 'perimeter.delete', target: `per:${slug}`, details: { version: current } });
    return ok(true);
  });
  if (!done.ok) return done;
  ctx.invalidate();
  return ok({ ref: `per:${slug}`, deleted: true });
};
