// INSEE's data catalogue (Melodi, catalogue-donnees.insee.fr) publishes each dataset as one long CSV file: a row per
// territory, modality of each dimension and period, the figure in OBS_VALUE —
//   "GEO";"GEO_OBJECT";"FREQ";"POPREF_MEASURE";"TIME_PERIOD";"OBS_VALUE"
//   "31555";"COM";"A";"PMUN";"2023";"514819"
// in a ZIP beside a `…_metadata.csv` (COD_VAR;LIB_VAR;COD_MOD;LIB_MOD) that labels every code. Such a file is turned
// here into the table every other import reads: one row per territory, one column per variable and period. A
// variable is the modalities of its dimensions, totals (`_T`) left out: POPREF_MEASURE=PMUN → `PMUN`, so the
// populations de référence answer Socle's `population`; RP_MEASURE=POP, SEX=F, AGE=Y_GE75 → `POP_F_Y_GE75`, but in
// the principal exploitation's files (`DS_RP_…_PRINC`) the dossier complet's `P_F75P`; Filosofi's FILOSOFI_MEASURE=
// MED_SL and PR_MD60 are its chiffres clés' `MED` and `TP60`.
// Rows of communes, arrondissements municipaux, IRIS, EPCI and départements are kept (the importer sums IRIS and
// arrondissements into their commune and stores EPCI and département figures at their level); rows of régions,
// France and study zonings (unités urbaines, zones d'emploi…) are left out with a note.
import { formatNumber, plural } from '../../core/format/number-format.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { Referential } from '../../core/referential/referential.js';
import type { ImportedVariable } from '../import.types.js';
import { LICENCE_OUVERTE } from '../import.types.js';
import { describeVariable } from '../dictionary/variable-dictionary.js';
import { CELL_INVALID, CELL_MISSING, CELL_SECRET, CELL_VALUE, createCellReader, type CellReader, type CellState } from '../normalise/number-cell.js';
import { PERIOD_SEPARATOR, readTimePeriod, sanitiseName } from '../normalise/variable-name.js';
import { rowTexts, textCells, type RowCells, type SourceItem, type SourceRow } from '../parse/source-row.js';
import type { TableFamily } from '../tabular/table-family.js';

/** Columns that describe an observation rather than a dimension of the variable. */
const ATTRIBUTES = new Set(['GEO', 'GEO_OBJECT', 'GEO_REF', 'FREQ', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'OBS_STATUS_FR', 'OBS_FLAG', 'OBS_CONF', 'CONF_STATUS', 'UNIT_MEASURE', 'UNIT_MULT', 'DECIMALS', 'OBS_TYPE']);
/** Modalities that stand for « all » of a dimension: left out of the variable's name. */
const TOTALS = new Set(['_T', '_Z', 'ALL', 'TOTAL']);
/**
 * Levels kept, and what the importer's code column makes of them: a région's code is written `REG:76` (76 is also a
 * département's), France `FR`.
 */
const KEPT_LEVELS = new Set(['COM', 'ARM', 'IRIS', 'EPCI', 'DEP', 'REG', 'FRANCE', 'FE']);
const LEVEL_WORDS: Record<string, string> = {
  METRO: 'France métropolitaine',
  DROM: 'DROM',
  UU: 'unités urbaines',
  ZE: 'zones d’emploi',
  BV: 'bassins de vie',
  AAV: 'aires d’attraction des villes',
  ARR: 'arrondissements',
  CV: 'cantons-villes',
  CANT: 'cantons',
};
/** Dimensions whose figures are counts (persons, households, dwellings): summed over communes. */
const COUNT_MEASURES = new Set(['POPREF_MEASURE', 'RP_MEASURE']);
/**
 * Filosofi's measures in the data catalogue (FILOSOFI_MEASURE, every other dimension a total) under the names of its
 * « chiffres clés » file, which the dictionary and the library know: the median standard of living and the poverty
 * rate at 60 % of the median.
 */
