// The two CSV readers give the same records: the byte reader (plain-line-rows.ts) on files of plain lines, csv-parse on
// the others. The sniff decides which file is plain; property tests compare both readers on generated plain files
// (BOM, CRLF, empty lines, ragged rows, Windows-1252, odd cells, numbers at the edges of the byte reader's exact
// path), cut into chunks of every size: the same records, the same text of every cell, the same reading of every cell
// (state, value to the bit, reason), and the same table read (values, states, refusals). Examples show which files are
// not plain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAIN_LINE_MAX_BYTES, sniffFile } from '../detect/sniff-file.js';
import { CELL_INVALID, CELL_MISSING, CELL_SECRET, CELL_VALUE, createCellReader } from '../normalise/number-cell.js';
import { getReferential } from '../../storage/referential-source.js';
import { newColumn } from '../tabular/commune-accumulator.js';
import { readTable, type TableRead } from '../tabular/read-table.js';
import { readCsvRows } from './csv-rows.js';
import { readPlainLineRows } from './plain-line-rows.js';
import { rowTexts, textCells, type RowCells, type SourceItem, type SourceRow } from './source-row.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-csv-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer): string => {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
};

const readers = [createCellReader(CELL_MISSING), createCellReader(CELL_SECRET)];

/** How both kinds of reader read one cell: state, value (to the bit: toEqual tells -0 from 0) or reason. */
const readings = (cells: RowCells, i: number) =>
  readers.map((reader) => {
    const st = cells.read(i, reader);
    return st === CELL_VALUE ? { st, value: reader.value } : st === CELL_INVALID ? { st, reason: reader.reason } : { st };
  });

/** A record as plain data, read while it is valid: texts, blankness and readings of its cells. */
const record = (r: SourceRow) => {
  if (r.error !== undefined) return r;
  const cells = r.bytes ?? textCells(r.cells);
  const texts = rowTexts(r);
  return {
    line: r.line,
    cells: texts,
    blank: texts.map((_, i) => cells.blank(i)),
    reads: texts.map((_, i) => readings(cells, i)),
    past: [cells.text(texts.length), cells.blank(texts.length), readings(cells, texts.length)],
    all: readers.map((reader) => {
      // Every cell and one past the end, in a shuffled order, read at once.
      const at = Int32Array.from({ length: texts.length + 1 }, (_, j) => (j * 7) % (texts.length + 1));
      const values = new Float64Array(at.length).fill(NaN);
      const states = new Uint8Array(at.length);
      cells.readAll(at, reader, values, states);
      return Array.from(at, (i, j) => (states[j] === CELL_VALUE ? { i, st: states[j], value: values[j] } : { i, st: states[j] }));
    }),
  };
};

const collect = async (items: AsyncIterable<SourceItem>) => {
  const out: ReturnType<typeof record>[] = [];
  for await (const item of items) for (const r of Array.isArray(item) ? item : [item]) out.push(record(r));
  return out;
};

const readAll = async (path: string, plainLines: boolean, chunkBytes?: number) => {
  const sniffed = await sniffFile(path);
  const options = { encoding: sniffed.encoding, separator: sniffed.separator };
  return collect(plainLines ? readPlainLineRows(path, { ...options, chunkBytes }) : readCsvRows(path, { ...options, plainLines: false }));
};

/** Cells that both readers must read alike, many at the edges of the byte reader's exact path. */
const ODD_CELLS = [
  '', 's', 'S', 'secret', 'nd', 'ND', 'n.d.', '22,0', '-18,7', '1e309', '1e5', '1E-5', '--3', '-', '.', ',', '-.5', '.5', ',5', '+5',
  '1.', '1,', '-0', '-0,0', '0', '007', ' ', ' 42 ', '1 234,5', '1\u00a0234', '1\u202f234,5', '1 23', 'é', 'Saint-Béat-Lez', '\t',
  '\u00a0', '\uFEFF', '\uFEFF12', '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993', '12345678901234567',
  '123456789012345678901234', '0.1234567890123456789012', '0.12345678901234567890123', '1.0000000000000000000000',
  '123:', '12:4', '1:34', '99/9', '1.23:', '0.9:99', '1234/', '5678:9', '280598.559263947', '0.000000000000000000001', '0.0000000000000000000001', '0.00000000000000000000001', 'Infinity', 'NaN', '0x10', '1.2.3', '12a', '2A004', '€', 'œ',
];

const decimal = fc
  .tuple(fc.constantFrom('', '-', '+', '--'), fc.stringMatching(/^\d{0,19}$/), fc.constantFrom('', '.', ','), fc.stringMatching(/^\d{0,25}$/))
  .map(([sign, int, point, frac]) => `${sign}${int}${point}${frac}`);

/** Small integers over 10^k, k around 22 (past it, 10^k is no longer an exact double). */
const tiny = fc.tuple(fc.constantFrom('', '-'), fc.integer({ min: 0, max: 26 }), fc.nat(999)).map(([sign, zeros, m]) => `${sign}0.${'0'.repeat(zeros)}${m}`);

