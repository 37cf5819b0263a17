import { describe, expect, it } from 'vitest';
import { csvNumber } from './values-export.js';

describe('csvNumber', () => {
  it('écrit quinze chiffres significatifs avec une virgule décimale, sans la traîne binaire d’une somme', () => {
    expect(csvNumber(31.818181818181902)).toBe('31,8181818181819');
    expect(csvNumber(0.1 + 0.2)).toBe('0,3');
    expect(csvNumber(14.2947095978367)).toBe('14,2947095978367');
    expect(csvNumber(93183)).toBe('93183');
    expect(csvNumber(-2.5)).toBe('-2,5');
    expect(csvNumber(0)).toBe('0');
    expect(csvNumber(null)).toBe('');
  });
});
