// Zip archives (DOCX, XLSX) as their libraries write them depend on more than the report: each entry's modification
// time comes from the clock (fflate for docx, JSZip for exceljs), and a few parts carry what the process did before
// (docx numbers bookmarks and pictures with counters global to the process). Two helpers make the bytes depend on the
// report alone: `setZipDates` rewrites every entry's time in place, `replaceZipEntries` rewrites chosen entries and
// copies every other byte as it was.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EXTENDED_TIMESTAMP = 0x5455;

/** Noon on an ISO calendar date (YYYY-MM-DD), as a DOS date and time and as Unix seconds (UTC). */
const stampsOf = (isoDate: string): { dosDate: number; dosTime: number; unix: number } => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`date d’archive invalide : « ${isoDate} » (attendu AAAA-MM-JJ)`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // DOS dates count years from 1980 on 7 bits.
  if (year < 1980 || year > 2107 || month < 1 || month > 12 || day < 1 || day > 31) throw new Error(`date d’archive hors des limites du format zip : « ${isoDate} »`);
  const hours = 12;
  return { dosDate: ((year - 1980) << 9) | (month << 5) | day, dosTime: hours << 11, unix: Date.UTC(year, month - 1, day, hours) / 1000 };
};

/** Sets the « UT » extended timestamps found in an extra field (local headers may carry three times, central records one). */
const patchExtra = (buf: Buffer, start: number, length: number, unix: number, central: boolean): void => {
  let p = start;
  const end = start + length;
  while (p + 4 <= end) {
    const id = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    if (id === EXTENDED_TIMESTAMP && size >= 1) {
      const flags = buf[p + 4];
      let q = p + 5;
      // Bit 0: modification, 1: access, 2: creation; a central record only ever holds the first.
      for (const bit of central ? [1] : [1, 2, 4]) {
        if (!(flags & bit)) continue;
        if (q + 4 > p + 4 + size) break;
        buf.writeUInt32LE(unix, q);
        q += 4;
      }
    }
    p += 4 + size;
  }
};

interface CentralEntry {
  /** Offset of the central directory record. */
  record: number;
  name: string;
  /** Offset of the local header. */
  local: number;
}

/** The end of central directory record's offset, and the central directory's entries; throws on what is not a plain zip. */
const centralDirectoryOf = (buf: Buffer): { eocd: number; offset: number; entries: CentralEntry[] } => {
  // The end of central directory record is 22 bytes, followed by a comment of at most 65 535 bytes.
  let eocd = -1;
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 0xffff); p--) {
    if (buf.readUInt32LE(p) === EOCD_SIGNATURE) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new Error('archive zip illisible : fin du répertoire central introuvable');
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new Error('archive ZIP64 non prise en charge');
  const entries: CentralEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new Error(`archive zip illisible : entrée ${k + 1} du répertoire central introuvable`);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_SIGNATURE) throw new Error(`archive zip illisible : en-tête local de l’entrée ${k + 1} introuvable`);
    entries.push({ record: p, name: buf.toString('utf8', p + 46, p + 46 + nameLength), local });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { eocd, offset, entries };
};

/**
 * A copy of the zip archive `zip` whose entries all carry noon of `isoDate` as their modification time.
 * Throws on what is not a plain zip archive (no end of central directory, ZIP64, a record out of place).
 */
export const setZipDates = (zip: Uint8Array, isoDate: string): Buffer => {
  const { dosDate, dosTime, unix } = stampsOf(isoDate);
  const buf = Buffer.from(zip);
  for (const { record, local } of centralDirectoryOf(buf).entries) {
    buf.writeUInt16LE(dosTime, record + 12);
    buf.writeUInt16LE(dosDate, record + 14);
    patchExtra(buf, record + 46 + buf.readUInt16LE(record + 28), buf.readUInt16LE(record + 30), unix, true);
    buf.writeUInt16LE(dosTime, local + 10);
    buf.writeUInt16LE(dosDate, local + 12);
    patchExtra(buf, local + 30 + buf.readUInt16LE(local + 26), buf.readUInt16LE(local + 28), unix, false);
  }
  return buf;
};

/**
 * A copy of `zip` where each entry for which `replace(name, content)` returns bytes holds those bytes instead
 * (deflated); `content()` inflates the entry's current bytes. The other entries, their order and every header field
 * but sizes, checksum and offsets are kept byte for byte.
 */
export const replaceZipEntries = (zip: Uint8Array, replace: (name: string, content: () => Buffer) => Buffer | undefined): Buffer => {
  const buf = Buffer.from(zip);
  const { eocd, offset, entries } = centralDirectoryOf(buf);
  const byOffset = [...entries].sort((a, b) => a.local - b.local);
  const endOf = new Map(byOffset.map((e, k) => [e, k + 1 < byOffset.length ? byOffset[k + 1].local : offset]));
  const parts: Buffer[] = [];
  const moved = new Map<CentralEntry, { local: number; crc?: number; compressed?: number; size?: number }>();
  let written = 0;
  for (const e of byOffset) {
    const headerLength = 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const method = buf.readUInt16LE(e.record + 10);
    const compressed = buf.readUInt32LE(e.record + 20);
    const data = buf.subarray(e.local + headerLength, e.local + headerLength + compressed);
    const content = (): Buffer => {
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`archive zip : méthode de compression ${method} non prise en charge (entrée « ${e.name} »)`);
    };
    const next = replace(e.name, content);
    if (next === undefined) {
      parts.push(buf.subarray(e.local, endOf.get(e)));
      moved.set(e, { local: written });
      written += endOf.get(e)! - e.local;
      continue;
    }
    const deflated = deflateRawSync(next);
    const header = Buffer.from(buf.subarray(e.local, e.local + headerLength));
    // No data descriptor: the sizes and checksum are known, and written in the header.
    header.writeUInt16LE(header.readUInt16LE(6) & ~0x0008, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(next), 14);
    header.writeUInt32LE(deflated.length, 18);
    header.writeUInt32LE(next.length, 22);
    parts.push(header, deflated);
    moved.set(e, { local: written, crc: crc32(next), compressed: deflated.length, size: next.length });
    written += header.length + deflated.length;
  }
  const central = Buffer.from(buf.subarray(offset, eocd));
  for (const e of entries) {
    const m = moved.get(e)!;
    const at = e.record - offset;
    central.writeUInt32LE(m.local, at + 42);
    if (m.crc === undefined) continue;
    central.writeUInt16LE(central.readUInt16LE(at + 8) & ~0x0008, at + 8);
    central.writeUInt16LE(8, at + 10);
    central.writeUInt32LE(m.crc, at + 16);
    central.writeUInt32LE(m.compressed!, at + 20);
    central.writeUInt32LE(m.size!, at + 24);
  }
  const end = Buffer.from(buf.subarray(eocd));
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(written, 16);
  return Buffer.concat([...parts, central, end]);
};
