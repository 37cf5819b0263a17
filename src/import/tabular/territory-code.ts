// Which column of a table holds the territory code, and how one code reaches today's commune (principle 1 and 2 of
// DESIGN.md): IRIS codes (9 characters) are summed into their commune, arrondissements municipaux into Paris, Lyon and
// Marseille, old codes into the commune that absorbed them; EPCI, département, région and France codes keep their
// level (the figures they carry are those the source published at that level: a median, a rate).
import type { Referential } from '../../core/referential/referential.js';
import { foldText } from '../../core/referential/text.js';

/**
 * `auto`: the level follows the code's shape (INSEE's CODGEO holds communes, EPCI SIREN, départements or régions). A
 * 2- or 3-character code is first read as a département; `settleAreaLevel` then reads the file's 2-character codes
 * as régions when the file says so (its name: `cc_filosofi_2021_REG.csv`) or when every one of them is a région's.
 */
export type CodeKind = 'com' | 'iris' | 'epci' | 'dep' | 'reg' | 'auto';

export interface CodeColumn {
  index: number;
  name: string;
  kind: CodeKind;
  /** INSEE populations légales without a COM column: the commune code is DEP (2 first characters) + CODCOM. */
  depIndex?: number;
}

const fold = (h: string): string => h.replace(/\uFEFF/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Header names by kind, in order of preference (the first found wins). */
const IRIS_HEADERS = ['iris', 'code_iris', 'iris_code', 'codeiris', 'dcomiris', 'iris_cod', 'cod_iris'];
const AUTO_HEADERS = ['codgeo'];
const COM_HEADERS = ['com', 'depcom', 'code_insee', 'codeinsee', 'insee_com', 'code_commune', 'codecommune', 'code_com', 'codcommune', 'numcomdo', 'codes_insee', 'numcom', 'num_com', 'code_commune_insee', 'insee', 'cog', 'codgeo_com'];
const EPCI_HEADERS = ['numepci', 'siren_epci', 'code_epci', 'epci_siren', 'sirenepci'];
/** Columns of région codes: the file's level when it has no commune, IRIS or EPCI column. */
const REG_HEADERS = ['reg', 'code_région', 'code_region', 'codreg', 'code_reg', 'coderegion', 'num_reg'];
/** A département's code beside a commune number (INSEE's populations légales: `DEP` and `CODCOM`, « Code département » and « Code commune »). */
const DEP_HEADERS = ['dep', 'code_département', 'code_departement', 'coddep', 'code_dep', 'codedep', 'cod_dep', 'num_dep', 'numdep'];

/** Finds the code column of a header row, or undefined when the row has none. */
export const findCodeColumn = (header: string[]): CodeColumn | undefined => {
  const folded = header.map(fold);
  const pick = (names: string[], kind: CodeKind): CodeColumn | undefined => {
    for (const n of names) {
      const i = folded.indexOf(n);
      if (i >= 0) return { index: i, name: header[i].replace(/\uFEFF/g, '').trim(), kind };
    }
    return undefined;
  };
  const found = pick(IRIS_HEADERS, 'iris') ?? pick(AUTO_HEADERS, 'auto') ?? pick(COM_HEADERS, 'com') ?? pick(EPCI_HEADERS, 'epci');
  const codcom = folded.indexOf('codcom');
  const commune = found ?? (codcom >= 0 ? { index: codcom, name: header[codcom].trim(), kind: 'com' as const } : undefined);
  // A table of départements (`DEP;LIBDEP;…`) or of régions (`REG;LIBREG;…`) has no finer code column.
  if (!commune) return pick(DEP_HEADERS, 'dep') ?? pick(REG_HEADERS, 'reg');
  // A commune column beside a département column may hold the commune's number only (`001`): the reader then puts
  // the département in front; a full five-character code is read as it is.
  if (commune?.kind === 'com') {
    const dep = DEP_HEADERS.map((h) => folded.indexOf(h)).find((i) => i >= 0 && i !== commune.index);
    if (dep !== undefined) return { ...commune, depIndex: dep };
  }
  return commune;
};

/** Columns that identify or name a territory rather than measure it: never read as figures. */
export const isLabelColumn = (header: string): boolean => {
  const h = fold(header);
  return (
    /^(lib|nom|name|intitule|libelle)/.test(h) ||
    // « Code région », « Code arrondissement », « Code canton »… : codes, not figures.
    /^(code|cod|num)_?(r[ée]gion|reg|d[ée]partement|dep|arrondissement|arr|canton|can|commune|com|epci|iris|postal)/.test(h) ||
    // The zonings of INSEE's bases with their year (UU2020, AAV2020, BV2022, ZE2020, TUU2017, CATEAAV2020): codes.
    /^(uu|au|aav|bv|ze|tuu|tduu|tau|taav|tdaav|cateaav)\d{4}$/.test(h) ||
    ['commune', 'région', 'region', 'département', 'departement', 'reg', 'dep', 'arr', 'codarr', 'codcan', 'can', 'codcom', 'typ_iris', 'triris', 'grd_quart', 'modif_iris', 'lab_iris', 'libiris', 'epci', 'uu', 'ze', 'au', 'tuu', 'tau', 'typ', 'type', 'nature_epci', 'cv', 'com', 'codgeo', 'depcom', 'iris', 'code_insee', 'numcomdo', 'codes_insee', 'numcom', 'num_com', 'numepci', 'siren_epci', 'code_epci', 'code_postal', 'codepostal', 'cp'].includes(h)
  );
};

/** The levels above the commune whose rows keep their level (`fr`: France, code `fr`). */
export type OtherLevel = 'epci' | 'dep' | 'reg' | 'fr';

export type RowCode =
  /** `iris`: the row is one IRIS of the commune (summed with its other IRIS). */
  | { level: 'com'; index: number; code: string; via: string; iris: boolean }
  | { level: OtherLevel; code: string }
  | { level: 'unknown'; code: string; reason: string };

/** Five ASCII digits: a commune code as INSEE writes it, already clean. */
const isFiveDigits = (s: string): boolean => {
  if (s.length !== 5) return false;
  for (let i = 0; i < 5; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/** A territory code as a cell holds it: 2 to 9 characters, digits (Corsica's 2A and 2B aside), its zero maybe lost. */
export const looksLikeCode = (cell: string | undefined): boolean => cell !== undefined && /^\d[\dAB]\d{0,7}$/i.test(cell.trim());

/** A code as written in the cell: trimmed, upper case, with the leading zero Excel drops (`1001` → `01001`). */
export const cleanCode = (raw: string): string => {
  if (isFiveDigits(raw)) return raw;
  const c = raw.replace(/\uFEFF/g, '').trim().toUpperCase();
  if (/^\d{4}$/.test(c)) return `0${c}`;
  if (/^\d{8}$/.test(c)) return `0${c}`;
  return c;
};

const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const IRIS_CODE = /^(\d{5}|2[AB]\d{3})[0-9A-Z]{4}$/;

/** The commune of code `c` (the row's code, or its first five characters for an IRIS). */
const communeOf = (c: string, iris: boolean, code: string, referential: Referential): RowCode => {
  const r = referential.resolveCode(c);
  if (!r) return { level: 'unknown', code, reason: `aucune commune du COG ne porte le code ${c}` };
  return { level: 'com', index: r.index, code: r.code, via: r.via, iris };
};

export const resolveRowCode = (code: string, kind: CodeKind, referential: Referential): RowCode => {
  if (code === '') return { level: 'unknown', code, reason: 'code vide' };
  switch (kind) {
    case 'iris':
      if (COMMUNE_CODE.test(code)) return communeOf(code, false, code, referential);
      if (IRIS_CODE.test(code)) return communeOf(code.slice(0, 5), true, code, referential);
      return { level: 'unknown', code, reason: 'code IRIS attendu (9 caractères)' };
    case 'com':
      if (COMMUNE_CODE.test(code)) return communeOf(code, false, code, referential);
      return { level: 'unknown', code, reason: 'code commune attendu (5 caractères)' };
    case 'epci':
      if (referential.epcis.has(code)) return { level: 'epci', code };
      return { level: 'unknown', code, reason: 'aucun EPCI ne porte ce SIREN' };
    case 'dep': {
      const c = /^\d$/.test(code) ? `0${code}` : code;
      if (referential.departements.has(c)) return { level: 'dep', code: c };
      return { level: 'unknown', code, reason: 'aucun département ne porte ce code' };
    }
    case 'reg': {
      const c = /^\d$/.test(code) ? `0${code}` : code;
      if (referential.regions.has(c)) return { level: 'reg', code: c };
      return { level: 'unknown', code, reason: 'aucune région ne porte ce code' };
    }
    case 'auto': {
      if (COMMUNE_CODE.test(code)) return communeOf(code, false, code, referential);
      if (/^\d{9}$/.test(code) && referential.epcis.has(code)) return { level: 'epci', code };
      if (IRIS_CODE.test(code)) return communeOf(code.slice(0, 5), true, code, referential);
      if (/^(\d{2,3}|2[AB])$/.test(code) && referential.departements.has(code)) return { level: 'dep', code };
      // A département whose leading zero Excel dropped (`1` for the Ain), as it drops a commune's (`1001`).
      if (/^\d$/.test(code) && referential.departements.has(`0${code}`)) return { level: 'dep', code: `0${code}` };
      // `REG:76`: a région named as such by Socle's own readers (the data catalogue's long files say the level).
      if (code.startsWith('REG:') && referential.regions.has(code.slice(4))) return { level: 'reg', code: code.slice(4) };
      if (FRANCE_CODES.has(code)) return { level: 'fr', code: 'fr' };
      return { level: 'unknown', code, reason: 'code inconnu du COG (ni commune, ni EPCI, ni département, ni région)' };
    }
  }
};

/**
 * A former code (`anciensCodes`) that is the same commune under another number, not a commune merged into it: a code
 * changed with the commune's département — Corsica's `20…` became `2A…` and `2B…` in 1976, Seine-et-Oise's `78…`
 * became `91…` and `95…`, the Seine's `75…` `92…`, `93…` and `94…` in 1968. The referential does not date its former
 * codes: a commune merged across a border of départements (rare) is taken for a renumbering too.
 */
export const isRenumbering = (former: string, current: string): boolean => former.slice(0, 2) !== current.slice(0, 2);

/** France as a whole (métropole and DROM, as INSEE counts it) in a CODGEO column. */
const FRANCE_CODES = new Set(['FR', 'FE', 'FRA', 'FRANCE']);
/** Rows that name France without its DROM: nothing of Socle's is that territory, so they are set aside, not refused. */
const METROPOLE_CODES = new Set(['FM', 'METRO', 'FRMETRO', 'FXX', 'FRANCE_METRO', 'FRANCE METROPOLITAINE', 'FRANCE MÉTROPOLITAINE']);

/** What a code that names no territory of Socle's on purpose stands for (the row is set aside with a note). */
export const outsideCodeMeaning = (code: string): string | undefined => (METROPOLE_CODES.has(code) ? 'France métropolitaine' : undefined);

/**
 * INSEE's zonings, by the word of a file's name that says them, glued to the zoning's year as INSEE names its files
 * (`cc_filosofi_2021_UU2020.csv`, `…_BV2022.csv`). `communeCodes`: the zoning's codes are those of communes (a bassin
 * de vie carries its main commune's code), so that codes alone never tell such a file from one of communes.
 */
const ZONINGS: Record<string, { words: string; communeCodes?: boolean }> = {
  UU: { words: 'unités urbaines' },
  AU: { words: 'aires urbaines' },
  AAV: { words: 'aires d’attraction des villes' },
  ZE: { words: 'zones d’emploi' },
  BV: { words: 'bassins de vie', communeCodes: true },
  CV: { words: 'cantons-villes' },
  CANT: { words: 'cantons' },
  ARR: { words: 'arrondissements' },
};

/**
 * The zonings written out in a file's name (its words, without accents, in capitals). A short word alone says
 * nothing: « AU » is also « au 01-01-2025 », « CV » a consultant's « Base comparateur CV », « ARR » Lyon's
 * arrondissements municipaux.
 */
const ZONING_PHRASES: [string[], string][] = [
  [['UNITES', 'URBAINES'], 'UU'],
  [['UNITE', 'URBAINE'], 'UU'],
  [['AIRES', 'URBAINES'], 'AU'],
  [['AIRE', 'URBAINE'], 'AU'],
  [['AIRES', 'D', 'ATTRACTION'], 'AAV'],
  [['AIRE', 'D', 'ATTRACTION'], 'AAV'],
  [['ZONES', 'D', 'EMPLOI'], 'ZE'],
  [['ZONE', 'D', 'EMPLOI'], 'ZE'],
  [['BASSINS', 'DE', 'VIE'], 'BV'],
  [['BASSIN', 'DE', 'VIE'], 'BV'],
  [['CANTONS', 'VILLES'], 'CV'],
  [['CANTON', 'VILLE'], 'CV'],
];

/**
 * `token`: the words of the name that say the zoning; `glued`: INSEE's own way of naming (`UU2020`), as opposed to a
 * phrase (« bassin de vie de Muret »), which a person may give a list of the communes of that zoning.
 */
export type ZoningHint = { level: 'zoning'; token: string; words: string; glued: boolean; communeCodes: boolean };
export type FileLevelHint = { level: 'reg' | 'dep' } | ZoningHint | undefined;

/**
 * The level a file's name says (INSEE names its files by level: `cc_filosofi_2021_REG.csv`, `…_DEP.csv`,
 * `…_ZE2020.csv`). A name that also says communes or IRIS says nothing.
 */
export const fileLevelHint = (fileName: string): FileLevelHint => {
  const base = fileName.split(/[\\/›]/).pop() ?? fileName;
  const tokens = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\.[A-Z0-9]+$/, '')
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const has = (...words: string[]) => tokens.some((t) => words.includes(t));
  if (has('COM', 'COMMUNE', 'COMMUNES', 'IRIS', 'ARM')) return undefined;
  if (has('REG', 'REGION', 'REGIONS')) return { level: 'reg' };
  if (has('DEP', 'DEPARTEMENT', 'DEPARTEMENTS')) return { level: 'dep' };
  for (const t of tokens) {
    const zoning = /^([A-Z]+)(?:19|20)\d{2}$/.exec(t)?.[1];
    if (zoning && ZONINGS[zoning]) return { level: 'zoning', token: t, words: ZONINGS[zoning].words, glued: true, communeCodes: ZONINGS[zoning].communeCodes === true };
  }
  for (const [phrase, zoning] of ZONING_PHRASES) {
    const at = tokens.findIndex((_, i) => phrase.every((w, k) => tokens[i + k] === w));
    if (at >= 0) return { level: 'zoning', token: tokens.slice(at, at + phrase.length).join(' '), words: ZONINGS[zoning].words, glued: false, communeCodes: ZONINGS[zoning].communeCodes === true };
  }
  return undefined;
};

/**
 * A code as a zoning writes it and a commune never does: 3 or 4 characters (an aire d’attraction `004`, a zone
 * d’emploi `7609`, a canton-ville `3101`, an arrondissement `311`; a commune whose leading zero Excel dropped is set
 * aside too), or a zoning across départements (`00851`, an unité urbaine over several).
 */
export const looksLikeZoningCode = (raw: string): boolean => {
  const c = raw.trim();
  return /^\d[\dAB]\d{1,2}$/i.test(c) || /^00\d{3}$/.test(c);
};

/**
 * Whether a file whose name says a zoning may still be read as one of communes: its name is not INSEE's way of naming
 * a zoning whose codes are communes' (`…_BV2022`), it has at least 20 rows, 95 % of them or more are communes, and no
 * code is written as a zoning's.
 */
export const ZONING_OVERRIDE_MIN_ROWS = 20;
export const ZONING_OVERRIDE_SHARE = 0.95;
export const isCommuneFileDespiteName = (hint: ZoningHint, rows: number, communeRows: number, zoningCodes: number): boolean =>
  !(hint.glued && hint.communeCodes) && rows >= ZONING_OVERRIDE_MIN_ROWS && communeRows >= ZONING_OVERRIDE_SHARE * rows && zoningCodes === 0;

/** The column that names each row's territory (`LIBGEO`, « Libellé géographique »), if the header has one. */
export const findNameColumn = (header: readonly string[]): number | undefined => {
  const i = header.findIndex((h) => /^(libgeo|lib_geo|libelle_geographique|libellé_géographique|nom_territoire|territoire|libelle|libellé|nom)$/.test(fold(h)));
  return i >= 0 ? i : undefined;
};

/**
 * Reads a file's 2-character département codes as régions. A row that names its territory says which it is (`76;
 * Occitanie` a région, `76;Seine-Maritime` a département: a file may give every level at once). Other rows follow the
 * file: régions when its name says so (`hint`, from fileLevelHint), or when it names no level and holds at least
 * three such codes, every one a région's. Changes `rows` in place and says what it did (a note), or nothing.
 */
export const settleAreaLevel = (rows: { level: OtherLevel; code: string; name?: string }[], hint: FileLevelHint, referential: Referential): string | undefined => {
  const deps = rows.filter((o) => o.level === 'dep');
  if (deps.length === 0) return undefined;
  // Every région's code is also a département's (76 is Occitanie and Seine-Maritime).
  const { regions, departements } = referential;
  const why =
    hint?.level === 'reg'
      ? 'le nom du fichier le dit'
      : hint === undefined && deps.length >= 3 && deps.every((o) => regions.has(o.code))
        ? 'chacun est celui d’une région et le nom du fichier ne dit pas le niveau'
        : undefined;
  const same = (a: string | undefined, b: string | undefined) => !!a && !!b && foldText(a) === foldText(b);
  let byName = 0;
  let byFile = 0;
  for (const o of deps) {
    if (!regions.has(o.code)) continue;
    const region = same(o.name, regions.get(o.code)!.name);
    const departement = same(o.name, departements.get(o.code)?.name);
    if (region && !departement) byName++;
    else if (why && !departement) byFile++;
    else continue;
    o.level = 'reg';
  }
  const parts = [byName ? `${byName} d’après le nom que le fichier leur donne` : '', byFile ? `${byFile} parce que ${why}` : ''].filter(Boolean);
  const moved = byName + byFile;
  return moved ? `Codes à deux chiffres lus comme des régions : ${moved} région${moved > 1 ? 's' : ''} (${parts.join(', ')}).` : undefined;
};
