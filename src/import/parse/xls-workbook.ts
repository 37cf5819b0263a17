// Reads an Excel 97-2003 workbook (.xls): the Compound File Binary container ([MS-CFB]) that holds its `Workbook`
// stream, then that stream's BIFF8 records ([MS-XLS]): the sheets (BoundSheet8), the shared strings (SST and its
// Continue records), and each worksheet's cells — LabelSst, Label, Number, RK, MulRk, Formula (its cached result,
// and the String record after it), BoolErr — as text, as a CSV would hold them. The file is read whole: an XLS holds
// at most 65,536 rows. Older formats (Excel 5/95, BIFF5) and encrypted workbooks are refused, saying so.
import { readFile } from 'node:fs/promises';

/** Why an XLS cannot be read, in French (the table reader puts it on line 1). */
export class XlsProblem extends Error {}

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

/** The streams of a compound file, by name: their bytes. */
const readCompoundFile = (file: Buffer): Map<string, Buffer> => {
  if (file.length < 512 || SIGNATURE.some((b, i) => file[i] !== b)) throw new XlsProblem('ce n’est pas un classeur Excel 97-2003 (signature absente)');
  const sectorSize = 1 << file.readUInt16LE(0x1e);
  const miniSectorSize = 1 << file.readUInt16LE(0x20);
  if (sectorSize !== 512 && sectorSize !== 4096) throw new XlsProblem(`taille de secteur ${sectorSize} invalide`);
  const sectorCount = Math.floor((file.length - sectorSize) / sectorSize) + 1;
  const sector = (n: number): Buffer => {
    const start = (n + 1) * sectorSize;
    if (n >= sectorCount || start + sectorSize > file.length + sectorSize) throw new XlsProblem(`secteur ${n} hors du fichier (fichier tronqué)`);
    return file.subarray(start, Math.min(start + sectorSize, file.length));
  };
  // The sectors of the allocation table: 109 in the header, then the DIFAT chain.
  const fatSectors: number[] = [];
  const fatCount = file.readUInt32LE(0x2c);
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(file.readUInt32LE(0x4c + i * 4));
  let difat = file.readUInt32LE(0x44);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE && fatSectors.length < fatCount; guard++) {
    if (guard > sectorCount) throw new XlsProblem('table d’allocation en boucle');
    const s = sector(difat);
    for (let i = 0; i < sectorSize / 4 - 1 && fatSectors.length < fatCount; i++) fatSectors.push(s.readUInt32LE(i * 4));
    difat = s.readUInt32LE(sectorSize - 4);
  }
  const fat = new Uint32Array(fatSectors.length * (sectorSize / 4));
  fatSectors.forEach((n, k) => {
    const s = sector(n);
    for (let i = 0; i < sectorSize / 4; i++) fat[k * (sectorSize / 4) + i] = i * 4 + 3 < s.length ? s.readUInt32LE(i * 4) : FREE;
  });
  /** The bytes of a chain of sectors, from its first, cut to `size` when given. */
  const chain = (first: number, table: Uint32Array, read: (n: number) => Buffer, size?: number): Buffer => {
    const parts: Buffer[] = [];
    let total = 0;
    for (let n = first, guard = 0; n !== END_OF_CHAIN; guard++) {
      if (n === FREE || n >= table.length || guard > table.length) throw new XlsProblem('chaîne de secteurs rompue (fichier endommagé ou tronqué)');
      const part = read(n);
      parts.push(part);
      total += part.length;
      if (size !== undefined && total >= size) break;
      n = table[n];
    }
    const bytes = Buffer.concat(parts);
    if (size !== undefined && bytes.length < size) throw new XlsProblem('flux plus court que sa taille annoncée (fichier tronqué)');
    return size === undefined ? bytes : bytes.subarray(0, size);
  };
  const directory = chain(file.readUInt32LE(0x30), fat, sector);
  const entries: { name: string; type: number; start: number; size: number }[] = [];
  for (let off = 0; off + 128 <= directory.length; off += 128) {
    const nameLength = directory.readUInt16LE(off + 0x40);
    const type = directory[off + 0x42];
    if (type === 0 || nameLength < 2 || nameLength > 64) continue;
    entries.push({
      name: directory.toString('utf16le', off, off + nameLength - 2),
      type,
      start: directory.readUInt32LE(off + 0x74),
      size: directory.readUInt32LE(off + 0x78),
    });
  }
  const root = entries.find((e) => e.type === 5);
  const cutoff = file.readUInt32LE(0x38);
  let mini: { stream: Buffer; table: Uint32Array } | undefined;
  const streams = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.type !== 2) continue;
    if (e.size >= cutoff) {
      streams.set(e.name, chain(e.start, fat, sector, e.size));
      continue;
    }
    // A small stream lives in the mini stream (the root entry's chain), in 64-byte sectors.
    if (!mini) {
      if (!root) throw new XlsProblem('entrée racine absente');
      const miniFat = chain(file.readUInt32LE(0x3c), fat, sector);
      const table = new Uint32Array(miniFat.length / 4);
      for (let i = 0; i < table.length; i++) table[i] = miniFat.readUInt32LE(i * 4);
      mini = { stream: chain(root.start, fat, sector, root.size), table };
    }
    const m = mini;
    streams.set(e.name, chain(e.start, m.table, (n) => m.stream.subarray(n * miniSectorSize, (n + 1) * miniSectorSize), e.size));
  }
  return streams;
};

