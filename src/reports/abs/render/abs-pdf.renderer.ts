// The ABS report as PDF with pdfkit: A4, embedded TrueType font (DejaVu Sans, or the standard PDF fonts when it is
// missing), running header and page numbers, a table of contents with page numbers and links, PDF bookmarks, and
// charts and maps drawn as vectors from the same SVG as the HTML report (svg-to-pdfkit). No browser is needed.
// The PDF is tagged: a structure tree (headings, paragraphs, lists, tables with header cells, figures with their
// text alternative) in reading order, and backgrounds, rules and page furniture marked as artifacts, so that a
// screen reader reads it as the HTML report and a PDF reader can reflow it.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { AbsDocument, Block, Figure, Finding, KeyFigure, Section, TableModel } from '../abs-document.types.js';
import { toneLabel } from '../build/abs-essentiel.js';
import { formatNumber } from '../build/abs-format.js';
import { layoutMap } from './abs-map-svg.js';
import { renderFigures, type FigureSvgs } from './render-figures.js';
import { findReportFonts, STANDARD_FONTS, toWinAnsi, type ReportFonts } from './report-fonts.js';
import { bindUnits } from './bind-units.js';

export interface PdfOptions {
  /** 'auto' (default): DejaVu when available; 'standard': the standard PDF fonts (the fallback, tested). */
  fonts?: 'auto' | 'standard';
}

export interface PdfResult {
  bytes: Buffer;
  pages: number;
}

const BLUE = '#000091';
const LIGHT_BLUE = '#e3e3fd';
const TEXT = '#161616';
const GREY = '#666666';
const BORDER = '#dddddd';
const TONE_COLOURS = { defavorable: '#c9191e', favourable: '#18753c', neutre: '#929292' } as const;
const TONE_BG = { defavorable: '#ffe9e9', favourable: '#dffee6', neutre: '#eeeeee' } as const;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 68, bottom: 62, left: 62, right: 62 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Smallest type of a table cell (points): under it, a cell's text wraps instead of shrinking. */
const MIN_CELL_SIZE = 5.5;
/** Writing lines of a partners' box that fills the rest of its page, at most. */
const MAX_WRITING_LINES = 30;
const BOTTOM = PAGE.height - MARGIN.bottom;

