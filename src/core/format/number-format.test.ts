import { describe, expect, it } from 'vitest';
import { joinFrench, lowerFirst, millesimePhrase, yearsOf } from './french-text.js';
import { describeTerritoryCounts, formatCoverage, formatValue, plural } from './number-format.js';

describe('nombres en français', () => {
  it('accorde au pluriel à partir de deux, avec l’espace fine des milliers', () => {
    expect(plural(1, 'commune')).toBe('1 commune');
    expect(plural(0, 'commune')).toBe('0 commune');
    expect(plural(34_875, 'commune')).toBe('34\u202F875 communes');
    expect(plural(2, 'valeur secrète', 'valeurs secrètes')).toBe('2 valeurs secrètes');
  });

  it('met au singulier l’unité d’une valeur de moins de deux', () => {
    expect(formatValue(0.7, 'enfants', 2, { unit: 'full' })).toBe('0,70\u202Fenfant');
    expect(formatValue(1.94, 'personnes', 2, { unit: 'full' })).toBe('1,94\u202Fpersonne');
    expect(formatValue(2, 'personnes', 0, { unit: 'full' })).toBe('2\u202Fpersonnes');
    expect(formatValue(1, 'décès', 0, { unit: 'full' })).toBe('1\u202Fdécès');
  });

  it('dit une couverture ni nulle ni entière quand elle ne l’est pas', () => {
    expect(formatCoverage(0.004)).toBe('0,4\u202F%');
    expect(formatCoverage(0.0001)).toBe('0,1\u202F%');
    expect(formatCoverage(0.2426)).toBe('24\u202F%');
    expect(formatCoverage(0.99996)).toBe('99,9\u202F%');
    expect(formatCoverage(1)).toBe('100,0\u202F%');
  });

  it('décrit les territoires renseignés par niveau', () => {
    expect(describeTerritoryCounts({ com: 586, epci: 0, dep: 0 })).toBe('586 communes');
    expect(describeTerritoryCounts({ com: 0, epci: 1, dep: 0 })).toBe('1 EPCI');
    expect(describeTerritoryCounts({ com: 0, epci: 0, dep: 1 })).toBe('1 département');
    expect(describeTerritoryCounts({ com: 34_875, epci: 1_255, dep: 101 })).toBe('34\u202F875 communes, 1\u202F255 EPCI et 101 départements');
    expect(describeTerritoryCounts({ com: 1, epci: 0, dep: 2 })).toBe('1 commune et 2 départements');
    expect(describeTerritoryCounts({ com: 0, epci: 0, dep: 0 })).toBe('aucun');
    expect(describeTerritoryCounts({ com: 0, epci: 0, dep: 0, reg: 18, fr: 1 })).toBe('18 régions et la France');
  });
});

describe('texte en français', () => {
  it('liste « a, b et c »', () => {
    expect(joinFrench([])).toBe('');
    expect(joinFrench(['a'])).toBe('a');
    expect(joinFrench(['a', 'b', 'c'])).toBe('a, b et c');
  });

  it('met en minuscule la première lettre d’un libellé, sauf un sigle', () => {
    expect(lowerFirst('Part des 75 ans ou plus')).toBe('part des 75 ans ou plus');
    expect(lowerFirst('Évolution annuelle moyenne de la population')).toBe('évolution annuelle moyenne de la population');
    expect(lowerFirst('RSA : part des allocataires')).toBe('RSA : part des allocataires');
    expect(lowerFirst('EPCI de plus de 50 000 habitants')).toBe('EPCI de plus de 50 000 habitants');
    expect(lowerFirst('À charge')).toBe('à charge');
    expect(lowerFirst('A')).toBe('a');
    expect(lowerFirst('')).toBe('');
  });
});

describe('années d’une valeur', () => {
  it('un millésime, une évolution entre deux millésimes, un compte cumulé sur une période', () => {
    expect(yearsOf({ millesime: 2022 })).toBe('2022');
    expect(yearsOf({ millesime: 2022, period: [2016, 2022] })).toBe('2016–2022');
    expect(yearsOf({ millesime: 2021, cumulated: [2016, 2021] })).toBe('2016–2021');
    expect(yearsOf({ millesime: null })).toBe('—');
    expect(millesimePhrase({ millesime: 2022, period: [2016, 2022] })).toBe('millésimes 2016 → 2022');
    expect(millesimePhrase({ millesime: 2021, cumulated: [2016, 2021] })).toBe('période 2016–2021, millésime 2021');
    expect(millesimePhrase({ millesime: 2022 })).toBe('millésime 2022');
    expect(millesimePhrase({ millesime: null })).toBe('aucun millésime chargé');
  });
});
