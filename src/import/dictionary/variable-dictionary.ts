// The built-in dictionary: French label, unit and kind of the variables of the INSEE, Filosofi, populations légales
// and CNAF files Socle knows, by normalised name (without millésime). The kind decides aggregation (DESIGN.md
// principle 4): counts, amounts and areas add up; shares, medians and rates published by the source do not.
// An unknown variable is imported with its name as label, kind `other` (not aggregable), and listed in the report.
import type { VariableDefinition, VariableKind } from '../../core/observations/observation.types.js';

type Entry = [label: string, unit: string, kind: VariableKind];

const count = (label: string, unit = 'personnes'): Entry => [label, unit, 'count'];

/** Exact names. */
const ENTRIES: Record<string, Entry> = {
  // Recensement: population and households (prefix P = exploitation principale, C = complémentaire).
  P_POP: count('Population municipale', 'hab.'),
  P_PMEN: count('Population des ménages'),
  P_POPH: count('Population masculine'),
  P_POPF: count('Population féminine'),
  P_MEN: count('Ménages', 'ménages'),
  C_MEN: count('Ménages (exploitation complémentaire)', 'ménages'),
  C_MENPSEUL: count('Ménages d’une personne', 'ménages'),
  C_MENHSEUL: count('Ménages d’un homme seul', 'ménages'),
  C_MENFSEUL: count('Ménages d’une femme seule', 'ménages'),
  C_MENSFAM: count('Ménages de plusieurs personnes sans famille', 'ménages'),
  C_MENFAM: count('Ménages avec famille(s)', 'ménages'),
  C_MENCOUPSENF: count('Ménages d’un couple sans enfant', 'ménages'),
  C_MENCOUPAENF: count('Ménages d’un couple avec enfant(s)', 'ménages'),
  C_MENFAMMONO: count('Ménages d’une famille monoparentale', 'ménages'),
  C_FAM: count('Familles', 'familles'),
  C_COUPAENF: count('Familles : couples avec enfant(s)', 'familles'),
  C_COUPSENF: count('Familles : couples sans enfant', 'familles'),
  C_FAMMONO: count('Familles monoparentales', 'familles'),
  C_HMONO: count('Familles monoparentales : hommes seuls avec enfant(s)', 'familles'),
  C_FMONO: count('Familles monoparentales : femmes seules avec enfant(s)', 'familles'),
  C_NE24F0: count('Familles sans enfant de moins de 25 ans', 'familles'),
  C_NE24F1: count('Familles avec 1 enfant de moins de 25 ans', 'familles'),
  C_NE24F2: count('Familles avec 2 enfants de moins de 25 ans', 'familles'),
  C_NE24F3: count('Familles avec 3 enfants de moins de 25 ans', 'familles'),
  C_NE24F4P: count('Familles avec 4 enfants ou plus de moins de 25 ans', 'familles'),
  // Logement.
  P_LOG: count('Logements', 'logements'),
  P_RP: count('Résidences principales', 'logements'),
  P_RSECOCC: count('Résidences secondaires et logements occasionnels', 'logements'),
  P_LOGVAC: count('Logements vacants', 'logements'),
  P_MAISON: count('Maisons', 'logements'),
  P_APPART: count('Appartements', 'logements'),
  P_RP_PROP: count('Résidences principales occupées par leur propriétaire', 'logements'),
  P_RP_LOC: count('Résidences principales occupées par des locataires', 'logements'),
  P_RP_LOCHLMV: count('Résidences principales louées HLM vides', 'logements'),
  P_RP_GRAT: count('Résidences principales occupées gratuitement', 'logements'),
  P_NPER_RP: count('Personnes des résidences principales'),
  // Activité, emploi.
  P_EMPLT: count('Emplois au lieu de travail', 'emplois'),
  P_EMPLT_SAL: count('Emplois salariés au lieu de travail', 'emplois'),
  P_EMPLT_NSAL: count('Emplois non salariés au lieu de travail', 'emplois'),
  P_ACTOCC: count('Actifs occupés'),
  P_NSCOL15P: count('Population non scolarisée de 15 ans ou plus'),
  P_NSCOL15P_DIPLMIN: count('Non-scolarisés de 15 ans ou plus sans diplôme ou avec au plus un BEPC'),
  P_NSCOL15P_CAPBEP: count('Non-scolarisés de 15 ans ou plus titulaires d’un CAP ou BEP'),
  P_NSCOL15P_BAC: count('Non-scolarisés de 15 ans ou plus titulaires du baccalauréat'),
  P_NSCOL15P_SUP2: count('Non-scolarisés de 15 ans ou plus titulaires d’un bac+2'),
  P_NSCOL15P_SUP34: count('Non-scolarisés de 15 ans ou plus titulaires d’un bac+3 ou bac+4'),
  P_NSCOL15P_SUP5: count('Non-scolarisés de 15 ans ou plus titulaires d’un bac+5 ou plus'),
  // Superficie and état civil.
  SUPERF: ['Superficie', 'km²', 'area'],
  NAIS: count('Naissances domiciliées cumulées sur la période', 'naissances'),
  DECE: count('Décès domiciliés cumulés sur la période', 'décès'),
  NAISD: count('Naissances domiciliées dans l’année', 'naissances'),
  DECESD: count('Décès domiciliés dans l’année', 'décès'),
  // Filosofi: revenus et pauvreté.
  NBMENFISC: count('Ménages fiscaux', 'ménages'),
  NBPERSMENFISC: count('Personnes des ménages fiscaux'),
  PIMP: ['Part des ménages fiscaux imposés', '%', 'share'],
  MED: ['Médiane du revenu disponible par unité de consommation', '€', 'median'],
  D1: ['1er décile du revenu disponible par unité de consommation', '€', 'median'],
  D9: ['9e décile du revenu disponible par unité de consommation', '€', 'median'],
  RD: ['Rapport interdécile (D9/D1) du revenu disponible', 'ratio', 'other'],
  TP60: ['Taux de pauvreté au seuil de 60 %', '%', 'rate'],
  TP60AGE1: ['Taux de pauvreté des ménages dont le référent a moins de 30 ans', '%', 'rate'],
  TP60AGE2: ['Taux de pauvreté des ménages dont le référent a de 30 à 39 ans', '%', 'rate'],
  TP60AGE3: ['Taux de pauvreté des ménages dont le référent a de 40 à 49 ans', '%', 'rate'],
  TP60AGE4: ['Taux de pauvreté des ménages dont le référent a de 50 à 59 ans', '%', 'rate'],
  TP60AGE5: ['Taux de pauvreté des ménages dont le référent a de 60 à 74 ans', '%', 'rate'],
  TP60AGE6: ['Taux de pauvreté des ménages dont le référent a 75 ans ou plus', '%', 'rate'],
  TP60TOL1: ['Taux de pauvreté des propriétaires', '%', 'rate'],
  TP60TOL2: ['Taux de pauvreté des locataires', '%', 'rate'],
  PACT: ['Part des revenus d’activité dans le revenu disponible', '%', 'share'],
  PTSA: ['Part des salaires et traitements dans le revenu disponible', '%', 'share'],
  PCHO: ['Part des indemnités de chômage dans le revenu disponible', '%', 'share'],
  PBEN: ['Part des revenus des activités non salariées dans le revenu disponible', '%', 'share'],
  PPEN: ['Part des pensions, retraites et rentes dans le revenu disponible', '%', 'share'],
  PPAT: ['Part des revenus du patrimoine dans le revenu disponible', '%', 'share'],
  PPSOC: ['Part des prestations sociales dans le revenu disponible', '%', 'share'],
  PPFAM: ['Part des prestations familiales dans le revenu disponible', '%', 'share'],
  PPMINI: ['Part des minima sociaux dans le revenu disponible', '%', 'share'],
  PPLOGT: ['Part des prestations logement dans le revenu disponible', '%', 'share'],
  PIMPOT: ['Part des impôts dans le revenu disponible', '%', 'share'],
  // Établissements (répertoire Sirene), créations.
  ETTOT: count('Établissements actifs', 'établissements'),
  ETAZ: count('Établissements de l’agriculture, sylviculture et pêche', 'établissements'),
  ETBE: count('Établissements de l’industrie', 'établissements'),
  ETFZ: count('Établissements de la construction', 'établissements'),
  ETGU: count('Établissements du commerce, transports et services divers', 'établissements'),
  ETOQ: count('Établissements de l’administration publique, enseignement, santé et action sociale', 'établissements'),
  ETTEF0: count('Établissements sans salarié', 'établissements'),
  ETTEF1: count('Établissements de 1 à 9 salariés', 'établissements'),
  ETTEFP10: count('Établissements de 10 salariés ou plus', 'établissements'),
  ENCTOT: count('Créations d’entreprises', 'entreprises'),
  ENCITOT: count('Créations d’entreprises individuelles', 'entreprises'),
  ETCTOT: count('Créations d’établissements', 'établissements'),
  // Tourisme (hébergements).
  HT: count('Hôtels', 'établissements'),
  CPG: count('Campings', 'établissements'),
  VV: count('Villages vacances', 'établissements'),
  RT: count('Résidences de tourisme', 'établissements'),
  AJCS: count('Auberges de jeunesse et centres sportifs', 'établissements'),
  // Populations légales.
  PMUN: count('Population municipale (populations légales)', 'hab.'),
  PCAP: count('Population comptée à part (populations légales)', 'hab.'),
  PTOT: count('Population totale (populations légales)', 'hab.'),
  PSDC: count('Population sans doubles comptes (recensements de 1962 à 1999)', 'hab.'),
};