class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly headingPages = new Map<string, number>();
  private readonly outlines = new Map<string, PDFKit.PDFOutline>();
  private readonly t: (s: string) => string;
  /** The structure element new content goes into: the document, a section, a table… */
  private parent: PDFKit.PDFStructureElement;
  /** The table of contents, placed after the cover and filled once every heading's page is known. */
  private contents: PDFKit.PDFStructureElement | null = null;

  constructor(
    private readonly model: AbsDocument,
    private readonly svgs: FigureSvgs,
    private readonly fonts: ReportFonts,
  ) {
    this.t = fonts.kind === 'standard' ? toWinAnsi : bindUnits;
    const creation = new Date(`${model.date}T12:00:00Z`);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: false,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'fr-FR',
      displayTitle: true,
      info: {
        Title: this.t(`${model.title} — ${model.territory.name}`),
        Author: this.t(model.organisme ?? 'Socle'),
        Subject: this.t(model.subtitle),
        Keywords: 'ABS, analyse des besoins sociaux, CCAS, CIAS, diagnostic',
        Creator: 'Socle',
        CreationDate: creation,
        ModDate: creation,
      },
    });
    if (fonts.kind === 'dejavu') {
      this.doc.registerFont('regular', fonts.regular);
      this.doc.registerFont('bold', fonts.bold);
      this.doc.registerFont('italic', fonts.italic);
      this.doc.registerFont('boldItalic', fonts.boldItalic);
      this.doc.registerFont('mono', fonts.mono);
    } else {
      for (const k of ['regular', 'bold', 'italic', 'boldItalic', 'mono'] as const) this.doc.registerFont(k, STANDARD_FONTS[k]);
    }
    this.parent = this.doc.struct('Document');
    this.doc.addStructure(this.parent);
  }

  // --- structure (tagged PDF) ---------------------------------------------------------------------------------------

  /** Draws `draw` as the content of a new structure element of `type` (P, H2, TD…) in the current one. */
  private tag(type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    const element = this.doc.struct(type, options);
    this.parent.add(element);
    element.add(draw);
    element.end();
  }

  /** A structure element made of others (a section, a list, a table): `body` adds them. */
  private group(type: string, body: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): PDFKit.PDFStructureElement {
    const element = this.doc.struct(type, options);
    this.parent.add(element);
    const outer = this.parent;
    this.parent = element;
    try {
      body();
    } finally {
      this.parent = outer;
    }
    element.end();
    return element;
  }

  /** Decoration (a background, a rule, a bullet, the running header): outside the structure, read by no one. */
  private artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** Ends the structure tree: called once everything is drawn. */
  endStructure(): void {
    this.contents?.end();
    this.parent.end();
  }

  get pageIndex(): number {
    return this.doc.bufferedPageRange().count - 1;
  }

  private font(name: 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono', size: number, colour = TEXT): this {
    this.doc.font(name).fontSize(size).fillColor(colour);
    return this;
  }

  private addPage(): void {
    this.doc.addPage({ size: 'A4', margins: MARGIN });
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > BOTTOM) this.addPage();
  }

  private height(text: string, width: number, options: PDFKit.Mixins.TextOptions = {}): number {
    return this.doc.heightOfString(this.t(text), { width, lineGap: 1.5, ...options });
  }

  private write(text: string, x: number, width: number, options: PDFKit.Mixins.TextOptions = {}): void {
    this.doc.text(this.t(text), x, this.doc.y, { width, lineGap: 1.5, ...options });
  }

  // --- cover and contents ----------------------------------------------------------------------------------------

  cover(): void {
    const { doc, model } = this;
    const t = model.territory;
    this.addPage();
    this.artifact(() => {
      doc.rect(0, 0, 22, PAGE.height).fill(BLUE);
      doc.rect(22, 0, PAGE.width - 22, 250).fill('#f5f5fe');
    });
    this.group('Sect', () => this.coverContent());
  }

  private coverContent(): void {
    const { doc, model } = this;
    const t = model.territory;
    doc.y = 90;
    this.font('bold', 10, BLUE).tag('P', () => this.write('DIAGNOSTIC SOCIO-DÉMOGRAPHIQUE', 70, 460, { characterSpacing: 1 }));
    doc.moveDown(0.6);
    this.font('bold', 30, BLUE).tag('H1', () => this.write(model.title, 70, 460, { lineGap: 0 }));
    doc.moveDown(0.4);
    this.font('bold', 19, TEXT).tag('P', () => this.write(t.name, 70, 460));
    doc.moveDown(0.3);
    const line = `${t.kindLabel.charAt(0).toUpperCase()}${t.kindLabel.slice(1)} · ${t.communes > 1 ? `${formatNumber(t.communes)} communes · ` : ''}${t.population == null ? 'population inconnue' : `${formatNumber(t.population)} habitants (population municipale ${t.populationMillesime})`}`;
    this.font('regular', 10.5, TEXT).tag('P', () => this.write(line, 70, 460));

    // A silhouette of the territory from its communes' outlines, where they are loaded.
    const map = model.sections.flatMap((s) => s.blocks).find((b): b is Extract<Block, { type: 'figure' }> => b.type === 'figure' && b.figure.spec.kind === 'map');
    if (map && map.figure.spec.kind === 'map') {
      // The silhouette drawn with pdfkit's paths (hundreds of outlines parse slowly as SVG).
      // An ornament: the maps that say something are in the chapters.
      const m = layoutMap(map.figure.spec);
      const scale = Math.min(330 / m.width, 270 / m.mapHeight);
      this.artifact(() => {
        doc.save();
        doc.translate((PAGE.width - m.width * scale) / 2 + 11, 300).scale(scale).translate(m.dx, m.dy);
        for (const s of m.shapes) doc.path(s.d).lineWidth(0.8).fillAndStroke('#b1b1f9', '#ffffff', 'even-odd');
        doc.restore();
      });
    }

    doc.y = 610;
    if (model.organisme) {
      this.tag('P', () => {
        this.font('regular', 10, GREY).write('Réalisé pour', 70, 460);
        this.font('bold', 14, TEXT).write(model.organisme!, 70, 460);
      });
      doc.moveDown(0.8);
    }
    const rows: [string, string][] = [
      ['Date', model.dateLabel],
      ['Territoire', `${t.name} (${t.ref}) · ${t.departementsLabel}`],
      ['Comparé à', model.references.map((r) => r.name).join(', ') || '—'],
      ['Millésimes', model.millesimesLabel],
    ];
    for (const [k, v] of rows) {
      const y = doc.y;
      this.tag('P', () => {
        this.font('regular', 8.5, GREY);
        // The space keeps label and value two words for whoever reads the text (« Date 29 novembre »).
        doc.text(this.t(`${k} `), 70, y, { width: 70 });
        this.font('regular', 8.5, TEXT);
        doc.text(this.t(v), 145, y, { width: 385, lineGap: 1 });
      });
      doc.y += 3;
    }
  }

  /** Reserves the contents page; `fillContents` writes it once the page of every heading is known. */
  contentsPage(): number {
    this.addPage();
    // Its place in the structure is taken now, after the cover; its content comes with fillContents.
    const section = this.doc.struct('Sect');
    this.parent.add(section);
    this.contents = section;
    return this.pageIndex;
  }

  fillContents(page: number): void {
    const { doc, model } = this;
    doc.switchToPage(page);
    doc.y = MARGIN.top;
    const outer = this.parent;
    this.parent = this.contents!;
    this.font('bold', 20, BLUE).tag('H2', () => this.write('Sommaire', MARGIN.left, CONTENT_WIDTH));
    doc.moveDown(0.8);
    this.group('TOC', () => {
      for (const s of model.sections) {
        const n = this.headingPages.get(s.id);
        const indent = s.level === 1 ? 0 : 26;
        const size = s.level === 1 ? 11 : 9.5;
        const y = doc.y;
        let after = y;
        this.tag('TOCI', () => {
          this.font(s.level === 1 ? 'bold' : 'regular', size, TEXT);
          const label = `${s.number ?? ''}   ${s.title}`;
          doc.text(this.t(label), MARGIN.left + indent, y, { width: CONTENT_WIDTH - indent - 40, goTo: s.id, lineGap: 0 });
          after = doc.y;
          const pageLabel = n == null ? '' : ` ${n + 1}`;
          doc.text(pageLabel, MARGIN.left, y, { width: CONTENT_WIDTH, align: 'right', lineGap: 0 });
        });
        this.artifact(() =>
          doc
            .moveTo(MARGIN.left + indent, after + 2)
            .lineTo(MARGIN.left + CONTENT_WIDTH, after + 2)
            .lineWidth(0.4)
            .dash(1, { space: 2 })
            .strokeColor('#aaaaaa')
            .stroke()
            .undash(),
        );
        doc.y = after + (s.level === 1 ? 9 : 6);
      }
    });
    this.parent = outer;
  }

  // --- sections and blocks ----------------------------------------------------------------------------------------

  section(s: Section, endsPage = false): void {
    const { doc } = this;
    if (s.newPage) this.addPage();
    else this.ensure(80);
    this.headingPages.set(s.id, this.pageIndex);
    doc.addNamedDestination(s.id);
    const heading = `${s.number ? `${s.number}   ` : ''}${s.title}`;
    this.group('Sect', () => {
      // Chapters are H2 and their subsections H3 under the cover's H1, as in the HTML report.
      if (s.level === 1) {
        const top = doc.y;
        this.artifact(() => doc.rect(MARGIN.left, top, CONTENT_WIDTH, 3).fill(BLUE));
        doc.y = top + 12;
        this.font('bold', 20, BLUE).tag('H2', () => this.write(heading, MARGIN.left, CONTENT_WIDTH, { lineGap: 0 }));
        doc.moveDown(0.7);
        const item = doc.outline.addItem(this.t(`${s.number ? `${s.number}. ` : ''}${s.title}`));
        this.outlines.set('current', item);
      } else {
        doc.moveDown(0.6);
        this.font('bold', 13.5, BLUE).tag('H3', () => this.write(heading, MARGIN.left, CONTENT_WIDTH, { lineGap: 0 }));
        doc.moveDown(0.5);
        (this.outlines.get('current') ?? doc.outline).addItem(this.t(`${s.number ? `${s.number}. ` : ''}${s.title}`));
      }
      s.blocks.forEach((b, k) => this.block(b, endsPage && k === s.blocks.length - 1));
    });
  }

  private block(b: Block, endsPage = false): void {
    const { doc } = this;
    switch (b.type) {
      case 'paragraph': {
        const size = b.style === 'lead' ? 11 : b.style === 'small' ? 8.5 : 9.5;
        this.font(b.style === 'lead' ? 'regular' : 'regular', size, b.style === 'small' ? GREY : TEXT);
        this.ensure(Math.min(40, this.height(b.text, CONTENT_WIDTH)));
        this.tag('P', () => this.write(b.text, MARGIN.left, CONTENT_WIDTH, { align: 'left' }));
        doc.moveDown(0.6);
        return;
      }
      case 'list':
        this.list(b.items);
        return;
      case 'callout':
        this.callout(b.title, b.text);
        return;
      case 'key-figures':
        this.keyFigures(b.items);
        return;
      case 'findings':
        b.items.forEach((f, k) => this.finding(f, k + 1));
        doc.moveDown(0.3);
        return;
      case 'table':
        this.table(b.table);
        return;
      case 'figure':
        this.figure(b.figure);
        return;
      case 'definitions':
        // A definition list: each term a list item whose label is the term and whose body its definition.
        this.group('L', () => {
          for (const d of b.items) {
            this.font('bold', 9.5);
            const h = this.height(d.term, CONTENT_WIDTH) + 24;
            this.ensure(h);
            this.group('LI', () => {
              this.tag('Lbl', () => this.write(d.term, MARGIN.left, CONTENT_WIDTH));
              this.tag('LBody', () => {
                this.font('regular', 9);
                this.write(d.text, MARGIN.left, CONTENT_WIDTH);
                this.font('regular', 7.5, GREY);
                for (const line of d.details) this.write(line, MARGIN.left, CONTENT_WIDTH);
              });
            });
            doc.moveDown(0.5);
          }
        });
        return;
      case 'editable':
        this.editable(b.title, b.prompt, b.lines, endsPage);
        return;
    }
  }

  private list(items: string[]): void {
    const { doc } = this;
    this.font('regular', 9.5);
    this.group('L', () => {
      for (const item of items) {
        this.ensure(Math.min(30, this.height(item, CONTENT_WIDTH - 14)));
        const y = doc.y;
        this.artifact(() => doc.fillColor(BLUE).text('•', MARGIN.left + 2, y, { width: 10 }));
        doc.fillColor(TEXT);
        doc.y = y;
        this.group('LI', () => this.tag('LBody', () => this.write(item, MARGIN.left + 14, CONTENT_WIDTH - 14)));
        doc.y += 3;
      }
    });
    doc.moveDown(0.4);
  }

  private callout(title: string, text: string): void {
    const { doc } = this;
    const pad = 9;
    this.font('regular', 8.5);
    const h = this.height(text, CONTENT_WIDTH - 2 * pad - 4) + 16 + 2 * pad;
    this.ensure(h);
    const top = doc.y;
    this.artifact(() => {
      doc.rect(MARGIN.left, top, CONTENT_WIDTH, h).fill('#eeeeff');
      doc.rect(MARGIN.left, top, 4, h).fill(BLUE);
    });
    doc.y = top + pad;
    this.group('Div', () => {
      this.font('bold', 9.5, BLUE).tag('P', () => this.write(title, MARGIN.left + pad + 4, CONTENT_WIDTH - 2 * pad - 4));
      doc.y += 3;
      this.font('regular', 8.5, TEXT).tag('P', () => this.write(text, MARGIN.left + pad + 4, CONTENT_WIDTH - 2 * pad - 4));
    });
    doc.y = top + h + 10;
  }

  private keyFigures(items: KeyFigure[]): void {
    const { doc } = this;
    const cols = 3;
    const gap = 8;
    const w = (CONTENT_WIDTH - gap * (cols - 1)) / cols;
    const h = 66;
    this.group('L', () => {
      for (let r = 0; r < Math.ceil(items.length / cols); r++) {
        this.ensure(h + gap);
        const top = doc.y;
        items.slice(r * cols, r * cols + cols).forEach((k, c) => {
          const x = MARGIN.left + c * (w + gap);
          this.artifact(() => doc.rect(x, top, w, h).fill(LIGHT_BLUE));
          // Label, figure and note read as one item: « Taux de chômage 9,4 % Haute-Garonne : 11,1 % ».
          this.group('LI', () =>
            this.tag('LBody', () => {
              doc.y = top + 7;
              this.font('regular', 7.5, TEXT).write(k.label, x + 8, w - 16, { lineGap: 0, height: 20, ellipsis: true });
              doc.y = top + 27;
              // A word rather than a figure (« non représentatif ») is set smaller, on one line, clear of the note.
              this.font('bold', 15, BLUE);
              const valueSize = Math.min(15, this.fittingSize(k.value.replace(/ /g, '\u00a0'), w - 16, 15));
              this.font('bold', valueSize, BLUE).write(k.value, x + 8, w - 16, { lineGap: 0, lineBreak: false, ellipsis: true, height: 18 });
              if (k.note) {
                doc.y = top + 48;
                this.font('regular', 7, GREY);
                this.write(this.fitNote(k.note, w - 16, 16), x + 8, w - 16, { lineGap: 0, height: 16, ellipsis: true });
              }
            }),
          );
        });
        doc.y = top + h + gap;
      }
    });
    doc.moveDown(0.4);
  }

  /**
   * A key figure's note within `height` in the current font: « CC Cœur et Coteaux du Comminges : 12,6 % » keeps its
   * figure and shortens the name before it (« CC Cœur et Coteaux du… : 12,6 % »).
   */
  private fitNote(note: string, width: number, height: number): string {
    if (this.height(note, width, { lineGap: 0 }) <= height) return note;
    const colons = [...note.matchAll(/[ \u00a0\u202f]:[ \u00a0\u202f]/g)];
    const at = colons.length ? colons[colons.length - 1].index : -1;
    if (at <= 0) return note;
    const tail = note.slice(at);
    const words = note.slice(0, at).split(' ');
    while (words.length > 1) {
      words.pop();
      const shorter = `${words.join(' ').replace(/[\s,;:]+$/, '')}…${tail}`;
      if (this.height(shorter, width, { lineGap: 0 }) <= height) return shorter;
    }
    return note;
  }

  private finding(f: Finding, n: number): void {
    const { doc } = this;
    const pad = 7;
    const inner = CONTENT_WIDTH - 2 * pad - 6;
    this.font('bold', 10);
    const hTitle = this.height(`${n}. ${f.label}`, inner - 80);
    this.font('regular', 9);
    const hSentence = this.height(f.sentence, inner);
    const meta = `${f.figures} · écart standardisé ${f.gapLabel} · chapitre «\u202f${f.chapterTitle}\u202f»`;
    this.font('regular', 7.8);
    const hMeta = this.height(meta, inner);
    const h = pad + hTitle + 3 + hSentence + 3 + hMeta + pad;
    this.ensure(h + 6);
    const top = doc.y;
    // The tone as a small label on the right.
    const tone = toneLabel(f.tone).toUpperCase();
    this.font('bold', 7);
    const tw = doc.widthOfString(this.t(tone)) + 10;
    this.artifact(() => {
      doc.rect(MARGIN.left, top, CONTENT_WIDTH, h).fill('#fafafa');
      doc.rect(MARGIN.left, top, 4, h).fill(TONE_COLOURS[f.tone]);
      doc.rect(MARGIN.left + CONTENT_WIDTH - tw - pad, top + pad - 1, tw, 12).fill(TONE_BG[f.tone]);
    });
    // Read in order: the finding's title, its tone, its sentence, its figures.
    this.group('Div', () => {
      doc.y = top + pad;
      this.font('bold', 10, BLUE).tag('P', () => this.write(`${n}. ${f.label}`, MARGIN.left + pad + 6, inner - 80));
      const afterTitle = doc.y;
      this.font('bold', 7, TONE_COLOURS[f.tone]).tag('P', () => doc.text(this.t(tone), MARGIN.left + CONTENT_WIDTH - tw - pad + 5, top + pad + 2, { lineBreak: false }));
      doc.y = afterTitle + 3;
      this.font('regular', 9, TEXT).tag('P', () => this.write(f.sentence, MARGIN.left + pad + 6, inner));
      doc.y += 3;
      this.font('regular', 7.8, '#3a3a3a').tag('P', () => this.write(meta, MARGIN.left + pad + 6, inner));
    });
    doc.y = top + h + 6;
  }

  private table(t: TableModel): void {
    const { doc } = this;
    const size = t.compact ? 7 : 8;
    const pad = 3.5;
    const total = t.columns.reduce((a, c) => a + c.width, 0);
    const widths = t.columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const xs = widths.map((_, k) => MARGIN.left + widths.slice(0, k).reduce((a, w) => a + w, 0));
    const cellFont = (k: number, strong?: boolean, unavailable?: boolean): 'regular' | 'bold' | 'italic' =>
      strong && k > 0 ? 'bold' : strong ? 'bold' : unavailable ? 'italic' : 'regular';

    const caption = `Tableau ${t.number} – ${t.caption}`;
    this.font('bold', 9.5);
    const hCaption = this.height(caption, CONTENT_WIDTH);
    // A column's title, like a cell, gets smaller rather than cut inside a word (« Métropole » in a narrow column).
    const headerSize = (k: number): number => {
      this.font('bold', size);
      return this.fittingSize(t.columns[k].label, widths[k] - 2 * pad, size);
    };
    const headerHeight = (): number =>
      Math.max(
        ...t.columns.map((c, k) => {
          this.font('bold', headerSize(k));
          return this.height(c.label, widths[k] - 2 * pad);
        }),
      ) +
      2 * pad;
    // The header row is the table's first row of TH cells; repeated on a following page, it is page furniture.
    const drawHeader = (repeated: boolean): void => {
      const h = headerHeight();
      const top = doc.y;
      this.artifact(() => doc.rect(MARGIN.left, top, CONTENT_WIDTH, h).fill(BLUE));
      const cells = (): void =>
        t.columns.forEach((c, k) => {
          this.font('bold', headerSize(k), '#ffffff');
          const textH = this.height(c.label, widths[k] - 2 * pad);
          const draw = (): void => void doc.text(this.t(c.label), xs[k] + pad, top + h - pad - textH, { width: widths[k] - 2 * pad, align: c.align, lineGap: 1.5 });
          if (repeated) draw();
          else this.tag('TH', draw);
        });
      if (repeated) this.artifact(cells, 'Pagination');
      else this.group('TR', cells);
      doc.y = top + h;
    };
    // A cell's size: the table's, or smaller when a word of the cell (« comparable », « 230,8 hab./km² ») would
    // otherwise be cut in two by the line breaker.
    const cellSize = (cell: TableModel['rows'][number][number], k: number): number => {
      const unavailable = cell.status != null && cell.status !== 'ok' && cell.status !== 'partial';
      this.font(cellFont(k, cell.strong, unavailable), size);
      return this.fittingSize(textOf(cell, k).split('\n')[0], widths[k] - 2 * pad, size);
    };
    // A number bound to its unit that would have to shrink by more than a point to fit (« 230,8 hab./km² »,
    // « +43 192 emplois ») breaks between the number and the unit's word instead, as its neighbours do.
    const textOf = (cell: TableModel['rows'][number][number], k: number): string => {
      const unavailable = cell.status != null && cell.status !== 'ok' && cell.status !== 'partial';
      this.font(cellFont(k, cell.strong, unavailable), size);
      const [first, ...rest] = cell.text.split('\n');
      if (this.fittingSize(first, widths[k] - 2 * pad, size) >= size - 1) return cell.text;
      return [first.replace(/\u202F(?=\p{L})/gu, ' '), ...rest].join('\n');
    };
    const rowHeight = (row: TableModel['rows'][number]): number =>
      Math.max(
        ...row.map((cell, k) => {
          const unavailable = cell.status != null && cell.status !== 'ok' && cell.status !== 'partial';
          // textOf and cellSize measure in fonts of their own: the cell's font is set after them, then its text measured.
          const text = textOf(cell, k);
          const fitted = cellSize(cell, k);
          this.font(cell.text.includes('\n') ? 'regular' : cellFont(k, cell.strong, unavailable), fitted);
          return this.cellHeight(text, widths[k] - 2 * pad, size);
        }),
      ) +
      2 * pad;

    const firstRow = t.rows[0] ? rowHeight(t.rows[0]) : 0;
    this.ensure(hCaption + 6 + headerHeight() + firstRow);
    this.group('Table', () => {
      this.font('bold', 9.5, TEXT).tag('Caption', () => this.write(caption, MARGIN.left, CONTENT_WIDTH));
      doc.y += 4;
      drawHeader(false);
      t.rows.forEach((row, r) => {
        const h = rowHeight(row);
        if (doc.y + h > BOTTOM) {
          this.addPage();
          this.font('italic', 7.5, GREY);
          this.artifact(() => this.write(`${caption} (suite)`, MARGIN.left, CONTENT_WIDTH), 'Pagination');
          doc.y += 2;
          drawHeader(true);
        }
        const top = doc.y;
        if (r % 2 === 1) this.artifact(() => doc.rect(MARGIN.left, top, CONTENT_WIDTH, h).fill('#f6f6f6'));
        this.group('TR', () =>
          row.forEach((cell, k) => {
            const unavailable = cell.status != null && cell.status !== 'ok' && cell.status !== 'partial';
            const colour = unavailable ? GREY : TEXT;
            const [first, ...rest] = textOf(cell, k).split('\n');
            this.font(cellFont(k, cell.strong, unavailable), cellSize(cell, k), colour);
            // A row's first cell names it: a header cell for its row.
            this.tag(k === 0 ? 'TH' : 'TD', () => {
              doc.text(this.t(first), xs[k] + pad, top + pad, { width: widths[k] - 2 * pad, align: t.columns[k]?.align ?? 'left', lineGap: 1.5 });
              if (rest.length) {
                this.font('mono', size - 1, GREY);
                doc.text(rest.join('\n'), xs[k] + pad, doc.y + 1, { width: widths[k] - 2 * pad, lineGap: 1, characterSpacing: 0 });
              }
            });
          }),
        );
        this.artifact(() =>
          doc
            .moveTo(MARGIN.left, top + h)
            .lineTo(MARGIN.left + CONTENT_WIDTH, top + h)
            .lineWidth(0.5)
            .strokeColor(BORDER)
            .stroke(),
        );
        doc.y = top + h;
      });
    });
    doc.y += 4;
    for (const note of t.notes) {
      this.font('regular', 7.5, GREY);
      this.ensure(this.height(note, CONTENT_WIDTH));
      this.tag('P', () => this.write(note, MARGIN.left, CONTENT_WIDTH));
    }
    doc.moveDown(0.8);
  }

  /**
   * The width, at `size` in the current font, of the widest word of `text` as pdfkit's line breaker sees words: split
   * at ordinary spaces and after hyphens (the narrow no-break space binds a number to its unit), each measured with
   * the space that follows it.
   */
  private widestWord(text: string, size: number): number {
    // The line breaker may also break after a hyphen inside a word (« Haute-|Garonne »), not after a minus sign, and
    // after the en dash of a period (« 2016–|2022 »): a cell wraps there rather than shrinking to unreadable type.
    const words = this.t(text)
      .split(/[ \n]+/)
      .flatMap((w) => w.split(/(?<=[^\s-]-)(?=\S)|(?<=\S–)(?=\S)/))
      .filter(Boolean);
    this.doc.fontSize(size);
    return Math.max(0, ...words.map((w) => this.doc.widthOfString(`${w} `)));
  }

  /** The largest size, from `size` down to 5.5 pt, at which every word of `text` fits within `width` (pdfkit cuts a word wider than the line). */
  private fittingSize(text: string, width: number, size: number): number {
    const widest = this.widestWord(text, size);
    if (widest <= width) return size;
    return Math.max(MIN_CELL_SIZE, Math.floor(((size * width) / widest) * 10) / 10);
  }

  /** Height of a cell's text; a second line (a file hash) is set in the monospaced font. */
  private cellHeight(text: string, width: number, size: number): number {
    const [first, ...rest] = text.split('\n');
    let h = this.height(first, width);
    if (rest.length) {
      this.font('mono', size - 1);
      h += this.doc.heightOfString(rest.join('\n'), { width, lineGap: 1 }) + 1;
    }
    return h;
  }

  private figure(f: Figure): void {
    const { doc } = this;
    const svg = this.svgs.get(f.id)!;
    const maxWidth = f.kind === 'map' ? CONTENT_WIDTH * 0.92 : CONTENT_WIDTH;
    let width = maxWidth;
    let height = (svg.height * width) / svg.width;
    // A map stays small enough to share its page with the title and the start of the table.
    const maxHeight = f.kind === 'map' ? 380 : BOTTOM - MARGIN.top - 60;
    if (height > maxHeight) {
      height = maxHeight;
      width = (svg.width * height) / svg.height;
    }
    const title = `Figure ${f.number} – ${f.title}`;
    this.font('bold', 9.5);
    const hTitle = this.height(title, CONTENT_WIDTH);
    this.font('regular', 7.5);
    const hSource = this.height(f.source, CONTENT_WIDTH);
    this.ensure(hTitle + 6 + height + 4 + hSource + 6);
    this.font('bold', 9.5, TEXT).tag('P', () => this.write(title, MARGIN.left, CONTENT_WIDTH));
    doc.y += 6;
    const top = doc.y;
    const x = MARGIN.left + (CONTENT_WIDTH - width) / 2;
    const options = {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family: string, bold: boolean, italic: boolean) => (bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular'),
      warningCallback: () => undefined,
    };
    // The picture is read as its text alternative (the figures it shows are in the table that follows it).
    this.tag(
      'Figure',
      () => {
        if (f.spec.kind === 'map') {
          // Thousands of outline points: pdfkit's own path drawing is much faster than parsing them as SVG.
          const m = layoutMap(f.spec);
          const scale = width / m.width;
          doc.save();
          doc.translate(x, top).scale(scale).translate(m.dx, m.dy);
          for (const s of m.shapes) doc.path(s.d).lineWidth(0.6).fillAndStroke(s.fill, '#ffffff', 'even-odd');
          doc.restore();
          SVGtoPDF(doc, m.legendSvg, x, top, options);
        } else SVGtoPDF(doc, svg.svg, x, top, options);
      },
      { alt: f.alt },
    );
    doc.y = top + height + 4;
    this.font('regular', 7.5, GREY).tag('P', () => this.write(f.source, MARGIN.left, CONTENT_WIDTH));
    doc.moveDown(0.9);
  }

  private editable(title: string, prompt: string, lines: number, endsPage = false): void {
    const { doc } = this;
    const pad = 10;
    const inner = CONTENT_WIDTH - 2 * pad;
    this.font('italic', 8.5);
    const hPrompt = this.height(prompt, inner);
    const lineGap = 18;
    const frame = pad + 10 + 16 + hPrompt + 6 + pad;
    // A box that would go alone onto a page of its own keeps to the room left here, with fewer writing lines (three
    // at least): the partners write on the printed page, not on one left four-fifths blank.
    const room = Math.floor((BOTTOM - doc.y - frame) / lineGap);
    let kept = frame + lines * lineGap > BOTTOM - doc.y && room >= 3 ? Math.min(lines, room) : lines;
    this.ensure(Math.min(frame + kept * lineGap, BOTTOM - MARGIN.top));
    // The last box before a new page takes the rest of its page: a worksheet, rather than a page left blank.
    if (endsPage) kept = Math.max(kept, Math.min(MAX_WRITING_LINES, Math.floor((BOTTOM - doc.y - frame - 12) / lineGap)));
    const h = frame + kept * lineGap;
    const top = doc.y;
    this.artifact(() => doc.lineWidth(1.2).dash(4, { space: 3 }).strokeColor(BLUE).rect(MARGIN.left, top, CONTENT_WIDTH, h).stroke().undash());
    doc.y = top + pad;
    this.group('Div', () => {
      this.font('bold', 7, BLUE).tag('P', () => this.write('À COMPLÉTER PAR LE CCAS/CIAS ET SES PARTENAIRES', MARGIN.left + pad, inner, { characterSpacing: 0.5 }));
      doc.y += 3;
      this.font('bold', 11, BLUE).tag('P', () => this.write(title, MARGIN.left + pad, inner));
      this.font('italic', 8.5, GREY).tag('P', () => this.write(prompt, MARGIN.left + pad, inner));
    });
    let y = doc.y + 6;
    this.artifact(() => {
      for (let k = 0; k < kept; k++) {
        y += lineGap;
        if (y > top + h - pad + 1) break;
        doc.moveTo(MARGIN.left + pad, y).lineTo(MARGIN.left + CONTENT_WIDTH - pad, y).lineWidth(0.4).dash(1, { space: 2 }).strokeColor('#aaaaaa').stroke().undash();
      }
    });
    doc.y = top + h + 12;
  }

  /** Running header and page numbers on every page but the cover. */
  pageFurniture(): void {
    const { doc, model } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      if (i === 0) continue;
      doc.switchToPage(i);
      const saved = doc.page.margins;
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      this.font('regular', 7.5, GREY);
      this.artifact(() => {
        doc.text(this.t(model.runningHeader), MARGIN.left, 34, { width: CONTENT_WIDTH - 60, lineBreak: false, ellipsis: true, height: 10 });
        doc.moveTo(MARGIN.left, 47).lineTo(PAGE.width - MARGIN.right, 47).lineWidth(0.5).strokeColor(BLUE).stroke();
        doc.text(this.t(`Socle · ${model.dateLabel}`), MARGIN.left, PAGE.height - 40, { width: CONTENT_WIDTH / 2, lineBreak: false });
        doc.text(this.t(`Page ${i + 1} sur ${range.count}`), MARGIN.left + CONTENT_WIDTH / 2, PAGE.height - 40, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false });
      }, 'Pagination');
      doc.page.margins = saved;
    }
  }
}

/** The document model → PDF bytes and page count. */
export const renderAbsPdf = async (model: AbsDocument, svgs: FigureSvgs = renderFigures(model), options: PdfOptions = {}): Promise<PdfResult> => {
  const fonts = options.fonts === 'standard' ? STANDARD_FONTS : findReportFonts();
  const w = new PdfWriter(model, svgs, fonts);
  const chunks: Buffer[] = [];
  w.doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    w.doc.on('end', () => resolve());
    w.doc.on('error', reject);
  });
  w.cover();
  const contents = w.contentsPage();
  // A section whose next one begins a page may fill the rest of its last page (the partners' writing box).
  model.sections.forEach((s, k) => w.section(s, model.sections[k + 1]?.newPage ?? true));
  w.fillContents(contents);
  w.pageFurniture();
  w.endStructure();
  const pages = w.doc.bufferedPageRange().count;
  w.doc.end();
  await done;
  return { bytes: Buffer.concat(chunks), pages };
};
