// Streams the rows of an XLSX workbook. The archive is read through its central directory (unzipper's Open.file), so
// that each part is inflated when it is asked for, in any order; its parts are parsed with saxes: the workbook's
// relationships and sheets, the shared strings (kept), then the worksheet to import, row by row as it inflates.
// Which worksheet is read is workbook-sheets.ts's choice. A damaged part stops the reading where it is met, with
// unzipper's or saxes's words: the import, which writes nothing before the end, is refused.
//
// Why not exceljs's streaming reader, used before: it starts listening to a part's data only once it reaches it, and
// lost the workbook.xml of sound workbooks now and then (« Cannot read properties of undefined (reading 'sheets') »:
// 2 reads in 100, even after three tries, when reads followed each other), and it waited forever on damaged ones. Its
// rows and this reader's are the same, byte for byte, on a workbook of 34,875 rows × 32 columns, read in half the time
// (bench/import/xlsx.bench.ts).
import { posix } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import unzipper, { type CentralDirectoryFile } from 'unzipper';
import type { SourceRow } from './source-row.js';
import { chooseSheet, type SheetChoice } from './workbook-sheets.js';

export interface XlsxReadOptions extends SheetChoice {
  /** About how many bytes of the file the reading has gone through, for a progress bar. */
  onBytes?: (bytes: number) => void;
}

const UNREADABLE = 'classeur XLSX illisible : archive endommagée, incomplète ou qui n’est pas un classeur';
/** The refusal, with the reader's own words about the damage (kept as they are: they name bytes and entries). */
const unreadable = (cause?: string): string => (cause ? `${UNREADABLE} (détail : ${cause})` : UNREADABLE);

/** A tag's name without its namespace prefix (`x:row` → `row`). */
const local = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute by its local name (`r:id` → `id`, whatever the prefix). */
const attribute = (tag: SaxesTagPlain, name: string): string | undefined => {
  const own = tag.attributes[name];
  if (own !== undefined) return own;
  for (const k in tag.attributes) if (local(k) === name) return tag.attributes[k];
  return undefined;
};

/** Parses one part of the archive as it inflates; `each` is called after every chunk (to hand over finished rows). */
const parsePart = async (file: CentralDirectoryFile, setup: (parser: SaxesParser) => void, each?: (inflated: number) => boolean | Promise<boolean>): Promise<void> => {
  // No line and column tracking: the refusals name the workbook, not a place in its XML.
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= e;
  });
  setup(parser);
  const stream = file.stream();
  stream.setEncoding('utf8');
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      inflated += Buffer.byteLength(chunk);
      parser.write(chunk);
      if (failure) throw failure;
      // The caller has what it needs: the rest of the part is not inflated.
      if (each && !(await each(inflated))) return;
    }
    parser.close();
    if (failure) throw failure;
  } finally {
    stream.destroy();
  }
};

/** The relationships of a part (`_rels/….rels`): id → [type, target resolved to an archive path]. */
const readRels = async (entries: Map<string, CentralDirectoryFile>, of: string): Promise<Map<string, { type: string; target: string }>> => {
  const rels = new Map<string, { type: string; target: string }>();
  const path = posix.join(posix.dirname(of), '_rels', `${posix.basename(of)}.rels`);
  const file = entries.get(path);
  if (!file) return rels;
  await parsePart(file, (p) =>
    p.on('opentag', (tag) => {
      if (local(tag.name) !== 'Relationship') return;
      const t = tag as SaxesTagPlain;
      const id = attribute(t, 'Id');
      const target = attribute(t, 'Target');
      if (!id || !target || attribute(t, 'TargetMode') === 'External') return;
      const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(of), target));
      rels.set(id, { type: attribute(t, 'Type') ?? '', target: resolved });
    }),
  );
  return rels;
};

interface Workbook {
  sheets: { name: string; file: CentralDirectoryFile }[];
  sharedStrings: string[];
  dates: DateStyles;
}

/**
 * Which cell styles show a date. A workbook stores a date as its day number (`44561`) and says it is a date by the
 * cell's style only: `s` indexes the styles' cellXfs, whose number format is a built-in date (14…17, 22, and the East
 * Asian 27…31, 34…36, 50…58) or a custom one that writes days or years. `date1904`: days counted from 1904 (old Mac
 * workbooks) instead of 1900.
 */
interface DateStyles {
  styles: boolean[];
  date1904: boolean;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom number format that writes a date: days or years in its first section, once text, escapes and [tags] are left out. */
export const isDateFormat = (code: string): boolean => {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/[_*]./g, '');
  return /[dy]/i.test(bare.split(';')[0]);
};

/** Milliseconds of 1 January 1970 from Excel's day 0: 30 December 1899 (its day 60 is a 29 February 1900 that never was) or 1 January 1904. */
const DAY_MS = 86_400_000;

