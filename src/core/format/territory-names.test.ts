import { describe, expect, it } from 'vitest';
import { ofTerritory } from './territory-names.js';

describe('préposition et article devant un nom de territoire', () => {
  it('élide devant une voyelle et met l’article d’un département ou d’une région', () => {
    expect(ofTerritory('reg', '76', 'Occitanie')).toBe('d’Occitanie');
    expect(ofTerritory('com', '31003', 'Aigrefeuille')).toBe('d’Aigrefeuille');
    expect(ofTerritory('dep', '31', 'Haute-Garonne')).toBe('de la Haute-Garonne');
    expect(ofTerritory('com', '31555', 'Toulouse')).toBe('de Toulouse');
    expect(ofTerritory('epci', '200066819', 'CC du Volvestre')).toBe('de la CC du Volvestre');
    expect(ofTerritory('fr', '', 'France')).toBe('de la France');
  });
});
