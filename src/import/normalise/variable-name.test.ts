import { describe, expect, it } from 'vitest';
import { normaliseInseeName, publishedPeriod, readTimePeriod, sanitiseName, yearInFileName } from './variable-name.js';

describe('noms normalisés des colonnes INSEE', () => {
  it.each([
    ['P22_POP', 'P_POP', 2022],
    ['C22_FAMMONO', 'C_FAMMONO', 2022],
    ['P16_POP', 'P_POP', 2016],
    ['P22_POP1564', 'P_POP1564', 2022],
    ['MED21', 'MED', 2021],
    ['TP6021', 'TP60', 2021],
    ['TP60AGE121', 'TP60AGE1', 2021],
    ['NBMENFISC21', 'NBMENFISC', 2021],
    ['D921', 'D9', 2021],
    ['ETTOT24', 'ETTOT', 2024],
    ['ETTEF124', 'ETTEF1', 2024],
    ['ETTEFP1024', 'ETTEFP10', 2024],
    ['BPE_2024_D307', 'BPE_D307', 2024],
    ['ENCTOT25', 'ENCTOT', 2025],
    ['HT26', 'HT', 2026],
    ['NAISD24', 'NAISD', 2024],
    ['SNEMM_23', 'SNEMM', 2023],
    ['ELECTEURSLP2024', 'ELECTEURSLP', 2024],
    ['D99_POP', 'D_POP', 1999],
  ])('%s → %s @ %i', (published, name, millesime) => {
    const n = normaliseInseeName(published, 2026);
    expect(n.name).toBe(name);
    expect(n.millesime).toBe(millesime);
    expect(n.period).toBeUndefined();
  });

  it('NAIS1621 garde sa période 2016–2021, millésime 2021', () => {
    expect(normaliseInseeName('NAIS1621', 2026)).toEqual({ name: 'NAIS', millesime: 2021, period: [2016, 2021] });
    expect(normaliseInseeName('DECE1621', 2026)).toEqual({ name: 'DECE', millesime: 2021, period: [2016, 2021] });
  });

  it('la période d’une colonne publiée, relue avec les règles de son import : NAIS1621, et NAIS 2016-2021 des fichiers longs', () => {
    expect(publishedPeriod('NAIS1621', 2026)).toEqual([2016, 2021]);
    expect(publishedPeriod('NAIS 2016-2021', 2026)).toEqual([2016, 2021]);
    expect(publishedPeriod('PMUN 2023', 2026)).toBeUndefined();
    expect(publishedPeriod('P22_POP', 2026)).toBeUndefined();
    expect(publishedPeriod('Population municipale', 2026)).toBeUndefined();
    expect(readTimePeriod('2016/2021')).toEqual({ millesime: 2021, period: [2016, 2021] });
    expect(readTimePeriod('2021-2016')).toBeNull();
    expect(readTimePeriod('2022-03')).toBeNull();
  });

  it('séries historiques du recensement : l’année du recensement, dès 1876 ; une fin en 19xx qui est aussi une période récente est la période, sauf pour ces séries', () => {
    expect(normaliseInseeName('PTOT1876', 2026)).toEqual({ name: 'PTOT', millesime: 1876 });
    expect(normaliseInseeName('PSDC1999', 2026)).toEqual({ name: 'PSDC', millesime: 1999 });
    expect(normaliseInseeName('PTOT1921', 2026)).toEqual({ name: 'PTOT', millesime: 1921 });
    expect(normaliseInseeName('PMUN2023', 2026)).toEqual({ name: 'PMUN', millesime: 2023 });
    expect(normaliseInseeName('NAIS1925', 2026)).toEqual({ name: 'NAIS', millesime: 2025, period: [2019, 2025] });
    expect(normaliseInseeName('NAIS1823', 2026)).toEqual({ name: 'NAIS', millesime: 2023, period: [2018, 2023] });
    expect(normaliseInseeName('DECE2024', 2026)).toEqual({ name: 'DECE', millesime: 2024 });
    expect(normaliseInseeName('X1799', 2026).millesime).toBeNull();
  });

  it('une colonne sans année n’a pas de millésime', () => {
    expect(normaliseInseeName('SUPERF', 2026)).toEqual({ name: 'SUPERF', millesime: null });
    expect(normaliseInseeName('PMUN', 2026)).toEqual({ name: 'PMUN', millesime: null });
  });

  it('une année future n’est pas un millésime', () => {
    expect(normaliseInseeName('X_POP_64', 2026).millesime).toBeNull();
  });

  it('les noms sont réduits à lettres, chiffres et _', () => {
    expect(sanitiseName('Nombre d’habitants (é)')).toBe('NOMBRE_D_HABITANTS_E');
    expect(sanitiseName('2020')).toBe('V_2020');
  });

  it('l’année d’un nom de fichier', () => {
    expect(yearInFileName('inseecaf2021_31.csv', 2026)).toBe(2021);
    expect(yearInFileName('base-31555.csv', 2026)).toBeNull();
  });
});
