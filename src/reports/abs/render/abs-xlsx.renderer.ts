// The ABS report as an Excel workbook (exceljs): a summary sheet linking to every other, « L'essentiel », one sheet per
// chapter with every figure as numbers (the indicator table first, with its unit, references, status and sources, then
// the data of each chart), one sheet with the values of every map, the points de vigilance, the sources with their file
// hashes, and the definitions. Numbers stay numbers, formatted.
import ExcelJS from 'exceljs';
import type { AbsDocument, Block, Figure, MapSpec, Section, TableModel } from '../abs-document.types.js';
import type { ChartSpec } from '../../charts/chart.types.js';
import { toneLabel } from '../build/abs-essentiel.js';
import { replaceZipEntries, setZipDates } from './zip-normalise.js';

const BLUE = 'FF000091';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BLUE } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 14, color: { argb: BLUE } };
const NOTE_FONT: Partial<ExcelJS.Font> = { italic: true, size: 9, color: { argb: 'FF666666' } };

const STATUS_LABEL: Record<string, string> = { ok: 'disponible', partial: 'partiel', secret: 'secret', missing: 'donnée non disponible', not_aggregable: 'non publié' };
const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF0563C1' }, underline: true };

/** The sheet that holds the values of every map, one row per territory and map. */
const MAPS_SHEET = 'Données des cartes';

/** « #'Sheet'!A1 »: a link inside the workbook (quotes doubled within the quoted sheet name). */
const internalLink = (sheet: string, row = 1): string => `#'${sheet.replace(/'/g, "''")}'!A${row}`;

const plainFormat = (decimals: number): string => (decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0');

/**
 * A number format that never prints a minus before a figure that rounds to zero, as the report does (« 0,0 », never
 * « -0,0 »), the cell keeping its unrounded value. A one-section format leaves that minus to the application, and a
 * « positive;negative » one picks its section by the sign of the value, not of the figure shown. So the sections are
 * chosen by conditions, the negative side starting half a unit of the last decimal below zero: for `#,##0.0`,
 * `[>=0]#,##0.0;[<=-0.05]-#,##0.0;#,##0.0`. The layout is the one both applications read alike:
 * - Excel writes no minus of its own in a section whose condition names the negative side (`[<=-0.05]`), hence the
 *   literal « - » there; a value no condition takes goes to the third section, where Excel writes the minus only when
 *   a digit other than 0 is shown (so −0,021 reads « 0,0 »).
 * - LibreOffice writes a minus of its own only in the first section, never for a figure of zeros, and never in the
 *   second or third. So the first section takes the values from zero up (a negative one there would get a second
 *   minus in LibreOffice), and the minus of the negative side is the literal one of the second section.
 * - SheetJS and the previews built on it show a one-section format's minus even before zeros (the « -0,0 » once seen
 *   here), and the magnitude in every section of a longer format: the layout reads right there too.
 * (The tempting `[<-0.05]-#,##0.0;[>0.05]#,##0.0;#,##0.0` would print « --1,2 » in LibreOffice: a negative value in the first section.)
 * `signed` adds « + » to changes that do not round to zero (« +1,2 », « 0,0 », « -1,2 »); `suffix` is literal text
 * after the number (« pt depuis 2016 »). A format that already has sections is kept as it is.
 */
const numberFormat = (base: string | undefined, options: { signed?: boolean; suffix?: string } = {}): string | undefined => {
  if (!base || base.includes(';')) return base;
  const decimals = /\.(0+)/.exec(base)?.[1].length ?? 0;
  const half = (5 * 10 ** -(decimals + 1)).toFixed(decimals + 1);
  const body = `${base}${options.suffix ? `"${options.suffix.replace(/"/g, '')}"` : ''}`;
  // The negative section writes U+2212, the report's minus sign, as a literal (a bare « - » would print the hyphen).
  return `${options.signed ? `[>=${half}]+` : '[>=0]'}${body};[<=-${half}]"\u2212"${body};${body}`;
};

/** « 12,6 % » → « % », « 27,9 hab./km² » → « hab./km² », « +1,2 pt depuis 2016 » → « pt depuis 2016 ». */
const textAfterNumber = (text: string): string =>
  text
    .split('\n')[0]
    .replace(/\*$/, '')
    .replace(/^[+\-\u2212]?\d[\d\u202F\u00A0 ]*(?:,\d+)?[\u202F\u00A0 ]*/, '')
    .trim();

