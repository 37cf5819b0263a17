// Reads a table file row by row (CSV or XLSX, already decoded into cells): finds the header below any title lines,
// plans the columns, then validates each row and sums it into today's communes. Nothing is written here: the result
// says what would be stored and what was refused, with the line and column of each refusal.
import { INDICATORS } from '../../core/indicators/indicator-library.js';
import { ratioPairsWithin } from '../../core/indicators/terms.js';
import { pairedName } from '../../core/observations/paired-sums.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { Referential } from '../../core/referential/referential.js';
import { foldText } from '../../core/referential/text.js';
import { MAX_REJECTED_LISTED, type FamilyId, type ImportedVariable, type RejectedCell, type RemappedCode, type UnknownCode } from '../import.types.js';
import { CELL_INVALID, CELL_MISSING, CELL_SECRET, CELL_VALUE, createCellReader, isFigureMarker } from '../normalise/number-cell.js';
import { referenceYear } from '../normalise/reference-year.js';
import { rowTexts, textCells, type RowCells, type SourceItem, type SourceRow } from '../parse/source-row.js';
import { CommuneAccumulator, MAX_ROWS_PER_COMMUNE, type AccumulatorSummary } from './commune-accumulator.js';
import { planTable, REFERENCE_EXPECTED, severalMillesimes, UNKNOWN_YEAR, type TablePlan } from './plan-table.js';
import type { TableFamily } from './table-family.js';
import {
  cleanCode,
  fileLevelHint,
  findCodeColumn,
  looksLikeCode,
  findNameColumn,
  isCommuneFileDespiteName,
  isRenumbering,
  looksLikeZoningCode,
  outsideCodeMeaning,
  resolveRowCode,
  settleAreaLevel,
  type OtherLevel,
} from './territory-code.js';

/** How many rows may precede the header (title lines of INSEE workbooks). */
const MAX_TITLE_LINES = 50;
/** Rows after the header looked at to tell text columns from figures. */
const SAMPLE_ROWS = 20;
/** A cell that is a word or a date, not a number nor a marker of a withheld value. */
const WORDY = /\p{L}{2}|^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}$/u;

/**
 * Columns whose non-blank cells, in the rows given, are all words or dates (not numbers, not `s` or `nd`): the
 * commune's name in a CNAF file (`Communes`), its reference date (`Date_Ref`).
 */
const textColumnsOf = (rows: string[][], width: number, code: { index: number; depIndex?: number }): Set<number> => {
  const reader = createCellReader(CELL_MISSING);
  const words = new Int32Array(width);
  const other = new Int32Array(width);
  for (const cells of rows) {
    for (let i = 0; i < Math.min(width, cells.length); i++) {
      const text = cells[i].trim();
      if (i === code.index || i === code.depIndex || text === '') continue;
      if (reader.read(text) === CELL_INVALID && WORDY.test(text)) words[i]++;
      else other[i]++;
    }
  }
  const text = new Set<number>();
  for (let i = 0; i < width; i++) if (words[i] > 0 && other[i] === 0) text.add(i);
  return text;
};

/** The range of a count or an area, and what is said of a figure outside it. */
const BOUNDS = {
  count: { max: 1e10, negative: 'effectif négatif : un effectif (personnes, ménages, logements…) ne peut pas l’être', tooLarge: 'effectif hors d’échelle (plus de 10 milliards) : deux cellules collées, ou un séparateur de milliers mal lu ?' },
  area: { max: 1e6, negative: 'superficie négative', tooLarge: 'superficie hors d’échelle (plus d’un million de km²)' },
} as const;
export interface TableReadOptions {
  fileName: string;
  referential: Referential;
  family?: FamilyId | TableFamily;
  millesime?: number;
  currentYear: number;
  /** XLSX rows omit trailing empty cells: pad them instead of calling the row short. */
  padShortRows?: boolean;
  /**
   * Called once the header is planned; its answer true stops reading (the same file is already imported). Reading
   * goes on while it is awaited (it may wait for the file's sha256) and stops when it comes.
   */
  onPlan?: (plan: TablePlan) => Promise<boolean>;
  /** About how many rows the file has (for the accumulator's memory; see CommuneAccumulator). */
  expectedRows?: number;
  /** The producer's labels of the columns (from the metadata file of an archive), by published name. */
  labels?: ReadonlyMap<string, string>;
  /**
   * A file of several years read once per year: rows whose reference date is no year are left out of this reading
   * (another reading of the same file refuses them, once).
   */
  skipBadDates?: boolean;
}

