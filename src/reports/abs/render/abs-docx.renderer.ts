// The ABS report as a Word file (docx): real Heading 1/2 styles so that the table of contents (a TOC field, filled
// from the headings and updated by Word on opening) follows the text, native tables, figures as SVG with a PNG
// fallback, and the blank boxes for the partners as ordinary editable paragraphs inside a dashed frame.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { AbsDocument, Block, Finding, Section, TableModel } from '../abs-document.types.js';
import { toneLabel } from '../build/abs-essentiel.js';
import { formatNumber } from '../build/abs-format.js';
import { rasterizeSvgs } from './rasterize-svg.js';
import { figuresOf, renderFigures, type FigureSvgs } from './render-figures.js';
import { replaceZipEntries, setZipDates } from './zip-normalise.js';
import { bindUnits } from './bind-units.js';

const BLUE = '000091';
const GREY = '666666';
const FONT = 'Arial';
const TONE_COLOURS = { defavorable: 'C9191E', favourable: '18753C', neutre: '929292' } as const;
/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_TWIPS = PAGE.width - 2 * PAGE.margin;
/** Content width in pixels at 96 dpi, the unit of docx image sizes. */
const CONTENT_PX = Math.floor((CONTENT_TWIPS / 1440) * 96);

const run = (text: string, options: Partial<{ bold: boolean; italics: boolean; color: string; size: number }> = {}): TextRun => new TextRun({ text, ...options });

const para = (text: string, style?: string, extra: Record<string, unknown> = {}): Paragraph => new Paragraph({ style, children: [run(text)], ...extra });

const thin = { style: BorderStyle.SINGLE, size: 4, color: 'DDDDDD' };
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

const tableOf = (t: TableModel): (Paragraph | Table)[] => {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * CONTENT_TWIPS));
  // A table of many columns (a commune, its four references, the year and the change) in smaller type, so that
  // « 1 816,7 hab./km² » and « +36 246 hab. depuis 2016 » are not cut inside a word.
  const size = t.compact || t.columns.length >= 7 ? 14 : 16;
  const side = t.columns.length >= 7 ? 50 : 80;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map(
      (c, k) =>
        new TableCell({
          width: { size: widths[k], type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, fill: BLUE, color: 'auto' },
          margins: { top: 60, bottom: 60, left: side, right: side },
          children: [new Paragraph({ alignment: c.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run(c.label, { bold: true, color: 'FFFFFF', size })] })],
        }),
    ),
  });
  const rows = t.rows.map(
    (row, r) =>
      new TableRow({
        cantSplit: true,
        children: row.map((cell, k) => {
          const unavailable = cell.status != null && cell.status !== 'ok' && cell.status !== 'partial';
          const [first, ...rest] = cell.text.split('\n');
          const children: Paragraph[] = [
            new Paragraph({
              alignment: t.columns[k]?.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
              children: [run(bindUnits(first), { bold: !!cell.strong, italics: unavailable, color: unavailable ? GREY : undefined, size })],
            }),
          ];
          for (const line of rest) children.push(new Paragraph({ children: [new TextRun({ text: line, font: 'Courier New', size: size - 2, color: GREY })] }));
          return new TableCell({
            width: { size: widths[k], type: WidthType.DXA },
            shading: r % 2 === 1 ? { type: ShadingType.CLEAR, fill: 'F6F6F6', color: 'auto' } : undefined,
            margins: { top: 40, bottom: 40, left: side, right: side },
            children,
          });
        }),
      }),
  );
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [run(`Tableau ${t.number} – ${t.caption}`)] }),
    new Table({
      width: { size: CONTENT_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      borders: { top: thin, bottom: thin, left: none, right: none, insideHorizontal: thin, insideVertical: none },
      rows: [header, ...rows],
    }),
    ...t.notes.map((n) => para(n, 'Source')),
  ];
};

const findingOf = (f: Finding, n: number): Paragraph[] => {
  const border = { left: { style: BorderStyle.SINGLE, size: 24, color: TONE_COLOURS[f.tone], space: 8 } };
  return [
    new Paragraph({
      keepNext: true,
      border,
      spacing: { before: 160, after: 40 },
      indent: { left: 160 },
      children: [run(`${n}. ${f.label}`, { bold: true, color: BLUE }), run(`   ${toneLabel(f.tone).toUpperCase()}`, { bold: true, size: 14, color: TONE_COLOURS[f.tone] })],
    }),
    new Paragraph({ keepNext: true, border, indent: { left: 160 }, spacing: { after: 40 }, children: [run(f.sentence)] }),
    new Paragraph({ border, indent: { left: 160 }, children: [run(`${f.figures} · écart standardisé ${f.gapLabel} · chapitre «\u202f${f.chapterTitle}\u202f»`, { size: 16, color: '3A3A3A' })] }),
  ];
};