/** Excel forbids : \ / ? * [ ] in sheet names and limits them to 31 characters. */
const sheetName = (name: string, used: Set<string>): string => {
  let base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim();
  let k = 2;
  while (used.has(base.toLowerCase())) base = `${name.slice(0, 28)} ${k++}`;
  used.add(base.toLowerCase());
  return base;
};

class SheetWriter {
  row = 1;
  constructor(readonly ws: ExcelJS.Worksheet) {}

  title(text: string): void {
    const cell = this.ws.getCell(this.row, 1);
    cell.value = text;
    cell.font = TITLE_FONT;
    this.row += 2;
  }

  subtitle(text: string): void {
    const cell = this.ws.getCell(this.row, 1);
    cell.value = text;
    cell.font = { bold: true, size: 11 };
    this.row += 1;
  }

  text(text: string, font?: Partial<ExcelJS.Font>): void {
    const cell = this.ws.getCell(this.row, 1);
    cell.value = text;
    if (font) cell.font = font;
    this.row += 1;
  }

  header(labels: string[]): void {
    labels.forEach((l, k) => {
      const cell = this.ws.getCell(this.row, k + 1);
      cell.value = l;
      cell.fill = HEADER_FILL;
      cell.font = HEADER_FONT;
      cell.alignment = { vertical: 'bottom', wrapText: true };
    });
    this.row += 1;
  }

  values(values: (string | number | null | undefined)[], numFmts: (string | undefined)[] = [], bold = false): void {
    values.forEach((v, k) => {
      const cell = this.ws.getCell(this.row, k + 1);
      cell.value = v ?? null;
      if (typeof v === 'number' && numFmts[k]) cell.numFmt = numFmts[k]!;
      if (bold) cell.font = { bold: true };
      if (typeof v === 'string' && v.length > 60) cell.alignment = { wrapText: true, vertical: 'top' };
    });
    this.row += 1;
  }

  /** A line that opens another place of the workbook. */
  link(text: string, target: string): void {
    const cell = this.ws.getCell(this.row, 1);
    cell.value = { text, hyperlink: target };
    cell.font = LINK_FONT;
    this.row += 1;
  }

  gap(n = 1): void {
    this.row += n;
  }

  /** Keeps the rows up to `headerRow` in view while scrolling. */
  freeze(headerRow: number): void {
    this.ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  }
}

/** Where each map's values start on the maps sheet, to link to them from the chapters. */
interface MapRows {
  sheet: string;
  firstRow: Map<string, number>;
}

/**
 * The indicator table: the label, its unit, each value as a number with its status, the year as text (« 2022 » and
 * « 2016–2022 » alike) and the change as a signed number reading as in the report. Returns the header's row.
 */
const writeIndicatorTable = (w: SheetWriter, t: TableModel): number => {
  w.subtitle(`Tableau ${t.number} – ${t.caption}`);
  const withStatus = t.columns.map((_, k) => k > 0 && t.rows.some((r) => r[k]?.status !== undefined));
  const yearColumn = t.columns.findIndex((c) => /^Année/.test(c.label));
  const changeColumn = t.columns.findIndex((c) => /^Évolution/.test(c.label));
  const labels: string[] = [];
  t.columns.forEach((c, k) => {
    labels.push(c.label);
    if (k === 0 && t.rowUnits) labels.push('Unité');
    if (withStatus[k]) labels.push(`${c.label} (statut)`);
  });
  const headerRow = w.row;
  w.header(labels);
  for (const [r, row] of t.rows.entries()) {
    const values: (string | number | null)[] = [];
    const fmts: (string | undefined)[] = [];
    const textColumns: number[] = [];
    // Rates of change (« +0,18 %/an ») are printed with their sign in the report, and so here.
    const signed = row.some((cell, k) => k > 0 && k !== changeColumn && cell.text.startsWith('+'));
    row.forEach((cell, k) => {
      if (k === 0) {
        values.push(cell.text);
        fmts.push(undefined);
        if (t.rowUnits) {
          values.push(t.rowUnits[r] ?? '');
          fmts.push(undefined);
        }
      } else if (k === yearColumn) {
        textColumns.push(values.length + 1);
        values.push(cell.text);
        fmts.push(undefined);
      } else if (k === changeColumn && typeof cell.value === 'number') {
        values.push(cell.value);
        const after = textAfterNumber(cell.text);
        fmts.push(numberFormat(cell.numFmt, { signed: true, suffix: after ? `\u202F${after}` : '' }));
      } else {
        values.push(cell.value !== undefined ? cell.value : cell.text);
        fmts.push(numberFormat(cell.numFmt, { signed }));
      }
      if (withStatus[k]) {
        // A figure covering under 90 % of the inhabitants, or a ratio over zero: the report's words, not « donnée non
        // disponible ».
        values.push(cell.status ? (/^non (comparable|représentatif) /.test(cell.text) || cell.text === 'non défini' ? cell.text : STATUS_LABEL[cell.status]) : null);
        fmts.push(undefined);
      }
    });
    w.values(values, fmts);
    for (const col of textColumns) w.ws.getCell(w.row - 1, col).alignment = { horizontal: 'right' };
  }
  w.ws.autoFilter ??= { from: { row: headerRow, column: 1 }, to: { row: w.row - 1, column: labels.length } };
  for (const n of t.notes) w.text(n, NOTE_FONT);
  w.gap();
  return headerRow;
};

