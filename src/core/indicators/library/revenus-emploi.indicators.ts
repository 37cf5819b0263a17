// Ces données sont pures. Revenus et pauvreté, emploi et chômage, insertion.
// Filosofi publishes medians, deciles and rates per commune (and per EPCI, département … in its other files): none of
// them can be computed from the communes' figures, so they are `published` and answered only where published.
import type { IndicatorDefinition } from '../indicator.types.js';
import { caf, declare, published, share, SOURCES, stock } from './sources.js';

const { rp, filosofi, caf: cafSource } = SOURCES;

const filo = (id: string, label: string, variable: string, definition: string, subject: [string, 'f' | 'm'], extra: Partial<{ polarity: 'higher_is_worse' | 'higher_is_better' | 'neutral'; unit: string; key: boolean; shortLabel: string; decimals: number }> = {}) => ({
  id,
  label,
  unit: extra.unit ?? '%',
  formula: published(variable),
  sources: [filosofi],
  definition: `${definition} Publié par l’INSEE (Filosofi) ; non agrégeable : répondu là où il est publié.`,
  subject,
  ...extra,
});

export const REVENUS_PAUVRETE: IndicatorDefinition[] = declare('revenus_pauvrete', ['population', 'personnes_en_difficulte'], [
  filo('revenu_median', 'Revenu disponible médian par unité de consommation', 'MED', 'Niveau de vie médian, annuel, en euros : la moitié des personnes vivent dans un ménage dont le revenu disponible par unité de consommation est inférieur à ce montant.', ['le revenu médian', 'm'], {
    unit: '€',
    polarity: 'higher_is_better',
    key: true,
    shortLabel: 'Revenu médian',
  }),
  filo('taux_pauvrete', 'Taux de pauvreté au seuil de 60 %', 'TP60', 'Part des personnes vivant dans un ménage dont le niveau de vie est inférieur à 60 % du niveau de vie médian de France métropolitaine.', ['le taux de pauvreté', 'm'], {
    polarity: 'higher_is_worse',
    key: true,
    shortLabel: 'Taux de pauvreté',
  }),
  filo('premier_decile_revenu', 'Premier décile du revenu disponible par unité de consommation', 'D1', '10 % des personnes vivent dans un ménage au niveau de vie inférieur à ce montant.', ['le premier décile de revenu', 'm'], {
    unit: '€',
    polarity: 'higher_is_better',
    shortLabel: '1er décile de revenu',
  }),
  filo('dernier_decile_revenu', 'Neuvième décile du revenu disponible par unité de consommation', 'D9', '10 % des personnes vivent dans un ménage au niveau de vie supérieur à ce montant.', ['le neuvième décile de revenu', 'm'], {
    unit: '€',
    shortLabel: '9e décile de revenu',
  }),
  filo('rapport_interdecile', 'Rapport interdécile du revenu disponible (D9/D1)', 'RD', 'Rapport entre le neuvième et le premier décile du niveau de vie : mesure des inégalités.', ['le rapport interdécile', 'm'], {
    unit: 'rapport',
    polarity: 'higher_is_worse',
    decimals: 1,
  }),
  filo('part_menages_imposes', 'Part des ménages fiscaux imposés', 'PIMP', 'Part des ménages fiscaux redevables de l’impôt sur le revenu.', ['la part des ménages imposés', 'f'], { polarity: 'higher_is_better' }),
  filo('part_revenus_activite', 'Part des revenus d’activité dans le revenu disponible', 'PACT', 'Salaires, traitements, indemnités de chômage et revenus des indépendants dans le revenu disponible.', ['la part des revenus d’activité', 'f'], {
    shortLabel: 'Part des revenus d’activité',
  }),
  filo('part_prestations_sociales', 'Part des prestations sociales dans le revenu disponible', 'PPSOC', 'Prestations familiales, minima sociaux et prestations logement dans le revenu disponible.', ['la part des prestations sociales', 'f'], {
    polarity: 'higher_is_worse',
    shortLabel: 'Part des prestations sociales',
  }),
  filo('part_prestations_familiales', 'Part des prestations familiales dans le revenu disponible', 'PPFAM', 'Prestations familiales dans le revenu disponible.', ['la part des prestations familiales', 'f'], {
    shortLabel: 'Part des prestations familiales',
  }),
  filo('part_prestations_logement', 'Part des prestations logement dans le revenu disponible', 'PPLOGT', 'Aides au logement dans le revenu disponible.', ['la part des prestations logement', 'f'], {
    polarity: 'higher_is_worse',
    shortLabel: 'Part des prestations logement',
  }),
  filo('taux_pauvrete_proprietaires', 'Taux de pauvreté des propriétaires', 'TP60TOL1', 'Taux de pauvreté des personnes des ménages propriétaires de leur logement.', ['le taux de pauvreté des propriétaires', 'm'], {
    polarity: 'higher_is_worse',
  }),
  ...([
    ['30_39', '2', '30 à 39 ans', '30-39 ans'],
    ['40_49', '3', '40 à 49 ans', '40-49 ans'],
    ['50_59', '4', '50 à 59 ans', '50-59 ans'],
  ] as const).map(([id, age, words, short]) =>
    filo(
      `taux_pauvrete_${id}`,
      `Taux de pauvreté des ménages dont le référent a ${words}`,
      `TP60AGE${age}`,
      `Part des personnes des ménages dont le référent fiscal a ${words} vivant sous le seuil de pauvreté : le taux porte sur toutes les personnes de ces ménages, quel que soit leur âge.`,
      [`le taux de pauvreté des ménages dont le référent fiscal a ${words}`, 'm'],
      { polarity: 'higher_is_worse', shortLabel: `Taux de pauvreté (${short})` },
    ),
  ),
  filo('part_salaires_revenu', 'Part des salaires et traitements dans le revenu disponible', 'PTSA', 'Salaires et traitements, hors indemnités de chômage, dans le revenu disponible des ménages.', ['la part des salaires et traitements', 'f'], {
    shortLabel: 'Part des salaires',
  }),
  filo('part_revenus_non_salaries', 'Part des revenus des activités non salariées dans le revenu disponible', 'PBEN', 'Revenus des activités non salariées (bénéfices des indépendants) dans le revenu disponible des ménages.', ['la part des revenus des activités non salariées', 'f'], {
    shortLabel: 'Part des revenus non salariés',
  }),
  filo('part_revenus_patrimoine', 'Part des revenus du patrimoine dans le revenu disponible', 'PPAT', 'Revenus du patrimoine et autres revenus dans le revenu disponible des ménages.', ['la part des revenus du patrimoine', 'f'], {
    shortLabel: 'Part des revenus du patrimoine',
  }),
  filo('taux_pauvrete_locataires', 'Taux de pauvreté des locataires', 'TP60TOL2', 'Taux de pauvreté des personnes des ménages locataires.', ['le taux de pauvreté des locataires', 'm'], {
    polarity: 'higher_is_worse',
  }),
  {
    id: 'menages_fiscaux',
    label: 'Ménages fiscaux',
    unit: 'ménages',
    formula: stock('NBMENFISC'),
    sources: [filosofi],
    definition: 'Nombre de ménages fiscaux (Filosofi) ; un compte, qui s’additionne sur les communes où il n’est pas masqué.',
    subject: ['le nombre de ménages fiscaux', 'm'],
  },
]);

