// Ces fonctions sont pures. The chapters of the ABS report, one per public or theme as the CASF (R.123-1) lists them,
// and the rule that puts each indicator of the library into exactly one chapter (so none is dropped or repeated).
import type { Domain, IndicatorDefinition } from '../../../core/indicators/indicator.types.js';
import type { PortraitIndicator } from '../../../core/indicators/portrait.types.js';

export type ChapterId = 'population' | 'familles' | 'personnes-agees' | 'handicap' | 'precarite' | 'emploi' | 'logement';

export interface ChapterDefinition {
  id: ChapterId;
  title: string;
  /** Sheet names are limited to 31 characters. */
  shortTitle: string;
  /** Why the theme matters to a CCAS or CIAS: the first words of the chapter. */
  intro: string;
  /** Indicators to map over the member communes, best first; the first with values is drawn. */
  mapPreference: string[];
  /** Question asked in the chapter's blank box for the partners' reading. */
  partnersPrompt: string;
}

export const ABS_CHAPTERS: ChapterDefinition[] = [
  {
    id: 'population',
    title: 'Population et territoire',
    shortTitle: 'Population',
    intro:
      'La taille, la croissance et la structure par âge de la population commandent l’ensemble des besoins sociaux : elles situent le territoire et éclairent les chapitres suivants.',
    mapPreference: ['evolution_population_annuelle', 'densite', 'part_0_14', 'part_60_plus'],
    partnersPrompt: 'Évolutions récentes connues des partenaires (arrivées, départs, projets d’habitat) que les chiffres ne montrent pas encore.',
  },
  {
    id: 'familles',
    title: 'Familles, petite enfance, enfance et jeunesse',
    shortTitle: 'Familles et jeunesse',
    intro:
      'Les familles, en particulier monoparentales, et les jeunes sont au cœur de l’action sociale communale et de la convention territoriale globale avec la CAF : modes d’accueil, parentalité, loisirs, insertion des jeunes.',
    mapPreference: ['part_familles_monoparentales', 'part_0_14', 'part_15_29', 'part_menages_une_personne'],
    partnersPrompt: 'Besoins exprimés par les familles et les jeunes (accueil du jeune enfant, loisirs, mobilité, parentalité).',
  },
  {
    id: 'personnes-agees',
    title: 'Personnes âgées',
    shortTitle: 'Personnes âgées',
    intro:
      'Le vieillissement de la population annonce les besoins de maintien à domicile, d’aide aux aidants, de lutte contre l’isolement et d’adaptation des logements.',
    mapPreference: ['part_75_plus', 'indice_vieillissement', 'part_60_plus'],
    partnersPrompt: 'Situations d’isolement, demandes d’aide à domicile, places en établissement : ce qu’observent les services.',
  },
  {
    id: 'handicap',
    title: 'Personnes handicapées',
    shortTitle: 'Handicap',
    intro:
      'Les sources publiques par commune décrivent mal le handicap : l’allocation aux adultes handicapés (AAH) en donne une mesure partielle, à compléter par les données de la MDPH et des partenaires.',
    mapPreference: ['part_allocataires_aah'],
    partnersPrompt: 'Données de la MDPH, accessibilité, scolarisation et emploi des personnes handicapées.',
  },
  {
    id: 'precarite',
    title: 'Précarité, revenus et pauvreté',
    shortTitle: 'Précarité et pauvreté',
    intro:
      'Revenus, pauvreté et minima sociaux mesurent les difficultés économiques des ménages, premier motif de recours au CCAS ou au CIAS.',
    mapPreference: ['taux_pauvrete', 'revenu_median', 'part_allocataires_rsa'],
    partnersPrompt: 'Demandes d’aide facultative, aide alimentaire, impayés d’énergie ou de loyer observés par les services.',
  },
  {
    id: 'emploi',
    title: 'Emploi et insertion',
    shortTitle: 'Emploi et insertion',
    intro: 'L’activité et le chômage disent l’accès à l’emploi des habitants ; ils orientent les actions d’insertion et d’accompagnement.',
    mapPreference: ['taux_chomage_15_64', 'taux_activite_15_64'],
    partnersPrompt: 'Freins à l’emploi observés (mobilité, garde d’enfants, qualification) et dispositifs d’insertion présents.',
  },
  {
    id: 'logement',
    title: 'Logement',
    shortTitle: 'Logement',
    intro: 'Le parc de logements, sa vacance et les statuts d’occupation conditionnent l’accès au logement et les aides à mobiliser.',
    mapPreference: ['part_logements_vacants', 'part_proprietaires'],
    partnersPrompt: 'Demandes de logement social, habitat indigne, hébergement d’urgence : ce que savent les partenaires.',
  },
];

const BY_DOMAIN: Partial<Record<Domain, ChapterId>> = {
  demographie: 'population',
  etablissements: 'population',
  familles_menages: 'familles',
  enfance_jeunesse: 'familles',
  personnes_agees: 'personnes-agees',
  handicap: 'handicap',
  revenus_pauvrete: 'precarite',
  emploi_chomage: 'emploi',
  insertion: 'emploi',
  logement: 'logement',
};

/**
 * The chapter of an indicator: by domain; age indicators about older people go to « Personnes âgées »; CAF
 * allocataires go to the chapter of their public (AAH → handicap, RSA and prime d'activité → précarité, housing aid →
 * logement, the others → familles, since the CAF is first a family body).
 */
export const chapterOf = (indicator: Pick<PortraitIndicator, 'id' | 'domain'>, definition?: IndicatorDefinition): ChapterId => {
  const publics = definition?.publics ?? [];
  if (indicator.domain === 'ages') return publics.includes('personnes_agees') ? 'personnes-agees' : 'population';
  if (indicator.domain === 'allocataires_caf') {
    if (/logement|_apl|_al(_|$)|aides_log/.test(indicator.id)) return 'logement';
    if (publics.includes('personnes_handicapees') || /aah/.test(indicator.id)) return 'handicap';
    if (publics.includes('personnes_en_difficulte') || /rsa|prime|ppa|pauvre|bas_revenu/.test(indicator.id)) return 'precarite';
    return 'familles';
  }
  return BY_DOMAIN[indicator.domain] ?? 'population';
};

export interface AgeGroup {
  id: string;
  from: number;
  to: number | null;
  label: string;
}

/**
 * The age structure from the library's age shares (`part_0_14`, `part_15_29`, …, `part_90_plus`): a chain of
 * non-overlapping groups from 0 to the open-ended last one. Overlapping shares (`part_60_plus`) are left out.
 */
export const ageStructureGroups = (ids: string[]): AgeGroup[] => {
  const groups: AgeGroup[] = [];
  for (const id of ids) {
    const m = /^part_(\d+)_(\d+|plus)$/.exec(id);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === 'plus' ? null : Number(m[2]);
    groups.push({ id, from, to, label: to === null ? `${from} ans ou plus` : `${from}–${to} ans` });
  }
  const chain: AgeGroup[] = [];
  let cursor = 0;
  for (;;) {
    const next = groups
      .filter((g) => g.from === cursor)
      .sort((a, b) => (a.to ?? Infinity) - (b.to ?? Infinity))[0];
    if (!next) break;
    chain.push(next);
    if (next.to === null) break;
    cursor = next.to + 1;
  }
  return chain.length >= 3 ? chain : [];
};