const writeChartData = (w: SheetWriter, f: Figure, spec: ChartSpec): void => {
  w.subtitle(`Figure ${f.number} – ${f.title} (données)`);
  w.header(['', ...spec.series]);
  const rows = spec.kind === 'comparison-bars' ? spec.rows : spec.categories;
  const fmt = numberFormat(plainFormat(spec.decimals));
  for (const r of rows) w.values([r.label, ...r.values], ['', ...spec.series.map(() => fmt)]);
  w.text(`Unité : ${spec.unit}. ${f.source}`, NOTE_FONT);
  w.gap();
};

/** What a map's values are given for (its code column holds an INSEE code, a SIREN or a département's code). */
const MAP_LEVEL: Record<string, string> = { com: 'commune', epci: 'intercommunalité', dep: 'département' };

/** In a chapter, where its map was: a link to the map's values on the maps sheet, and its source. */
const writeMapLink = (w: SheetWriter, f: Figure, spec: MapSpec, maps: MapRows): void => {
  const what = MAP_LEVEL[spec.level ?? 'com'];
  w.link(`Figure ${f.number} – ${f.title} : valeurs par ${what} dans la feuille « ${maps.sheet} »`, internalLink(maps.sheet, maps.firstRow.get(f.id)));
  w.text(f.source, NOTE_FONT);
  w.gap();
};

/** The maps sheet's columns; one table for every map, so that it can be filtered and pivoted. */
const MAP_HEADER = ['Figure', 'Indicateur', 'Unité', 'Millésime', 'Niveau', 'Code', 'Nom', 'Valeur', 'Statut'];

const mapFiguresOf = (sections: Section[]): (Figure & { spec: MapSpec })[] =>
  sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'figure' && b.figure.spec.kind === 'map' ? [b.figure as Figure & { spec: MapSpec }] : []));

/** Rows of the maps sheet: a title, a blank line, the header, then each map's values. */
const MAP_FIRST_ROW = 4;

const mapRowsOf = (figures: (Figure & { spec: MapSpec })[]): MapRows => {
  const firstRow = new Map<string, number>();
  let row = MAP_FIRST_ROW;
  for (const f of figures) {
    firstRow.set(f.id, row);
    row += f.spec.values.length;
  }
  return { sheet: MAPS_SHEET, firstRow };
};

const writeMapsSheet = (w: SheetWriter, figures: (Figure & { spec: MapSpec })[]): void => {
  w.title('Données des cartes : valeurs par territoire');
  const headerRow = w.row;
  w.header(MAP_HEADER);
  for (const f of figures) {
    const spec = f.spec;
    const what = MAP_LEVEL[spec.level ?? 'com'];
    const fmt = numberFormat(plainFormat(spec.decimals), { signed: spec.unit === '%/an' });
    const sorted = [...spec.values].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    for (const v of sorted)
      w.values(
        [`Figure ${f.number}`, spec.label, spec.unit, spec.millesime, what, v.ref.replace(/^(com|epci|dep):/, ''), v.name, v.value, STATUS_LABEL[v.status] ?? v.status],
        [undefined, undefined, undefined, '0', undefined, undefined, undefined, fmt],
      );
  }
  w.ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, w.row - 1), column: MAP_HEADER.length } };
  w.freeze(headerRow);
};