export const EMPLOI_CHOMAGE: IndicatorDefinition[] = declare('emploi_chomage', ['population'], [
  {
    id: 'taux_chomage_15_64',
    label: 'Taux de chômage des 15-64 ans',
    unit: '%',
    polarity: 'higher_is_worse',
    formula: share(['P_CHOM1564'], ['P_ACT1564']),
    sources: [rp],
    definition: 'Chômeurs de 15 à 64 ans (au sens du recensement) rapportés aux actifs de 15 à 64 ans : somme des chômeurs sur somme des actifs.',
    publics: ['population', 'personnes_en_difficulte'],
    subject: ['le taux de chômage des 15-64 ans', 'm'],
    key: true,
  },
  {
    id: 'taux_activite_15_64',
    label: 'Taux d’activité des 15-64 ans',
    unit: '%',
    polarity: 'higher_is_better',
    formula: share(['P_ACT1564'], ['P_POP1564']),
    sources: [rp],
    definition: 'Actifs de 15 à 64 ans (en emploi ou au chômage) rapportés à la population de 15 à 64 ans.',
    subject: ['le taux d’activité des 15-64 ans', 'm'],
  },
  {
    id: 'taux_chomage_25_54',
    label: 'Taux de chômage des 25-54 ans',
    unit: '%',
    polarity: 'higher_is_worse',
    formula: share(['P_CHOM2554'], ['P_ACT2554']),
    sources: [rp],
    definition: 'Chômeurs de 25 à 54 ans rapportés aux actifs de 25 à 54 ans.',
    subject: ['le taux de chômage des 25-54 ans', 'm'],
  },
  {
    id: 'taux_chomage_55_64',
    label: 'Taux de chômage des 55-64 ans',
    unit: '%',
    polarity: 'higher_is_worse',
    formula: share(['P_CHOM5564'], ['P_ACT5564']),
    sources: [rp],
    definition: 'Chômeurs de 55 à 64 ans rapportés aux actifs de 55 à 64 ans.',
    subject: ['le taux de chômage des 55-64 ans', 'm'],
  },
  {
    id: 'chomeurs_15_64',
    label: 'Chômeurs de 15 à 64 ans',
    unit: 'chômeurs',
    formula: stock('P_CHOM1564'),
    sources: [rp],
    definition: 'Nombre de chômeurs de 15 à 64 ans au sens du recensement (estimation pondérée).',
    publics: ['personnes_en_difficulte'],
    subject: ['le nombre de chômeurs', 'm'],
  },
  {
    id: 'actifs_15_64',
    label: 'Actifs de 15 à 64 ans',
    unit: 'actifs',
    formula: stock('P_ACT1564'),
    sources: [rp],
    definition: 'Nombre d’actifs de 15 à 64 ans (en emploi ou au chômage).',
    subject: ['le nombre d’actifs', 'm'],
  },
  {
    id: 'emplois',
    label: 'Emplois au lieu de travail',
    unit: 'emplois',
    formula: stock('P_EMPLT'),
    sources: [rp],
    definition: 'Nombre d’emplois situés dans le territoire (au lieu de travail).',
    subject: ['le nombre d’emplois', 'm'],
  },
  {
    id: 'part_emplois_salaries',
    label: 'Part des emplois salariés',
    unit: '%',
    formula: share(['P_EMPLT_SAL'], ['P_EMPLT']),
    sources: [rp],
    definition: 'Emplois salariés rapportés à l’ensemble des emplois au lieu de travail.',
    subject: ['la part des emplois salariés', 'f'],
  },
  {
    id: 'evolution_emplois_annuelle',
    label: 'Évolution annuelle moyenne de l’emploi',
    shortLabel: 'Évolution de l’emploi',
    unit: '%/an',
    polarity: 'higher_is_better',
    formula: { kind: 'evolution', terms: ['P_EMPLT'] },
    sources: [rp],
    definition: 'Taux de variation annuel moyen du nombre d’emplois au lieu de travail entre deux recensements (2016 → 2022).',
    subject: ['l’évolution annuelle moyenne de l’emploi', 'f'],
    tolerance: { absolute: 0.1 },
  },
  {
    id: 'indicateur_concentration_emploi',
    label: 'Indicateur de concentration d’emploi',
    unit: 'indice',
    formula: { kind: 'ratio', numerator: ['P_EMPLT'], denominator: ['P_ACTOCC15P'], factor: 100 },
    sources: [rp],
    definition:
      'Nombre d’emplois dans la zone pour 100 actifs ayant un emploi résidant dans la zone (définition de l’INSEE) : P22_EMPLT rapporté aux actifs occupés de 15 ans ou plus, P22_ACTOCC15P du dossier complet (les emplois comptent les actifs de tout âge).',
    subject: ['l’indicateur de concentration d’emploi', 'm'],
  },
]);