const SAME_AS: Record<string, string> = { MED_SL: 'MED', PR_MD60: 'TP60' };
/**
 * The births and deaths of the état civil (DS_ETAT_CIVIL_NAIS_COMMUNES, DS_ETAT_CIVIL_DECES_COMMUNES: EC_MEASURE=LVB,
 * live births, and DTH, deaths, domiciled) under the names of the comparateur: `NAISD`, `DECESD` for a year, `NAIS`,
 * `DECE` for a period (`NAIS1621`), which the dictionary knows as counts and the library reads.
 */
const ETAT_CIVIL: Record<string, [string, string]> = { LVB: ['NAISD', 'NAIS'], DTH: ['DECESD', 'DECE'] };
/**
 * The census by sex and age of the principal exploitation (`DS_RP_…_PRINC`: RP_MEASURE=POP, SEX, AGE, every other
 * dimension a total) under the names of the dossier complet and of the bases, which the dictionary and the library
 * know: POP → `P_POP`, SEX=F → `P_POPF`, AGE=Y_GE75 → `P_POP75P`, SEX=M and AGE=Y_GE65 → `P_H65P`. Ages are SDMX codes:
 * `Y_LT15` under 15 (`0014`), `Y15T24` 15 to 24 (`1524`), `Y_GE80` 80 or over (`80P`). With the activity status
 * (EMPSTA_ENQ, the employment table): `1T2` → `P_ACT1564`, `2` → `P_CHOM1564`, `1` → `P_ACTOCC15P`, `_T` → `P_POP1564`,
 * so that the unemployment rate answers from the catalogue. The complementary exploitation (`_COMP`) keeps the
 * catalogue's names: its counts are a sample's, not the principal's.
 */
const censusName = (dimNames: readonly string[], mods: readonly string[], principal: boolean): string | null => {
  if (!principal) return null;
  let measure = '';
  let sex = '_T';
  let age = '_T';
  let status = '_T';
  for (let i = 0; i < dimNames.length; i++) {
    const d = dimNames[i].toUpperCase();
    const m = mods[i].toUpperCase();
    if (d === 'RP_MEASURE') measure = m;
    else if (d === 'SEX') sex = m;
    else if (d === 'AGE') age = m;
    else if (d === 'EMPSTA_ENQ') status = m;
    else if (!TOTALS.has(m)) return null;
  }
  if (measure !== 'POP') return null;
  const ages = TOTALS.has(age) ? '' : ageGroup(age);
  if (ages === null) return null;
  if (!TOTALS.has(status)) {
    // Activity (DS_RP_EMPLOI_LR_PRINC): 1T2 the actifs, 2 the chômeurs, 1 the actifs occupés, of an age group.
    const activity = ACTIVITY[status];
    return activity && ages && TOTALS.has(sex) ? `P_${activity}${ages}` : null;
  }
  const who = TOTALS.has(sex) ? 'POP' : sex === 'M' ? (ages ? 'H' : 'POPH') : sex === 'F' ? (ages ? 'F' : 'POPF') : null;
  return who ? `P_${who}${ages}` : null;
};

/** EMPSTA_ENQ (activity status in the census) as the bases name it: `P22_ACT1564`, `P22_CHOM1564`, `P22_ACTOCC15P`. */
const ACTIVITY: Record<string, string> = { '1T2': 'ACT', '2': 'CHOM', '1': 'ACTOCC' };

/** An SDMX age code as the census names its groups (`Y_LT20` → `0019`, `Y25T39` → `2539`, `Y_GE90` → `90P`), or null. */
const ageGroup = (code: string): string | null => {
  const two = (n: number) => String(n).padStart(2, '0');
  const under = /^Y_LT(\d{1,2})$/.exec(code);
  if (under && Number(under[1]) >= 1) return `00${two(Number(under[1]) - 1)}`;
  const range = /^Y(\d{1,2})T(\d{1,2})$/.exec(code);
  if (range && Number(range[1]) < Number(range[2])) return `${two(Number(range[1]))}${two(Number(range[2]))}`;
  const over = /^Y_GE(\d{1,2})$/.exec(code);
  if (over) return `${two(Number(over[1]))}P`;
  return null;
};

/** Marks of a withheld figure in CONF_STATUS or OBS_STATUS. */
const WITHHELD = new Set(['C', 'D', 'S']);

const fold = (h: string): string => h.replace(/\uFEFF/g, '').trim().toUpperCase();