const writeBlocks = (w: SheetWriter, blocks: Block[], maps: MapRows): void => {
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph':
        w.text(b.text, b.style === 'small' ? NOTE_FONT : undefined);
        break;
      case 'list':
        for (const i of b.items) w.text(`• ${i}`);
        w.gap();
        break;
      case 'callout':
        w.text(b.title, { bold: true });
        w.text(b.text);
        w.gap();
        break;
      case 'key-figures':
        // The figure as a number Excel can compute with, the text as read in the report beside it.
        w.header(['Chiffre clé', 'Valeur', 'Unité', 'Tel qu’écrit', 'Repère']);
        // A rate of change reads signed, as in the report (« +0,6 »).
        for (const k of b.items) w.values([k.label, k.number ?? null, k.unit ?? '', k.value, k.note ?? ''], [undefined, numberFormat(k.numFmt, { signed: k.unit === '%/an' })]);
        w.gap();
        break;
      case 'findings':
        w.header(['N°', 'Constat', 'Sens', 'Valeur', 'Référence', 'Valeur de référence', 'Écart standardisé', 'Unité', 'Chapitre', 'Phrase']);
        b.items.forEach((f, k) => {
          const fmt = numberFormat(plainFormat(f.decimals));
          w.values(
            [k + 1, f.label, toneLabel(f.tone), f.value, f.reference.name, f.reference.value, f.z, f.unit, f.chapterTitle, f.sentence],
            [undefined, undefined, undefined, fmt, undefined, fmt, numberFormat('0.0', { signed: true })],
          );
        });
        w.gap();
        break;
      case 'table':
        writeIndicatorTable(w, b.table);
        break;
      case 'figure':
        if (b.figure.spec.kind === 'map') writeMapLink(w, b.figure, b.figure.spec, maps);
        else writeChartData(w, b.figure, b.figure.spec);
        break;
      case 'definitions':
        w.header(['Indicateur', 'Définition', 'Calcul, source, unité']);
        for (const d of b.items) w.values([d.term, d.text, d.details.join(' ')]);
        w.gap();
        break;
      case 'editable':
        w.text(b.title, { bold: true, color: { argb: BLUE } });
        w.text(b.prompt, NOTE_FONT);
        w.text('(à compléter)', NOTE_FONT);
        w.gap();
        break;
    }
  }
};

/** Points per line of text at the workbook's size (Calibri 11). */
const LINE_HEIGHT = 15;
/** A paragraph (a row holding one long text) spreads over at most this many columns. */
const PARAGRAPH_COLUMNS = 8;

const shownLength = (v: ExcelJS.CellValue): number => {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 12;
  if (typeof v === 'string') return v.length;
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text.length;
  return String(v).length;
};

/**
 * Sizes a sheet as LibreOffice and Excel need it said: columns after the first as wide as what they hold (a status,
 * a « +1 049 hab. depuis 2016 »); a row holding one long text spread over the table's columns and wrapped; long
 * labels and headers wrapped, and every wrapped row given the height of its lines (neither fits a row by itself, and
 * a printed sheet then reads at its size).
 */
