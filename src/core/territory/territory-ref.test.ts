import { describe, expect, it } from 'vitest';
import { formatRef, looksLikeRef, parseRef, parseRefList } from './territory-ref.js';

describe('références de territoire', () => {
  it.each([
    ['com:31555', { kind: 'com', code: '31555' }],
    ['com:2a004', { kind: 'com', code: '2A004' }],
    ['epci:243100518', { kind: 'epci', code: '243100518' }],
    ['dep:31', { kind: 'dep', code: '31' }],
    ['dep:974', { kind: 'dep', code: '974' }],
    ['reg:76', { kind: 'reg', code: '76' }],
    ['FR', { kind: 'fr', code: '' }],
    ['per:sud-haute-garonne', { kind: 'per', code: 'sud-haute-garonne' }],
  ])('« %s » se lit comme une référence', (text, expected) => {
    const r = parseRef(text);
    expect(r.ok && r.value).toEqual(expected);
    expect(r.ok && formatRef(r.value)).toBe(text.toLowerCase() === 'fr' ? 'fr' : `${expected.kind}:${expected.code}`);
  });

  it.each([
    ['com:abc', '« abc » n\'est pas un code INSEE'],
    ['epci:123', '« 123 » n\'est pas un SIREN de 9 chiffres'],
    ['dep:3', 'n\'est pas un code de département'],
    ['ville:31555', 'type de territoire « ville » inconnu'],
    ['per:Sud Haute', 'n\'est pas un identifiant'],
  ])('« %s » est refusée avec un message qui nomme la valeur', (text, message) => {
    const r = parseRef(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('REFERENCE_INVALIDE');
      expect(r.error.message).toContain(message);
    }
  });

  it('distingue une référence d’un texte à chercher', () => {
    expect(looksLikeRef('com:31555')).toBe(true);
    expect(looksLikeRef('fr')).toBe(true);
    expect(looksLikeRef('saint beat')).toBe(false);
    expect(looksLikeRef('31000')).toBe(false);
  });

  it('lit une liste de références et s’arrête à la première fautive', () => {
    const ok = parseRefList('epci:200066819, epci:200072643,dep:31');
    expect(ok.ok && ok.value.map(formatRef)).toEqual(['epci:200066819', 'epci:200072643', 'dep:31']);
    const bad = parseRefList('epci:200066819,com:xx');
    expect(bad.ok).toBe(false);
  });
});