interface BiffRecord {
  type: number;
  data: Buffer;
  /** Offset of the record in the stream. */
  at: number;
}

/** The records of a BIFF stream from `start` up to its substream's EOF (or the stream's end). */
function* records(stream: Buffer, start: number): Generator<BiffRecord> {
  let at = start;
  while (at + 4 <= stream.length) {
    const type = stream.readUInt16LE(at);
    const length = stream.readUInt16LE(at + 2);
    if (at + 4 + length > stream.length) throw new XlsProblem('enregistrement coupé (fichier tronqué)');
    yield { type, data: stream.subarray(at + 4, at + 4 + length), at };
    at += 4 + length;
    if (type === 0x000a) return;
  }
}

/**
 * Reads strings that may run over several records (SST and its Continue records, a String and its): at each record
 * boundary inside a string's characters, the next record opens with one byte telling whether they are 16-bit.
 */
class Segments {
  private k = 0;
  private at = 0;
  constructor(private readonly parts: Buffer[]) {}

  private ensure(): void {
    while (this.k < this.parts.length && this.at >= this.parts[this.k].length) [this.k, this.at] = [this.k + 1, 0];
    if (this.k >= this.parts.length) throw new XlsProblem('table des chaînes coupée');
  }

  byte(): number {
    this.ensure();
    return this.parts[this.k][this.at++];
  }