export const INSERTION: IndicatorDefinition[] = declare('insertion', ['personnes_en_difficulte'], [
  {
    id: 'allocataires_rsa',
    label: 'Allocataires du RSA',
    unit: 'allocataires',
    formula: stock(caf('arsas')),
    sources: [cafSource],
    definition: 'Allocataires percevant le revenu de solidarité active (socle).',
    subject: ['le nombre d’allocataires du RSA', 'm'],
  },
  {
    id: 'part_allocataires_rsa',
    label: 'Part des allocataires CAF percevant le RSA',
    shortLabel: 'RSA (part des allocataires)',
    unit: '%',
    // A share of the allocataires, like the other CAF shares: students among them lower it. Read without a verdict.
    formula: share([caf('arsas')], [caf('a')]),
    sources: [cafSource],
    definition:
      'Allocataires percevant le RSA rapportés à l’ensemble des allocataires CAF (même fichier, même millésime). Une part des allocataires, non de la population : là où les étudiants sont nombreux parmi eux, elle baisse d’autant.',
    subject: ['la part des allocataires CAF percevant le RSA', 'f'],
    key: true,
  },
  {
    id: 'allocataires_prime_activite',
    label: 'Allocataires de la prime d’activité',
    unit: 'allocataires',
    formula: stock(caf('appa')),
    sources: [cafSource],
    definition: 'Allocataires percevant la prime d’activité (travailleurs aux revenus modestes).',
    subject: ['le nombre d’allocataires de la prime d’activité', 'm'],
  },
  {
    id: 'part_allocataires_prime_activite',
    label: 'Part des allocataires CAF percevant la prime d’activité',
    shortLabel: 'Prime d’activité (part des allocataires)',
    unit: '%',
    // Workers with modest earnings among the allocataires: a mix of the allocataires, read without a verdict.
    formula: share([caf('appa')], [caf('a')]),
    sources: [cafSource],
    definition: 'Allocataires percevant la prime d’activité (travailleurs aux revenus modestes) rapportés à l’ensemble des allocataires CAF.',
    subject: ['la part des allocataires CAF percevant la prime d’activité', 'f'],
  },
  filo('part_minima_sociaux_revenu', 'Part des minima sociaux dans le revenu disponible', 'PPMINI', 'Minima sociaux (RSA, minimum vieillesse, AAH …) dans le revenu disponible des ménages.', ['la part des minima sociaux dans le revenu', 'f'], {
    polarity: 'higher_is_worse',
    shortLabel: 'Part des minima sociaux',
  }),
  filo('part_indemnites_chomage_revenu', 'Part des indemnités de chômage dans le revenu disponible', 'PCHO', 'Indemnités de chômage dans le revenu disponible des ménages.', ['la part des indemnités de chômage', 'f'], {
    polarity: 'higher_is_worse',
    shortLabel: 'Part des indemnités de chômage',
  }),
  {
    id: 'part_non_diplomes',
    label: 'Part des non-scolarisés de 15 ans ou plus sans diplôme ou titulaires au plus du CEP',
    shortLabel: 'Sans diplôme ou CEP',
    unit: '%',
    polarity: 'higher_is_worse',
    formula: share(['P_NSCOL15P_DIPLMIN'], ['P_NSCOL15P']),
    sources: [rp],
    definition:
      'Personnes non scolarisées de 15 ans ou plus sans diplôme ou titulaires au plus du certificat d’études primaires (P22_NSCOL15P_DIPLMIN du dossier complet ; depuis le recensement de 2017 le brevet des collèges est compté à part, P22_NSCOL15P_BEPC) rapportées aux non-scolarisés de 15 ans ou plus.',
    subject: ['la part des personnes sans diplôme ou titulaires au plus du CEP', 'f'],
  },
]);
