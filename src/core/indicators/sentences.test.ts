import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue, NNBSP } from '../format/number-format.js';
import { isPluralTerritory, ofTerritory, theTerritory, toTerritory } from '../format/territory-names.js';
import { getIndicator } from './indicator-library.js';
import { buildSentence, type SentenceReference } from './sentences.js';

const def = (id: string) => {
  const d = getIndicator(id);
  if (!d) throw new Error(id);
  return d;
};
const ref = (kind: SentenceReference['kind'], code: string, name: string, value: number | null, overrides: Partial<SentenceReference> = {}): SentenceReference => ({
  kind,
  code,
  name,
  value,
  status: value === null ? 'missing' : 'ok',
  contains: true,
  ...overrides,
});
const ok = (value: number) => ({ value, status: 'ok' as const });
// Snapshots show U+202F as « ⍽ » so that a diff is readable and a plain space would not pass unseen.
const visible = (s: string | null) => s?.replaceAll(NNBSP, '⍽') ?? null;

describe('nombres en français', () => {
  it('virgule décimale, espace fine insécable pour les milliers et avant %', () => {
    expect(formatNumber(1471468)).toBe(`1${NNBSP}471${NNBSP}468`);
    expect(formatNumber(6.5415, 1)).toBe('6,5');
    expect(formatNumber(0.15, 1)).toBe('0,2');
    expect(formatNumber(-0.04, 1)).toBe('0,0');
    expect(formatNumber(-1234.5, 1)).toBe(`\u22121${NNBSP}234,5`);
    expect(formatValue(6.5415, '%', 1)).toBe(`6,5${NNBSP}%`);
    expect(formatValue(22140, '€', 0)).toBe(`22${NNBSP}140${NNBSP}€`);
    expect(formatValue(0.834, '%/an', 1)).toBe(`+0,8${NNBSP}%/an`);
    expect(formatValue(166186, 'allocataires', 0)).toBe(`166${NNBSP}186`);
    expect(formatValue(166186, 'allocataires', 0, { unit: 'full' })).toBe(`166${NNBSP}186${NNBSP}allocataires`);
    expect(formatValue(null, '%', 1)).toBe('—');
  });

  it('article et préposition devant le nom d’un territoire', () => {
    expect(ofTerritory('dep', '31', 'Haute-Garonne')).toBe('de la Haute-Garonne');
    expect(ofTerritory('dep', '09', 'Ariège')).toBe('de l’Ariège');
    expect(ofTerritory('dep', '32', 'Gers')).toBe('du Gers');
    expect(ofTerritory('dep', '65', 'Hautes-Pyrénées')).toBe('des Hautes-Pyrénées');
    expect(ofTerritory('dep', '75', 'Paris')).toBe('de Paris');
    expect(ofTerritory('reg', '76', 'Occitanie')).toBe('de l’Occitanie');
    expect(ofTerritory('reg', '28', 'Normandie')).toBe('de la Normandie');
    expect(ofTerritory('reg', '93', 'Provence-Alpes-Côte d’Azur')).toBe('de Provence-Alpes-Côte d’Azur');
    expect(theTerritory('reg', '93', 'Provence-Alpes-Côte d’Azur')).toBe('Provence-Alpes-Côte d’Azur');
    expect(theTerritory('reg', '94', 'Corse')).toBe('la Corse');
    expect(toTerritory('reg', '53', 'Bretagne')).toBe('à la Bretagne');
    expect(ofTerritory('epci', '243100518', 'Toulouse Métropole')).toBe('de Toulouse Métropole');
    expect(ofTerritory('epci', '200066819', 'CC du Volvestre')).toBe('de la CC du Volvestre');
    expect(ofTerritory('com', '31555', 'Toulouse')).toBe('de Toulouse');
    expect(ofTerritory('com', '31188', 'Le Fousseret')).toBe('du Fousseret');
    expect(ofTerritory('com', '31003', 'Aignes')).toBe('d’Aignes');
    expect(ofTerritory('fr', '', 'France')).toBe('de la France');
  });

  it('le nom d’un territoire avec son article, après « pour »', () => {
    expect(theTerritory('dep', '31', 'Haute-Garonne')).toBe('la Haute-Garonne');
    expect(theTerritory('dep', '09', 'Ariège')).toBe('l’Ariège');
    expect(theTerritory('dep', '32', 'Gers')).toBe('le Gers');
    expect(theTerritory('dep', '65', 'Hautes-Pyrénées')).toBe('les Hautes-Pyrénées');
    expect(theTerritory('reg', '76', 'Occitanie')).toBe('l’Occitanie');
    expect(theTerritory('com', '31003', 'Aignes')).toBe('Aignes');
    expect(theTerritory('epci', '200034023', 'CC Tarn-Agout')).toBe('la CC Tarn-Agout');
    // A commune's article is part of its name, capital included.
    expect(theTerritory('com', '31188', 'Le Fousseret')).toBe('Le Fousseret');
    expect(theTerritory('com', '31555', 'Toulouse')).toBe('Toulouse');
    expect(theTerritory('per', '', 'Sud Haute-Garonne')).toBe('le périmètre Sud Haute-Garonne');
  });

  it('l’article d’une commune est un mot entier : « Les Abymes », pas « Lens » ni « Levallois-Perret »', () => {
    expect(ofTerritory('com', '97101', 'Les Abymes')).toBe('des Abymes');
    expect(ofTerritory('com', '76351', 'Le Havre')).toBe('du Havre');
    expect(ofTerritory('com', '62498', 'Lens')).toBe('de Lens');
    expect(ofTerritory('com', '64335', 'Lescar')).toBe('de Lescar');
    expect(ofTerritory('com', '92044', 'Levallois-Perret')).toBe('de Levallois-Perret');
    expect(ofTerritory('com', '94038', 'L’Haÿ-les-Roses')).toBe('de L’Haÿ-les-Roses');
    expect(ofTerritory('com', '59299', 'Hautmont')).toBe('de Hautmont');
    expect(ofTerritory('com', '64260', 'Hendaye')).toBe('d’Hendaye');
  });

  it('« à la Haute-Garonne », « aux Bouches-du-Rhône » ; le pluriel d’un nom ; les collectivités d’outre-mer', () => {
    expect(toTerritory('dep', '31', 'Haute-Garonne')).toBe('à la Haute-Garonne');
    expect(toTerritory('dep', '14', 'Calvados')).toBe('au Calvados');
    expect(toTerritory('dep', '13', 'Bouches-du-Rhône')).toBe('aux Bouches-du-Rhône');
    expect(toTerritory('dep', '01', 'Ain')).toBe('à l’Ain');
    expect(toTerritory('com', '76351', 'Le Havre')).toBe('au Havre');
    expect(toTerritory('com', '97101', 'Les Abymes')).toBe('aux Abymes');
    expect(toTerritory('reg', '76', 'Occitanie')).toBe('à l’Occitanie');
    expect(toTerritory('com', '31003', 'Aignes')).toBe('à Aignes');
    expect(toTerritory('epci', '200066819', 'CC du Volvestre')).toBe('à la CC du Volvestre');
    expect(isPluralTerritory('dep', '13', 'Bouches-du-Rhône')).toBe(true);
    expect(isPluralTerritory('reg', '32', 'Hauts-de-France')).toBe(true);
    expect(isPluralTerritory('com', '97101', 'Les Abymes')).toBe(true);
    expect(isPluralTerritory('dep', '31', 'Haute-Garonne')).toBe(false);
    expect(ofTerritory('dep', '987', 'Polynésie française')).toBe('de la Polynésie française');
    expect(ofTerritory('dep', '988', 'Nouvelle-Calédonie')).toBe('de la Nouvelle-Calédonie');
    expect(ofTerritory('dep', '984', 'Terres australes et antarctiques françaises')).toBe('des Terres australes et antarctiques françaises');
  });
});

