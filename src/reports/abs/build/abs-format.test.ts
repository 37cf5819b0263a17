import { describe, expect, it } from 'vitest';
import { frenchTypography } from './abs-format.js';

describe('typographie française du rapport', () => {
  it('espaces insécables avant « : ; ! ? » et %, apostrophe typographique dans les noms, codes intacts', () => {
    expect(frenchTypography('Provence-Alpes-Côte d\'Azur : 12 % ; « oui »')).toBe('Provence-Alpes-Côte d’Azur\u00a0: 12\u202f%\u202f; «\u202foui\u202f»');
    expect(frenchTypography('CA Cœur d\'Essonne Agglomération')).toBe('CA Cœur d’Essonne Agglomération');
    // Not between a letter and something else (a quote mark of a formula, a code).
    expect(frenchTypography("'P22_POP'")).toBe("'P22_POP'");
  });
});
