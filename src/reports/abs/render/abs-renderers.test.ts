// The four renderers on the same fixed document: each says what the model says, in its own format.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import unzipper, { type CentralDirectoryFile } from 'unzipper';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNumber, formatSigned } from '../../../core/format/number-format.js';
import type { AbsDocument, Block } from '../abs-document.types.js';
import { buildAbsDocument } from '../build/build-abs-document.js';
import { buildAbsInputFixture } from '../fixtures/abs-input.fixture.js';
import { renderAbsDocx } from './abs-docx.renderer.js';
import { renderAbsHtml } from './abs-html.renderer.js';
import { renderAbsPdf } from './abs-pdf.renderer.js';
import { renderAbsXlsx } from './abs-xlsx.renderer.js';
import { figuresOf, renderFigures } from './render-figures.js';

const doc = buildAbsDocument(buildAbsInputFixture());
const svgs = renderFigures(doc);
const dir = mkdtempSync(join(tmpdir(), 'socle-abs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Share of pixels darker than near-white on a grey page image (PGM, as pdftoppm -gray writes it). */
const inkRatio = (pgm: Buffer): number => {
  // Header: « P5\nW H\n255\n ».
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    let token = '';
    while (/\s/.test(String.fromCharCode(pgm[pos]))) pos++;
    while (!/\s/.test(String.fromCharCode(pgm[pos]))) token += String.fromCharCode(pgm[pos++]);
    fields.push(token);
  }
  pos++;
  const pixels = pgm.subarray(pos);
  let ink = 0;
  for (const p of pixels) if (p < 230) ink++;
  return ink / pixels.length;
};

const pdfPages = (pdf: Buffer, name: string): number[] => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '30', '-gray', file, join(dir, name)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.pgm'))
    .sort()
    .map((f) => inkRatio(readFileSync(join(dir, f))));
};