const editableOf = (b: Extract<Block, { type: 'editable' }>): Table => {
  const dashed = { style: BorderStyle.DASHED, size: 12, color: BLUE };
  const lines = Array.from({ length: b.lines }, () => new Paragraph({ style: 'Saisie', children: [] }));
  return new Table({
    width: { size: CONTENT_TWIPS, type: WidthType.DXA },
    columnWidths: [CONTENT_TWIPS],
    borders: { top: dashed, bottom: dashed, left: dashed, right: dashed, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        // The box moves whole to the next page rather than splitting.
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: CONTENT_TWIPS, type: WidthType.DXA },
            margins: { top: 120, bottom: 120, left: 160, right: 160 },
            children: [
              new Paragraph({ children: [run('À COMPLÉTER PAR LE CCAS/CIAS ET SES PARTENAIRES', { bold: true, size: 14, color: BLUE })] }),
              new Paragraph({ children: [run(b.title, { bold: true, size: 24, color: BLUE })] }),
              new Paragraph({ style: 'Consigne', children: [run(b.prompt)] }),
              ...lines,
            ],
          }),
        ],
      }),
    ],
  });
};

const figureOf = (b: Extract<Block, { type: 'figure' }>, svgs: FigureSvgs, pngs: Map<string, Buffer>): Paragraph[] => {
  const f = b.figure;
  const svg = svgs.get(f.id)!;
  const width = f.kind === 'map' ? Math.round(CONTENT_PX * 0.85) : CONTENT_PX;
  let height = Math.round((svg.height * width) / svg.width);
  let w = width;
  if (height > 560) {
    w = Math.round((width * 560) / height);
    height = 560;
  }
  const png = pngs.get(f.id)!;
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [run(`Figure ${f.number} – ${f.title}`)] }),
    new Paragraph({
      keepNext: true,
      alignment: AlignmentType.CENTER,
      children: [
        // Charts as SVG (Word 2016+ draws them as vectors) with their PNG for older readers; maps, whose SVG is
        // large, as PNG only.
        f.kind === 'map'
          ? new ImageRun({ type: 'png', data: png, transformation: { width: w, height }, altText: { title: f.title, description: f.alt, name: f.id } })
          : new ImageRun({
              type: 'svg',
              data: Buffer.from(svg.svg, 'utf8'),
              fallback: { type: 'png', data: png },
              transformation: { width: w, height },
              altText: { title: f.title, description: f.alt, name: f.id },
            }),
      ],
    }),
    para(f.source, 'Source'),
  ];
};

const blockOf = (b: Block, svgs: FigureSvgs, pngs: Map<string, Buffer>): (Paragraph | Table)[] => {
  switch (b.type) {
    case 'paragraph':
      return [para(b.text, b.style === 'lead' ? 'Chapeau' : b.style === 'small' ? 'Source' : undefined)];
    case 'list':
      return b.items.map((i) => new Paragraph({ bullet: { level: 0 }, children: [run(i)] }));
    case 'callout':
      return [
        new Paragraph({ style: 'Encadre', keepNext: true, children: [run(b.title, { bold: true, color: BLUE })] }),
        new Paragraph({ style: 'Encadre', children: [run(b.text, { size: 17 })] }),
      ];
    case 'key-figures': {
      const cols = 3;
      const w = Math.floor(CONTENT_TWIPS / cols);
      const rows: TableRow[] = [];
      for (let r = 0; r < Math.ceil(b.items.length / cols); r++) {
        const items = b.items.slice(r * cols, r * cols + cols);
        while (items.length < cols) items.push({ label: '', value: '' });
        rows.push(
          new TableRow({
            cantSplit: true,
            children: items.map(
              (k) =>
                new TableCell({
                  width: { size: w, type: WidthType.DXA },
                  shading: { type: ShadingType.CLEAR, fill: k.label ? 'E3E3FD' : 'FFFFFF', color: 'auto' },
                  margins: { top: 100, bottom: 100, left: 140, right: 140 },
                  children: [
                    new Paragraph({ children: [run(k.label, { size: 15 })] }),
                    new Paragraph({ children: [run(k.value, { bold: true, size: 30, color: BLUE })] }),
                    new Paragraph({ children: [run(k.note ?? '', { size: 14, color: GREY })] }),
                  ],
                }),
            ),
          }),
        );
      }
      const white = { style: BorderStyle.SINGLE, size: 24, color: 'FFFFFF' };
      return [new Table({ width: { size: CONTENT_TWIPS, type: WidthType.DXA }, columnWidths: Array(cols).fill(w), borders: { top: white, bottom: white, left: white, right: white, insideHorizontal: white, insideVertical: white }, rows }), para('')];
    }
    case 'findings':
      return b.items.flatMap((f, k) => findingOf(f, k + 1));
    case 'table':
      return tableOf(b.table);
    case 'figure':
      return figureOf(b, svgs, pngs);
    case 'definitions':
      return b.items.flatMap((d) => [
        new Paragraph({ keepNext: true, spacing: { before: 120, after: 0 }, children: [run(d.term, { bold: true })] }),
        new Paragraph({ keepNext: d.details.length > 0, spacing: { after: 0 }, children: [run(d.text)] }),
        ...d.details.map((x) => para(x, 'Source', { spacing: { after: 0 } })),
      ]);
    case 'editable':
      return [editableOf(b), para('')];
  }
};