/** Digits next to the characters just outside '0'…'9' (the byte reader reads digits four at a time). */
const nearDigits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '/', ':', '.', ','), minLength: 1, maxLength: 14 });

const cell = fc.oneof(
  fc.constantFrom(...ODD_CELLS),
  nearDigits,
  decimal,
  tiny,
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
  fc.string({ unit: fc.constantFrom('a', 'é', '0', '5', '9', ':', '/', ',', '.', '-', '+', 'e', ' ', '€', 'œ', '\u0000', '\u00a0'), maxLength: 12 }),
);

/** A file's bytes: UTF-8 (with or without BOM) or Windows-1252 (a BOM's bytes may precede it too). */
const encode = (text: string, bom: boolean, win1252: boolean): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), win1252 ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8')]);

describe('lecture CSV', () => {
  it('un fichier INSEE ordinaire est lu ligne à ligne, BOM et CR ôtés, lignes vides sautées', async () => {
    const path = file('\uFEFFCODGEO;P22_POP;MED21\r\n31555;511684;22140\r\n\r\n31001;115;s\r\n31002;-0\r\n');
    expect((await sniffFile(path)).plainLines).toBe(true);
    const rows = await readAll(path, true);
    expect(rows.map((r) => ('cells' in r ? { line: r.line, cells: r.cells } : r))).toEqual([
      { line: 1, cells: ['CODGEO', 'P22_POP', 'MED21'] },
      { line: 2, cells: ['31555', '511684', '22140'] },
      { line: 4, cells: ['31001', '115', 's'] },
      { line: 5, cells: ['31002', '-0'] },
    ]);
    expect(rows[3]).toMatchObject({ reads: [[{ value: 31002 }, { value: 31002 }], [{ st: CELL_VALUE, value: -0 }, { st: CELL_VALUE, value: -0 }]] });
    expect(rows).toEqual(await readAll(path, false));
  });

  it('guillemets, CR isolé, ligne démesurée : le fichier va au lecteur complet', async () => {
    expect((await sniffFile(file('CODGEO;LIBGEO\n31555;"Toulouse; la ville rose"\n'))).plainLines).toBe(false);
    expect((await sniffFile(file('CODGEO;P\r31555;1\r'))).plainLines).toBe(false);
    expect((await sniffFile(file('CODGEO;P\r\n31555;1\r'))).plainLines).toBe(false);
    expect((await sniffFile(file(`CODGEO;P\n31555;${'9'.repeat(PLAIN_LINE_MAX_BYTES + 1)}\n`))).plainLines).toBe(false);
    const quoted = file('CODGEO;LIBGEO\n31555;"Toulouse\nville rose"\n31001;Agassac\n');
    expect((await readAll(quoted, false)).map((r) => ('cells' in r ? { line: r.line, cells: r.cells } : r))).toEqual([
      { line: 1, cells: ['CODGEO', 'LIBGEO'] },
      { line: 3, cells: ['31555', 'Toulouse\nville rose'] },
      { line: 4, cells: ['31001', 'Agassac'] },
    ]);
  });

  it('le lecteur d’octets lit chaque cellule comme le lecteur de cellules lit son texte', async () => {
    const path = file(`CODGEO;${ODD_CELLS.map((_, i) => `V${i}`).join(';')}\n31555;${ODD_CELLS.join(';')}\n`);
    const [fast, careful] = [await readAll(path, true, 7), await readAll(path, false)];
    expect(fast).toEqual(careful);
    expect((fast[1] as { cells: string[] }).cells.slice(1)).toEqual(ODD_CELLS);
  });

  it('une ligne lue après que le lecteur est passé au morceau suivant du fichier est refusée, pas lue dans d’autres octets', async () => {
    const path = file('CODGEO;P\n31001;1\n31002;2\n31003;3\n');
    const rows: SourceRow[] = [];
    for await (const item of readPlainLineRows(path, { encoding: 'utf-8', separator: ';', chunkBytes: 9 })) rows.push(...(Array.isArray(item) ? item : [item]));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(() => rows[0].bytes!.text(0)).toThrow(/morceau suivant/);
    expect(rows[3].bytes!.text(0)).toBe('31003');
  });

  it('des cellules entières entre guillemets (INSEE, Melodi) : lecteur d’octets, guillemets ôtés ; tout autre guillemet va au lecteur complet', async () => {
    const melodi = file('\uFEFF"GEO";"GEO_OBJECT";"TIME_PERIOD";"OBS_VALUE"\r\n"31555";"COM";"2023";"514819"\r\n"31001";"COM";"2023";""\r\n"31002";COM;"2023";"-1.5"\r\n""\r\n');
    expect((await sniffFile(melodi)).plainLines).toBe(true);
    const rows = await readAll(melodi, true, 5);
    expect(rows.map((r) => ('cells' in r ? { line: r.line, cells: r.cells } : r))).toEqual([
      { line: 1, cells: ['GEO', 'GEO_OBJECT', 'TIME_PERIOD', 'OBS_VALUE'] },
      { line: 2, cells: ['31555', 'COM', '2023', '514819'] },
      { line: 3, cells: ['31001', 'COM', '2023', ''] },
      { line: 4, cells: ['31002', 'COM', '2023', '-1.5'] },
      { line: 5, cells: [''] },
    ]);
    expect(rows[1]).toMatchObject({ reads: [[{ value: 31555 }, { value: 31555 }], [{ st: CELL_INVALID }, { st: CELL_INVALID }], [{ value: 2023 }, { value: 2023 }], [{ value: 514819 }, { value: 514819 }]] });
    expect(rows).toEqual(await readAll(melodi, false));
    for (const text of ['A;B\n"a"b;c\n', 'A;B\na"b";c\n', 'A;B\n"a;b";c\n', 'A;B\n"a""b";c\n', 'A;B\n"a\nb";c\n', 'A;B\n"ab\n', 'A;B\n"a" ;c\n']) {
      expect((await sniffFile(file(text))).plainLines, text).toBe(false);
    }
  });

  it.each([
    ['400 fichiers générés sans guillemets', false, 400],
    ['300 fichiers générés dont des cellules entières sont entre guillemets', true, 300],
  ] as const)('sur %s, coupés en morceaux de toutes tailles, les deux lecteurs rendent les mêmes lignes et les mêmes lectures', async (_what, quoted, numRuns) => {
    const line = fc.array(fc.tuple(cell, quoted ? fc.boolean() : fc.constant(false)), { minLength: 0, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(';', ',', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(undefined)),
        async (lines, sep, eol, bom, finalEol, win1252, chunkBytes) => {
          // A cell is quoted only where the fast reader may take it: no quote, separator nor line break inside.
          const quote = ([c, q]: [string, boolean]) => (q && !/["\r\n]/.test(c) && !c.includes(sep) ? `"${c}"` : c);
          const header = quoted ? `"CODGEO"${sep}P22_POP${sep}"MED21"` : `CODGEO${sep}P22_POP${sep}MED21`;
          const text = `${header}${eol}${lines.map((l) => l.map(quote).join(sep)).join(eol)}${finalEol ? eol : ''}`;
          const path = file(encode(text, bom, win1252));
          const sniffed = await sniffFile(path);
          if (!sniffed.plainLines) return; // a cell had a stray CR, not generated here: nothing to compare
          const [fast, careful] = [await readAll(path, true, chunkBytes), await readAll(path, false)];
          expect(fast).toEqual(careful);
        },
      ),
      { numRuns },
    );
  });

  describe('lecture d’un tableau', () => {
    const referential = getReferential();
    const CODES = ['31001', '31002', '31555', '1001', '01001', '2A004', '75101', '75056', '13201', '31', '243100518', '99999', '', ' 31069 ', 'ABC'];

    /** Everything a table read decides, as plain data. */
    const outcome = (r: Awaited<ReturnType<typeof readTable>>) => {
      if (!r.ok) return r;
      const t: TableRead = r.value;
      const nv = t.plan.data.length;
      const out = Array.from({ length: nv }, () => newColumn(t.communes.length));
      if (nv > 0) t.accumulator.columns(0, t.plan.data.map((d) => d.variable.kind), t.communes, out);
      return { ...t, accumulator: undefined, columns: out };
    };

    const read = async (path: string, plainLines: boolean, family: 'caf' | undefined, chunkBytes?: number) => {
      const sniffed = await sniffFile(path);
      const options = { encoding: sniffed.encoding, separator: sniffed.separator };
      const rows = plainLines ? readPlainLineRows(path, { ...options, chunkBytes }) : readCsvRows(path, { ...options, plainLines: false });
      return outcome(await readTable(rows, { fileName: 'f.csv', referential, family, millesime: family ? 2021 : undefined, currentYear: 2026 }));
    };

    it('sur 200 fichiers INSEE et CNAF générés, les deux lecteurs donnent les mêmes valeurs, états et refus', async () => {
      const row = fc.tuple(fc.constantFrom(...CODES), fc.array(cell, { minLength: 2, maxLength: 5 }));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(row, fc.constant(null)), { minLength: 0, maxLength: 25 }),
          fc.constantFrom(';', ','),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          fc.boolean(),
          fc.constantFrom('caf' as const, undefined),
          fc.integer({ min: 1, max: 200 }),
          async (rows, sep, eol, bom, win1252, family, chunkBytes) => {
            const header = ['CODGEO', 'P22_POP', 'P22_MEN', 'MED21', 'LIBGEO'].join(sep);
            const body = rows.map((r) => (r === null ? '' : [r[0], ...r[1]].join(sep)));
            const path = file(encode(`Titre du tableau${eol}${header}${eol}${body.join(eol)}${eol}`, bom, win1252));
            if (!(await sniffFile(path)).plainLines) return;
            const careful = await read(path, false, family);
            expect(await read(path, true, family, chunkBytes)).toEqual(careful);
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