/** A value published at another level than the commune (an EPCI, département, région or France row of an INSEE file). */
export interface OtherLevelRow {
  level: OtherLevel;
  code: string;
  /** The territory's name as the file gives it (LIBGEO), which tells a région from a département of the same code. */
  name?: string;
  line: number;
  values: Float64Array;
  states: Uint8Array;
}

export interface TableStats {
  rows: number;
  imported: number;
  rejectedRows: number;
  rejected: RejectedCell[];
  remapped: RemappedCode[];
  unknownCodes: UnknownCode[];
  secretValues: number;
  missingValues: number;
  /** With a millésime asked for, the rows of the other years of the column of reference dates, left out. */
  otherYears?: { years: number[]; rows: number };
}

export interface TableRead {
  plan: TablePlan;
  /** True when onPlan stopped the reading. */
  stopped: boolean;
  accumulator: CommuneAccumulator;
  /** Communes that received rows, sorted by code. */
  communes: Int32Array;
  others: OtherLevelRow[];
  summary: AccumulatorSummary;
  stats: TableStats;
  notes: string[];
  /** Départements (and other-level codes) the file covers: part of the dataset key. */
  coverage: string[];
  /**
   * The library's ratios whose numerator or denominator some commune sums short of a withheld row (an IRIS): each of
   * the two summed again over the rows that publish both (core/observations/paired-sums.ts), stored with the file.
   */
  paired?: { accumulator: CommuneAccumulator; columns: { index: number; variable: ImportedVariable }[] };
}

/**
 * A commune's code from its département and its number in it: `31` and `1` → `31001` (Excel drops the zeros: `1` is
 * département 01); a DROM département of three characters takes a number of two (`971` and `01` → `97101`), or of
 * three whose first is the département's last (`971` and `101`).
 */
export const communeCodeOf = (departement: string, number: string): string => {
  const d = cleanCode(departement);
  const dep = /^\d$/.test(d) ? `0${d}` : d;
  if (dep.length === 3 && number.length <= 2) return `${dep}${number.padStart(2, '0')}`;
  return `${dep.slice(0, 2)}${number.padStart(3, '0')}`;
};