const layout = (ws: ExcelJS.Worksheet): void => {
  const last = Math.max(1, ws.actualColumnCount);
  const isParagraph = (row: ExcelJS.Row): boolean => {
    let others = 0;
    row.eachCell((c, k) => {
      if (k > 1 && shownLength(c.value) > 0) others++;
    });
    return others === 0 && shownLength(row.getCell(1).value) > (ws.getColumn(1).width ?? 10);
  };
  const widest = new Array<number>(last + 1).fill(0);
  ws.eachRow((row) => {
    if (isParagraph(row)) return;
    row.eachCell((c, k) => {
      // A header wraps: its words, not its whole length, set the width.
      // A number shows its format's words too (« +1 049 hab. depuis 2016 »).
      const suffix = typeof c.value === 'number' ? (/"([^"]*)"/.exec(c.numFmt ?? '')?.[1].length ?? 0) : 0;
      const len = c.fill && 'fgColor' in c.fill ? Math.max(...String(c.value ?? '').split(/\s+/).map((w) => w.length)) : shownLength(c.value) + suffix;
      if (k > 1) widest[k] = Math.max(widest[k], len);
    });
  });
  for (let k = 2; k <= last; k++) {
    const set = ws.getColumn(k).width ?? 0;
    ws.getColumn(k).width = Math.max(Math.min(Math.max(widest[k] + 2, 10), 42), Math.min(set, 42));
  }
  const widthOf = (k: number): number => ws.getColumn(k).width ?? 10;
  const span = Math.min(last, PARAGRAPH_COLUMNS);
  const spanWidth = Array.from({ length: span }, (_, k) => widthOf(k + 1)).reduce((a, b) => a + b, 0);
  ws.eachRow((row, r) => {
    if (isParagraph(row)) {
      const cell = row.getCell(1);
      if (span > 1) ws.mergeCells(r, 1, r, span);
      cell.alignment = { ...cell.alignment, wrapText: true, vertical: 'top' };
      row.height = Math.ceil(shownLength(cell.value) / Math.max(spanWidth * 1.1, 1)) * LINE_HEIGHT;
      return;
    }
    let lines = 1;
    row.eachCell((c, k) => {
      const len = shownLength(c.value);
      const fits = Math.max(widthOf(k) * 1.1, 1);
      if (typeof c.value === 'string' && len > fits) {
        c.alignment = { ...c.alignment, wrapText: true, vertical: c.alignment?.vertical ?? 'top' };
        lines = Math.max(lines, Math.ceil(len / fits));
      } else if (c.alignment?.wrapText) lines = Math.max(lines, Math.ceil(len / fits));
    });
    if (lines > 1) row.height = lines * LINE_HEIGHT;
  });
};

