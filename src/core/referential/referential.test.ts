// The referential is built from the real @etalab/decoupage-administratif 6.0.0 files (read by storage), then
// questioned in memory.
import { beforeAll, describe, expect, it } from 'vitest';
import { getReferential } from '../../storage/referential-source.js';
import { editDistance, type Referential } from './referential.js';
import { compareNames, foldText } from './text.js';

let r: Referential;
beforeAll(() => {
  r = getReferential();
});

describe('référentiel des territoires (COG 2026)', () => {
  it('compte 34 969 communes actuelles, 1 255 EPCI, et 34 875 communes en France (métropole et DROM)', () => {
    expect(r.communeCount).toBe(34969);
    expect(r.epcis.size).toBe(1255);
    expect(r.france.length).toBe(34875);
    expect(r.departements.get('31')!.members.length).toBe(586);
  });

  it('laisse 98 communes hors de tout EPCI', () => {
    expect(r.epciOf.filter((e) => e === null).length).toBe(98);
  });

  it('donne à Toulouse sa population municipale 2023 et ses parents', () => {
    const i = r.indexOf('31555')!;
    expect(r.names[i]).toBe('Toulouse');
    expect(r.population[i]).toBe(514819);
    expect(r.epciOf[i]).toBe('243100518');
    expect(r.departementOf[i]).toBe('31');
    expect(r.regionOf[i]).toBe('76');
  });

  it('ramène un ancien code à la commune actuelle (31298 Lez → 31471 Saint-Béat-Lez)', () => {
    expect(r.resolveCode('31298')).toEqual({ index: r.indexOf('31471'), code: '31471', via: 'ancien_code' });
  });

  it('fait gagner la commune actuelle quand une déléguée partage son code', () => {
    // 31471 is both Saint-Béat-Lez (actuelle) and Saint-Béat (déléguée) in the file.
    expect(r.resolveCode('31471')!.via).toBe('actuelle');
    expect(r.names[r.indexOf('31471')!]).toBe('Saint-Béat-Lez');
  });

  it('ramène les 45 arrondissements municipaux à Paris, Lyon et Marseille', () => {
    const paris = r.aliasesOf(r.indexOf('75056')!, 'arrondissement');
    const lyon = r.aliasesOf(r.indexOf('69123')!, 'arrondissement');
    const marseille = r.aliasesOf(r.indexOf('13055')!, 'arrondissement');
    expect([paris.length, lyon.length, marseille.length]).toEqual([20, 9, 16]);
    expect(r.resolveCode('69385')!.code).toBe('69123');
  });

  it('sait qu’un EPCI peut s’étendre sur deux départements (CC Tarn-Agout)', () => {
    const e = r.epcis.get('200034023')!;
    expect(e.members.length).toBe(21);
    expect(e.departements).toEqual(['31', '81']);
    expect(Array.from(e.members).filter((i) => r.departementOf[i] === '31').length).toBe(1);
  });

  it('laisse les communes des COM hors de la France statistique, mais joignables', () => {
    const i = r.indexOf('97501')!;
    expect(r.zoneOf[i]).toBe('com');
    expect(r.france.includes(i)).toBe(false);
  });

  it('a des membres triés et sans doublon pour chaque EPCI', () => {
    for (const e of r.epcis.values()) {
      for (let k = 1; k < e.members.length; k++) expect(e.members[k]).toBeGreaterThan(e.members[k - 1]);
    }
  });
});