export const readTable = async (rows: AsyncIterable<SourceItem>, options: TableReadOptions): Promise<Result<TableRead, AppError>> => {
  const { referential, fileName } = options;
  const it = rows[Symbol.asyncIterator]();
  // Records are taken from the reader's items (a record or a chunk's records) without an await per record.
  let batch: SourceRow[] = [];
  let at = 0;
  let accumulatorDone: (() => void) | undefined;
  const nextRow = async (): Promise<SourceRow | undefined> => {
    while (at === batch.length) {
      const r = await it.next();
      if (r.done) return undefined;
      batch = Array.isArray(r.value) ? r.value : [r.value];
      at = 0;
    }
    return batch[at++];
  };
  try {
    // 1. The header: the first row with a territory code column.
    let firstLine: { line: number; text: string } | undefined;
    let header: { cells: string[]; line: number } | undefined;
    /** The text of the lines above the header (a workbook's title: « Populations légales 2021 »). */
    const titleLines: string[] = [];
    for (let k = 0; k < MAX_TITLE_LINES; k++) {
      const row = await nextRow();
      if (!row) break;
      if (row.error !== undefined) {
        if (row.fatal && !firstLine) return err(appError('FICHIER_ILLISIBLE', `${fileName}, ligne ${row.line} : ${row.error}`));
        firstLine ??= { line: row.line, text: row.raw };
        if (row.fatal) break;
        continue;
      }
      const texts = rowTexts(row);
      if (texts.every((c) => c.trim() === '')) continue;
      firstLine ??= { line: row.line, text: texts.join(' | ') };
      if (findCodeColumn(texts)) {
        header = { cells: texts, line: row.line };
        break;
      }
      titleLines.push(texts.filter((c) => c.trim() !== '').join(' '));
    }
    if (!firstLine) return err(appError('AUCUNE_DONNEE', `${fileName}, ligne 1 : fichier vide`));
    if (!header) {
      return err(
        appError(
          'FORMAT_INCONNU',
          `${fileName}, ligne ${firstLine.line} : aucune colonne de code géographique (CODGEO, COM, CODCOM et DEP, IRIS, iris_code, numcomdo, Codes_Insee, NUMEPCI…) dans l’en-tête « ${truncate(firstLine.text, 160)} » : ce n’est pas un tableau de données reconnu`,
        ),
      );
    }
    const code = findCodeColumn(header.cells)!;
    // A row of labels under the codes (« Code géographique ; Population en 2022 », as some workbooks put them below
    // rather than above): no code in the code column, no figure anywhere. Passed, with a note.
    let labelsLine: number | undefined;
    for (;;) {
      const next = await nextRow();
      if (!next) break;
      if (next.error !== undefined) {
        at--;
        break;
      }
      const texts = rowTexts(next);
      if (texts.every((c) => c.trim() === '')) continue;
      // The header itself again is not labels: it is refused below as a repeated header.
      if (isLabelsRow(texts, code.index) && !texts.every((c, k) => foldHeaderCell(c) === foldHeaderCell(header.cells[k] ?? ''))) labelsLine = next.line;
      else at--;
      break;
    }
    // INSEE names its files by level: one of zonings (`…_UU2020.csv`, `…_BV2022.csv`) holds codes that look like a
    // commune's or a département's and are neither. Such a file is refused once read, unless its rows are plainly
    // communes (isCommuneFileDespiteName).
    const hint = code.kind === 'auto' ? fileLevelHint(fileName) : undefined;
    const zoning = hint?.level === 'zoning' ? { hint, communeRows: 0, zoningCodes: 0 } : undefined;
    // The first rows after the header tell the columns of names and dates from the figures. They are looked at where
    // they are; when they run past the reader's current chunk, the rows not yet taken are copied as text first (the
    // plain-line reader's rows are only valid within their chunk), so the sample is the same however the file is cut.
    const sample: string[][] = [];
    const sampleLines: number[] = [];
    for (let k = at; sample.length < SAMPLE_ROWS; ) {
      if (k < batch.length) {
        const row = batch[k++];
        if (row.error !== undefined) continue;
        const texts = rowTexts(row);
        if (texts.some((t) => t.trim() !== '')) {
          sample.push(texts);
          sampleLines.push(row.line);
        }
        continue;
      }
      batch = batch.slice(at).map((row) => (row.bytes !== undefined ? { line: row.line, cells: rowTexts(row) } : row));
      at = 0;
      k = batch.length;
      const r = await it.next();
      if (r.done) break;
      batch = batch.concat(r.value);
    }
    const textColumns = textColumnsOf(sample, header.cells.length, code);
    const planned = planTable(header.cells, header.line, code, {
      fileName,
      millesime: options.millesime,
      currentYear: options.currentYear,
      family: options.family,
      labels: options.labels,
      titleLines,
      textColumns,
      sample: { rows: sample, lines: sampleLines },
    });
    if (!planned.ok) return planned;
    const plan = planned.value;
    if (labelsLine !== undefined) plan.notes.push(`Ligne ${labelsLine} passée : les libellés des colonnes, sous leurs codes.`);
    const accumulator = new CommuneAccumulator(referential.communeCount, plan.data.length, {
      expectedRows: options.expectedRows,
      arrondissementsOf: (commune) => referential.aliasesOf(commune, 'arrondissement').length,
    });
    // The ratios of the library over two of the file's variables: each pair's two columns summed over the rows that
    // publish both (paired-sums.ts). Only a file by IRIS sums several rows into a commune as a rule; a file of one row
    // per commune (a national comparateur, dozens of pairs) is not made to carry the extra columns on every row.
    // Kept only where some commune's sum turns out partial.
    const names = new Set(plan.data.map((d) => d.variable.name));
    const pairs = (plan.code.kind === 'iris' ? ratioPairsWithin(INDICATORS.map((d) => d.formula), names) : []).flatMap(([n, d]) => {
      const jn = plan.data.findIndex((c) => c.variable.name === n);
      const jd = plan.data.findIndex((c) => c.variable.name === d);
      // Two millésimes of one name in a file: no pairing (the engine never divides across millésimes anyway).
      return plan.data[jn].variable.millesime === plan.data[jd].variable.millesime ? [{ jn, jd }] : [];
    });
    const pairAccumulator = pairs.length ? new CommuneAccumulator(referential.communeCount, 2 * pairs.length, { arrondissementsOf: (commune) => referential.aliasesOf(commune, 'arrondissement').length }) : null;
    const units = new CommuneUnits(referential.communeCount);
    const pairValues = new Float64Array(2 * pairs.length);
    const pairStates = new Uint8Array(2 * pairs.length);
    accumulatorDone = () => accumulator.doneAdding();
    const newStats = (): TableStats => ({ rows: 0, imported: 0, rejectedRows: 0, rejected: [], remapped: [], unknownCodes: [], secretValues: 0, missingValues: 0 });
    const stats = newStats();
    /** The answer when onPlan stops the reading: nothing read. */
    const empty = (): TableRead => ({
      plan,
      stopped: true,
      accumulator,
      communes: new Int32Array(0),
      others: [],
      summary: { notRecomputable: [], partial: [], arrondissementsIgnored: [], arrondissementsIncomplete: [] },
      stats: newStats(),
      notes: plan.notes,
      coverage: [],
    });
    const stopping = options.onPlan?.(plan);
    let stop = false;
    stopping?.then(
      (answer) => (stop = answer),
      () => (stop = true),
    );

    // 2. The rows.
    const width = plan.header.length;
    const nv = plan.data.length;
    const indices = Int32Array.from(plan.data.map((d) => d.index));
    const reader = createCellReader(plan.family.emptyMeans);
    const values = new Float64Array(nv);
    const states = new Uint8Array(nv);
    // What a figure can be, by the kind its variable has in the dictionary: a count of people, households or
    // establishments, or an area, is never negative nor beyond ten billion (a cell run together with its neighbour,
    // a sign typed in). Other kinds (a rate, a median, a balance) are taken as they come.
    const bounded = plan.data.map((d) => (d.variable.kind === 'count' ? BOUNDS.count : d.variable.kind === 'area' ? BOUNDS.area : null));
    /** Line of each code already read: current commune codes by index (0: none yet), other codes by text. */
    const seen = new Map<string, number>();
    const lineOfCommune = new Int32Array(referential.communeCount);
    const remapped = new Map<string, RemappedCode>();
    const others: OtherLevelRow[] = [];
    /** Rows of codes that name no territory on purpose (TableFamily.outsideCode), by code and meaning. */
    const outsideRows = new Map<string, number>();
    const reject = (cell: RejectedCell) => {
      if (stats.rejected.length < MAX_REJECTED_LISTED) stats.rejected.push(cell);
    };
    const codeName = code.name;
    const headerCells = header.cells.map(foldHeaderCell);
    /**
     * Why a row is refused when it is a header line, the file's own again or another's (two files put end to end);
     * undefined for a row whose code cell is not the code column's name.
     */
    const headerAgain = (cells: RowCells, n: number): string | undefined => {
      if (foldHeaderCell(cells.text(code.index)) !== headerCells[code.index]) return undefined;
      let same = n === headerCells.length;
      for (let i = 0; same && i < n; i++) same = foldHeaderCell(cells.text(i)) === headerCells[i];
      return same
        ? `l’en-tête est répété (déjà ligne ${header.line}) : deux fichiers mis bout à bout ? Retirez cette ligne`
        : `ligne d’en-tête au milieu des données, différente de celle de la ligne ${header.line} : deux fichiers mis bout à bout ? Importez-les séparément`;
    };
    const nameIndex = findNameColumn(plan.header);
    /** Codes read with the leading zero a spreadsheet dropped (`1001` → `01001`), and the first of them. */
    const padded: { count: number; first?: { line: number; raw: string; code: string } } = { count: 0 };
    /** The column of each row's millésime (CNAF's `Date_Ref`), and the other years met in it, with their first line. */
    const dated = plan.rowMillesime;
    const otherYears = new Map<number, { line: number }>();
    let otherYearRows = 0;
    /** Validates one data row and sums it; true when the reader stopped (a fatal error). Synchronous: the hot path. */
    const takeRow = (row: SourceRow): boolean => {
      if (row.error !== undefined) {
        stats.rows++;
        stats.rejectedRows++;
        reject({ line: row.line, column: '(ligne entière)', value: truncate(row.raw, 80), reason: row.error });
        return row.fatal === true;
      }
      const cells: RowCells = row.bytes ?? textCells(row.cells);
      // Cells read: a row of more cells than the header whose extra cells are blank is cut to the header; XLSX rows
      // (padShortRows) are padded with empty cells or cut to the header.
      let n = cells.length;
      if (n !== width) {
        if (n === 0 || allBlank(cells, n)) return false;
        if (n > width && allBlank(cells, n, width)) n = width;
        else if (options.padShortRows) n = width;
      }
      stats.rows++;
      if (n !== width) {
        stats.rejectedRows++;
        const again = headerAgain(cells, n);
        if (again !== undefined) reject({ line: row.line, column: codeName, value: truncate(cells.text(code.index).trim(), 80), reason: again });
        else if (n < width) {
          reject({ line: row.line, column: plan.header[n] || `(colonne ${n + 1})`, value: '', reason: `ligne incomplète : ${n} champs au lieu de ${width}` });
        } else {
          reject({ line: row.line, column: `(colonne ${width + 1})`, value: truncate(cells.text(width), 80), reason: `ligne trop longue : ${n} champs au lieu de ${width}` });
        }
        return false;
      }
      if (allBlank(cells, n)) {
        stats.rows--;
        return false;
      }
      if (dated) {
        const text = cells.text(dated.index).trim();
        const year = text === '' ? null : referenceYear(text);
        const future = year !== null && year > options.currentYear + 1;
        if (year === null || future) {
          // A row of a file read once per year is refused in one of the readings only.
          if (options.skipBadDates) {
            stats.rows--;
            return false;
          }
          stats.rejectedRows++;
          const again = headerAgain(cells, n);
          if (again !== undefined) {
            reject({ line: row.line, column: codeName, value: truncate(cells.text(code.index).trim(), 80), reason: again });
            return false;
          }
          const reason = text === '' ? `date de référence vide : ${REFERENCE_EXPECTED}` : future ? `année ${year} postérieure à ${options.currentYear + 1}` : REFERENCE_EXPECTED;
          reject({ line: row.line, column: dated.name, value: truncate(text, 80), reason });
          return false;
        }
        // A row of another millésime: left out when a millésime was asked for (one pass of a file of several years),
        // otherwise the file is refused once read, naming every year (see severalMillesimes).
        if (year !== dated.millesime) {
          if (!otherYears.has(year)) otherYears.set(year, { line: row.line });
          if (options.millesime !== undefined) {
            stats.rows--;
            otherYearRows++;
          }
          return false;
        }
      }
      const rawCode = cells.text(code.index);
      let codeText = cleanCode(rawCode);
      // `1001` read as `01001`: the zero a spreadsheet drops from a number, put back (and said in the report).
      if (codeText.charCodeAt(0) === 48 && rawCode.charCodeAt(0) !== 48 && codeText.length === rawCode.trim().length + 1) {
        padded.count++;
        padded.first ??= { line: row.line, raw: rawCode.trim(), code: codeText };
      }
      if (code.depIndex !== undefined && /^\d{1,3}$/.test(codeText)) codeText = communeCodeOf(cells.text(code.depIndex), codeText);
      const rc = resolveRowCode(codeText, code.kind, referential);
      if (zoning) {
        if (rc.level === 'com') zoning.communeRows++;
        if (looksLikeZoningCode(cells.text(code.index))) zoning.zoningCodes++;
      }
      if (rc.level === 'unknown') {
        const outside = plan.family.outsideCode?.(codeText) ?? outsideCodeMeaning(codeText);
        if (outside !== undefined) {
          outsideRows.set(`${codeText} (${outside})`, (outsideRows.get(`${codeText} (${outside})`) ?? 0) + 1);
          return false;
        }
        stats.rejectedRows++;
        const again = headerAgain(cells, n);
        if (again !== undefined) {
          reject({ line: row.line, column: codeName, value: truncate(cells.text(code.index).trim(), 80), reason: again });
          return false;
        }
        if (stats.unknownCodes.length < MAX_REJECTED_LISTED) stats.unknownCodes.push({ code: codeText, line: row.line });
        reject({ line: row.line, column: codeName, value: truncate(codeText, 80), reason: rc.reason });
        return false;
      }
      // A current commune code is looked up by its index, any other code by its text; a 2-character one with the
      // name the row gives it (76 is a région's and a département's code: a file of every level has both rows).
      const byIndex = rc.level === 'com' && rc.via === 'actuelle' && !rc.iris;
      const seenKey = rc.level === 'dep' && nameIndex !== undefined ? `${codeText}|${foldText(cells.text(nameIndex))}` : codeText;
      const previous = byIndex ? lineOfCommune[rc.index] || undefined : seen.get(seenKey);
      if (previous !== undefined) {
        stats.rejectedRows++;
        reject({ line: row.line, column: codeName, value: codeText, reason: `code en double : déjà présent ligne ${previous}` });
        return false;
      }
      if (rc.level === 'com' && accumulator.rowsOf(rc.index) >= MAX_ROWS_PER_COMMUNE) {
        stats.rejectedRows++;
        reject({ line: row.line, column: codeName, value: codeText, reason: `plus de ${MAX_ROWS_PER_COMMUNE} lignes pour la commune ${rc.code}` });
        return false;
      }
      let bad = false;
      let secret = 0;
      let missing = 0;
      cells.readAll(indices, reader, values, states);
      for (let j = 0; j < nv; j++) {
        const st = states[j];
        if (st === CELL_VALUE) continue;
        if (st === CELL_SECRET) secret++;
        else if (st === CELL_MISSING) missing++;
        else if (st === CELL_INVALID) {
          bad = true;
          cells.read(indices[j], reader); // again, for this cell's reason
          reject({ line: row.line, column: plan.data[j].variable.published_name, value: truncate(cells.text(indices[j]), 80), reason: reader.reason });
        }
      }
      for (let j = 0; j < nv; j++) {
        const b = bounded[j];
        if (b === null || states[j] !== CELL_VALUE || (values[j] >= 0 && values[j] <= b.max)) continue;
        bad = true;
        reject({ line: row.line, column: plan.data[j].variable.published_name, value: truncate(cells.text(indices[j]), 80), reason: values[j] < 0 ? b.negative : b.tooLarge });
      }
      if (bad) {
        stats.rejectedRows++;
        return false;
      }
      if (byIndex) lineOfCommune[rc.index] = row.line;
      else seen.set(seenKey, row.line);
      stats.imported++;
      stats.secretValues += secret;
      stats.missingValues += missing;
      if (rc.level === 'com') {
        if (rc.via !== 'actuelle') {
          const from = rc.iris ? codeText.slice(0, 5) : codeText;
          if (!remapped.has(from)) remapped.set(from, { from, to: rc.code, via: rc.via });
          units.former(rc.index, from, rc.code, rc.via, rc.iris);
        } else units.own[rc.index] = 1;
        accumulator.add(rc.index, values, states, rc.via === 'arrondissement' && !rc.iris);
        if (pairAccumulator) {
          for (let p = 0; p < pairs.length; p++) {
            const { jn, jd } = pairs[p];
            const both = states[jn] === CELL_VALUE && states[jd] === CELL_VALUE;
            const st = both ? CELL_VALUE : states[jn] === CELL_SECRET || states[jd] === CELL_SECRET ? CELL_SECRET : CELL_MISSING;
            pairValues[2 * p] = both ? values[jn] : 0;
            pairValues[2 * p + 1] = both ? values[jd] : 0;
            pairStates[2 * p] = st;
            pairStates[2 * p + 1] = st;
          }
          pairAccumulator.add(rc.index, pairValues, pairStates, rc.via === 'arrondissement' && !rc.iris);
        }
      } else {
        const name = nameIndex === undefined ? undefined : cells.text(nameIndex).trim();
        others.push({ level: rc.level, code: rc.code, name, line: row.line, values: values.slice(), states: states.slice() });
      }
      return false;
    };
    rows: for (;;) {
      while (at < batch.length) {
        if (stop || takeRow(batch[at++])) break rows;
      }
      if (stop) break;
      const r = await it.next();
      if (r.done) break;
      batch = Array.isArray(r.value) ? r.value : [r.value];
      at = 0;
    }

    if (stopping && (await stopping)) return ok(empty());
    if (dated && otherYears.size > 0) {
      if (options.millesime === undefined) {
        const years = dated.millesime === UNKNOWN_YEAR ? otherYears : new Map([[dated.millesime, { line: dated.line }], ...otherYears]);
        return err(severalMillesimes(fileName, dated.name, years));
      }
      const others = [...otherYears.keys()].sort((a, b) => a - b);
      if (stats.rows === 0) {
        return err(
          appError(
            'MILLESIME_INVALIDE',
            `${fileName}, colonne ${dated.name} : aucune ligne du millésime ${dated.millesime} demandé ; le fichier donne ${others.length > 1 ? 'les millésimes' : 'le millésime'} ${others.join(', ')} ; rien n’a été écrit`,
          ),
        );
      }
      stats.otherYears = { years: others, rows: otherYearRows };
    }

    if (zoning) {
      const { hint: z, communeRows, zoningCodes } = zoning;
      if (!isCommuneFileDespiteName(z, stats.rows, communeRows, zoningCodes)) {
        return err(
          appError(
            'FORMAT_INCONNU',
            `${fileName}, ligne ${header.line}, colonne ${code.name} : d’après son nom (« ${z.token} »), ce fichier donne des ${z.words}, un zonage que Socle ne lit pas (communes, IRIS, EPCI, départements, régions, France) ; rien n’a été écrit`,
          ),
        );
      }
      plan.notes.push(`Le nom du fichier évoque des ${z.words} (« ${z.token} »), mais ses lignes portent des codes de communes (${communeRows} sur ${stats.rows}) : lues comme des communes.`);
    }

    // 3. What the sums mean: communes with several rows, partial sums, arrondissements set aside, communes short of
    // an old commune or of arrondissements.
    const shortNotes = units.markShort(referential, [accumulator, ...(pairAccumulator ? [pairAccumulator] : [])]);
    const kinds = plan.data.map((d) => d.variable.kind);
    const summary = accumulator.summarise(kinds);
    const communes = accumulator.touched();
    stats.remapped = [...remapped.values()];
    const notes = [...plan.notes, ...describeSummary(plan, summary, referential), ...shortNotes];
    if (padded.first) {
      const { line, raw, code: full } = padded.first;
      notes.push(`${padded.count} code${padded.count > 1 ? 's' : ''} lu${padded.count > 1 ? 's' : ''} avec le zéro initial qu’un tableur retire à un nombre (ligne ${line} : ${raw} → ${full}).`);
    }
    if (outsideRows.size > 0) {
      const n = [...outsideRows.values()].reduce((a, b) => a + b, 0);
      notes.push(`${n} ligne${n > 1 ? 's' : ''} hors de toute commune laissée${n > 1 ? 's' : ''} de côté : ${[...outsideRows.keys()].join(', ')}.`);
    }
    // Two-character codes of a file of régions (`cc_filosofi_2021_REG.csv`) were read as départements until now.
    const area = code.kind === 'auto' ? settleAreaLevel(others, hint, referential) : undefined;
    if (area) notes.push(area);
    // Two rows of one territory once their levels are known (the same département under two spellings): refused.
    const lineOf = new Map<string, number>();
    for (let k = 0; k < others.length; k++) {
      const o = others[k];
      const key = `${o.level}:${o.code}`;
      const first = lineOf.get(key);
      if (first === undefined) {
        lineOf.set(key, o.line);
        continue;
      }
      stats.rejectedRows++;
      stats.imported--;
      reject({ line: o.line, column: codeName, value: o.code, reason: `code en double : déjà présent ligne ${first}` });
      others.splice(k--, 1);
    }
    const coverage = [...new Set(Array.from(communes, (i) => referential.departementOf[i]))].sort();
    for (const o of others) coverage.push(`${o.level}:${o.code}`);
    // The pairs some commune needs: its numerator or its denominator summed short of a withheld row.
    let paired: TableRead['paired'];
    if (pairAccumulator) {
      const kept = pairs.flatMap(({ jn, jd }, p) => (summary.partial[jn] > 0 || summary.partial[jd] > 0 ? [p] : []));
      if (kept.length) {
        pairAccumulator.doneAdding();
        const variableOf = (j: number, over: number): ImportedVariable => {
          const v = plan.data[j].variable;
          const o = plan.data[over].variable;
          return { ...v, name: pairedName(v.name, o.name), published_name: `${v.published_name}~${o.published_name}`, label: `${v.label} (lignes où ${o.published_name} est aussi publié)`, known: true };
        };
        const columns = kept.flatMap((p) => [
          { index: 2 * p, variable: variableOf(pairs[p].jn, pairs[p].jd) },
          { index: 2 * p + 1, variable: variableOf(pairs[p].jd, pairs[p].jn) },
        ]);
        paired = { accumulator: pairAccumulator, columns };
        const listed = kept.map((p) => `${plan.data[pairs[p].jn].variable.published_name} sur ${plan.data[pairs[p].jd].variable.published_name}`);
        notes.push(
          `Parts calculées sur les lignes qui publient leurs deux termes (${listed.length > 4 ? `${listed.slice(0, 4).join(', ')} et ${listed.length - 4} autre${listed.length - 4 > 1 ? 's' : ''}` : listed.join(', ')}) : une valeur masquée n’est pas comptée pour zéro au numérateur.`,
        );
      }
    }
    return ok({ plan, stopped: false, accumulator, communes, others, summary, stats, notes, coverage, paired });
  } finally {
    accumulatorDone?.();
    await it.return?.(undefined);
  }
};

