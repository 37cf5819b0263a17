// Writes ZIP archives for tests, byte by byte (APPNOTE 6.3: local headers, central directory, end record), so that a
// test controls what a real archiver would not write: a size that lies, a damaged entry.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  content: string | Buffer;
  /** Stored as is (method 0) rather than deflated (method 8). */
  store?: boolean;
  /** The uncompressed size written in the headers, in place of the true one. */
  declaredSize?: number;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

export const zipArchive = (entries: ZipEntryInput[]): Buffer => {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : e.content;
    const data = e.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? raw.length;
    // Version 20, flag 0x800 (UTF-8 names), method, time and date (1 January 2026), CRC, sizes, name length, extra 0.
    const common = Buffer.concat([u16(20), u16(0x800), u16(e.store ? 0 : 8), u16(0), u16(0x5c21), u32(crc32(raw)), u32(data.length), u32(size), u16(name.length), u16(0)]);
    const local = Buffer.concat([u32(0x04034b50), common, name]);
    parts.push(local, data);
    // Made by version 20; comment length, disk, internal and external attributes, then the local header's offset.
    central.push(Buffer.concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]));
    offset += local.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(directory.length), u32(offset), u16(0)]);
  return Buffer.concat([...parts, directory, end]);
};
