// Ces données sont pures. The library of indicators a CCAS and a CAF use for an ABS or a CTG diagnostic (principle 5:
// declared as data; the engine, the web pages, the reports and the API read these same declarations).
import type { Domain, IndicatorDefinition } from './indicator.types.js';
import { FAMILLES_MENAGES, ENFANCE_JEUNESSE } from './library/familles-enfance.indicators.js';
import { ALLOCATAIRES_CAF, ETABLISSEMENTS, HANDICAP, LOGEMENT } from './library/logement-caf.indicators.js';
import { AGES, DEMOGRAPHIE, PERSONNES_AGEES } from './library/population.indicators.js';
import { EMPLOI_CHOMAGE, INSERTION, REVENUS_PAUVRETE } from './library/revenus-emploi.indicators.js';

/** Order of the domains in portraits and reports. */
export const DOMAIN_ORDER: Domain[] = [
  'demographie',
  'ages',
  'familles_menages',
  'enfance_jeunesse',
  'personnes_agees',
  'handicap',
  'revenus_pauvrete',
  'emploi_chomage',
  'insertion',
  'logement',
  'allocataires_caf',
  'etablissements',
];

const BY_DOMAIN: Record<Domain, IndicatorDefinition[]> = {
  demographie: DEMOGRAPHIE,
  ages: AGES,
  familles_menages: FAMILLES_MENAGES,
  enfance_jeunesse: ENFANCE_JEUNESSE,
  personnes_agees: PERSONNES_AGEES,
  handicap: HANDICAP,
  revenus_pauvrete: REVENUS_PAUVRETE,
  emploi_chomage: EMPLOI_CHOMAGE,
  insertion: INSERTION,
  logement: LOGEMENT,
  allocataires_caf: ALLOCATAIRES_CAF,
  etablissements: ETABLISSEMENTS,
};

/** Every indicator, in domain order. */
export const INDICATORS: readonly IndicatorDefinition[] = DOMAIN_ORDER.flatMap((d) => BY_DOMAIN[d]);

const BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

export const getIndicator = (id: string): IndicatorDefinition | undefined => BY_ID.get(id);

/** The ids CONTRACT.md promises. */
export const CONTRACT_INDICATOR_IDS = [
  'population',
  'evolution_population_annuelle',
  'densite',
  'part_0_14',
  'part_15_29',
  'part_60_plus',
  'part_75_plus',
  'indice_vieillissement',
  'part_menages_une_personne',
  'part_familles_monoparentales',
  'taux_chomage_15_64',
  'taux_activite_15_64',
  'revenu_median',
  'taux_pauvrete',
  'part_logements_vacants',
  'part_proprietaires',
  'allocataires_caf',
  'part_allocataires_rsa',
  'part_allocataires_aah',
] as const;