describe('recherche', () => {
  it('trouve « saint beat » sans accent ni majuscule', () => {
    const hits = r.search('saint beat');
    expect(hits[0].ref).toBe('com:31471');
  });

  it('trouve une commune par son code postal', () => {
    expect(r.search('31000')[0].ref).toBe('com:31555');
  });

  it('trouve une commune par son code INSEE et un EPCI par son SIREN', () => {
    expect(r.search('31555')[0].ref).toBe('com:31555');
    expect(r.search('243100518')[0].ref).toBe('epci:243100518');
    // Two digits: the département first, then the région of that code.
    expect(r.search('93').slice(0, 2).map((h) => h.ref)).toEqual(['dep:93', 'reg:93']);
    expect(r.search('76').slice(0, 2).map((h) => h.ref)).toEqual(['dep:76', 'reg:76']);
    expect(r.search('31').some((h) => h.kind === 'reg')).toBe(false);
  });

  it('met le nom exact devant les noms qui le contiennent', () => {
    const hits = r.search('toulouse');
    expect(hits[0].ref).toBe('com:31555');
    expect(hits.some((h) => h.ref === 'epci:243100518')).toBe(true);
  });

  it('trouve une intercommunalité par un mot de son nom', () => {
    expect(r.search('volvestre').some((h) => h.ref === 'epci:200066819')).toBe(true);
  });

  it('écrit « Cœur » dans le nom des intercommunalités, et les trouve écrit « coeur » comme « cœur »', () => {
    expect(r.nameOf({ kind: 'epci', code: '200072643' })).toBe('CC Cœur et Coteaux du Comminges');
    expect(r.nameOf({ kind: 'epci', code: '200057859' })).toMatch(/^CA Cœur d.Essonne/);
    expect([...r.epcis.values()].filter((e) => /coeur/i.test(e.name))).toEqual([]);
    for (const q of ['coeur coteaux comminges', 'cœur et coteaux']) expect(r.search(q).some((h) => h.ref === 'epci:200072643'), q).toBe(true);
  });

  it('« France » donne la France d’abord, devant Francescas et les régions qui portent le mot', () => {
    expect(r.search('France')[0]).toMatchObject({ ref: 'fr', kind: 'fr', name: 'France' });
    expect(r.search('france').map((h) => h.ref)).toContain('reg:11');
  });

  it('sans résultat, propose la commune au nom le plus proche, à partir de 4 lettres', () => {
    expect(r.search('tolouse')).toEqual([]);
    expect(r.suggest('tolouse')).toMatchObject({ ref: 'com:31555', name: 'Toulouse', matched: 'nom proche' });
    expect(r.suggest('Saint Gaudnes')?.ref).toBe('com:31483');
    expect(r.suggest('tlz')).toBeNull();
    expect(r.suggest('xqzwvkj')).toBeNull();
  });
});

describe('distance d’édition', () => {
  it('compte les insertions, suppressions et substitutions, et s’arrête au-delà de la limite', () => {
    expect(editDistance('tolouse', 'toulouse', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abc', 'abcdef', 1)).toBe(2);
  });
});

describe('texte', () => {
  it('plie accents, casse, tirets et « St »', () => {
    expect(foldText('Saint-Béat-Lez')).toBe('saint beat lez');
    expect(foldText('St-Gaudens')).toBe('saint gaudens');
    expect(foldText("L'Isle-en-Dodon")).toBe('l isle en dodon');
  });

  it('trie à la française : école avant zèbre', () => {
    expect(['zèbre', 'école', 'Abbeville'].sort(compareNames)).toEqual(['Abbeville', 'école', 'zèbre']);
  });
});

describe('forme colonnaire du référentiel', () => {
  it('redonne exactement le référentiel construit depuis les fichiers du paquet', async () => {
    const { readRawReferential } = await import('../../storage/referential-source.js');
    const { Referential } = await import('./referential.js');
    const fromRaw = new Referential(readRawReferential());
    const fromState = new Referential(JSON.parse(JSON.stringify(fromRaw.toState())));
    expect(fromState.codes).toEqual(fromRaw.codes);
    expect(Array.from(fromState.population)).toEqual(Array.from(fromRaw.population));
    expect(fromState.aliasEntries()).toEqual(fromRaw.aliasEntries());
    expect(Array.from(fromState.france)).toEqual(Array.from(fromRaw.france));
    expect(fromState.names).toEqual(fromRaw.names);
    expect(fromState.epciOf).toEqual(fromRaw.epciOf);
    expect(fromState.postalCodes).toEqual(fromRaw.postalCodes);
    // Members are not written but read again from the communes' columns: the same, for every EPCI, département, région.
    const shape = (r: typeof fromRaw) =>
      [r.epcis, r.departements, r.regions].map((m) => [...m.values()].map((t) => ({ ...t, members: Array.from(t.members) })));
    expect(shape(fromState)).toEqual(shape(fromRaw));
    for (const q of ['saint beat', '31000', '75116', 'volvestre', 'lez']) expect(fromState.search(q)).toEqual(fromRaw.search(q));
  });
});
