import { describe, expect, it } from 'vitest';
import { CELL_INVALID, CELL_MISSING, CELL_SECRET, CELL_VALUE, createCellReader } from './number-cell.js';

describe('lecture d’une cellule', () => {
  const insee = createCellReader(CELL_MISSING);
  const caf = createCellReader(CELL_SECRET);

  it('garde la pleine précision des comptes pondérés du recensement', () => {
    expect(insee.read('280598.559263947')).toBe(CELL_VALUE);
    expect(insee.value).toBe(280598.559263947);
  });

  it('lit la virgule décimale et les espaces de milliers', () => {
    expect(insee.read('22,0')).toBe(CELL_VALUE);
    expect(insee.value).toBe(22);
    expect(insee.read('-18,7')).toBe(CELL_VALUE);
    expect(insee.value).toBe(-18.7);
    expect(insee.read('1\u202f234,5')).toBe(CELL_VALUE);
    expect(insee.value).toBe(1234.5);
    expect(insee.read(' 42 ')).toBe(CELL_VALUE);
    expect(insee.value).toBe(42);
    // The minus sign of French typography (U+2212), as Socle's own reports and many web pages print it.
    expect(insee.read('\u22121\u202f234,5')).toBe(CELL_VALUE);
    expect(insee.value).toBe(-1234.5);
    expect(insee.read('\u2212')).toBe(CELL_MISSING);
  });

  it('s est secret, nd et vide sont manquants chez l’INSEE, vide est secret à la CAF', () => {
    expect(insee.read('s')).toBe(CELL_SECRET);
    expect(insee.read('nd')).toBe(CELL_MISSING);
    expect(insee.read('')).toBe(CELL_MISSING);
    expect(caf.read('')).toBe(CELL_SECRET);
  });

  it('les marques sans chiffre de l’INSEE (N/A…, ns, nc, so, -) ne sont pas refusées : ns et nc secrets, les autres manquantes, à l’INSEE comme à la CAF', () => {
    const cases: [string, number][] = [
      ['N/A - résultat non disponible', CELL_MISSING],
      ['N/A - division par 0', CELL_MISSING],
      [' N/A ', CELL_MISSING],
      ['#DIV/0!', CELL_MISSING],
      ['so', CELL_MISSING],
      ['SO', CELL_MISSING],
      ['-', CELL_MISSING],
      [' - ', CELL_MISSING],
      ['ns', CELL_SECRET],
      ['NS', CELL_SECRET],
      ['nc', CELL_SECRET],
    ];
    for (const [raw, state] of cases) {
      expect([raw, insee.read(raw)]).toEqual([raw, state]);
      expect([raw, caf.read(raw)]).toEqual([raw, state]);
    }
    // Only the markers themselves: a word that begins like one is still no number.
    for (const raw of ['N/A résultat', 'n/a2', '- 3', 'nsp', 'soit']) expect([raw, insee.read(raw)]).toEqual([raw, CELL_INVALID]);
  });

  it.each(['1e309', '--3', 'abc', '1,234.5', '12a', 'Infinity', 'NaN', '0x10', '1 23'])('refuse « %s » avec une raison', (raw) => {
    expect(insee.read(raw)).toBe(CELL_INVALID);
    expect(insee.reason).toMatch(/nombre/);
  });
});