/** A Melodi data file: GEO, GEO_OBJECT, TIME_PERIOD and OBS_VALUE in its header. */
export const isMelodiHeader = (cells: readonly string[]): boolean => {
  const h = new Set(cells.map(fold));
  return h.has('GEO') && h.has('GEO_OBJECT') && h.has('TIME_PERIOD') && h.has('OBS_VALUE');
};

/** The first line of a text file's beginning, split as a header (quotes removed). */
export const firstLineCells = (head: string, separator: string): string[] => {
  const line = head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
};

export interface MelodiTable {
  /** The table built: a header (`CODGEO`, then one column per variable and period) and a row per territory. */
  rows: SourceRow[];
  family: TableFamily;
  /** Labels of the columns built, from the archive's metadata file. */
  labels: Map<string, string>;
  notes: string[];
}

interface Column {
  name: string;
  period: [number, number] | null;
  millesime: number;
}

/** The family of the tables built here: each column's name and period as the pivot gave them. */
const melodiFamily = (columns: Map<string, Column>, kinds: Map<string, ImportedVariable['kind']>, title: string): TableFamily => ({
  id: 'insee',
  source: 'insee',
  producer: 'INSEE',
  licence: LICENCE_OUVERTE,
  emptyMeans: CELL_MISSING,
  recognises: () => false,
  nameOf: (column) => {
    const c = columns.get(column);
    return c ? { name: c.name, millesime: c.millesime, ...(c.period ? { period: c.period } : {}) } : { name: sanitiseName(column), millesime: null };
  },
  unknownKind: (name) => kinds.get(name) ?? 'other',
  defaultMillesime: (ctx, found) => ok(ctx.millesime ?? (found.length ? Math.max(...found) : null)),
  title: () => title,
});


/** Growable typed arrays of the observations read: territory, column, value, state and line of each. */
class Observations {
  n = 0;
  territory = new Int32Array(1 << 16);
  column = new Int32Array(1 << 16);
  value = new Float64Array(1 << 16);
  state = new Uint8Array(1 << 16);
  line = new Int32Array(1 << 16);

  push(territory: number, column: number, value: number, state: number, line: number): void {
    if (this.n === this.territory.length) {
      const size = this.n * 2;
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      this.territory = grow(this.territory);
      this.column = grow(this.column);
      this.value = grow(this.value);
      this.state = grow(this.state);
      this.line = grow(this.line);
    }
    const i = this.n++;
    this.territory[i] = territory;
    this.column[i] = column;
    this.value[i] = value;
    this.state[i] = state;
    this.line[i] = line;
  }
}

/** No observation for this territory, variable and period. */
const ABSENT = 255;

/**
 * One territory's row of the table built: its code, then its figures as read from the long file (no text is made for
 * them: the table reader takes the values as they are, and the family's reading of `s` and of an empty cell).
 */
class TerritoryCells implements RowCells {
  readonly length: number;

  constructor(
    private readonly code: string,
    private readonly values: Float64Array,
    private readonly states: Uint8Array,
    private readonly offset: number,
    width: number,
  ) {
    this.length = width + 1;
  }

  text(i: number): string {
    if (i === 0) return this.code;
    if (i >= this.length) return '';
    const st = this.states[this.offset + i - 1];
    return st === CELL_VALUE ? String(this.values[this.offset + i - 1]) : st === CELL_SECRET ? 's' : '';
  }

  blank(i: number): boolean {
    if (i === 0) return this.code.trim() === '';
    if (i >= this.length) return true;
    const st = this.states[this.offset + i - 1];
    return st !== CELL_VALUE && st !== CELL_SECRET;
  }

  read(i: number, reader: CellReader): CellState {
    if (i === 0) return reader.read(this.code);
    if (i >= this.length) return reader.read('');
    const st = this.states[this.offset + i - 1];
    if (st === CELL_VALUE) {
      reader.value = this.values[this.offset + i - 1];
      return CELL_VALUE;
    }
    return reader.read(st === CELL_SECRET ? 's' : '');
  }

  readAll(at: Int32Array, reader: CellReader, values: Float64Array, states: Uint8Array): void {
    for (let j = 0; j < at.length; j++) {
      const st = this.read(at[j], reader);
      states[j] = st;
      if (st === CELL_VALUE) values[j] = reader.value;
    }
  }
}