/** CNAF columns, published lowercase; normalised as `CAF_` + upper case (`a` → `CAF_A`). */
export const CAF_COLUMNS: Record<string, Entry> = {
  a: count('Allocataires CAF', 'allocataires'),
  percou: count('Personnes couvertes par une prestation CAF'),
  ai: count('Allocataires isolés sans enfant', 'allocataires'),
  am: count('Allocataires monoparents', 'allocataires'),
  acssenf: count('Allocataires en couple sans enfant', 'allocataires'),
  acavenf: count('Allocataires en couple avec enfant(s)', 'allocataires'),
  ac3enf: count('Allocataires en couple avec 3 enfants ou plus', 'allocataires'),
  enf: count('Enfants couverts par une prestation CAF', 'enfants'),
  enf_2: count('Enfants couverts de moins de 3 ans', 'enfants'),
  enf_3_5: count('Enfants couverts de 3 à 5 ans', 'enfants'),
  enf_6_10: count('Enfants couverts de 6 à 10 ans', 'enfants'),
  enf_11_14: count('Enfants couverts de 11 à 14 ans', 'enfants'),
  enf_15_17: count('Enfants couverts de 15 à 17 ans', 'enfants'),
  enf_18_24: count('Enfants couverts de 18 à 24 ans', 'enfants'),
  a_etud: count('Allocataires étudiants', 'allocataires'),
  a_netud_24: count('Allocataires non étudiants de moins de 25 ans', 'allocataires'),
  aal: count('Allocataires d’une aide au logement', 'allocataires'),
  aapl: count('Allocataires de l’aide personnalisée au logement (APL)', 'allocataires'),
  aals: count('Allocataires de l’allocation de logement sociale (ALS)', 'allocataires'),
  aalf: count('Allocataires de l’allocation de logement familiale (ALF)', 'allocataires'),
  aaah: count('Allocataires de l’allocation aux adultes handicapés (AAH)', 'allocataires'),
  appa: count('Allocataires de la prime d’activité', 'allocataires'),
  arsas: count('Allocataires du revenu de solidarité active (RSA)', 'allocataires'),
  apaje: count('Allocataires de la prestation d’accueil du jeune enfant (PAJE)', 'allocataires'),
  aaf: count('Allocataires des allocations familiales', 'allocataires'),
  aeeh: count('Allocataires de l’allocation d’éducation de l’enfant handicapé (AEEH)', 'allocataires'),
  // The PAJE file by commune (`Communes;Codes_Insee;NB_Allocataires;ALL_PAJE;ALL_PRIM;…`): its other columns.
  all_prim: count('Allocataires de la prime à la naissance ou à l’adoption (PAJE)', 'allocataires'),
  all_basep: count('Allocataires de l’allocation de base de la PAJE', 'allocataires'),
  all_cmg: count('Allocataires du complément de libre choix du mode de garde (CMG)', 'allocataires'),
  all_cmg_asma: count('Allocataires du CMG pour une assistante maternelle', 'allocataires'),
  all_cmg_dom: count('Allocataires du CMG pour une garde à domicile', 'allocataires'),
  all_cmg_a: count('Allocataires du CMG pour une structure (association, entreprise, micro-crèche)', 'allocataires'),
  all_clca_colca: count('Allocataires du complément de libre choix d’activité (CLCA, COLCA)', 'allocataires'),
  // The RSA file by commune (`…;NB_allocataire_RSA;Dont_RSA_jeune;RSA_SOCLE_non_Majore;RSA_SOCLE_Majore;RSA_activite`).
  dont_rsa_jeune: count('Allocataires du RSA jeune (moins de 25 ans)', 'allocataires'),
  rsa_socle_non_majore: count('Allocataires du RSA socle non majoré', 'allocataires'),
  rsa_socle_majore: count('Allocataires du RSA socle majoré (parent isolé, grossesse)', 'allocataires'),
  rsa_activite: count('Allocataires du RSA activité', 'allocataires'),
  // The housing file by commune (`…;total_ALF;total_ALS;total_APL;locataire_ALF;…;total_allocataires_logement`).
  locataire_alf: count('Allocataires locataires ou en foyer percevant l’ALF', 'allocataires'),
  locataire_als: count('Allocataires locataires ou en foyer percevant l’ALS', 'allocataires'),
  locataire_apl: count('Allocataires locataires ou en foyer percevant l’APL', 'allocataires'),
  proprietaire_alf: count('Allocataires accédants à la propriété percevant l’ALF', 'allocataires'),
  proprietaire_als: count('Allocataires accédants à la propriété percevant l’ALS', 'allocataires'),
  proprietaire_apl: count('Allocataires accédants à la propriété percevant l’APL', 'allocataires'),
  total_locataire: count('Allocataires locataires ou en foyer percevant une aide au logement', 'allocataires'),
  total_proprietaire: count('Allocataires accédants à la propriété percevant une aide au logement', 'allocataires'),
  // The enfance-jeunesse file by commune (`…;ALL_AF;ALL_CF;ALL_ARS;ALL_ASF;ALL_AEEH`).
  all_cf: count('Allocataires du complément familial (CF)', 'allocataires'),
  all_ars: count('Allocataires de l’allocation de rentrée scolaire (ARS)', 'allocataires'),
  all_asf: count('Allocataires de l’allocation de soutien familial (ASF)', 'allocataires'),
};