/** Communes listed by name in a note, at most. */
const LISTED_COMMUNES = 5;

/**
 * The units each commune receives rows of, to tell one the file gives in part although each of its rows is whole:
 * a commune given by old communes merged into it but not by the one that bears its code (a file of an older COG that
 * has Lez, 31298, and not Saint-Béat, 31471, of today's Saint-Béat-Lez); a city given by IRIS of some of its
 * arrondissements only. Their sums are partial and their medians and rates missing, as when rows are withheld.
 */
class CommuneUnits {
  /** 1 where the commune received a row under its own code (or an IRIS of it). */
  readonly own: Uint8Array;
  /** The former codes of merged communes each commune received rows of. */
  private readonly formerCodes = new Map<number, Set<string>>();
  /** The arrondissements of a city a file by IRIS gives (an IRIS of Paris carries its arrondissement's code). */
  private readonly irisArrondissements = new Map<number, Set<string>>();

  constructor(communeCount: number) {
    this.own = new Uint8Array(communeCount);
  }

  /** A row of commune `index` under code `from` (not its own), which reached it `via` a merger or an arrondissement. */
  former(index: number, from: string, current: string, via: string, iris: boolean): void {
    if (via === 'arrondissement') {
      // A commune-level arrondissement row is counted by the accumulator itself (CommuneAccumulator.settle).
      if (iris) add(this.irisArrondissements, index, from);
    } else if (isRenumbering(from, current)) this.own[index] = 1;
    else add(this.formerCodes, index, from);
  }