const sectionOf = (s: Section, svgs: FigureSvgs, pngs: Map<string, Buffer>): (Paragraph | Table)[] => [
  new Paragraph({
    heading: s.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    pageBreakBefore: s.newPage,
    children: [run(`${s.number ? `${s.number}\t` : ''}${s.title}`)],
    tabStops: [{ type: 'left', position: s.level === 1 ? 700 : 800 }],
  }),
  ...s.blocks.flatMap((b) => blockOf(b, svgs, pngs)),
];

const coverOf = (doc: AbsDocument): Paragraph[] => {
  const t = doc.territory;
  const line = `${t.kindLabel.charAt(0).toUpperCase()}${t.kindLabel.slice(1)} · ${t.communes > 1 ? `${formatNumber(t.communes)} communes · ` : ''}${t.population == null ? 'population inconnue' : `${formatNumber(t.population)} habitants (population municipale ${t.populationMillesime})`}`;
  const detail = (k: string, v: string) => new Paragraph({ spacing: { after: 40 }, children: [run(`${k}\u00a0: `, { color: GREY, size: 18 }), run(v, { size: 18 })] });
  return [
    new Paragraph({ spacing: { before: 1800 }, children: [run('DIAGNOSTIC SOCIO-DÉMOGRAPHIQUE', { bold: true, color: BLUE, size: 20 })] }),
    new Paragraph({ style: 'Title', children: [run(doc.title)] }),
    new Paragraph({ spacing: { after: 120 }, children: [run(t.name, { bold: true, size: 40 })] }),
    new Paragraph({ spacing: { after: 2400 }, children: [run(line, { size: 21 })] }),
    ...(doc.organisme ? [new Paragraph({ children: [run('Réalisé pour', { color: GREY, size: 20 })] }), new Paragraph({ spacing: { after: 480 }, children: [run(doc.organisme, { bold: true, size: 28 })] })] : []),
    detail('Date', doc.dateLabel),
    detail('Territoire', `${t.name} (${t.ref}) · ${t.departementsLabel}`),
    detail('Comparé à', doc.references.map((r) => r.name).join(', ') || '—'),
    detail('Millésimes', doc.millesimesLabel),
  ];
};