/** INSEE equipment codes of the base permanente des équipements that Socle's indicators name. */
const BPE_LABELS: Record<string, string> = {
  A203: 'Banques, caisses d’épargne',
  A206: 'Bureaux de poste',
  B101: 'Hypermarchés',
  B102: 'Supermarchés',
  B201: 'Supérettes',
  B202: 'Épiceries',
  B203: 'Boulangeries',
  C101: 'Écoles maternelles',
  C104: 'Écoles élémentaires',
  C201: 'Collèges',
  C301: 'Lycées d’enseignement général et/ou technologique',
  D201: 'Médecins généralistes',
  D307: 'Pharmacies',
  D502: 'Établissements d’accueil du jeune enfant',
};

const AGE_RANGE = /^(P|C)_(POP|POPH|POPF|H|F|ACT|ACTOCC|CHOM|INACT|ETUD|RETR|SAL|NSAL)(\d{2})(\d{2}|P)$/;
const AGE_SUBJECT: Record<string, string> = {
  POP: 'Population',
  POPH: 'Hommes',
  POPF: 'Femmes',
  H: 'Hommes',
  F: 'Femmes',
  ACT: 'Actifs',
  ACTOCC: 'Actifs occupés',
  CHOM: 'Chômeurs',
  INACT: 'Inactifs',
  ETUD: 'Élèves, étudiants et stagiaires non rémunérés',
  RETR: 'Retraités ou préretraités',
  SAL: 'Salariés',
  NSAL: 'Non-salariés',
};