  /** Tells the accumulators the units absent from the file; the notes that say so. */
  markShort(referential: Referential, accumulators: CommuneAccumulator[]): string[] {
    const notes: string[] = [];
    const merged: string[] = [];
    for (const [i, codes] of this.formerCodes) {
      if (this.own[i]) continue;
      // The old commune that bears today's code (INSEE gives a commune nouvelle its chef-lieu's code) is not in the
      // file; the referential does not date the other former codes, so it alone is counted absent.
      for (const a of accumulators) a.markShort(i, 1);
      merged.push(`${referential.names[i]} (${referential.codes[i]}, par ${[...codes].sort().join(', ')})`);
    }
    if (merged.length > 0) {
      const many = merged.length > 1;
      const listed = merged.length > LISTED_COMMUNES ? `${merged.slice(0, LISTED_COMMUNES).join(', ')} et ${merged.length - LISTED_COMMUNES} autre${merged.length - LISTED_COMMUNES > 1 ? 's' : ''}` : merged.join(', ');
      notes.push(
        `${many ? 'Communes données' : 'Commune donnée'} par d’anciennes communes seulement, sans celle qui porte ${many ? 'leur' : 'son'} code : ${listed} ; ${many ? 'leurs' : 'ses'} sommes sont partielles, ${many ? 'leurs' : 'ses'} valeurs non additives (médianes, taux) manquantes.`,
      );
    }
    for (const [city, arrondissements] of this.irisArrondissements) {
      const expected = referential.aliasesOf(city, 'arrondissement').length;
      const given = arrondissements.size;
      if (this.own[city] || given >= expected) continue;
      accumulators.forEach((a, k) => a.markShort(city, expected - given, k === 0 ? { given, expected } : undefined));
    }
    return notes;
  }
}

