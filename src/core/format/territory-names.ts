// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// « celle de la Haute-Garonne », « celui de Toulouse Métropole », « de la France »: the French preposition and
// article in front of a territory name. For départements and régions the article is INSEE's « type de nom en clair »
// (TNCC, `typeLiaison` in @etalab/decoupage-administratif 6.0.0), copied here because it is a fixed property of the
// name; for communes it comes from the name itself (« Le Fousseret » → « du Fousseret »).
import type { TerritoryKind } from '../territory/territory-ref.js';

/** TNCC: 0 « de », 1 « d' », 2 « du » (Le), 3 « de la », 4 « des » (Les), 5 « de l' ». */
type Tncc = 0 | 1 | 2 | 3 | 4 | 5;

const DEPARTEMENT_TNCC: Record<string, Tncc> = {
  '01': 5, '02': 5, '03': 5, '04': 4, '05': 4, '06': 4, '07': 5, '08': 4, '09': 5, '10': 5, '11': 5, '12': 5, '13': 4,
  '14': 2, '15': 2, '16': 3, '17': 3, '18': 2, '19': 3, '21': 3, '22': 4, '23': 3, '24': 3, '25': 2, '26': 3, '27': 5,
  '28': 1, '29': 2, '2A': 3, '2B': 3, '30': 2, '31': 3, '32': 2, '33': 3, '34': 5, '35': 1, '36': 5, '37': 1, '38': 5,
  '39': 2, '40': 4, '41': 2, '42': 3, '43': 3, '44': 3, '45': 2, '46': 2, '47': 2, '48': 3, '49': 0, '50': 3, '51': 3,
  '52': 3, '53': 3, '54': 0, '55': 3, '56': 2, '57': 3, '58': 3, '59': 2, '60': 5, '61': 5, '62': 2, '63': 2, '64': 4,
  '65': 4, '66': 4, '67': 2, '68': 2, '69': 2, '70': 3, '71': 0, '72': 3, '73': 3, '74': 3, '75': 0, '76': 3, '77': 0,
  '78': 4, '79': 4, '80': 3, '81': 2, '82': 2, '83': 2, '84': 2, '85': 3, '86': 3, '87': 3, '88': 4, '89': 5, '90': 2,
  '91': 5, '92': 4, '93': 3, '94': 2, '95': 2, '971': 3, '972': 3, '973': 3, '974': 0, '976': 0,
  // The collectivités d'outre-mer, which the referential keeps as the « département » of their communes.
  '975': 0, '977': 0, '978': 0, '984': 4, '986': 0, '987': 3, '988': 3, '989': 1,
};

/**
 * The régions' TNCC, but for the names INSEE writes without article (« de Normandie », « d’Occitanie ») that running
 * French gives one, as subject and after « de » alike: « la Normandie s’écarte », « celle de l’Occitanie ».
 */
const REGION_TNCC: Record<string, Tncc> = {
  '01': 3, '02': 3, '03': 3, '04': 0, '06': 0, '11': 5, '24': 2, '27': 3, '28': 3, '32': 4, '44': 2, '52': 4, '53': 3,
  // Provence-Alpes-Côte d’Azur keeps INSEE's « de »: « de Provence-Alpes-Côte d’Azur », as it is said and written.
  '75': 3, '76': 5, '84': 5, '93': 0, '94': 3,
};

/** Elision before a vowel or a mute h; « haut » and « haute » have an aspirated h (« de Hautmont », « de Haute-Goulaine »). */
const startsWithVowel = (s: string): boolean => /^[aeiouyàâäéèêëîïôöùûüœæh]/i.test(s) && !/^ha(u)?ut/i.test(s);

/** Drops the article the TNCC implies from the stored name (« La Réunion » keeps it: TNCC 0). */
const withTncc = (tncc: Tncc, name: string): string => {
  switch (tncc) {
    case 1:
      return `d’${name}`;
    case 2:
      return `du ${name}`;
    case 3:
      return `de la ${name}`;
    case 4:
      return `des ${name}`;
    case 5:
      return `de l’${name}`;
    default:
      return `de ${name}`;
  }
};

