// Damaged files, by the thousand (fast-check): truncated lines, wrong separators, binary garbage, a BOM in the middle,
// `1e309` and `--3`, duplicated codes, a missing code column, empty files, 0-byte or broken XLSX and XLS, GeoJSON with a
// broken ring, ZIP archives of a damaged CSV or with damaged bytes. Each import must end in a clean Result — a refusal
// with a French message that says where (line, column, feature, archive entry), or a clean import when the damage left
// a valid file — never a throw, and a refused import must leave the stored data exactly as it was (checksum of
// datasets, variables, observations and outlines).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, storeTargets } from '../../../test/helpers/test-stores.js';
import { zipArchive } from '../../../test/helpers/zip.js';
import { storeChecksum } from '../../import/load/store-checksum.js';
import type { AppContext } from '../context.js';
import { importFile } from './import-file.service.js';

const dir = mkdtempSync(join(tmpdir(), 'socle-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CODES = ['31001', '31002', '31003', '31555', '31069', '31298', '31471', '75101', '69381', '2A004', '97101'];
const BAD_CELLS = ['1e309', '--3', 'abc', '', 's', 'nd', '1,5', '-0', '1e-300', 'NaN', '∞', '0x1F', '"', '\uFEFF12', '12 345', ';', '\t', '1.2.3'];

const insee = (rows: number, sep = ';') => {
  const lines = [['CODGEO', 'LIBGEO', 'P22_POP', 'P22_MEN', 'MED21', 'TP6021'].join(sep)];
  for (let i = 0; i < rows; i++) lines.push([CODES[i % CODES.length], `Commune ${i}`, String(100 + i), (40.123456789 + i).toFixed(9), i % 3 ? '21000' : 's', '12,5'].join(sep));
  return lines.join('\n') + '\n';
};
const caf = () =>
  '"iris_code";"note";"a";"arsas";"aaah"\r\n"310690101";"0";561;12;\r\n"310690102";"3";;;\r\n"315550101";"0";1570;184;20\r\n"751010101";"0";10;;1\r\n';
const populations = () => 'REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT\n76;Occitanie;31;2;06;001;31001;Agassac;115;2;117\n76;Occitanie;31;3;07;002;31002;Aignes;242;4;246\n';
const ring = [[1.4, 43.6], [1.5, 43.6], [1.5, 43.7], [1.4, 43.7], [1.4, 43.6]];
const geojson = () =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: ['31555', '31298', '31471', '31'].map((code, k) => ({
      type: 'Feature',
      properties: { code, nom: `n${k}` },
      geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x + k / 10, y])] },
    })),
  });

type Damage = (text: string, rnd: number[]) => string;
const pos = (text: string, r: number) => Math.floor(r * (text.length + 1));
const lineOps = (f: (lines: string[], r: number[]) => string[]): Damage => (text, r) => f(text.split('\n'), r).join('\n');