const addSheet = (wb: ExcelJS.Workbook, used: Set<string>, name: string, widths: number[]): SheetWriter => {
  const ws = wb.addWorksheet(sheetName(name, used), { properties: { defaultRowHeight: 15 }, pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = widths.map((width) => ({ width }));
  return new SheetWriter(ws);
};

export const renderAbsXlsx = async (doc: AbsDocument): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const date = new Date(`${doc.date}T12:00:00Z`);
  // The program that wrote the file; the organisme the report is made for is on the summary sheet.
  wb.creator = 'Socle';
  wb.lastModifiedBy = 'Socle';
  wb.created = date;
  wb.modified = date;
  wb.title = `${doc.title} — ${doc.territory.name}`;
  wb.subject = doc.subtitle;
  wb.keywords = 'ABS, analyse des besoins sociaux';
  const used = new Set<string>();

  const summary = addSheet(wb, used, 'Sommaire', [34, 80]);
  summary.title(`${doc.title} — ${doc.territory.name}`);
  const t = doc.territory;
  const rows: [string, string | number | null][] = [
    ['Territoire', `${t.name} (${t.ref})`],
    ['Type', t.kindLabel],
    ['Communes', t.communes],
    [`Population municipale ${t.populationMillesime}`, t.population],
    ['Département(s)', t.departementsLabel],
    ['Réalisé pour', doc.organisme ?? '—'],
    ['Date', doc.dateLabel],
    ['Territoires de comparaison', doc.references.map((r) => `${r.name} (${r.ref})`).join(', ') || '—'],
    ['Millésimes', doc.millesimesLabel],
  ];
  for (const [k, v] of rows) summary.values([k, v], [undefined, '#,##0']);
  summary.gap();
  summary.subtitle('Feuilles');

  const sheetOf = (s: Section): string => s.shortTitle ?? s.title;
  const chapters = doc.sections.filter((s) => s.level === 1 && s.id !== 'annexe');
  // The maps' values, hundreds of rows for a département, have their own sheet: on a chapter's sheet they would push
  // its indicator table far down, under a frozen header that does not name their columns.
  const mapFigures = mapFiguresOf(chapters);
  const maps = mapRowsOf(mapFigures);
  const names: string[] = [];
  for (const s of chapters) {
    const w = addSheet(wb, used, s.id === 'essentiel' ? 'L’essentiel' : sheetOf(s), [44, 18, 16, 16, 16, 16, 16, 16, 16, 60]);
    names.push(w.ws.name);
    w.title(`${s.number ? `${s.number}. ` : ''}${s.title}`);
    // The indicator table first, its header kept in view; then the text and the charts' data.
    let headerRow: number | undefined;
    for (const b of s.blocks) if (b.type === 'table') headerRow ??= writeIndicatorTable(w, b.table);
    writeBlocks(w, s.blocks.filter((b) => b.type !== 'table'), maps);
    if (headerRow !== undefined) w.freeze(headerRow);
  }
  if (mapFigures.length) {
    const w = addSheet(wb, used, MAPS_SHEET, [12, 44, 12, 11, 16, 12, 34, 14, 22]);
    names.push(w.ws.name);
    writeMapsSheet(w, mapFigures);
  }
  // The annex: one sheet for the sources, one for the definitions, one for the rules.
  const annex = doc.sections.filter((s) => s.id.startsWith('annexe-'));
  const sources = annex.find((s) => s.id === 'annexe-sources');
  if (sources) {
    const w = addSheet(wb, used, 'Sources', [44, 12, 14, 8, 22, 70]);
    names.push(w.ws.name);
    w.title('Sources');
    w.freeze(w.row);
    w.header(['Source', 'Producteur', 'Millésime(s)', 'COG', 'Licence', 'Fichier', 'Empreinte SHA-256', 'Utilisé par le rapport']);
    for (const s of doc.sources) w.values([s.title, s.producer, s.millesimes.join(', '), s.cogYear, s.licence, s.fileName, s.sha256, s.used ? 'oui' : 'non'], [undefined, undefined, undefined, '0']);
    w.ws.getColumn(6).width = 34;
    w.ws.getColumn(7).width = 68;
  }
  const definitions = annex.find((s) => s.id === 'annexe-definitions');
  if (definitions) {
    const w = addSheet(wb, used, 'Définitions', [44, 80, 80]);
    names.push(w.ws.name);
    w.title('Définitions des indicateurs');
    if (definitions.blocks[0]?.type === 'definitions') w.freeze(w.row);
    writeBlocks(w, definitions.blocks, maps);
  }
  // The list of the territory's communes: a table of its own, to sort and filter.
  const communes = annex.find((s) => s.id === 'annexe-communes');
  if (communes) {
    const w = addSheet(wb, used, 'Communes', [34, 12, 40, 16]);
    names.push(w.ws.name);
    w.title(communes.title);
    let headerRow: number | undefined;
    for (const b of communes.blocks) if (b.type === 'table') headerRow ??= writeIndicatorTable(w, b.table);
    if (headerRow !== undefined) w.freeze(headerRow);
  }
  const rules = annex.filter((s) => s.id !== 'annexe-sources' && s.id !== 'annexe-definitions' && s.id !== 'annexe-communes');
  if (rules.length) {
    const w = addSheet(wb, used, 'Méthode', [140]);
    names.push(w.ws.name);
    w.title('Méthode');
    for (const s of rules) {
      w.subtitle(`${s.number ?? ''} ${s.title}`.trim());
      writeBlocks(w, s.blocks, maps);
      w.gap();
    }
  }
  for (const n of names) summary.link(n, internalLink(n));
  for (const ws of wb.worksheets) layout(ws);
  // Inline strings: the shared-string table costs more time than it saves space on sheets this size.
  const bytes = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false }));
  // Each zip entry carries the time it was written: the report's date instead, so that the same --date gives the same
  // bytes.
  return setZipDates(internalLinks(bytes), doc.date);
};

/**
 * exceljs writes a link to a place of the workbook (`#'Sheet'!A1`) as an external relationship as well as a location:
 * LibreOffice then opens it as a link to the file itself. The link keeps its location alone (without « # »), as Excel
 * writes an internal link, and the relationship goes.
 */
const internalLinks = (bytes: Buffer): Buffer =>
  replaceZipEntries(bytes, (name, content) => {
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) {
      const xml = content().toString('utf8');
      if (!xml.includes('<hyperlink ')) return undefined;
      return Buffer.from(xml.replace(/<hyperlink ref="([^"]+)" r:id="[^"]+" location="#([^"]*)"/g, '<hyperlink ref="$1" location="$2"'), 'utf8');
    }
    if (/^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/.test(name)) {
      const xml = content().toString('utf8');
      return Buffer.from(xml.replace(/<Relationship Id="[^"]+" Type="[^"]+\/hyperlink" Target="#[^"]*" TargetMode="External"\/>/g, ''), 'utf8');
    }
    return undefined;
  });
