// The ABS report as an Excel workbook (exceljs): a summary sheet, « L'essentiel », one sheet per chapter with every
// figure as numbers (indicator table with its references, status and sources; the data of each chart and map), the
// points de vigilance, the sources with their file hashes, and the definitions. Numbers stay numbers, formatted.
import ExcelJS from 'exceljs';
import type { AbsDocument, Block, Figure, MapSpec, Section, TableModel } from '../abs-document.types.js';
import type { ChartSpec } from '../../charts/chart.types.js';
import { toneLabel } from '../build/abs-essentiel.js';
import { capitalise } from '../../../core/format/french-text.js';

const BLUE = 'FF000091';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BLUE } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 14, color: { argb: BLUE } };
const NOTE_FONT: Partial<ExcelJS.Font> = { italic: true, size: 9, color: { argb: 'FF666666' } };

const STATUS_LABEL: Record<string, string> = { ok: 'disponible', partial: 'partiel', secret: 'secret', missing: 'donnée non disponible', not_aggregable: 'non agrégeable' };

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

  gap(n = 1): void {
    this.row += n;
  }
}

/** The indicator table: text columns as in the report, plus each value as a number and its status. */
const writeIndicatorTable = (w: SheetWriter, t: TableModel): void => {
  w.subtitle(`Tableau ${t.number} – ${t.caption}`);
  const labels: string[] = [];
  t.columns.forEach((c, k) => {
    labels.push(c.label);
    if (k > 0 && t.rows.some((r) => r[k]?.status !== undefined)) labels.push(`${c.label} (statut)`);
  });
  w.header(labels);
  for (const row of t.rows) {
    const values: (string | number | null)[] = [];
    const fmts: (string | undefined)[] = [];
    row.forEach((cell, k) => {
      const withStatus = k > 0 && t.rows.some((r) => r[k]?.status !== undefined);
      if (k === 0) {
        values.push(cell.text);
        fmts.push(undefined);
      } else {
        values.push(cell.value !== undefined ? cell.value : cell.text);
        fmts.push(cell.numFmt);
      }
      if (withStatus) {
        // A figure covering under 90 % of the inhabitants: the report's words, not « donnée non disponible ».
        values.push(cell.status ? (/^non (comparable|représentatif) /.test(cell.text) ? cell.text : STATUS_LABEL[cell.status]) : null);
        fmts.push(undefined);
      }
    });
    w.values(values, fmts);
  }
  for (const n of t.notes) w.text(n, NOTE_FONT);
  w.gap();
};

const writeChartData = (w: SheetWriter, f: Figure, spec: ChartSpec): void => {
  w.subtitle(`Figure ${f.number} – ${f.title} (données)`);
  w.header(['', ...spec.series]);
  const rows = spec.kind === 'comparison-bars' ? spec.rows : spec.categories;
  const fmt = spec.decimals > 0 ? `0.${'0'.repeat(spec.decimals)}` : '0';
  for (const r of rows) w.values([r.label, ...r.values], ['', ...spec.series.map(() => fmt)]);
  w.text(`Unité : ${spec.unit}. ${f.source}`, NOTE_FONT);
  w.gap();
};

const writeMapData = (w: SheetWriter, f: Figure, spec: MapSpec): void => {
  const level = spec.level ?? 'com';
  const [what, code] = level === 'com' ? ['commune', 'Code INSEE'] : level === 'epci' ? ['intercommunalité', 'SIREN'] : ['département', 'Code'];
  w.subtitle(`Figure ${f.number} – ${f.title} (valeurs par ${what})`);
  w.header([capitalise(what), code, `${spec.label} (${spec.unit})`, 'Statut']);
  const fmt = spec.decimals > 0 ? `0.${'0'.repeat(spec.decimals)}` : '0';
  const sorted = [...spec.values].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  for (const v of sorted) w.values([v.name, v.ref.replace(/^(com|epci|dep):/, ''), v.value, STATUS_LABEL[v.status] ?? v.status], [undefined, undefined, fmt]);
  w.text(f.source, NOTE_FONT);
  w.gap();
};

const writeBlocks = (w: SheetWriter, blocks: Block[]): void => {
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
        for (const k of b.items) w.values([k.label, k.number ?? null, k.unit ?? '', k.value, k.note ?? ''], [undefined, k.numFmt]);
        w.gap();
        break;
      case 'findings':
        w.header(['N°', 'Constat', 'Sens', 'Valeur', 'Référence', 'Valeur de référence', 'Écart standardisé', 'Unité', 'Chapitre', 'Phrase']);
        b.items.forEach((f, k) =>
          w.values(
            [k + 1, f.label, toneLabel(f.tone), f.value, f.reference.name, f.reference.value, f.z, f.unit, f.chapterTitle, f.sentence],
            [undefined, undefined, undefined, f.decimals > 0 ? `0.${'0'.repeat(f.decimals)}` : '0', undefined, f.decimals > 0 ? `0.${'0'.repeat(f.decimals)}` : '0', '+0.0;-0.0;0.0'],
          ),
        );
        w.gap();
        break;
      case 'table':
        writeIndicatorTable(w, b.table);
        break;
      case 'figure':
        if (b.figure.spec.kind === 'map') writeMapData(w, b.figure, b.figure.spec);
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

const addSheet = (wb: ExcelJS.Workbook, used: Set<string>, name: string, widths: number[]): SheetWriter => {
  const ws = wb.addWorksheet(sheetName(name, used), { properties: { defaultRowHeight: 15 }, pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = widths.map((width) => ({ width }));
  return new SheetWriter(ws);
};

export const renderAbsXlsx = async (doc: AbsDocument): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const date = new Date(`${doc.date}T12:00:00Z`);
  wb.creator = doc.organisme ?? 'Socle';
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
  const names: string[] = [];
  for (const s of chapters) {
    const w = addSheet(wb, used, s.id === 'essentiel' ? 'L’essentiel' : sheetOf(s), [44, 18, 16, 16, 16, 16, 16, 16, 16, 60]);
    names.push(w.ws.name);
    w.title(`${s.number ? `${s.number}. ` : ''}${s.title}`);
    writeBlocks(w, s.blocks);
    w.ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  // The annex: one sheet for the sources, one for the definitions, one for the rules.
  const annex = doc.sections.filter((s) => s.id.startsWith('annexe-'));
  const sources = annex.find((s) => s.id === 'annexe-sources');
  if (sources) {
    const w = addSheet(wb, used, 'Sources', [44, 12, 14, 8, 22, 70]);
    names.push(w.ws.name);
    w.title('Sources');
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
    writeBlocks(w, definitions.blocks);
  }
  const rules = annex.filter((s) => s.id !== 'annexe-sources' && s.id !== 'annexe-definitions');
  if (rules.length) {
    const w = addSheet(wb, used, 'Méthode', [140]);
    names.push(w.ws.name);
    w.title('Méthode');
    for (const s of rules) {
      w.subtitle(`${s.number ?? ''} ${s.title}`.trim());
      writeBlocks(w, s.blocks);
      w.gap();
    }
  }
  for (const n of names) summary.values([n]);
  // Inline strings: the shared-string table costs more time than it saves space on sheets this size.
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false }));
};