describe('rendu HTML', () => {
  const html = renderAbsHtml(doc, svgs);
  it('est un seul fichier, sans ressource extérieure, identique d’une fois à l’autre', () => {
    expect(html).toMatchSnapshot();
    expect(renderAbsHtml(doc, renderFigures(doc))).toBe(html);
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('@media print');
  });
  it('contient chaque section, chaque figure en SVG et chaque tableau', () => {
    for (const s of doc.sections) expect(html).toContain(`id="${s.id}"`);
    // Every figure, and the territory's silhouette on the cover.
    expect((html.match(/<svg /g) ?? []).length).toBe(figuresOf(doc).length + 1);
    expect((html.match(/<table /g) ?? []).length).toBe(doc.stats.tables);
    expect((html.match(/data-ref="com:/g) ?? []).length).toBe(6 * doc.stats.maps);
  });
  it('a un seul titre de niveau 1 et ne saute aucun niveau de titre ; une image ne porte de libellé qu’à sa racine', () => {
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let k = 1; k < levels.length; k++) expect(levels[k] - levels[k - 1]).toBeLessThanOrEqual(1);
    expect(html).not.toMatch(/<g[^>]* aria-label=/);
  });
});

describe('rendu PDF', () => {
  it('donne des pages A4 toutes imprimées, polices TrueType incorporées', async () => {
    const r = await renderAbsPdf(doc, svgs);
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const ink = pdfPages(r.bytes, 'dejavu');
    expect(ink.length).toBe(r.pages);
    expect(r.pages).toBeGreaterThan(15);
    for (const ratio of ink) expect(ratio).toBeGreaterThan(0.004);
    const info = execFileSync('pdfinfo', [join(dir, 'dejavu.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Analyse des besoins sociaux — CC Cœur et Coteaux du Comminges/);
    const fonts = execFileSync('pdffonts', [join(dir, 'dejavu.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes/);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'dejavu.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Page 3 sur');
    expect(text).toContain('Sommaire');
    expect(text).toContain('donnée non disponible');
    expect(text).toContain('Partenaires rencontrés');
  });
  it('se passe de DejaVu : les polices standard du PDF donnent le même nombre de pages imprimées', async () => {
    const r = await renderAbsPdf(doc, svgs, { fonts: 'standard' });
    const ink = pdfPages(r.bytes, 'standard');
    expect(ink.length).toBe(r.pages);
    for (const ratio of ink) expect(ratio).toBeGreaterThan(0.004);
    const text = execFileSync('pdftotext', [join(dir, 'standard.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Cœur et Coteaux');
    expect(text).toContain('L’essentiel');
  });
});

describe('rendu PDF balisé', () => {
  it('a une structure lisible : titres, listes, tableaux à en-têtes, figures avec leur texte, tout le texte hors en-têtes et pieds de page', async () => {
    const r = await renderAbsPdf(doc, svgs);
    const file = join(dir, 'tagged.pdf');
    writeFileSync(file, r.bytes);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    const count = (tag: string): number => (tree.match(new RegExp(`^\\s*${tag}\\b`, 'gm')) ?? []).length;
    const blocks = doc.sections.flatMap((x) => x.blocks);
    expect(count('H1')).toBe(1);
    expect(count('H2')).toBe(doc.sections.filter((x) => x.level === 1).length + 1);
    expect(count('H3')).toBe(doc.sections.filter((x) => x.level !== 1).length);
    expect(count('TOCI')).toBe(doc.sections.length);
    expect(count('Table')).toBe(blocks.filter((b) => b.type === 'table').length);
    expect(count('Figure')).toBe(blocks.filter((b) => b.type === 'figure').length);
    // Every row has its header cell; every figure its text alternative.
    expect(count('TH')).toBe(blocks.reduce((n, b) => n + (b.type === 'table' ? b.table.columns.length + b.table.rows.length : 0), 0));
    expect((r.bytes.toString('latin1').match(/\/S \/Figure\n\/Alt \(/g) ?? []).length).toBe(count('Figure'));
    // Nothing is drawn outside marked content: every text, path and picture of every page is either in the
    // structure or marked as an artifact (a background, a rule, the running header).
    const pdf = r.bytes;
    const pageStreams = new Set([...pdf.toString('latin1').matchAll(/\/Contents (\d+) 0 R/g)].map((m) => m[1]));
    let streams = 0;
    const unmarked: string[] = [];
    for (const m of pdf.toString('latin1').matchAll(/^(\d+) 0 obj\n<<\n\/Length (\d+)\n\/Filter \/FlateDecode\n>>\nstream\n/gm)) {
      if (!pageStreams.has(m[1])) continue;
      streams++;
      const start = m.index + m[0].length;
      let depth = 0;
      for (const line of inflateSync(pdf.subarray(start, start + Number(m[2]))).toString('latin1').split('\n')) {
        const op = line.trim();
        if (/B[DM]C$/.test(op)) depth++;
        else if (op === 'EMC') depth--;
        else if (depth === 0 && /(^|\s)(Tj|TJ|f\*?|S|s|B\*?|b\*?|Do|sh)$/.test(op)) unmarked.push(`${m[1]} : ${op.slice(0, 60)}`);
      }
    }
    expect(streams).toBe(r.pages);
    expect(unmarked).toEqual([]);
    // Label and value stay two words.
    expect(execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' })).toContain(`"Date ${doc.dateLabel}"`);
  });
});

describe('rendu PDF des tableaux', () => {
  it('ne coupe aucun mot d’une cellule étroite : « non comparable », « hab./km² » restent entiers', async () => {
    // Eight columns: the references not comparable, with their coverage, as for a perimeter of a few communes.
    const input = buildAbsInputFixture();
    for (const ind of input.portrait.domains.flatMap((d) => d.indicators))
      ind.references = ind.references.map((r, k) => (k === 0 ? r : { ...r, value: null, status: 'missing' as const, coverage: 0.24 }));
    const narrow = buildAbsDocument(input);
    const r = await renderAbsPdf(narrow, renderFigures(narrow));
    writeFileSync(join(dir, 'narrow.pdf'), r.bytes);
    const tokens = new Set(execFileSync('pdftotext', ['-raw', join(dir, 'narrow.pdf'), '-'], { encoding: 'utf8' }).split(/\s+/));
    const tables = narrow.sections.flatMap((s) => s.blocks).filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
    // Every word of the value columns (cut at ordinary spaces, as the line breaker may) is found whole in the text.
    const words = new Set(tables.flatMap((b) => b.table.rows.flatMap((row) => row.slice(1).flatMap((cell) => cell.text.split('\n')[0].split(/[ \u202F]/)))));
    const cut = [...words].filter((w) => w.length > 2 && !w.includes('\u2011') && !tokens.has(w));
    expect(words.has('comparable')).toBe(true);
    expect(words.has('hab./km²')).toBe(true);
    expect(cut).toEqual([]);

    // Rows grow with their tallest cell: no word is printed over another, and no page holds only a row's overflow.
    const bbox = execFileSync('pdftotext', ['-bbox', join(dir, 'narrow.pdf'), '-'], { encoding: 'utf8' });
    const pages = bbox.split('<page ').slice(1).map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] })),
    );
    const overlaps: string[] = [];
    pages.forEach((words, p) => {
      for (let a = 0; a < words.length; a++)
        for (let b = a + 1; b < words.length; b++) {
          const u = words[a];
          const v = words[b];
          const w = Math.min(u.x1, v.x1) - Math.max(u.x0, v.x0);
          const h = Math.min(u.y1, v.y1) - Math.max(u.y0, v.y0);
          if (w > 1 && h > 0.3 * Math.min(u.y1 - u.y0, v.y1 - v.y0)) overlaps.push(`p. ${p + 1} : « ${u.text} » sur « ${v.text} »`);
        }
    });
    expect(overlaps.slice(0, 5)).toEqual([]);
    const nearlyEmpty = pages.map((words, p) => ({ p: p + 1, n: words.length })).filter((x) => x.p > 1 && x.n < 15);
    expect(nearlyEmpty).toEqual([]);
  });
});

describe('rendu Word', () => {
  it('a les titres en styles Titre 1 et 2, les tableaux natifs et les cadres à compléter', async () => {
    const bytes = await renderAbsDocx(doc, svgs);
    const html = (await mammoth.convertToHtml({ buffer: bytes })).value;
    const h1 = [...html.matchAll(/<h1>(?:<a id="[^"]*"><\/a>)?(.*?)<\/h1>/g)].map((m) => m[1].split('\t').pop());
    expect(h1).toEqual(doc.sections.filter((s) => s.level === 1).map((s) => s.title.replace(/&/g, '&amp;')));
    const h2 = [...html.matchAll(/<h2>(?:<a id="[^"]*"><\/a>)?(.*?)<\/h2>/g)].map((m) => m[1].split('\t').pop());
    expect(h2).toEqual(doc.sections.filter((s) => s.level === 2).map((s) => s.title));
    // Indicator tables, the sources table, the key figures and one frame per blank box.
    const editable = doc.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'editable').length;
    expect((html.match(/<table>/g) ?? []).length).toBe(doc.stats.tables + 1 + editable);
    expect(html).toContain('<td><p>Taux de pauvreté</p></td><td><p><strong><em>secret</em></strong></p></td>');
    expect(html).toContain('Orientations');
    expect((html.match(/<img /g) ?? []).length).toBe(figuresOf(doc).length);
    const raw = await mammoth.extractRawText({ buffer: bytes });
    expect(raw.value).toContain('À COMPLÉTER PAR LE CCAS/CIAS ET SES PARTENAIRES');
  });
});

describe('rendu Excel', () => {
  it('a une feuille par chapitre avec les chiffres en nombres, et une feuille des sources', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(doc)) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['Sommaire', 'L’essentiel', 'Population', 'Familles et jeunesse', 'Personnes âgées', 'Handicap', 'Précarité et pauvreté', 'Emploi et insertion', 'Logement', 'Points de vigilance', 'Travail avec les partenaires', 'Données des cartes', 'Sources', 'Définitions', 'Méthode']);
    const emploi = wb.getWorksheet('Emploi et insertion')!;
    const rows: unknown[][] = [];
    emploi.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const chomage = rows.find((r) => r[0] === 'Taux de chômage des 15–64 ans' && r[1] === '%')!;
    expect(chomage.slice(0, 4)).toEqual(['Taux de chômage des 15–64 ans', '%', 12.9, 'disponible']);
    const sources = wb.getWorksheet('Sources')!;
    expect(sources.getRow(4).getCell(7).value).toBe('b'.repeat(64));
  });

  it('donne les chiffres clés de « L’essentiel » en nombres, avec leur unité et le texte du rapport', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(doc)) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('L’essentiel')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === 'Chiffre clé');
    expect(rows[header]).toEqual(['Chiffre clé', 'Valeur', 'Unité', 'Tel qu’écrit', 'Repère']);
    const tiles = (doc.sections.flatMap((s) => s.blocks).find((b) => b.type === 'key-figures') as Extract<Block, { type: 'key-figures' }>).items;
    tiles.forEach((tile, k) => {
      const row = rows[header + 1 + k];
      expect(row[0]).toBe(tile.label);
      expect(row[3]).toBe(tile.value);
      // A number wherever the report prints one; an empty cell where it prints « non disponible ».
      if (/\d/.test(tile.value)) expect(typeof row[1]).toBe('number');
      else expect(row[1] ?? null).toBeNull();
    });
    const population = rows[header + 1];
    expect(population.slice(1, 3)).toEqual([doc.territory.population, 'hab.']);
  });
});

/** A zip entry's bytes and the DOS date and time unzipper reads for it (fields the project's unzipper typings leave out). */
const entriesOf = async (bytes: Buffer, name: string): Promise<Map<string, { stamp: [number, number]; data: Buffer }>> => {
  writeFileSync(join(dir, name), bytes);
  const entries = new Map<string, { stamp: [number, number]; data: Buffer }>();
  for (const f of (await unzipper.Open.file(join(dir, name))).files) {
    const { lastModifiedDate, lastModifiedTime } = f as CentralDirectoryFile & { lastModifiedDate: number; lastModifiedTime: number };
    entries.set(f.path, { stamp: [lastModifiedDate, lastModifiedTime], data: await buffer(f.stream()) });
  }
  return entries;
};

describe('rendus Word et Excel datés', () => {
  it('redonnent les mêmes octets pour la même date, datés du rapport et signés Socle', async () => {
    const [docx, xlsx] = [await renderAbsDocx(doc, svgs), await renderAbsXlsx(doc)];
    // Zip times are counted in 2-second steps: a longer pause changes them whenever they come from the clock.
    await sleep(2100);
    expect((await renderAbsDocx(doc, svgs)).equals(docx)).toBe(true);
    expect((await renderAbsXlsx(doc)).equals(xlsx)).toBe(true);

    const [y, m, d] = doc.date.split('-').map(Number);
    const noon: [number, number] = [((y - 1980) << 9) | (m << 5) | d, 12 << 11];
    for (const [name, bytes] of [['dated.docx', docx], ['dated.xlsx', xlsx]] as const) {
      const entries = await entriesOf(bytes, name);
      for (const [path, e] of entries) expect([path, e.stamp]).toEqual([path, noon]);
      const core = entries.get('docProps/core.xml')!.data.toString('utf8');
      expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${doc.date}T12:00:00Z</dcterms:created>`);
      expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${doc.date}T12:00:00Z</dcterms:modified>`);
      expect(core).toContain('<dc:creator>Socle</dc:creator>');
      expect(core).toContain('<cp:lastModifiedBy>Socle</cp:lastModifiedBy>');
      expect(core).not.toContain('Un-named');
    }
  });
});

type Spreadsheet = 'excel' | 'libreoffice' | 'sheetjs';

/**
 * How a spreadsheet shows `value` under `format`, for the formats the workbook uses (one number with grouping and
 * decimals, quoted text, « + » and « - », up to three sections chosen by sign or by conditions), in French. What differs
 * between applications is the minus they write of their own:
 * - Excel (as borgar/numfmt reproduces it): none in a section whose condition names the negative side (`[<0]`,
 *   `[<=-0.05]`) nor in the negative section of a format ordered by sign; elsewhere one, unless only zeros are shown;
 * - LibreOffice (svl/source/numbers/zformat.cxx): only in the first section, unless only zeros are shown;
 * - SheetJS and the previews built on it: in a one-section format, even before zeros; never with several sections.
 */
const display = (format: string, value: number, app: Spreadsheet): string => {
  const sections = format.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((s) => {
    const m = /^\[(<=|>=|<>|<|>|=)(-?[\d.]+)\]/.exec(s);
    return { op: m?.[1], limit: Number(m?.[2]), body: m ? s.slice(m[0].length) : s };
  });
  const holds = (op: string | undefined, limit: number): boolean =>
    op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : op === '>=' ? value >= limit : op === '=' ? value === limit : value !== limit;
  const conditional = sections.slice(0, 2).some((s) => s.op);
  const index = conditional
    ? sections.findIndex((s, k) => k === 2 || (s.op !== undefined && holds(s.op, s.limit)))
    : sections.length === 1 ? 0 : value < 0 ? 1 : value === 0 && sections.length > 2 ? 2 : 0;
  const { op, limit, body } = sections[index];
  const digits = formatNumber(Math.abs(value), /\.(0+)/.exec(body)?.[1].length ?? 0);
  const text = body.replace(/"([^"]*)"|[#0][#0,]*(?:\.0+)?/g, (number, literal?: string) => literal ?? digits);
  const zeros = !/[1-9]/.test(digits);
  const namesNegative = (op === '<' && limit <= 0) || ((op === '<=' || op === '=') && limit < 0);
  const ownMinus =
    value < 0 &&
    (app === 'excel' ? (conditional ? !namesNegative : sections.length === 1) && !zeros : app === 'libreoffice' ? index === 0 && !zeros : sections.length === 1);
  return `${ownMinus ? '-' : ''}${text}`;
};

describe('formats des nombres dans Excel', () => {
  const apps: Spreadsheet[] = ['excel', 'libreoffice', 'sheetjs'];
  /** The fixture with a population that stagnates (−0,004 %/an, printed « 0,00 ») and a share that barely moved. */
  const stagnating = (): AbsDocument => {
    const input = buildAbsInputFixture();
    for (const ind of input.portrait.domains.flatMap((x) => x.indicators)) {
      if (ind.id === 'evolution_population_annuelle') ind.value = { ...ind.value, value: -0.004 };
      if (ind.id === 'part_75_plus') ind.evolution = { ...ind.evolution!, change: -0.021 };
      if (ind.id === 'densite') ind.references = ind.references.map((r, k) => (k === 0 ? { ...r, value: -1.25 } : r));
    }
    return buildAbsDocument(input);
  };
  const rowsOf = (ws: ExcelJS.Worksheet): ExcelJS.Row[] => {
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((r) => rows.push(r));
    return rows;
  };

  it('garde la valeur non arrondie et l’affiche comme le rapport : ni « -0,0 », ni double signe, dans Excel, LibreOffice et SheetJS', async () => {
    const d = stagnating();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(d)) as unknown as ArrayBuffer);
    const tables = d.sections.flatMap((x) => x.blocks).filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
    const reportRow = (label: string) => tables.flatMap((b) => b.table.rows).find((r) => r[0].text === label)!;
    const sheetRow = (sheet: string, label: string) => rowsOf(wb.getWorksheet(sheet)!).find((r) => r.getCell(1).value === label)!;

    // A rate of change printed « 0,00 %/an »: the cell keeps −0,004, and shows what the report prints without its unit.
    const evolution = sheetRow('Population', 'Évolution annuelle de la population');
    expect(evolution.getCell(2).value).toBe('%/an');
    expect(evolution.getCell(3).value).toBe(-0.004);
    expect(reportRow('Évolution annuelle de la population')[1].text).toBe('0,00\u202F%/an');
    for (const app of apps) expect([app, display(evolution.getCell(3).numFmt, -0.004, app)]).toEqual([app, '0,00']);
    // Its references keep their sign, as in the report (« +1,21 %/an »).
    for (const app of apps) expect([app, display(evolution.getCell(5).numFmt, 1.21, app)]).toEqual([app, '+1,21']);

    // A change of −0,021 point reads « 0,0 pt depuis 2016 », exactly as the report's cell.
    const change = sheetRow('Personnes âgées', 'Part des 75 ans ou plus');
    const changeCell = change.getCell(change.cellCount);
    expect(changeCell.value).toBe(-0.021);
    const printed = reportRow('Part des 75 ans ou plus').at(-1)!.text;
    expect(printed).toBe('0,0\u202Fpt depuis 2016');
    for (const app of apps) expect([app, display(changeCell.numFmt, -0.021, app)]).toEqual([app, printed]);

    // Negative figures keep one minus, positive ones none, whatever rounds to zero has no sign.
    const density = sheetRow('Population', 'Densité de population');
    expect(density.getCell(5).value).toBe(-1.25);
    for (const app of apps)
      for (const v of [-1.25, -0.05, -0.049, -0.021, 0, 0.021, 27.9, 1234.56]) expect([app, v, display(density.getCell(5).numFmt, v, app)]).toEqual([app, v, formatNumber(v, 1)]);
    for (const app of apps)
      for (const v of [-1.25, -0.021, 0, 0.021, 1.2]) expect([app, v, display(changeCell.numFmt, v, app)]).toEqual([app, v, `${formatSigned(v, 1)}\u202Fpt depuis 2016`]);
  });

  it('donne l’unité de chaque indicateur dans sa colonne et l’année toujours en texte', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(doc)) as unknown as ArrayBuffer);
    const population = rowsOf(wb.getWorksheet('Population')!).map((r) => (r.values as unknown[]).slice(1));
    const header = population.findIndex((r) => r[0] === 'Indicateur');
    expect(population[header].slice(0, 2)).toEqual(['Indicateur', 'Unité']);
    const year = population[header].indexOf('Année');
    const table = population.slice(header + 1, header + 1 + (doc.sections.find((x) => x.id === 'population')!.blocks.find((b) => b.type === 'table') as Extract<Block, { type: 'table' }>).table.rows.length);
    const units = Object.fromEntries(table.map((r) => [r[0], r[1]]));
    expect(units).toMatchObject({ 'Population (hab.)': 'hab.', 'Évolution annuelle de la population': '%/an', 'Densité de population': 'hab./km²', 'Part des 0–14 ans': '%' });
    const years = table.map((r) => r[year]);
    expect(years).toContain('2022');
    expect(years).toContain('2016–2022');
    for (const y of years) expect(typeof y).toBe('string');
    const precarite = rowsOf(wb.getWorksheet('Précarité et pauvreté')!).map((r) => (r.values as unknown[]).slice(1));
    expect(precarite.find((r) => r[0] === 'Revenu disponible médian par unité de consommation')?.[1]).toBe('€');
    expect(rowsOf(wb.getWorksheet('Personnes âgées')!).map((r) => (r.values as unknown[]).slice(1)).find((r) => r[0] === 'Indice de vieillissement')?.[1]).toBe('indice');
  });

  it('signe les taux d’évolution des chiffres clés et des cartes, comme le rapport (« +0,6 »)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(doc)) as unknown as ArrayBuffer);
    const essentiel = wb.getWorksheet('L’essentiel')!;
    const evolution = rowsOf(essentiel).find((r) => r.getCell(3).value === '%/an')!;
    expect(evolution.getCell(2).numFmt).toMatch(/^\[>=0\.0*5\]\+/);
    const maps = wb.getWorksheet('Données des cartes')!;
    const rate = rowsOf(maps).find((r) => r.getCell(3).value === '%/an' && typeof r.getCell(8).value === 'number');
    expect(rate!.getCell(8).numFmt).toMatch(/^\[>=0\.0*5\]\+/);
  });

  it('se lit aussi dans LibreOffice : textes longs répartis sur le tableau et renvoyés à la ligne, lignes à leur hauteur, colonnes à leur contenu', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderAbsXlsx(doc)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Population')!;
    const long = rowsOf(ws).find((r) => typeof r.getCell(1).value === 'string' && (r.getCell(1).value as string).length > 200)!;
    expect(long).toBeDefined();
    expect(long.getCell(1).isMerged).toBe(true);
    expect(long.getCell(1).alignment).toMatchObject({ wrapText: true });
    expect(long.height).toBeGreaterThanOrEqual(2 * 15);
    // Every header of the indicator table fits its words; a status column is as wide as « donnée non disponible ».
    const header = rowsOf(ws).find((r) => r.getCell(1).value === 'Indicateur')!;
    header.eachCell((c, k) => {
      const longestWord = Math.max(...String(c.value).split(/\s+/).map((w) => w.length));
      expect([c.value, ws.getColumn(k).width! >= Math.min(longestWord, 40)]).toEqual([c.value, true]);
    });
    // The method's paragraphs wrap, each row as high as its lines.
    const method = wb.getWorksheet('Méthode')!;
    const rule = rowsOf(method).find((r) => String(r.getCell(1).value ?? '').length > 1000)!;
    expect(rule.getCell(1).alignment).toMatchObject({ wrapText: true });
    expect(rule.height).toBeGreaterThanOrEqual(Math.ceil(String(rule.getCell(1).value).length / (140 * 1.1)) * 15);
  });

  it('écrit dans Word des titres que LibreOffice reconnaît (niveau de plan), pour le sommaire et les signets', async () => {
    writeFileSync(join(dir, 'titres.docx'), await renderAbsDocx(doc, svgs));
    const styles = (await unzipper.Open.file(join(dir, 'titres.docx'))).files.find((f: CentralDirectoryFile) => f.path === 'word/styles.xml')!;
    const xml = (await buffer(styles.stream())).toString('utf8');
    expect(xml).toMatch(/<w:style w:type="paragraph" w:styleId="Heading1">.*?<w:outlineLvl w:val="0"\/>.*?<\/w:style>/s);
    expect(xml).toMatch(/<w:style w:type="paragraph" w:styleId="Heading2">.*?<w:outlineLvl w:val="1"\/>.*?<\/w:style>/s);
  });

  it('met le tableau des indicateurs en tête de chaque chapitre, son en-tête figé, les valeurs des cartes sur leur feuille, et relie le sommaire à chaque feuille', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = await renderAbsXlsx(doc);
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const chapters = doc.sections.filter((x) => x.level === 1 && x.blocks.some((b) => b.type === 'table'));
    expect(chapters.length).toBe(7);
    for (const c of chapters) {
      const ws = wb.getWorksheet(c.shortTitle ?? c.title)!;
      // Title, a blank line, the table's caption, its header: frozen there.
      expect([c.id, ws.getCell(4, 1).value, ws.getCell(4, 2).value]).toEqual([c.id, 'Indicateur', 'Unité']);
      expect([c.id, ws.views[0]]).toMatchObject([c.id, { state: 'frozen', ySplit: 4 }]);
    }
    // Each map's values: one table on one sheet, its header frozen; the chapter links to the first row of its map.
    const maps = wb.getWorksheet('Données des cartes')!;
    expect(maps.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect((maps.getRow(3).values as unknown[]).slice(1)).toEqual(['Figure', 'Indicateur', 'Unité', 'Millésime', 'Niveau', 'Code', 'Nom', 'Valeur', 'Statut']);
    const mapFigures = figuresOf(doc).filter((f) => f.kind === 'map');
    expect(maps.rowCount).toBe(3 + mapFigures.reduce((n, f) => n + (f.spec.kind === 'map' ? f.spec.values.length : 0), 0));
    // Links to a place of the workbook are written as Excel writes them: a location, no external relationship (which
    // LibreOffice opens as a link to the file itself).
    writeFileSync(join(dir, 'liens.xlsx'), bytes);
    const archive = await unzipper.Open.file(join(dir, 'liens.xlsx'));
    const links: { text: string; hyperlink: string }[] = [];
    for (const [k, ws] of wb.worksheets.entries()) {
      const xml = (await buffer(archive.files.find((f: CentralDirectoryFile) => f.path === `xl/worksheets/sheet${k + 1}.xml`)!.stream())).toString('utf8');
      expect(xml).not.toMatch(/<hyperlink [^>]*r:id=/);
      for (const m of xml.matchAll(/<hyperlink ref="A(\d+)" location="([^"]+)"\/>/g)) {
        const value = ws.getCell(Number(m[1]), 1).value;
        links.push({ text: typeof value === 'string' ? value : ((value as { text?: string } | null)?.text ?? ''), hyperlink: `#${m[2].replace(/&apos;/g, "'")}` });
      }
      const rels = archive.files.find((f: CentralDirectoryFile) => f.path === `xl/worksheets/_rels/sheet${k + 1}.xml.rels`);
      if (rels) expect((await buffer(rels.stream())).toString('utf8')).not.toContain('TargetMode="External"');
    }
    for (const f of mapFigures) {
      const link = links.find((l) => l.text.startsWith(`Figure ${f.number} – `))!;
      const row = Number(/^#'Données des cartes'!A(\d+)$/.exec(link.hyperlink)![1]);
      expect([f.number, maps.getCell(row, 1).value, maps.getCell(row - 1, 1).value]).toEqual([f.number, `Figure ${f.number}`, row === 4 ? 'Figure' : expect.not.stringMatching(`^Figure ${f.number}$`)]);
    }
    // The summary links to every other sheet.
    const summary = links.filter((l) => l.hyperlink.endsWith('!A1'));
    expect(summary.map((l) => l.hyperlink)).toEqual(wb.worksheets.slice(1).map((ws) => `#'${ws.name}'!A1`));
  });
});