describe('phrases des portraits', () => {
  const hg = (value: number | null) => ref('dep', '31', 'Haute-Garonne', value);
  const tm = (value: number | null) => ref('epci', '243100518', 'Toulouse Métropole', value);

  it('compare à la première référence selon la polarité et la tolérance', () => {
    const sentences = [
      buildSentence(def('part_75_plus'), ok(6.5415), hg(8.1)),
      buildSentence(def('part_75_plus'), ok(8.05), hg(8.1)),
      buildSentence(def('taux_chomage_15_64'), ok(14.2947), tm(12.6043)),
      buildSentence(def('taux_chomage_15_64'), ok(11.0801), ref('fr', '', 'France', 12.1)),
      buildSentence(def('revenu_median'), ok(22140), tm(24500)),
      buildSentence(def('taux_activite_15_64'), ok(71.8), ref('reg', '76', 'Occitanie', 73.4)),
      buildSentence(def('evolution_population_annuelle'), ok(1.2), ref('dep', '09', 'Ariège', 0.1)),
      buildSentence(def('evolution_population_annuelle'), ok(-0.35), ref('dep', '09', 'Ariège', -0.3)),
      buildSentence(def('indice_vieillissement'), ok(84.2), ref('dep', '32', 'Gers', 121.7)),
      buildSentence(def('population'), ok(514819), hg(1471468)),
      buildSentence(def('allocataires_caf'), { value: 166186, status: 'partial' }, tm(230000)),
      buildSentence(def('population'), ok(30806), ref('epci', '243100518', 'Toulouse Métropole', 832348, { contains: false })),
      buildSentence(def('part_familles_monoparentales'), ok(17.1), ref('com', '31188', 'Le Fousseret', 14.9, { contains: false })),
      buildSentence(def('solde_naturel'), ok(-12), ref('epci', '200066819', 'CC du Volvestre', 40)),
      buildSentence(def('part_logements_vacants'), ok(8.2), hg(null)),
      buildSentence(def('variation_population'), ok(1200), hg(96000)),
      buildSentence(def('solde_naturel'), ok(96), ref('com', '31555', 'Toulouse', 2790, { contains: false })),
      // A count with a polarity would still get no verdict: against another territory, it is a matter of size.
      buildSentence({ ...def('chomeurs_15_64'), polarity: 'higher_is_worse' }, ok(900), ref('com', '31555', 'Toulouse', 38258, { contains: false })),
    ];
    expect(sentences.map(visible)).toMatchInlineSnapshot(`
      [
        "La part des 75 ans ou plus (6,5⍽%) est inférieure à celle de la Haute-Garonne (8,1⍽%).",
        "La part des 75 ans ou plus (8,1⍽%) est proche de celle de la Haute-Garonne (8,1⍽%).",
        "Le taux de chômage des 15-64 ans (14,3⍽%) est supérieur à celui de Toulouse Métropole (12,6⍽%), un écart défavorable.",
        "Le taux de chômage des 15-64 ans (11,1⍽%) est inférieur à celui de la France (12,1⍽%), un écart favorable.",
        "Le revenu médian (22⍽140⍽€) est inférieur à celui de Toulouse Métropole (24⍽500⍽€), un écart défavorable.",
        "Le taux d’activité des 15-64 ans (71,8⍽%) est inférieur à celui de l’Occitanie (73,4⍽%), un écart défavorable.",
        "L’évolution annuelle moyenne de la population (+1,2⍽%/an) est supérieure à celle de l’Ariège (+0,1⍽%/an).",
        "L’évolution annuelle moyenne de la population (−0,4⍽%/an) est proche de celle de l’Ariège (−0,3⍽%/an).",
        "L’indice de vieillissement (84) est inférieur à celui du Gers (122).",
        "La population (514⍽819⍽hab.) représente 35,0⍽% de celle de la Haute-Garonne (1⍽471⍽468⍽hab.).",
        "Le nombre d’allocataires CAF (166⍽186, données partielles) représente 72,3⍽% de celui de Toulouse Métropole (230⍽000).",
        "La population est de 30⍽806⍽hab.⍽; celle de Toulouse Métropole est de 832⍽348⍽hab.",
        "La part des familles monoparentales (17,1⍽%) est supérieure à celle du Fousseret (14,9⍽%).",
        "Le solde naturel est de −12⍽hab.⍽; celui de la CC du Volvestre est de 40⍽hab.",
        "La part des logements vacants est de 8,2⍽%.",
        "La variation de la population est de 1⍽200⍽hab.⍽; celle de la Haute-Garonne est de 96⍽000⍽hab.",
        "Le solde naturel est de 96⍽hab.⍽; celui de Toulouse est de 2⍽790⍽hab.",
        "Le nombre de chômeurs est de 900⍽; celui de Toulouse est de 38⍽258.",
      ]
    `);
  });

  it('un taux ou une évolution de moins de 50 personnes, ménages ou emplois est dit avec sa base, sans comparaison', () => {
    expect(buildSentence(def('taux_chomage_15_64'), { value: 20, status: 'ok', parts: { denominator: 5 } }, hg(11.1))).toBe(
      'Le taux de chômage des 15-64 ans est de 20,0\u202F% (calculé sur une base de 5 seulement\u00A0: trop peu pour une comparaison).',
    );
    expect(buildSentence(def('evolution_emplois_annuelle'), { value: -100, status: 'ok', parts: { denominator: 1 } }, hg(0.8))).toBe(
      'L’évolution annuelle moyenne de l’emploi est de \u2212100,0\u202F%/an (calculée sur une base de 1 seulement\u00A0: trop peu pour une comparaison).',
    );
    // Without a reference at hand, the base is said all the same; an index (65 or over for 100 under 20) too.
    expect(buildSentence(def('taux_chomage_15_64'), { value: 20, status: 'ok', parts: { denominator: 5 } }, null)).toBe(
      'Le taux de chômage des 15-64 ans est de 20,0\u202F% (calculé sur une base de 5 seulement\u00A0: trop peu pour une comparaison).',
    );
    expect(buildSentence(def('indice_vieillissement'), { value: 300, status: 'ok', parts: { denominator: 1 } }, hg(82.5))).toBe(
      'L’indice de vieillissement est de 300 (calculé sur une base de 1 seulement\u00A0: trop peu pour une comparaison).',
    );
    // From 50 on, compared.
    expect(buildSentence(def('taux_chomage_15_64'), { value: 20, status: 'ok', parts: { denominator: 50 } }, hg(11.1))).toContain('un écart défavorable');
  });

  it('ne fait pas de phrase sans valeur', () => {
    expect(buildSentence(def('revenu_median'), { value: null, status: 'not_aggregable' }, ref('dep', '31', 'Haute-Garonne', 23000))).toBeNull();
  });
});

