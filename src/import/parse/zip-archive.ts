// INSEE publishes most of its tables as ZIP archives: the data file (CSV, sometimes XLSX), with a `meta_…` file that
// gives the label of each variable (the comparateur, the dossier complet, Filosofi's chiffres clés; `…_metadata.csv`
// beside `…_data.csv` in its data catalogue, Melodi), and at times one file per geographic level. An archive is opened here: its entries are sorted into data, metadata and the rest; the
// entry to import is copied, as a stream, to a temporary file that the importer reads as it would the file itself;
// the producer's labels are read from the metadata file.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import unzipper from 'unzipper';
import { rowTexts } from './source-row.js';
import { readCsvRows } from './csv-rows.js';
import { sniffFile } from '../detect/sniff-file.js';

export interface ArchiveEntry {
  /** Path inside the archive, as its directory gives it. */
  path: string;
  /** Bytes once inflated, as declared by the archive's directory. */
  size: number;
  kind: 'data' | 'meta' | 'other';
}

export interface ArchiveListing {
  /** Whether the archive is an Office workbook (XLSX) rather than an archive of files. */
  workbook: boolean;
  entries: ArchiveEntry[];
}

const DATA_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xls', '.geojson', '.json']);

/** What an entry is, from its name: metadata (INSEE's `meta_…` and `varmod_…` files), data, or anything else. */
export const entryKind = (path: string): ArchiveEntry['kind'] => {
  const name = basename(path).toLowerCase();
  const ext = extname(name);
  if (!DATA_EXTENSIONS.has(ext)) return 'other';
  const metaName = /^(meta|varmod|metadonnees|dictionnaire)[_\- ]/.test(name) || /[_\- ](metadata|metadonnees)$/.test(basename(name, ext));
  if (metaName && (ext === '.csv' || ext === '.txt' || ext === '.xlsx')) return 'meta';
  return 'data';
};

/** Entries no person put there: folders, macOS resource forks, hidden files. */
const isNoise = (path: string): boolean => path.startsWith('__MACOSX/') || basename(path).startsWith('.') || path.endsWith('/');

/** The archive's table of contents; throws unzipper's error when the file is no readable ZIP archive. */
export const listArchive = async (path: string): Promise<ArchiveListing> => {
  const directory = await unzipper.Open.file(path);
  const files = directory.files.filter((f) => f.type === 'File');
  const workbook = files.some((f) => f.path === 'xl/workbook.xml');
  const entries = files.filter((f) => !isNoise(f.path)).map((f) => ({ path: f.path, size: f.uncompressedSize, kind: entryKind(f.path) }));
  return { workbook, entries };
};

/** Bytes free for the temporary copies (where os.tmpdir() is), or Infinity when the system does not say. */
export const freeTemporaryBytes = async (): Promise<number> => {
  try {
    const s = await statfs(tmpdir());
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
};

/** Why an entry's copy was stopped: it inflates to more bytes than the archive declared (a ZIP bomb, a lie). */
export class EntryTooLarge extends Error {}

export interface ExtractedEntry {
  path: string;
  /** Removes the temporary copy (and its folder). */
  remove(): Promise<void>;
}

/**
 * Copies one entry to a temporary file, named as in the archive (its extension and name tell the importer what it
 * is). The copy stops with EntryTooLarge past the size the directory declares; unzipper's error is thrown as it is
 * for a damaged entry. Nothing is left behind on failure.
 */
export const extractEntry = async (archivePath: string, entryPath: string, onBytes?: (done: number, total: number) => void): Promise<ExtractedEntry> => {
  const directory = await unzipper.Open.file(archivePath);
  const file = directory.files.find((f) => f.type === 'File' && f.path === entryPath);
  if (!file) throw new Error(`entry ${entryPath} not found`);
  const dir = await mkdtemp(join(tmpdir(), 'socle-archive-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const out = join(dir, basename(entryPath).replace(/[\\/:*?"<>|]/g, '_') || 'donnees');
  let seen = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > file.uncompressedSize) return done(new EntryTooLarge(`${entryPath}: more than ${file.uncompressedSize} bytes`));
      onBytes?.(seen, file.uncompressedSize);
      done(null, chunk);
    },
  });
  try {
    await pipeline(file.stream(), bounded, createWriteStream(out));
  } catch (e) {
    await remove();
    throw e;
  }
  return { path: out, remove };
};

/** Header names of the variable's code and of its label in the metadata files INSEE ships with its tables. */
const CODE_HEADERS = ['cod_var', 'var_id', 'code_var', 'variable', 'nom_var', 'code'];
const LABEL_HEADERS = ['lib_var', 'var_lib', 'libelle_var', 'libelle', 'lib_var_long', 'var_lib_long', 'intitule', 'label'];

/**
 * The variables' labels of a metadata file (`COD_VAR;LIB_VAR;…`, one line per variable or per modality of a variable):
 * published name → label, the first label of each name kept, and `VAR=MOD` → the modality's label where the file has
 * `COD_MOD` and `LIB_MOD`. An unreadable or unknown layout gives no label, never an
 * error: the labels only name what the dictionary of Socle does not know.
 */
export const readMetaLabels = async (path: string): Promise<Map<string, string>> => {
  const labels = new Map<string, string>();
  const sniffed = await sniffFile(path);
  // Nobody waits for the digest of a metadata file.
  sniffed.sha256.catch(() => undefined);
  if (sniffed.format !== 'csv') return labels;
  let code = -1;
  let label = -1;
  let modality = -1;
  let modalityLabel = -1;
  try {
    for await (const item of readCsvRows(path, { encoding: sniffed.encoding, separator: sniffed.separator })) {
      for (const row of Array.isArray(item) ? item : [item]) {
        if (row.error !== undefined) continue;
        const cells = rowTexts(row);
        if (code < 0) {
          const folded = cells.map((c) => c.replace(/\uFEFF/g, '').trim().toLowerCase());
          code = CODE_HEADERS.map((h) => folded.indexOf(h)).find((i) => i >= 0) ?? -1;
          label = LABEL_HEADERS.map((h) => folded.indexOf(h)).find((i) => i >= 0) ?? -1;
          modality = folded.indexOf('cod_mod');
          modalityLabel = folded.indexOf('lib_mod');
          if (code < 0 || label < 0) return labels;
          continue;
        }
        const name = (cells[code] ?? '').trim();
        const text = (cells[label] ?? '').replace(/\s+/g, ' ').trim();
        if (name !== '' && text !== '' && !labels.has(name)) labels.set(name, text);
        // One line per modality (`COD_VAR;LIB_VAR;COD_MOD;LIB_MOD`): each modality's label, as `VAR=MOD`.
        const mod = modality >= 0 ? (cells[modality] ?? '').trim() : '';
        const modText = modalityLabel >= 0 ? (cells[modalityLabel] ?? '').replace(/\s+/g, ' ').trim() : '';
        if (name !== '' && mod !== '' && modText !== '' && !labels.has(`${name}=${mod}`)) labels.set(`${name}=${mod}`, modText);
      }
    }
  } catch {
    return labels;
  }
  return labels;
};