/** docx dates docProps/core.xml with the clock: noon (UTC) of the report's date instead, as the workbook has it. */
const dateCoreProperties = (xml: string, isoDate: string): string =>
  xml.replace(/(<dcterms:(created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:\2>)/g, `$1${isoDate}T12:00:00Z$3`);

/**
 * docx numbers bookmarks (the headings the contents link to, « _Toc12 ») and pictures (`wp:docPr`) with counters
 * global to the process, so a report rendered after another one has other numbers. Any numbers do as long as each is
 * used once: they are renumbered from 1 in the order they appear.
 */
const renumberDocumentIds = (xml: string): string => {
  const bookmarks = new Map<string, number>();
  for (const m of xml.matchAll(/<w:bookmarkStart\b[^>]*\bw:id="(\d+)"/g)) if (!bookmarks.has(m[1])) bookmarks.set(m[1], bookmarks.size + 1);
  const bookmarkOf = (id: string): string => String(bookmarks.get(id) ?? id);
  let picture = 0;
  return xml
    .replace(/(<w:bookmark(?:Start|End)\b[^>]*\bw:id=")(\d+)"/g, (_, head: string, id: string) => `${head}${bookmarkOf(id)}"`)
    .replace(/_Toc(\d+)/g, (_, id: string) => `_Toc${bookmarkOf(id)}`)
    .replace(/(<wp:docPr\b[^>]*?\bid=")\d+"/g, (_, head: string) => `${head}${++picture}"`);
};

export const renderAbsDocx = async (doc: AbsDocument, svgs: FigureSvgs = renderFigures(doc)): Promise<Buffer> => {
  // PNG pictures at the figures' own size (640 px, a little above the width they are shown at), all in one pass: the
  // maps' only picture, and the charts' fallback for readers without SVG.
  const pngs = rasterizeSvgs(
    figuresOf(doc).map((f) => ({ id: f.id, ...svgs.get(f.id)! })),
    1,
  );
  const body: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ style: 'TitreSommaire', children: [run('Sommaire')] }),
    new TableOfContents('Sommaire', { hyperlink: true, headingStyleRange: '1-2' }),
    ...doc.sections.flatMap((s) => sectionOf(s, svgs, pngs)),
  ];
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 } };
  const footerChildren: ParagraphChild[] = [run(`Socle · ${doc.dateLabel}\t`), new TextRun({ children: ['Page ', PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES] })];
  const document = new Document({
    title: `${doc.title} — ${doc.territory.name}`,
    description: doc.subtitle,
    keywords: 'ABS, analyse des besoins sociaux, CCAS, CIAS, diagnostic',
    // The program that wrote the file; the organisme the report is made for is on its cover.
    creator: 'Socle',
    lastModifiedBy: 'Socle',
    // Word fills the contents' page numbers on opening (docx/layout's estimate costs seconds on a report this size).
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: FONT, size: 20, language: { value: 'fr-FR' } }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
        title: { run: { font: FONT, size: 60, bold: true, color: BLUE }, paragraph: { spacing: { after: 200 } } },
        // The outline level makes them headings for LibreOffice too (its table of contents, navigator and PDF
        // bookmarks), which does not read Word's built-in heading styles as such.
        heading1: { run: { font: FONT, size: 36, bold: true, color: BLUE }, paragraph: { spacing: { before: 0, after: 240 }, keepNext: true, outlineLevel: 0 } },
        heading2: { run: { font: FONT, size: 27, bold: true, color: BLUE }, paragraph: { spacing: { before: 320, after: 160 }, keepNext: true, outlineLevel: 1 } },
        caption: { run: { font: FONT, size: 19, bold: true, color: '161616', italics: false }, paragraph: { spacing: { before: 240, after: 100 } } },
      },
      paragraphStyles: [
        { id: 'Chapeau', name: 'Chapeau', basedOn: 'Normal', next: 'Normal', run: { size: 23 }, paragraph: { spacing: { after: 160 } } },
        { id: 'Source', name: 'Source', basedOn: 'Normal', run: { size: 15, color: GREY }, paragraph: { spacing: { after: 200 } } },
        { id: 'Encadre', name: 'Encadré', basedOn: 'Normal', run: { size: 18 }, paragraph: { shading: { type: ShadingType.CLEAR, fill: 'EEEEFF', color: 'auto' }, border: { left: { style: BorderStyle.SINGLE, size: 24, color: BLUE, space: 6 } }, spacing: { after: 0 } } },
        { id: 'Consigne', name: 'Consigne', basedOn: 'Normal', run: { italics: true, size: 18, color: GREY } },
        { id: 'Saisie', name: 'Saisie partenaires', basedOn: 'Normal', run: { size: 20 }, paragraph: { spacing: { after: 120, line: 360, lineRule: LineRuleType.AUTO } } },
        { id: 'TitreSommaire', name: 'Titre du sommaire', basedOn: 'Normal', run: { size: 36, bold: true, color: BLUE }, paragraph: { spacing: { after: 240 } } },
      ],
    },
    sections: [
      { properties: { page }, children: coverOf(doc) },
      {
        properties: { page },
        headers: { default: new Header({ children: [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: BLUE, space: 4 } }, children: [run(doc.runningHeader, { size: 15, color: GREY })] })] }) },
        footers: { default: new Footer({ children: [new Paragraph({ tabStops: [{ type: 'right', position: CONTENT_TWIPS }], children: footerChildren.map((c) => c) })] }) },
        children: body,
      },
    ],
  });
  // The same document and date give the same bytes: the properties dated with the report's date, the numbers docx
  // takes from the process's history renumbered, the zip entries' times fixed.
  const packed = await Packer.toBuffer(document);
  const normalised = replaceZipEntries(packed, (name, content) =>
    name === 'docProps/core.xml'
      ? Buffer.from(dateCoreProperties(content().toString('utf8'), doc.date), 'utf8')
      : name === 'word/document.xml'
        ? Buffer.from(renumberDocumentIds(content().toString('utf8')), 'utf8')
        : undefined,
  );
  return setZipDates(normalised, doc.date);
};