const add = (sets: Map<number, Set<string>>, index: number, code: string): void => {
  const set = sets.get(index);
  if (set) set.add(code);
  else sets.set(index, new Set([code]));
};

const describeSummary = (plan: TablePlan, summary: AccumulatorSummary, referential: Referential): string[] => {
  const notes: string[] = [];
  const lost = plan.data.flatMap((d, j) => (summary.notRecomputable[j] > 0 ? [`${d.variable.published_name} (${summary.notRecomputable[j]})`] : []));
  if (lost.length > 0) {
    notes.push(
      `Valeurs non additives (médianes, taux, parts) de communes formées de plusieurs lignes (communes fusionnées, IRIS, arrondissements) laissées manquantes, car elles ne se recalculent pas : ${lost.join(', ')}.`,
    );
  }
  const partial = plan.data.flatMap((d, j) => (summary.partial[j] > 0 ? [`${d.variable.published_name} (${summary.partial[j]})`] : []));
  if (partial.length > 0) {
    notes.push(`Sommes partielles (des lignes de la commune sont couvertes par le secret ou manquantes) : ${partial.join(', ')} — nombre de communes entre parenthèses.`);
  }
  for (const { commune, given, expected } of summary.arrondissementsIncomplete) {
    notes.push(
      `${referential.names[commune]} (${referential.codes[commune]}) n’a que ${given} de ses ${expected} arrondissements municipaux dans le fichier : ses sommes sont partielles (il en manque ${expected - given}), ses valeurs non additives (médianes, taux) manquantes.`,
    );
  }
  for (const i of summary.arrondissementsIgnored) {
    notes.push(`${referential.names[i]} (${referential.codes[i]}) a sa propre ligne : les lignes de ses arrondissements municipaux sont ignorées.`);
  }
  return notes;
};

/** A number as a cell writes it (decimal point or comma, thousands spaces, a sign, an exponent). */
const NUMBER_TEXT = /^[+\-\u2212]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d*)(?:[.,]\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A row of column labels: text in the code column, not a code, and no cell a number nor a marker of a withheld or
 * missing figure (`s`, `nd`…: a row of data, whatever its code); at least two cells filled.
 */
const isLabelsRow = (cells: string[], codeIndex: number): boolean => {
  const code = (cells[codeIndex] ?? '').trim();
  if (code === '' || looksLikeCode(code)) return false;
  let filled = 0;
  for (const c of cells) {
    const t = c.trim();
    if (t === '') continue;
    if ((/\d/.test(t) && NUMBER_TEXT.test(t)) || isFigureMarker(t)) return false;
    filled++;
  }
  return filled >= 2;
};

/** A header cell as compared with a row's: without byte order mark nor surrounding spaces, in capitals. */
const foldHeaderCell = (cell: string): string => cell.replace(/\uFEFF/g, '').trim().toUpperCase();

/** Cells [from, n) are all blank. */
const allBlank = (cells: RowCells, n: number, from = 0): boolean => {
  for (let i = from; i < n; i++) if (!cells.blank(i)) return false;
  return true;
};

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