describe('phrase d’une valeur partielle', () => {
  it('dit combien d’habitants elle décrit, ou « données partielles » quand toutes les communes ont un chiffre (des IRIS masqués) ; en deçà de 90 %, qu’elle ne représente pas le territoire', () => {
    const def = getIndicator('part_allocataires_rsa')!;
    expect(buildSentence(def, { value: 9.6, status: 'partial', coverage: 0.95 }, null)).toBe('La part des allocataires CAF percevant le RSA est de 9,6\u202F%, données pour 95\u202F% des habitants.');
    // Under 90 % of the inhabitants, the figure is not the territory's (ADR 0013), even with a reference at hand.
    expect(buildSentence(def, { value: 9.6, status: 'partial', coverage: 0.05 }, ref('dep', '31', 'Haute-Garonne', 8.1))).toBe(
      'La part des allocataires CAF percevant le RSA n’est connue que pour 5\u202F% des habitants (9,6\u202F% sur ce champ)\u00A0: ce chiffre ne représente pas le territoire.',
    );
    expect(buildSentence(getIndicator('population')!, { value: 670, status: 'partial', coverage: 0.02 }, null)).toBe(
      'La population n’est connue que pour 2\u202F% des habitants (670\u202Fhab. sur ce champ)\u00A0: ce chiffre ne représente pas le territoire.',
    );
    expect(buildSentence(def, { value: 9.6, status: 'partial', coverage: 1 }, null)).toBe('La part des allocataires CAF percevant le RSA est de 9,6\u202F%, données partielles.');
  });
});
