import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../../../test/helpers/test-stores.js';
import type { AppContext } from '../context.js';
import { initDatabase } from '../context.js';
import { createPerimeter, deletePerimeter, listPerimeters } from '../perimeter/perimeter.service.js';
import { getTerritory } from './get-territory.service.js';
import { searchTerritories } from './resolve-territory.service.js';

const SUD = ['epci:200066819', 'epci:200072643', 'epci:200073146'];

describe.each(storeTargets())('territoires et périmètres sur $name', (target) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await target.create({ now: () => new Date('2026-11-28T10:00:00Z') });
  });
  afterAll(async () => {
    await target.destroy(ctx);
  });

  const territory = async (text: string) => {
    const r = await getTerritory(ctx, text);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('une référence tapée dans la recherche trouve son territoire ; une référence inconnue, rien', async () => {
    expect(await searchTerritories(ctx, 'epci:200066819')).toMatchObject([{ ref: 'epci:200066819', kind: 'epci', name: 'CC du Volvestre', matched: 'référence' }]);
    expect(await searchTerritories(ctx, 'com:31555')).toMatchObject([{ ref: 'com:31555', name: 'Toulouse', departement: '31' }]);
    expect(await searchTerritories(ctx, 'epci:999999999')).toEqual([]);
  });

  it('init deux fois ne change rien', async () => {
    const before = await ctx.store.db.selectFrom('commune').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const steps = await initDatabase(ctx);
    expect(steps.every((s) => !s.done)).toBe(true);
    const after = await ctx.store.db.selectFrom('commune').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(34969);
    expect(Number(after.n)).toBe(34969);
  });

  it('décrit Toulouse avec sa population 2023 et ses parents', async () => {
    const t = await territory('com:31555');
    expect(t).toMatchObject({ ref: 'com:31555', name: 'Toulouse', population: 514819, millesime: 2023, communes: 1 });
    expect(t.parents.epci?.ref).toBe('epci:243100518');
    expect(t.parents.departement?.ref).toBe('dep:31');
    expect(t.parents.region?.ref).toBe('reg:76');
  });

  it('répond à un ancien code par la commune actuelle, en le disant', async () => {
    const t = await territory('com:31298');
    expect(t.ref).toBe('com:31471');
    expect(t.name).toBe('Saint-Béat-Lez');
    expect(t.resolvedFrom?.via).toBe('ancien_code');
    expect(t.resolvedFrom?.message).toContain('31298');
  });

  it('compte les 21 communes de la CC Tarn-Agout sur deux départements', async () => {
    const t = await territory('epci:200034023');
    expect(t.communes).toBe(21);
    expect(t.departements).toEqual(['31', '81']);
  });

  it('compte 586 communes en Haute-Garonne et 34 875 en France', async () => {
    expect((await territory('dep:31')).communes).toBe(586);
    expect((await territory('fr')).communes).toBe(34875);
  });

  it('range les 20 arrondissements dans Paris', async () => {
    const t = await territory('com:75056');
    expect(t.arrondissements).toHaveLength(20);
    expect((await territory('com:75108')).ref).toBe('com:75056');
  });

  it('trouve une commune par son nom sans accents et par son code postal', async () => {
    expect((await territory('saint beat')).ref).toBe('com:31471');
    expect((await territory('31000')).ref).toBe('com:31555');
  });

  it('ne choisit pas entre le code INSEE d’une commune et le code postal d’une autre : il les nomme', async () => {
    // 31400 is Nogaret's INSEE code and a postal code of Toulouse; 75008, Bobigny's code before 1968 and Paris's.
    for (const [text, refs] of [['31400', ['com:31555', 'com:31400']], ['75008', ['com:75056', 'com:93008']]] as const) {
      const r = await getTerritory(ctx, text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('TERRITOIRE_AMBIGU');
        expect((r.error.details as { ref: string }[]).map((h) => h.ref).sort()).toEqual([...refs].sort());
      }
    }
  });

  it('laisse les COM hors des régions et de la France : ni région, ni lien refusé', async () => {
    const spm = await territory('com:97501');
    expect(spm.parents.departement?.ref).toBe('dep:975');
    expect(spm.parents.region).toBeUndefined();
    expect((await territory('dep:977')).parents.region).toBeUndefined();
    expect((await territory('com:97411')).parents.region?.ref).toBe('reg:04');
    const hits = await ctx.referential.search('saint', 50);
    expect(hits.filter((h) => h.kind === 'reg').map((h) => h.ref)).toEqual([]);
    expect(ctx.referential.regions.size).toBe(18);
  });

  it('donne la liste quand le texte est ambigu', async () => {
    const r = await getTerritory(ctx, 'saint');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('TERRITOIRE_AMBIGU');
      expect((r.error.details as unknown[]).length).toBeGreaterThan(1);
    }
  });

  it.each([
    ['com:99999', 'TERRITOIRE_INCONNU'],
    ['com:abc', 'REFERENCE_INVALIDE'],
    ['epci:123', 'REFERENCE_INVALIDE'],
    ['epci:123456789', 'TERRITOIRE_INCONNU'],
    ['per:inconnu', 'TERRITOIRE_INCONNU'],
  ])('refuse %s (%s) en nommant la valeur', async (text, code) => {
    const r = await getTerritory(ctx, text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(text.split(':')[1]);
    }
  });

  it('dep:20, l’ancien code de la Corse : refus qui donne 2A, 2B et la région', async () => {
    const r = await getTerritory(ctx, 'dep:20');
    expect(r.ok ? null : r.error.message).toBe('dep:20 : aucun département ne porte ce code ; la Corse compte deux départements depuis 1976 : dep:2A (Corse-du-Sud) et dep:2B (Haute-Corse), ou reg:94 pour la région');
  });

  it('crée « Sud Haute-Garonne » avec les 191 communes de ses trois EPCI', async () => {
    const r = await createPerimeter(ctx, { slug: 'sud-haute-garonne', name: 'Sud Haute-Garonne', members: SUD });
    expect(r.ok).toBe(true);
    const t = await territory('per:sud-haute-garonne');
    expect(t.communes).toBe(191);
    expect(t.membersSpec).toEqual(SUD);
    expect(t.parents).toMatchObject({ departement: { ref: 'dep:31' }, region: { ref: 'reg:76' } });
    const sum = ['epci:200066819', 'epci:200072643', 'epci:200073146'].map(async (e) => (await territory(e)).communes);
    expect((await Promise.all(sum)).reduce((a, b) => a + b, 0)).toBe(191);
    expect((await territory('Sud Haute-Garonne')).ref).toBe('per:sud-haute-garonne');
    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().where('target', '=', 'per:sud-haute-garonne').execute();
    expect(audit.map((a) => a.action)).toContain('perimeter.create');
  });

  it('garde chaque membre une fois, sous sa référence actuelle', async () => {
    // Toulouse twice, and Lez (31298, merged into Saint-Béat-Lez) with its current commune.
    const r = await createPerimeter(ctx, { slug: 'doublons', name: 'Doublons', members: ['com:31555', 'com:31298', 'com:31555', 'com:31471'] });
    expect(r.ok).toBe(true);
    const t = await territory('per:doublons');
    expect(t.membersSpec).toEqual(['com:31555', 'com:31471']);
    expect(t.communes).toBe(2);
    expect((await deletePerimeter(ctx, 'doublons')).ok).toBe(true);
  });

  it('refuse un périmètre existant, vide ou mal formé sans rien écrire', async () => {
    const count = async () => Number((await ctx.store.db.selectFrom('perimeter_commune').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases = [
      [{ slug: 'sud-haute-garonne', name: 'Doublon', members: ['com:31555'] }, 'PERIMETRE_EXISTANT'],
      [{ slug: 'vide', name: 'Vide', members: [] }, 'PERIMETRE_VIDE'],
      [{ slug: 'Mauvais Slug', name: 'X', members: ['com:31555'] }, 'SLUG_INVALIDE'],
      [{ slug: 'faux', name: 'Faux', members: ['com:31555', 'com:99999'] }, 'TERRITOIRE_INCONNU'],
      [{ slug: 'faux', name: 'Faux', members: ['fr'] }, 'REFERENCE_INVALIDE'],
    ] as const;
    for (const [input, code] of cases) {
      const r = await createPerimeter(ctx, { ...input, members: [...input.members] });
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    }
    expect(await count()).toBe(before);
  });

  it('liste les périmètres dans l’ordre français et les supprime', async () => {
    await createPerimeter(ctx, { slug: 'zebre', name: 'Zèbre', members: ['com:31555'] });
    await createPerimeter(ctx, { slug: 'ecole', name: 'École', members: ['dep:31'] });
    const names = (await listPerimeters(ctx)).map((p) => p.name);
    expect(names).toEqual(['École', 'Sud Haute-Garonne', 'Zèbre']);
    expect((await listPerimeters(ctx)).find((p) => p.slug === 'ecole')?.communes).toBe(586);
    // Each member is named, in the order given.
    expect((await listPerimeters(ctx)).find((p) => p.slug === 'sud-haute-garonne')).toMatchObject({
      members: ['epci:200066819', 'epci:200072643', 'epci:200073146'],
      memberNames: ['CC du Volvestre', 'CC Cœur et Coteaux du Comminges', 'CC Cagire Garonne Salat'],
    });
    expect((await deletePerimeter(ctx, 'zebre')).ok).toBe(true);
    expect((await deletePerimeter(ctx, 'zebre')).ok).toBe(false);
    expect((await listPerimeters(ctx)).map((p) => p.slug)).toEqual(['ecole', 'sud-haute-garonne']);
  });

  it('trie les communes à la française dans la base', async () => {
    const rows = await ctx.store.db.selectFrom('commune').select('name').where('departement', '=', '31').orderBy('sort_key').orderBy('name').limit(3).execute();
    expect(rows.map((r) => r.name)).toEqual(['Agassac', 'Aignes', 'Aigrefeuille']);
    // Accented initials sort with their letter, not after « Z » as a byte order would put them.
    const all = await ctx.store.db.selectFrom('commune').select('name').orderBy('sort_key').orderBy('name').execute();
    const names = all.map((r) => r.name);
    const firstE = names.findIndex((n) => /^[ÉÈ]/.test(n));
    expect(firstE).toBeGreaterThan(0);
    expect(names[firstE - 1][0]).toMatch(/[EÉÈ]/);
    expect(names[names.length - 1][0]).not.toMatch(/[ÉÈÎ]/);
  });
});
