import { describe, expect, it } from 'vitest';
import { describeTerritoryCounts, plural } from './number-format.js';

describe('nombres en français', () => {
  it('accorde au pluriel à partir de deux, avec l’espace fine des milliers', () => {
    expect(plural(1, 'commune')).toBe('1 commune');
    expect(plural(0, 'commune')).toBe('0 commune');
    expect(plural(34_875, 'commune')).toBe('34\u202F875 communes');
    expect(plural(2, 'valeur secrète', 'valeurs secrètes')).toBe('2 valeurs secrètes');
  });

  it('décrit les territoires renseignés par niveau', () => {
    expect(describeTerritoryCounts({ com: 586, epci: 0, dep: 0 })).toBe('586 communes');
    expect(describeTerritoryCounts({ com: 0, epci: 1, dep: 0 })).toBe('1 EPCI');
    expect(describeTerritoryCounts({ com: 0, epci: 0, dep: 1 })).toBe('1 département');
    expect(describeTerritoryCounts({ com: 34_875, epci: 1_255, dep: 101 })).toBe('34\u202F875 communes, 1\u202F255 EPCI et 101 départements');
    expect(describeTerritoryCounts({ com: 1, epci: 0, dep: 2 })).toBe('1 commune et 2 départements');
    expect(describeTerritoryCounts({ com: 0, epci: 0, dep: 0 })).toBe('aucun');
  });
});
