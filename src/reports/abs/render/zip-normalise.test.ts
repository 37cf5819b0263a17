import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import unzipper, { type CentralDirectoryFile } from 'unzipper';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { replaceZipEntries, setZipDates } from './zip-normalise.js';

/** A real archive as exceljs writes it, its entries stamped with the clock. */
const workbookZip = async (): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Feuille').getCell('A1').value = 'bonjour';
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** One stored entry with a « UT » extended timestamp (modification and access times), as Info-ZIP writes it. */
const zipWithExtendedTimestamp = (unixTime: number): Buffer => {
  const name = Buffer.from('a.txt');
  const data = Buffer.from('abc');
  const localUt = Buffer.alloc(13);
  localUt.writeUInt16LE(0x5455, 0);
  localUt.writeUInt16LE(9, 2);
  localUt[4] = 0b11;
  localUt.writeUInt32LE(unixTime, 5);
  localUt.writeUInt32LE(unixTime, 9);
  const centralUt = Buffer.alloc(9);
  centralUt.writeUInt16LE(0x5455, 0);
  centralUt.writeUInt16LE(5, 2);
  centralUt[4] = 0b11;
  centralUt.writeUInt32LE(unixTime, 5);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt16LE(0x1234, 10);
  local.writeUInt16LE(0x5678, 12);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(localUt.length, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(0x031e, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt16LE(0x1234, 12);
  central.writeUInt16LE(0x5678, 14);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(centralUt.length, 30);
  const head = Buffer.concat([local, name, localUt, data]);
  const directory = Buffer.concat([central, name, centralUt]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(head.length, 16);
  return Buffer.concat([head, directory, eocd]);
};

const dir = mkdtempSync(join(tmpdir(), 'socle-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The archive's table of contents, as unzipper reads it from a file. */
const open = (name: string, bytes: Buffer) => {
  writeFileSync(join(dir, name), bytes);
  return unzipper.Open.file(join(dir, name));
};

/** The DOS date and time unzipper reads from the central directory (fields its local typings leave out). */
const stampOf = (f: CentralDirectoryFile): [number, number] => {
  const { lastModifiedDate, lastModifiedTime } = f as unknown as { lastModifiedDate: number; lastModifiedTime: number };
  return [lastModifiedDate, lastModifiedTime];
};

describe('entrées remplacées dans une archive zip', () => {
  it('remplace le contenu choisi et recopie les autres entrées telles quelles, dans le même ordre', async () => {
    const zip = await workbookZip();
    const seen: string[] = [];
    const replaced = replaceZipEntries(zip, (name, content) => {
      seen.push(name);
      return name === 'docProps/core.xml' ? Buffer.from(content().toString('utf8').replace(/<dc:creator>[^<]*</, '<dc:creator>Socle<'), 'utf8') : undefined;
    });
    const [original, patched] = await Promise.all([open('before.xlsx', zip), open('after.xlsx', replaced)]);
    expect(patched.files.map((f) => f.path)).toEqual(original.files.map((f) => f.path));
    expect(seen).toEqual(original.files.map((f) => f.path));
    for (const [k, f] of patched.files.entries()) {
      const [before, after] = [await buffer(original.files[k].stream()), await buffer(f.stream())];
      if (f.path === 'docProps/core.xml') {
        expect(after.toString('utf8')).toContain('<dc:creator>Socle</dc:creator>');
        expect(after.toString('utf8')).toBe(before.toString('utf8').replace(/<dc:creator>[^<]*</, '<dc:creator>Socle<'));
      } else expect([f.path, after.equals(before)]).toEqual([f.path, true]);
    }
    // Nothing to replace: the same bytes.
    expect(replaceZipEntries(zip, () => undefined).equals(zip)).toBe(true);
  });
});

describe('dates des entrées d’une archive zip', () => {
  it('donne à chaque entrée midi de la date demandée, sans toucher au contenu ni à l’archive reçue', async () => {
    const zip = await workbookZip();
    const before = Buffer.from(zip);
    const fixed = setZipDates(zip, '2026-03-15');
    expect(zip.equals(before)).toBe(true);
    expect(fixed.length).toBe(zip.length);
    const [original, patched] = await Promise.all([open('original.xlsx', zip), open('fixed.xlsx', fixed)]);
    expect(patched.files.length).toBeGreaterThan(5);
    for (const [k, f] of patched.files.entries()) {
      // DOS date: 2026 - 1980 = 46 years, March, 15th; DOS time: 12:00:00.
      expect(stampOf(f)).toEqual([(46 << 9) | (3 << 5) | 15, 12 << 11]);
      expect((await buffer(f.stream())).equals(await buffer(original.files[k].stream()))).toBe(true);
    }
    // The same bytes whatever the clock said when the archive was written.
    expect(setZipDates(fixed, '2026-03-15').equals(fixed)).toBe(true);
  });

  it('réécrit aussi l’horodatage étendu « UT » des en-têtes locaux et du répertoire central', () => {
    const fixed = setZipDates(zipWithExtendedTimestamp(1_700_000_000), '2026-03-15');
    const noon = Date.UTC(2026, 2, 15, 12) / 1000;
    const localExtra = 30 + 'a.txt'.length;
    expect([fixed.readUInt32LE(localExtra + 5), fixed.readUInt32LE(localExtra + 9)]).toEqual([noon, noon]);
    const centralExtra = localExtra + 13 + 3 + 46 + 'a.txt'.length;
    expect(fixed.readUInt32LE(centralExtra + 5)).toBe(noon);
    expect([fixed.readUInt16LE(10), fixed.readUInt16LE(12)]).toEqual([12 << 11, (46 << 9) | (3 << 5) | 15]);
  });

  it('calcule le CRC-32 du format zip (valeur de contrôle « 123456789 » → CBF43926)', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('refuse ce qui n’est pas une archive zip, et une date hors du format', () => {
    expect(() => setZipDates(Buffer.from('pas une archive'), '2026-03-15')).toThrow(/fin du répertoire central introuvable/);
    expect(() => setZipDates(zipWithExtendedTimestamp(0), '15/03/2026')).toThrow(/« 15\/03\/2026 »/);
    expect(() => setZipDates(zipWithExtendedTimestamp(0), '1975-01-01')).toThrow(/hors des limites/);
  });
});