/** Text damages, each driven by a few random numbers in [0, 1). */
const DAMAGES: Record<string, Damage> = {
  truncateFile: (t, r) => t.slice(0, pos(t, r[0])),
  truncateLine: lineOps((l, r) => {
    const i = Math.floor(r[0] * l.length);
    l[i] = l[i].slice(0, Math.floor(r[1] * l[i].length));
    return l;
  }),
  dropLine: lineOps((l, r) => l.filter((_, i) => i !== Math.floor(r[0] * l.length))),
  duplicateLine: lineOps((l, r) => {
    const i = 1 + Math.floor(r[0] * Math.max(1, l.length - 2));
    return [...l.slice(0, i + 1), l[i] ?? '', ...l.slice(i + 1)];
  }),
  commaSeparator: (t) => t.replaceAll(';', ','),
  tabSeparatorOneLine: lineOps((l, r) => {
    const i = Math.floor(r[0] * l.length);
    l[i] = l[i].replaceAll(';', '\t');
    return l;
  }),
  binaryGarbage: (t, r) => {
    const p = pos(t, r[0]);
    const junk = Array.from({ length: 1 + Math.floor(r[1] * 40) }, (_, k) => String.fromCharCode(Math.floor(((r[2] * 7919 * (k + 1)) % 1) * 256)));
    return t.slice(0, p) + junk.join('') + t.slice(p);
  },
  bomInMiddle: (t, r) => {
    const p = pos(t, r[0]);
    return `${t.slice(0, p)}\uFEFF${t.slice(p)}`;
  },
  badNumber: lineOps((l, r) => {
    const i = 1 + Math.floor(r[0] * Math.max(1, l.length - 1));
    if (i >= l.length) return l;
    const sep = l[i].includes(';') ? ';' : ',';
    const cells = l[i].split(sep);
    cells[1 + Math.floor(r[1] * Math.max(1, cells.length - 1))] = BAD_CELLS[Math.floor(r[2] * BAD_CELLS.length)];
    l[i] = cells.join(sep);
    return l;
  }),
  unknownCode: lineOps((l, r) => {
    const i = 1 + Math.floor(r[0] * Math.max(1, l.length - 1));
    if (i < l.length) l[i] = l[i].replace(/^"?[0-9AB]{5,9}"?/, r[1] < 0.5 ? '99999' : 'XXXXX');
    return l;
  }),
  noCodeColumn: (t) => t.replace(/CODGEO|iris_code|\bCOM\b|"code"/, 'CODX'),
  emptyFile: () => '',
  quoteOpen: (t, r) => {
    const p = pos(t, r[0]);
    return `${t.slice(0, p)}"${t.slice(p)}`;
  },
  breakRing: (t, r) => t.replace(/,\[[0-9.]+,[0-9.]+\]\]\]/, r[0] < 0.5 ? ']]' : ',[1.4,43.65]]]'),
  breakJson: (t, r) => t.replace(/[\]}]/, r[0] < 0.5 ? '' : ','),
  stringCoordinates: (t) => t.replace('[1.4,43.6]', '["1.4","43.6"]'),
};

const kinds = ['insee', 'insee-comma', 'caf', 'populations', 'geojson', 'xlsx', 'xls', 'zip'] as const;
/** An Excel 97-2003 workbook written by xlwt (test/fixtures/xls): the comparateur under a documentation sheet. */
const XLS = readFileSync(new URL('../../../test/fixtures/xls/comparateur-31.xls', import.meta.url));
type Kind = (typeof kinds)[number];

let xlsxBuffer: Buffer;
const buildXlsx = async (): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('COM');
  ws.addRow(['Titre']);
  ws.addRow(['CODGEO', 'P22_POP', 'MED21']);
  ws.addRow(['31555', 511684, 22140]);
  ws.addRow(['31001', 117, 's']);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const build = (kind: Kind, damages: [string, number[]][]): { name: string; content: Buffer } => {
  if (kind === 'xlsx') {
    let b = xlsxBuffer;
    for (const [d, r] of damages) {
      if (d === 'emptyFile') b = Buffer.alloc(0);
      else if (d === 'truncateFile') b = b.subarray(0, Math.floor(r[0] * b.length));
      else {
        const copy = Buffer.from(b);
        for (let k = 0; k < 1 + Math.floor(r[1] * 16); k++) copy[Math.floor(((r[0] + k * 0.618) % 1) * copy.length)] ^= 0xff;
        b = copy;
      }
    }
    return { name: 'fichier.xlsx', content: b };
  }
  if (kind === 'xls') {
    let b: Buffer = XLS;
    for (const [d, r] of damages) {
      if (d === 'emptyFile') b = Buffer.alloc(0);
      else if (d === 'truncateFile') b = b.subarray(0, Math.floor(r[0] * b.length));
      else {
        b = Buffer.from(b);
        for (let k = 0; k < 1 + Math.floor(r[1] * 16); k++) b[Math.floor(((r[0] + k * 0.618) % 1) * b.length)] ^= 0xff;
      }
    }
    return { name: 'fichier.xls', content: b };
  }
  if (kind === 'zip') {
    // The CSV damaged as text, then zipped with its metadata; garbage also lands in the archive's bytes.
    let text = insee(8);
    for (const [d, r] of damages) if (d !== 'binaryGarbage') text = DAMAGES[d](text, r);
    let b = zipArchive([
      { name: 'meta_donnees.csv', content: 'COD_VAR;LIB_VAR\nP22_POP;Population en 2022\n' },
      { name: 'donnees.csv', content: text },
    ]);
    for (const [d, r] of damages) {
      if (d !== 'binaryGarbage') continue;
      b = Buffer.from(b);
      for (let k = 0; k < 1 + Math.floor(r[1] * 16); k++) b[Math.floor(((r[0] + k * 0.618) % 1) * b.length)] ^= 0xff;
    }
    return { name: 'archive.zip', content: b };
  }
  let text = kind === 'insee' ? insee(8) : kind === 'insee-comma' ? insee(8, ',') : kind === 'caf' ? caf() : kind === 'populations' ? populations() : geojson();
  for (const [d, r] of damages) text = DAMAGES[d](text, r);
  const name = kind === 'geojson' ? 'contours.geojson' : kind === 'caf' ? 'inseecaf2021.csv' : 'fichier.csv';
  return { name, content: Buffer.from(text, 'utf8') };
};