/** Label, unit and kind of a normalised variable, or undefined when the dictionary does not know it. */
export const describeVariable = (name: string): VariableDefinition | undefined => {
  const entry = ENTRIES[name];
  if (entry) return { name, label: entry[0], unit: entry[1], kind: entry[2] };
  if (name.startsWith('CAF_')) {
    const caf = CAF_COLUMNS[name.slice(4).toLowerCase()];
    if (caf) return { name, label: caf[0], unit: caf[1], kind: caf[2] };
  }
  const age = AGE_RANGE.exec(name);
  if (age) {
    const [, prefix, subject, from, to] = age;
    const range = to === 'P' ? `de ${Number(from)} ans ou plus` : `de ${Number(from)} à ${Number(to)} ans`;
    const suffix = prefix === 'C' ? ' (exploitation complémentaire)' : '';
    return { name, label: `${AGE_SUBJECT[subject]} ${range}${suffix}`, unit: 'personnes', kind: 'count' };
  }
  const bpe = /^BPE_([A-G]\d{3})$/.exec(name);
  if (bpe) {
    const label = BPE_LABELS[bpe[1]];
    return { name, label: label ? `${label} (BPE ${bpe[1]})` : `Équipements de type ${bpe[1]} (base permanente des équipements)`, unit: 'équipements', kind: 'count' };
  }
  return undefined;
};