/**
 * Reads a Melodi data file whole and turns it into a table by territory. Refuses (naming the line, column and value)
 * a period that is not a year, a figure that is not a number, or the same territory, variable and period twice.
 */
export const pivotMelodi = async (
  source: AsyncIterable<SourceItem>,
  options: { fileName: string; referential: Referential; labels?: ReadonlyMap<string, string> },
): Promise<Result<MelodiTable, AppError>> => {
  const { fileName, referential } = options;
  const labels = options.labels ?? new Map<string, string>();
  let header: string[] | undefined;
  let at: Record<'geo' | 'object' | 'time' | 'value' | 'status' | 'conf' | 'unit', number> | undefined;
  let dims: { index: number; name: string }[] = [];
  const columns = new Map<string, Column>();
  /** Column key (`period|modality|…`) → its index in the table built. */
  const columnIndex = new Map<string, number>();
  const columnTimes: string[] = [];
  const dimsOfColumn: string[][] = [];
  const units = new Map<number, Set<string>>();
  const periods = new Map<string, ReturnType<typeof readTimePeriod>>();
  /** Territories by code: index, and for each the line of its first row and whether it is an IRIS. */
  const territoryIndex = new Map<string, number>();
  const territoryCodes: string[] = [];
  const territoryLines: number[] = [];
  const territoryObjects: string[] = [];
  const observations = new Observations();
  let communeRows = false;
  const skipped = new Map<string, number>();
  let unknownEpci = 0;
  let rows = 0;
  const reader = createCellReader(CELL_MISSING);
  for await (const item of source) {
    for (const row of Array.isArray(item) ? item : [item]) {
      if (row.error !== undefined) return err(appError('FICHIER_ILLISIBLE', `${fileName}, ligne ${row.line} : ${row.error}`));
      const cells: RowCells = row.bytes ?? textCells(row.cells);
      if (!header) {
        const texts = rowTexts(row);
        if (texts.every((c) => c.trim() === '')) continue;
        header = texts.map(fold);
        const find = (name: string) => header!.indexOf(name);
        at = { geo: find('GEO'), object: find('GEO_OBJECT'), time: find('TIME_PERIOD'), value: find('OBS_VALUE'), status: find('OBS_STATUS'), conf: find('CONF_STATUS'), unit: find('UNIT_MEASURE') };
        dims = header.flatMap((name, index) => (ATTRIBUTES.has(name) || name === '' ? [] : [{ index, name }]));
        continue;
      }
      let blank = true;
      for (let i = 0; i < cells.length && blank; i++) blank = cells.blank(i);
      if (blank) continue;
      const a = at!;
      rows++;
      const object = cells.text(a.object).trim().toUpperCase();
      let geo = cells.text(a.geo).trim().toUpperCase();
      // The API writes `2025-COM-31555` (geography, level, code); the files, `31555`. No territory code has a dash.
      if (geo.includes('-')) geo = geo.slice(geo.lastIndexOf('-') + 1);
      if (!KEPT_LEVELS.has(object)) {
        const word = object === '' ? 'niveau non précisé' : (LEVEL_WORDS[object] ?? LEVEL_WORDS[object.replace(/\d+$/, '')] ?? object);
        skipped.set(word, (skipped.get(word) ?? 0) + 1);
        continue;
      }
      if (object === 'REG') geo = `REG:${geo}`;
      else if (object === 'FRANCE' || object === 'FE') geo = 'FR';
      if (object === 'EPCI' && !referential.epcis.has(geo)) {
        unknownEpci++;
        continue;
      }
      const timeText = cells.text(a.time).trim();
      let time = periods.get(timeText);
      if (time === undefined) periods.set(timeText, (time = readTimePeriod(timeText)));
      if (!time) {
        return err(appError('MILLESIME_INVALIDE', `${fileName}, ligne ${row.line}, colonne TIME_PERIOD, valeur « ${timeText} » : une année (2023) ou une période (2016-2021) est attendue ; les séries mensuelles ou trimestrielles ne sont pas lues`));
      }
      let key = timeText;
      for (const d of dims) key += `|${cells.text(d.index).trim()}`;
      let k = columnIndex.get(key);
      if (k === undefined) {
        k = columnTimes.length;
        columnIndex.set(key, k);
        columnTimes.push(timeText);
        dimsOfColumn.push(dims.map((d) => cells.text(d.index).trim()));
      }
      if (a.unit >= 0) {
        const u = cells.text(a.unit).trim().toUpperCase();
        if (u !== '') (units.get(k) ?? units.set(k, new Set()).get(k)!).add(u);
      }
      let st = cells.read(a.value, reader);
      if (st === CELL_INVALID) {
        return err(appError('FICHIER_REJETE', `${fileName} rejeté, ligne ${row.line}, colonne OBS_VALUE, valeur « ${cells.text(a.value).trim().slice(0, 80)} » : ${reader.reason} ; rien n’a été écrit`));
      }
      if (st === CELL_MISSING && cells.blank(a.value)) {
        const withheld = (i: number) => i >= 0 && WITHHELD.has(cells.text(i).trim().toUpperCase());
        if (withheld(a.conf) || withheld(a.status)) st = CELL_SECRET;
      }
      let t = territoryIndex.get(geo);
      if (t === undefined) {
        t = territoryCodes.length;
        territoryIndex.set(geo, t);
        territoryCodes.push(geo);
        territoryLines.push(row.line);
        territoryObjects.push(object);
      }
      if (object === 'COM') communeRows = true;
      observations.push(t, k, st === CELL_VALUE ? reader.value : NaN, st, row.line);
    }
  }
  if (!header) return err(appError('AUCUNE_DONNEE', `${fileName}, ligne 1 : fichier vide`));
  // The table: a row per territory, a column per variable and period; the same cell twice is refused.
  const width = columnTimes.length;
  const nt = territoryCodes.length;
  const values = new Float64Array(nt * width);
  const states = new Uint8Array(nt * width).fill(ABSENT);
  const lines = new Int32Array(nt * width);
  for (let o = 0; o < observations.n; o++) {
    const cell = observations.territory[o] * width + observations.column[o];
    const line = observations.line[o];
    if (lines[cell] !== 0) {
      const k = observations.column[o];
      const where = dims.map((d, i) => `${d.name}=${dimsOfColumn[k][i]}`).join(', ');
      const code = territoryCodes[observations.territory[o]];
      return err(appError('FICHIER_REJETE', `${fileName}, ligne ${line}, colonne OBS_VALUE : ${territoryObjects[observations.territory[o]]} ${code}, ${where}, période ${columnTimes[k]} déjà donné ligne ${lines[cell]}`));
    }
    lines[cell] = line;
    values[cell] = observations.value[o];
    states[cell] = observations.state[o];
  }
  const notes: string[] = [];
  if (skipped.size > 0) {
    const n = [...skipped.values()].reduce((x, y) => x + y, 0);
    notes.push(`${plural(n, 'ligne')} d’autres niveaux géographiques laissée${n > 1 ? 's' : ''} de côté, niveaux que Socle ne tient pas : ${[...skipped].map(([w, c]) => `${w} (${formatNumber(c)})`).join(', ')}.`);
  }
  // A file of communes and of their IRIS: the communes' own rows are the published figures.
  let kept = Array.from({ length: nt }, (_, t) => t);
  if (communeRows) {
    const before = kept.length;
    kept = kept.filter((t) => territoryObjects[t] !== 'IRIS');
    const n = before - kept.length;
    if (n > 0) notes.push(`${formatNumber(n)} IRIS laissé${n > 1 ? 's' : ''} de côté : le fichier donne aussi les communes.`);
  }
  if (unknownEpci > 0) notes.push(`${plural(unknownEpci, 'ligne')} d’EPCI absents du référentiel de 2026 laissée${unknownEpci > 1 ? 's' : ''} de côté.`);

  // Names: the modalities that are not totals, joined; where two columns would share a name, each modality is named
  // with its dimension (`SEX_F_AGE_Y_GE75`).
  const bare = (mods: string[]) => mods.filter((m) => !TOTALS.has(m.toUpperCase())).map((m) => sanitiseName(m));
  const long = (mods: string[]) => mods.flatMap((m, i) => (TOTALS.has(m.toUpperCase()) ? [] : [`${sanitiseName(dims[i].name)}_${sanitiseName(m)}`]));
  const dimNames = dims.map((d) => d.name);
  const nameWith = (namer: (mods: string[]) => string[]) => dimsOfColumn.map((mods) => namer(mods).join('_') || 'OBS_VALUE');
  let names = nameWith(bare);
  const clash = (list: string[]) => {
    const seen = new Map<string, string>();
    return list.some((n, k) => {
      const identity = dimsOfColumn[k].join('|');
      const other = seen.get(n);
      seen.set(n, identity);
      return other !== undefined && other !== identity;
    });
  };
  if (clash(names)) names = nameWith(long);
  // Measures the INSEE's other files publish under another name: the library's indicators read these.
  names = names.map((n) => SAME_AS[n] ?? n);
  const principal = /_PRINC(?:_|\b|$)/i.test(fileName);
  names = names.map((n, k) => censusName(dimNames, dimsOfColumn[k], principal) ?? n);
  if (dimNames.includes('EC_MEASURE')) {
    names = names.map((n, k) => (Object.hasOwn(ETAT_CIVIL, n) ? ETAT_CIVIL[n][periods.get(columnTimes[k])?.period ? 1 : 0] : n));
  }
  const kinds = new Map<string, ImportedVariable['kind']>();
  const table: string[] = ['CODGEO'];
  const builtLabels = new Map<string, string>();
  columnTimes.forEach((timeText, k) => {
    const time = readTimePeriod(timeText)!;
    const name = names[k];
    const published = `${name}${PERIOD_SEPARATOR}${timeText}`;
    // Labelled by the metadata file's modalities (a modality it does not label keeps its code).
    const shown = dimsOfColumn[k].flatMap((m, i) => (TOTALS.has(m.toUpperCase()) ? [] : [{ code: m, label: labels.get(`${dims[i].name}=${m}`) }]));
    const label = shown.some((p) => p.label) ? shown.map((p) => p.label ?? p.code).join(' — ') : undefined;
    columns.set(published, { name, period: time.period, millesime: time.millesime });
    if (label) builtLabels.set(published, label);
    table.push(published);
    const unit = units.get(k);
    const countUnit = unit && [...unit].every((u) => /^(POP|PERS|PERSON|PERSONS|NB|NOMBRE|IND|HAB|HH|MEN|LOG|DWELLINGS|ETAB|EMP|U|UNIT)$/.test(u));
    if (countUnit || (!unit && dimNames.some((d) => COUNT_MEASURES.has(d)))) kinds.set(name, 'count');
  });
  const dataset = /^DS_[A-Z0-9_]+/.exec(fileName.split(/[\\/›]/).pop()!.trim().toUpperCase().replace(/_(DATA|METADATA)\.[A-Z]+$/, ''))?.[0];
  const title = `Catalogue de données de l’INSEE (Melodi)${dataset ? ` : ${dataset}` : ''}`;
  const out: SourceRow[] = [{ line: 1, cells: table }];
  for (const t of kept) out.push({ line: territoryLines[t], bytes: new TerritoryCells(territoryCodes[t], values, states, t * width, width) });
  if (rows > 0 && kept.length === 0) {
    return err(appError('AUCUNE_DONNEE', `${fileName} : aucune ligne de commune, d’IRIS, d’EPCI, de département, de région ou de France (${notes.join(' ')})`));
  }
  notes.unshift(`Fichier long du catalogue de données de l’INSEE (Melodi) : ${plural(rows, 'ligne lue', 'lignes lues')}, ${plural(kept.length, 'territoire')}, ${plural(width, 'variable et période', 'variables et périodes')}.`);
  const notSummed = [...new Set(names)].filter((n) => kinds.get(n) !== 'count' && describeVariable(n) === undefined);
  if (notSummed.length > 0) notes.push(`Sans unité de comptage connue, non additionnées entre communes (valeurs par commune seulement) : ${notSummed.slice(0, 12).join(', ')}${notSummed.length > 12 ? ', …' : ''}.`);
  return ok({ rows: out, family: melodiFamily(columns, kinds, title), labels: builtLabels, notes });
};