const damageArb = fc.tuple(fc.constantFrom(...Object.keys(DAMAGES)), fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 3, maxLength: 3 }));
const caseArb = fc.record({
  kind: fc.constantFrom(...kinds),
  damages: fc.array(damageArb, { minLength: 0, maxLength: 3 }),
  acceptPartial: fc.boolean(),
  dryRun: fc.boolean(),
});

/** Where the refusal is: a line, a column, a feature, or the archive or workbook as a whole. */
const LOCATED = /ligne \d+|entité \d+|colonne|XLS\)|archive ZIP|› donnees\.csv/;

describe.each(storeTargets())('fuzz : fichiers endommagés ($name)', (target) => {
  let ctx: AppContext;
  let tried = 0;
  let refused = 0;
  let imported = 0;
  beforeAll(async () => {
    ctx = await target.create();
    xlsxBuffer = await buildXlsx();
    // Real data in the store, so that the checksum covers observations and outlines.
    for (const f of ['insee/dossier_complet_light_sample_31546-31589.csv', 'geo/epci-31-2026.geojson']) {
      const r = await importFile(ctx, { filePath: sharedData(f) });
      expect(r.ok).toBe(true);
    }
  });
  afterAll(async () => {
    process.stdout.write(`fuzz import (${target.name}) : ${tried} fichiers essayés, ${refused} refusés, ${imported} importés\n`);
    await target.destroy(ctx);
  });

  // SQLite gets the thousand files; PostgreSQL, slower per import, a sample of the same generator.
  const runs = target.name === 'sqlite' ? 1000 : 250;

  it(`${runs} fichiers endommagés : refus propre ou import propre, jamais d’exception, base inchangée sur refus`, async () => {
    let baseline = await storeChecksum(ctx.store.db);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { name, content } = build(c.kind, c.damages);
        const d = join(dir, `${target.name}-${n++}`);
        mkdirSync(d, { recursive: true });
        const path = join(d, name);
        writeFileSync(path, content);
        tried++;
        const r = await importFile(ctx, { filePath: path, millesime: c.kind === 'populations' ? 2023 : undefined, acceptPartial: c.acceptPartial, dryRun: c.dryRun });
        rmSync(d, { recursive: true, force: true });
        const after = await storeChecksum(ctx.store.db);
        if (!r.ok) {
          refused++;
          expect(r.error.message).toContain(name);
          expect(r.error.message).toMatch(LOCATED);
          expect(after).toBe(baseline);
          return;
        }
        imported++;
        // A file already imported with --accept-partial is a no-op that shows its first report.
        if (!c.acceptPartial && !r.value.noop) expect(r.value.rejected_rows).toBe(0);
        if (c.dryRun || r.value.noop) expect(after).toBe(baseline);
        baseline = after;
      }),
      { numRuns: runs, endOnFailure: true },
    );
    expect(tried).toBeGreaterThanOrEqual(runs);
    expect(refused).toBeGreaterThan(0);
    expect(imported).toBeGreaterThan(0);
  }, 180_000);
});
