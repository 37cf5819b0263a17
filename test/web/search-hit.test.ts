// How a search suggestion names the kind of territory it is.
import { describe, expect, it } from 'vitest';
import { describeHit } from '../../web/src/components/TerritorySearch.js';

describe('suggestions de la recherche', () => {
  it('nomment une collectivité d’outre-mer comme telle, et un département d’outre-mer comme un département', () => {
    expect(describeHit({ ref: 'dep:977', kind: 'dep', name: 'Saint-Barthélemy', matched: 'nom', score: 1 })).toBe('collectivité d’outre-mer');
    expect(describeHit({ ref: 'dep:987', kind: 'dep', name: 'Polynésie française', matched: 'nom', score: 1 })).toBe('collectivité d’outre-mer');
    expect(describeHit({ ref: 'dep:974', kind: 'dep', name: 'La Réunion', matched: 'nom', score: 1 })).toBe('département');
    expect(describeHit({ ref: 'com:31555', kind: 'com', name: 'Toulouse', matched: 'code postal 31000', departement: '31', score: 1 })).toBe('commune · 31 · code postal 31000');
  });
});