/** Communes carry their article in their name: « Le Fousseret », « Les Cassés », « L'Isle-en-Dodon », « La Salvetat-… ». */
const communeOf = (name: string): string => {
  // The article is a word of its own (« Le Havre », « Les Abymes ») or elided (« L'Haÿ-les-Roses »): « Lens »,
  // « Lescar », « Levallois-Perret » have none.
  const m = /^(Le|Les) (.+)$/.exec(name);
  if (m) return m[1] === 'Le' ? `du ${m[2]}` : `des ${m[2]}`;
  // « de La Salvetat », « de L'Isle-en-Dodon »: the article of a commune name keeps its capital after « de ».
  if (/^(La |L['’])/.test(name)) return `de ${name}`;
  return startsWithVowel(name) ? `d’${name}` : `de ${name}`;
};

/**
 * EPCI names start with their kind (« CC du Volvestre », « CA du Sicoval », « Métropole du Grand Paris ») or with the
 * city (« Toulouse Métropole »). Communauté and métropole are feminine.
 */
const epciOf = (name: string): string => {
  if (/^(CC|CA|CU|Communauté|Métropole|Eurométropole)\b/.test(name)) return /^Eurométropole/.test(name) ? `de l’${name}` : `de la ${name}`;
  return startsWithVowel(name) ? `d’${name}` : `de ${name}`;
};

/** « de la Haute-Garonne », « de Toulouse Métropole », « de la France », « du périmètre Sud Haute-Garonne ». */
export const ofTerritory = (kind: TerritoryKind, code: string, name: string): string => {
  switch (kind) {
    case 'fr':
      return 'de la France';
    case 'dep':
      return withTncc(DEPARTEMENT_TNCC[code] ?? 0, name);
    case 'reg':
      return withTncc(REGION_TNCC[code] ?? 0, name);
    case 'com':
      return communeOf(name);
    case 'epci':
      return epciOf(name);
    case 'per':
      return `du périmètre ${name}`;
  }
};

/**
 * A territory's name with its article, as the subject or after « pour », « dans »: « la Haute-Garonne », « la CC du
 * Volvestre », « le Fousseret », « Toulouse », « la France », « le périmètre Sud Haute-Garonne ».
 */
export const theTerritory = (kind: TerritoryKind, code: string, name: string): string => {
  // A commune's article is part of its name, capital included: « Le Havre s'écarte… », « Les Abymes ».
  if (kind === 'com') return name;
  const of = ofTerritory(kind, code, name);
  if (of.startsWith('du ')) return `le ${of.slice(3)}`;
  if (of.startsWith('des ')) return `les ${of.slice(4)}`;
  if (of.startsWith('de la ')) return `la ${of.slice(6)}`;
  if (of.startsWith('de l’')) return `l’${of.slice(5)}`;
  // INSEE's « d' » (TNCC 1) marks a département or région name without article in its own use; running French gives
  // it one (« l’Occitanie », « l’Ille-et-Vilaine »). A commune or an EPCI has none (« Aignes »).
  if (of.startsWith('d’')) return kind === 'dep' || kind === 'reg' ? `l’${of.slice(2)}` : of.slice(2);
  return of.startsWith('de ') ? of.slice(3) : of;
};

/** « à la Haute-Garonne », « au Calvados », « aux Bouches-du-Rhône », « au Havre », « à l’Occitanie », « à Toulouse ». */
export const toTerritory = (kind: TerritoryKind, code: string, name: string): string => {
  const of = ofTerritory(kind, code, name);
  if (of.startsWith('du ')) return `au ${of.slice(3)}`;
  if (of.startsWith('des ')) return `aux ${of.slice(4)}`;
  if (of.startsWith('de la ')) return `à la ${of.slice(6)}`;
  if (of.startsWith('de l’')) return `à l’${of.slice(5)}`;
  if (of.startsWith('d’')) return kind === 'dep' || kind === 'reg' ? `à l’${of.slice(2)}` : `à ${of.slice(2)}`;
  return of.startsWith('de ') ? `à ${of.slice(3)}` : `à ${of}`;
};

/** Is the name a plural subject (« les Bouches-du-Rhône s'écartent », « Les Abymes comptent »)? */
export const isPluralTerritory = (kind: TerritoryKind, code: string, name: string): boolean => ofTerritory(kind, code, name).startsWith('des ');

/** `dep:31` → ['dep', '31'], `fr` → ['fr', '']. */
const kindAndCode = (ref: string): [TerritoryKind, string] => {
  if (ref === 'fr') return ['fr', ''];
  const at = ref.indexOf(':');
  return at < 0 ? [ref as TerritoryKind, ''] : [ref.slice(0, at) as TerritoryKind, ref.slice(at + 1)];
};

/** The same, from a reference (`dep:31`, `fr`) and its name. */
export const ofRef = (ref: string, name: string): string => ofTerritory(...kindAndCode(ref), name);
export const theRef = (ref: string, name: string): string => theTerritory(...kindAndCode(ref), name);
export const toRef = (ref: string, name: string): string => toTerritory(...kindAndCode(ref), name);
export const isPluralRef = (ref: string, name: string): boolean => isPluralTerritory(...kindAndCode(ref), name);