  u16(): number {
    return this.byte() | (this.byte() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  pass(n: number): void {
    for (let left = n; left > 0; ) {
      this.ensure();
      const take = Math.min(left, this.parts[this.k].length - this.at);
      this.at += take;
      left -= take;
    }
  }

  /** An XLUnicodeRichExtendedString (the SST's) or, with `plain`, an XLUnicodeString. */
  string(plain = false): string {
    const count = this.u16();
    const flags = this.byte();
    let wide = (flags & 0x01) !== 0;
    const runs = !plain && flags & 0x08 ? this.u16() : 0;
    const ext = !plain && flags & 0x04 ? this.u32() : 0;
    let text = '';
    for (let left = count; left > 0; ) {
      if (this.k < this.parts.length && this.at >= this.parts[this.k].length) {
        // A new record in the middle of the characters: its first byte says their width from here on.
        [this.k, this.at] = [this.k + 1, 0];
        wide = (this.byte() & 0x01) !== 0;
        continue;
      }
      this.ensure();
      const part = this.parts[this.k];
      const fits = Math.min(left, Math.floor((part.length - this.at) / (wide ? 2 : 1)));
      if (fits === 0) throw new XlsProblem('chaîne coupée au milieu d’un caractère');
      text += wide ? part.toString('utf16le', this.at, this.at + fits * 2) : part.toString('latin1', this.at, this.at + fits);
      this.at += fits * (wide ? 2 : 1);
      left -= fits;
    }
    this.pass(runs * 4 + ext);
    return text;
  }
}

/** The value of an RK number: a 30-bit integer or the high bits of a double, divided by 100 when flagged. */
const rkValue = (rk: number): number => {
  let v: number;
  if (rk & 0x02) v = rk >> 2;
  else {
    const b = Buffer.alloc(8);
    b.writeUInt32LE((rk & 0xfffffffc) >>> 0, 4);
    v = b.readDoubleLE(0);
  }
  return rk & 0x01 ? v / 100 : v;
};

/** Last column of a BIFF8 worksheet (IV). */
const MAX_COLUMN = 255;

const number = (v: number): string => (Number.isFinite(v) ? String(v) : '');

const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A' };

export interface XlsSheet {
  name: string;
  /** The rows that have a cell, in order: their number (1-based) and their cells as text ('' where none). */
  rows(): { line: number; cells: string[] }[];
}

/** The worksheets of an XLS file, in the workbook's order (charts and macro sheets left out). */
export const readXlsWorkbook = async (path: string): Promise<XlsSheet[]> => {
  const streams = readCompoundFile(await readFile(path));
  const stream = streams.get('Workbook') ?? streams.get('WORKBOOK') ?? streams.get('workbook');
  if (!stream) {
    if (streams.has('Book')) throw new XlsProblem('classeur Excel 5 ou 95 (BIFF5), trop ancien pour être lu ; enregistrez-le en XLSX ou en CSV');
    throw new XlsProblem('pas de flux « Workbook » : ce n’est pas un classeur Excel');
  }
  const sheets: { name: string; offset: number }[] = [];
  let sst: string[] = [];
  let first = true;
  let sstParts: Buffer[] | null = null;
  const closeSst = () => {
    if (!sstParts) return;
    const s = new Segments(sstParts);
    s.u32();
    const unique = s.u32();
    sst = [];
    for (let i = 0; i < unique; i++) sst.push(s.string());
    sstParts = null;
  };
  for (const r of records(stream, 0)) {
    if (first) {
      first = false;
      if (r.type !== 0x0809) throw new XlsProblem('début de classeur (BOF) absent');
      if (r.data.readUInt16LE(0) !== 0x0600) throw new XlsProblem('classeur Excel antérieur à 97 (BIFF5 ou moins), trop ancien pour être lu ; enregistrez-le en XLSX ou en CSV');
      continue;
    }
    if (r.type === 0x003c && sstParts) {
      sstParts.push(r.data);
      continue;
    }
    closeSst();
    if (r.type === 0x002f) throw new XlsProblem('classeur protégé par un mot de passe ; enregistrez-en une copie sans mot de passe');
    if (r.type === 0x0085) {
      // BoundSheet8: where the sheet's substream starts, its kind (0: worksheet), its name.
      if (r.data[5] !== 0) continue;
      const count = r.data[6];
      const wide = (r.data[7] & 0x01) !== 0;
      const name = wide ? r.data.toString('utf16le', 8, 8 + count * 2) : r.data.toString('latin1', 8, 8 + count);
      sheets.push({ name, offset: r.data.readUInt32LE(0) });
    } else if (r.type === 0x00fc) sstParts = [r.data];
  }
  closeSst();
  return sheets.map(({ name, offset }) => ({ name, rows: () => sheetRows(stream, offset, sst) }));
};

/** The cells of one worksheet's substream, by row. */
const sheetRows = (stream: Buffer, offset: number, sst: string[]): { line: number; cells: string[] }[] => {
  const rows = new Map<number, string[]>();
  const put = (row: number, col: number, text: string) => {
    // A BIFF8 sheet has 256 columns: a cell beyond is a damaged record, and would fill the memory with empty cells.
    if (col > MAX_COLUMN) throw new XlsProblem(`cellule en colonne ${col + 1}, au-delà des 256 d’une feuille (fichier endommagé)`);
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = []));
    while (cells.length < col) cells.push('');
    cells[col] = text;
  };
  /** A Formula whose result is a string: the String record that follows gives it. */
  let pending: { row: number; col: number } | null = null;
  let stringParts: Buffer[] | null = null;
  const closeString = () => {
    if (stringParts && pending) put(pending.row, pending.col, new Segments(stringParts).string(true));
    stringParts = null;
    pending = null;
  };
  let started = false;
  for (const r of records(stream, offset)) {
    if (!started) {
      started = true;
      if (r.type !== 0x0809) throw new XlsProblem('feuille sans début (BOF) à l’endroit annoncé');
      continue;
    }
    if (r.type === 0x003c && stringParts) {
      stringParts.push(r.data);
      continue;
    }
    if (r.type === 0x0207 && pending) {
      stringParts = [r.data];
      continue;
    }
    closeString();
    const d = r.data;
    if (d.length < 6 && r.type !== 0x000a) continue;
    switch (r.type) {
      case 0x00fd: // LabelSst
        put(d.readUInt16LE(0), d.readUInt16LE(2), sst[d.readUInt32LE(6)] ?? '');
        break;
      case 0x0204: // Label
        put(d.readUInt16LE(0), d.readUInt16LE(2), new Segments([d.subarray(6)]).string(true));
        break;
      case 0x00d6: // RString
        put(d.readUInt16LE(0), d.readUInt16LE(2), new Segments([d.subarray(6)]).string(true));
        break;
      case 0x0203: // Number
        put(d.readUInt16LE(0), d.readUInt16LE(2), number(d.readDoubleLE(6)));
        break;
      case 0x027e: // RK
        put(d.readUInt16LE(0), d.readUInt16LE(2), number(rkValue(d.readUInt32LE(6))));
        break;
      case 0x00bd: {
        // MulRk: a row's consecutive RK cells.
        const row = d.readUInt16LE(0);
        const firstCol = d.readUInt16LE(2);
        for (let k = 0; 4 + k * 6 + 6 <= d.length - 2; k++) put(row, firstCol + k, number(rkValue(d.readUInt32LE(4 + k * 6 + 2))));
        break;
      }
      case 0x0205: {
        // BoolErr: a boolean or an error value.
        const v = d[6];
        put(d.readUInt16LE(0), d.readUInt16LE(2), d[7] ? (ERRORS[v] ?? '#ERREUR') : v ? 'VRAI' : 'FAUX');
        break;
      }
      case 0x0006: {
        // Formula: its cached result.
        const row = d.readUInt16LE(0);
        const col = d.readUInt16LE(2);
        if (d.length < 14) break;
        if (d.readUInt16LE(12) !== 0xffff) put(row, col, number(d.readDoubleLE(6)));
        else if (d[6] === 0x00) pending = { row, col };
        else if (d[6] === 0x01) put(row, col, d[8] ? 'VRAI' : 'FAUX');
        else if (d[6] === 0x02) put(row, col, ERRORS[d[8]] ?? '#ERREUR');
        else put(row, col, '');
        break;
      }
    }
  }
  closeString();
  return [...rows.keys()].sort((a, b) => a - b).map((row) => ({ line: row + 1, cells: rows.get(row)! }));
};
