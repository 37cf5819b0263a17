import { describe, expect, it } from 'vitest';
import { referenceYear } from './reference-year.js';

describe('année d’une date de référence (Date_Ref de la CNAF)', () => {
  it('lit une année, une date ISO ou française, le numéro de jour d’Excel', () => {
    expect(referenceYear('2021')).toBe(2021);
    expect(referenceYear(' 2022 ')).toBe(2022);
    expect(referenceYear('2022-12-31')).toBe(2022);
    expect(referenceYear('2022-12-31T00:00:00')).toBe(2022);
    expect(referenceYear('31/12/2022')).toBe(2022);
    expect(referenceYear('31.12.2021')).toBe(2021);
    // 44926 is 31 December 2022 in Excel.
    expect(referenceYear('44926')).toBe(2022);
  });

  it('ne prend ni un mot, ni un nombre qui n’est pas une année', () => {
    expect(referenceYear('')).toBeNull();
    expect(referenceYear('décembre')).toBeNull();
    expect(referenceYear('12')).toBeNull();
    expect(referenceYear('1850')).toBeNull();
    expect(referenceYear('2022-13')).toBeNull();
  });
});
