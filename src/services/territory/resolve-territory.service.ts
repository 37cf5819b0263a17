// Turns what a person typed (a reference or free text) into a territory and its member communes.
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { SearchHit } from '../../core/referential/referential.js';
import { formatRef, looksLikeRef, parseRef, type TerritoryKind, type TerritoryRef } from '../../core/territory/territory-ref.js';
import type { AppContext } from '../context.js';
import { hintFor } from '../edge.js';

export interface ResolvedTerritory {
  ref: string;
  parsed: TerritoryRef;
  kind: TerritoryKind;
  name: string;
  /** Sorted commune indices of the referential. */
  members: Int32Array;
  /** When the code asked for was not today's. */
  resolvedFrom?: { code: string; via: string; message: string };
  /** Perimeters: the references given at creation. */
  membersSpec?: string[];
}

const VIA_TEXT: Record<string, string> = {
  ancien_code: 'un ancien code',
  deleguee: 'le code d’une commune déléguée',
  associee: 'le code d’une commune associée',
  arrondissement: 'le code d’un arrondissement municipal',
};

/** A reference (`com:31555`, `per:slug`, `fr`) → its territory; never searches. */
export const resolveRef = async (ctx: AppContext, ref: TerritoryRef): Promise<Result<ResolvedTerritory, AppError>> => {
  const r = ctx.referential;
  const text = formatRef(ref);
  if (ref.kind === 'per') {
    const row = await ctx.store.db.selectFrom('perimeter').select(['id', 'name', 'members_spec']).where('slug', '=', ref.code).executeTakeFirst();
    if (!row) return err(appError('TERRITOIRE_INCONNU', `${text} : aucun périmètre ne porte cet identifiant (voir ${hintFor(ctx, 'socle perimeter list', 'GET /api/v1/perimeters')})`));
    const codes = await ctx.store.db.selectFrom('perimeter_commune').select('code_insee').where('perimeter_id', '=', row.id).execute();
    const members = Int32Array.from(codes.map((c) => r.indexOf(c.code_insee)).filter((i): i is number => i !== undefined)).sort();
    return ok({ ref: text, parsed: ref, kind: 'per', name: row.name, members, membersSpec: row.members_spec.split(',') });
  }
  if (ref.kind === 'com') {
    const resolved = r.resolveCode(ref.code);
    if (!resolved) return err(appError('TERRITOIRE_INCONNU', `${text} : aucune commune, actuelle ou ancienne, ne porte ce code`));
    const current = `com:${resolved.code}`;
    const out: ResolvedTerritory = { ref: current, parsed: { kind: 'com', code: resolved.code }, kind: 'com', name: r.names[resolved.index], members: Int32Array.of(resolved.index) };
    if (resolved.via !== 'actuelle') {
      out.resolvedFrom = {
        code: ref.code,
        via: resolved.via,
        message: `${ref.code} est ${VIA_TEXT[resolved.via]} : la commune actuelle est ${r.names[resolved.index]} (${resolved.code})`,
      };
    }
    return ok(out);
  }
  const members = r.membersOf(ref);
  const name = r.nameOf(ref);
  if (!members || !name) {
    const what = { epci: 'aucune intercommunalité ne porte ce SIREN', dep: 'aucun département ne porte ce code', reg: 'aucune région ne porte ce code' }[ref.kind as 'epci' | 'dep' | 'reg'];
    // Corsica's département 20 became 2A and 2B in 1976; old files still write it.
    const hint = ref.kind === 'dep' && ref.code === '20' ? ' ; la Corse compte deux départements depuis 1976 : dep:2A (Corse-du-Sud) et dep:2B (Haute-Corse), ou reg:94 pour la région' : '';
    return err(appError('TERRITOIRE_INCONNU', `${text} : ${what}${hint}`));
  }
  return ok({ ref: text, parsed: ref, kind: ref.kind, name, members });
};

/** Perimeters as search candidates (their names are searched like the referential's). */
const perimeterHits = async (ctx: AppContext): Promise<SearchHit[]> => {
  const rows = await ctx.store.db.selectFrom('perimeter').select(['slug', 'name']).execute();
  return rows.map((p) => ({ ref: `per:${p.slug}`, kind: 'per' as const, name: p.name, matched: 'nom', score: 0 }));
};

export const searchTerritories = async (ctx: AppContext, text: string, limit = 20): Promise<SearchHit[]> => {
  // A reference typed in a search box (« epci:200066819 », « dep:31 ») finds its territory.
  if (looksLikeRef(text)) {
    const parsed = parseRef(text);
    if (!parsed.ok) return [];
    const t = await resolveRef(ctx, parsed.value);
    if (!t.ok) return [];
    const pop = ctx.referential.populationOf(t.value.members);
    return [
      {
        ref: t.value.ref,
        kind: t.value.kind,
        name: t.value.name,
        matched: 'référence',
        ...(t.value.kind === 'com' ? { departement: ctx.referential.departementOf[t.value.members[0]] } : {}),
        population: t.value.members.length === pop.missing ? null : pop.value,
        score: 1,
      },
    ];
  }
  return ctx.referential.search(text, limit, await perimeterHits(ctx));
};

/**
 * The commune or EPCI of the closest name (« tolouse » → Toulouse), or null; with `above`, only one more populous
 * than that (a larger place than the hits found).
 */
export const suggestTerritory = (ctx: AppContext, text: string, above?: number): SearchHit | null => ctx.referential.suggest(text, above);

/**
 * A reference or free text → one territory. Free text resolves when one match stands out (a single hit, or a best
 * hit strictly better than the next); otherwise TERRITOIRE_AMBIGU with the candidates in `details`.
 */
export const resolveTerritory = async (ctx: AppContext, input: string): Promise<Result<ResolvedTerritory, AppError>> => {
  const text = input.trim();
  if (!text) return err(appError('REFERENCE_INVALIDE', 'territoire vide : donner une référence (com:31555) ou un nom'));
  if (looksLikeRef(text)) {
    const parsed = parseRef(text);
    if (!parsed.ok) return parsed;
    return resolveRef(ctx, parsed.value);
  }
  const hits = await searchTerritories(ctx, text, 20);
  if (hits.length === 0) return err(appError('TERRITOIRE_INCONNU', `« ${text} » : aucun territoire ne correspond (nom, code INSEE, code postal, SIREN)`));
  const top = hits[0];
  const clear = hits.length === 1 || (top.score >= 85 && top.score > hits[1].score);
  if (!clear) {
    const list = hits.map((h) => `${h.ref} ${h.name}${h.departement ? ` (${h.departement})` : ''}`).join(', ');
    return err(appError('TERRITOIRE_AMBIGU', `« ${text} » désigne plusieurs territoires : ${list}. Préciser avec une référence.`, hits));
  }
  const parsed = parseRef(top.ref);
  if (!parsed.ok) return parsed;
  return resolveRef(ctx, parsed.value);
};
