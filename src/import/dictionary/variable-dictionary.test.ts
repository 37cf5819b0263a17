import { describe, expect, it } from 'vitest';
import { describeVariable } from './variable-dictionary.js';

describe('dictionnaire des variables', () => {
  it('nomme les tranches d’âge du recensement, pour la population, chaque sexe et l’activité', () => {
    expect(describeVariable('P_POP7589')).toEqual({ name: 'P_POP7589', label: 'Population de 75 à 89 ans', unit: 'personnes', kind: 'count' });
    expect(describeVariable('P_POP75P')?.label).toBe('Population de 75 ans ou plus');
    expect(describeVariable('P_H65P')).toEqual({ name: 'P_H65P', label: 'Hommes de 65 ans ou plus', unit: 'personnes', kind: 'count' });
    expect(describeVariable('P_F0019')?.label).toBe('Femmes de 0 à 19 ans');
    expect(describeVariable('C_ACTOCC1564')?.label).toBe('Actifs occupés de 15 à 64 ans (exploitation complémentaire)');
  });

  it('ne devine pas ce qu’il ne connaît pas', () => {
    expect(describeVariable('P_ZZBIB')).toBeUndefined();
    expect(describeVariable('P_HX65P')).toBeUndefined();
  });
});