/** A day number as the ISO date it stands for (`44561` → `2021-12-31`), with its time when it has one; the number itself when it is none. */
export const excelDate = (value: string, date1904: boolean): string => {
  const serial = Number(value);
  if (value.trim() === '' || !Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return value;
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  const ms = Math.round((days - 25_569) * DAY_MS);
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
};

/** The date styles of the workbook's styles part (none when it has none). */
const readDateStyles = async (file: CentralDirectoryFile | undefined): Promise<boolean[]> => {
  if (!file) return [];
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await parsePart(file, (p) => {
    p.on('opentag', (tag) => {
      const t = tag as SaxesTagPlain;
      switch (local(t.name)) {
        case 'numFmt':
          custom.set(Number(attribute(t, 'numFmtId')), isDateFormat(attribute(t, 'formatCode') ?? ''));
          break;
        case 'cellXfs':
          inCellXfs = !t.isSelfClosing;
          break;
        case 'xf':
          if (inCellXfs) {
            const id = Number(attribute(t, 'numFmtId') ?? 0);
            styles.push(custom.get(id) ?? BUILT_IN_DATE_FORMATS.has(id));
          }
          break;
      }
    });
    p.on('closetag', (tag) => {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    });
  });
  return styles;
};

/** The workbook's sheets, in the workbook's order, and its shared strings. */
const readWorkbook = async (entries: Map<string, CentralDirectoryFile>): Promise<Workbook> => {
  const root = await readRels(entries, '');
  const bookPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const book = entries.get(bookPath);
  if (!book) throw new Error(`${bookPath} absent`);
  const rels = await readRels(entries, bookPath);
  const declared: { name: string; id: string }[] = [];
  let date1904 = false;
  await parsePart(book, (p) =>
    p.on('opentag', (tag) => {
      const t = tag as SaxesTagPlain;
      if (local(t.name) === 'workbookPr') {
        const v = attribute(t, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
      if (local(t.name) !== 'sheet') return;
      declared.push({ name: attribute(t, 'name') ?? '', id: attribute(t, 'id') ?? '' });
    }),
  );
  const sheets = declared.flatMap(({ name, id }) => {
    const file = entries.get(rels.get(id)?.target ?? '');
    return file ? [{ name, file }] : [];
  });
  const stringsPath = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const sharedStrings: string[] = [];
  const strings = stringsPath ? entries.get(stringsPath) : undefined;
  if (strings) {
    // The text of each <si>: its <t>, or the <t> of its runs; phonetic guides (<rPh>) left out.
    let text: string | null = null;
    let inT = false;
    let phonetic = 0;
    await parsePart(strings, (p) => {
      p.on('opentag', (tag) => {
        const n = local(tag.name);
        if (n === 'si') text = '';
        else if (n === 'rPh') phonetic++;
        else if (n === 't' && !tag.isSelfClosing) inT = true;
      });
      p.on('text', (s) => {
        if (inT && phonetic === 0 && text !== null) text += s;
      });
      p.on('closetag', (tag) => {
        const n = local(tag.name);
        if (n === 't') inT = false;
        else if (n === 'rPh') phonetic--;
        else if (n === 'si') {
          sharedStrings.push(text ?? '');
          text = null;
        }
      });
    });
  }
  const stylesPath = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target;
  const styles = await readDateStyles(stylesPath ? entries.get(stylesPath) : undefined);
  return { sheets, sharedStrings, dates: { styles, date1904 } };
};

/** Columns of an XLSX worksheet (A to XFD). */
const MAX_COLUMNS = 16_384;

/** Column index of a cell reference (`AB12` → 27), or -1. */
const columnOf = (ref: string): number => {
  let c = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    c = c * 26 + (code - 64);
  }
  return i === 0 ? -1 : c - 1;
};

/**
 * A cell's text as a CSV would hold it: numbers with full precision, formulas by their cached result, dates as ISO
 * dates (`date`: the cell's style shows a date, whose day number is then read as such).
 */
const cellText = (type: string, value: string, inline: string, sharedStrings: string[], date: boolean, date1904: boolean): string => {
  switch (type) {
    case 's':
      return sharedStrings[Number(value)] ?? '';
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '1' ? 'VRAI' : value === '' ? '' : 'FAUX';
    case 'd':
      return value.slice(0, 10);
    default:
      // A date (CNAF's `Date_Ref` typed as a date in Excel) is its day number in the cell: read as the date it is.
      if (date) return excelDate(value, date1904);
      // A number as the workbook writes it (`280598.559263947`, `1E-7`): the table reader parses it.
      return value;
  }
};

/** Rows parsed ahead of the reader at most (the parse waits beyond). */
const ROWS_AHEAD = 2048;

/** The rows of one worksheet, as they inflate; `inflated(bytes)` follows the reading. Stopping early stops the inflating. */
async function* sheetRows(file: CentralDirectoryFile, sharedStrings: string[], dates: DateStyles, inflated?: (bytes: number) => void): AsyncGenerator<{ line: number; cells: string[] }> {
  let ready: { line: number; cells: string[] }[] = [];
  let next = 0;
  let line = 0;
  let cells: string[] = [];
  let column = -1;
  let type = '';
  let style = 0;
  let value = '';
  let inline = '';
  let into: 'v' | 't' | null = null;
  let inInline = false;
  let stop = false;
  // The parse and the reader take turns: the reader waits for rows, the parse for room.
  let wakeReader: (() => void) | null = null;
  let wakeParse: (() => void) | null = null;
  const wake = (which: 'reader' | 'parse') => {
    const w = which === 'reader' ? wakeReader : wakeParse;
    if (which === 'reader') wakeReader = null;
    else wakeParse = null;
    w?.();
  };
  const parsing = parsePart(
    file,
    (p) => {
      p.on('opentag', (tag) => {
        const t = tag as SaxesTagPlain;
        switch (local(t.name)) {
          case 'row': {
            const r = Number(attribute(t, 'r'));
            line = Number.isInteger(r) && r > 0 ? r : line + 1;
            cells = [];
            column = -1;
            break;
          }
          case 'c': {
            const ref = attribute(t, 'r');
            const at = ref ? columnOf(ref) : -1;
            column = at >= 0 ? at : column + 1;
            // A worksheet has 16,384 columns (XFD): a cell beyond is damage, and would fill the memory with empty cells.
            if (column >= MAX_COLUMNS) throw new Error(`cellule ${ref ?? ''} au-delà des ${MAX_COLUMNS} colonnes d’une feuille`);
            type = attribute(t, 't') ?? '';
            style = Number(attribute(t, 's') ?? 0);
            value = '';
            inline = '';
            break;
          }
          case 'v':
            if (!t.isSelfClosing) into = 'v';
            break;
          case 'is':
            inInline = true;
            break;
          case 't':
            if (inInline && !t.isSelfClosing) into = 't';
            break;
        }
      });
      p.on('text', (s) => {
        if (into === 'v') value += s;
        else if (into === 't') inline += s;
      });
      p.on('closetag', (tag) => {
        switch (local(tag.name)) {
          case 'v':
          case 't':
            into = null;
            break;
          case 'is':
            inInline = false;
            break;
          case 'c': {
            const text = cellText(type, value, inline, sharedStrings, dates.styles[style] === true, dates.date1904);
            while (cells.length < column) cells.push('');
            cells[column] = text;
            break;
          }
          case 'row':
            ready.push({ line, cells });
            break;
        }
      });
    },
    async (bytes) => {
      inflated?.(bytes);
      wake('reader');
      while (ready.length - next >= ROWS_AHEAD && !stop) await new Promise<void>((r) => (wakeParse = r));
      return !stop;
    },
  );
  let done = false;
  let failure: unknown;
  const finished = parsing.then(
    () => {
      done = true;
      wake('reader');
    },
    (e: unknown) => {
      done = true;
      failure = e;
      wake('reader');
    },
  );
  try {
    for (;;) {
      if (next < ready.length) {
        const row = ready[next++];
        if (next === ready.length) [ready, next] = [[], 0];
        if (ready.length - next < ROWS_AHEAD / 2) wake('parse');
        yield row;
        continue;
      }
      if (done) break;
      await new Promise<void>((r) => (wakeReader = r));
    }
    if (failure) throw failure;
  } finally {
    stop = true;
    wake('parse');
    await finished;
  }
}

export async function* readXlsxRows(path: string, options: XlsxReadOptions = {}): AsyncGenerator<SourceRow> {
  let workbook: Workbook;
  let size = 0;
  try {
    const directory = await unzipper.Open.file(path);
    const entries = new Map(directory.files.filter((f) => f.type === 'File').map((f) => [f.path.replace(/\\/g, '/'), f]));
    workbook = await readWorkbook(entries);
    if (workbook.sheets.length === 0) throw new Error('aucune feuille');
    size = directory.files.reduce((n, f) => n + (f.compressedSize ?? 0), 0);
  } catch (e) {
    yield { line: 1, error: unreadable((e as Error).message), raw: '', fatal: true };
    return;
  }
  const { sheets, sharedStrings, dates } = workbook;
  yield* chooseSheet(
    sheets.map((sheet) => ({
      name: sheet.name,
      rows: (reading: boolean) =>
        sheetRows(sheet.file, sharedStrings, dates, reading ? (bytes) => options.onBytes?.(Math.round((size * bytes) / Math.max(1, sheet.file.uncompressedSize))) : undefined),
    })),
    options,
    unreadable,
  );
}
