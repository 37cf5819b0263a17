// What `socle import` reads when the file given is not the table itself: the data file of a ZIP archive (as INSEE
// publishes them), copied out as a stream and labelled by the archive's metadata file; a text file in UTF-16 (Excel's
// « Texte Unicode »), converted to a UTF-8 copy. Each copy is imported by the import service's own path (given), under
// a name that says where it comes from, and removed afterwards whatever happens.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { formatNumber } from '../../core/format/number-format.js';
import { appError, err, type AppError, type Result } from '../../core/result.js';
import type { ImportReport } from '../../import/import.types.js';
import { EntryTooLarge, extractEntry, freeTemporaryBytes, readMetaLabels, type ArchiveEntry, type ArchiveListing, type ExtractedEntry } from '../../import/parse/zip-archive.js';
import type { AppContext } from '../context.js';
import type { ImportFileInput } from './import-file.service.js';
import { optionName, optionWith } from '../edge.js';

/** Where the file read comes from when it is not the one given: an archive's entry, or a copy converted to UTF-8. */
export interface Origin {
  /** The name shown in messages and the catalogue: « archive.zip › entry.csv », or the file's own name. */
  name: string;
  archive?: { file: string; entry: string };
  /** The producer's labels of the columns (the archive's metadata file). */
  labels?: ReadonlyMap<string, string>;
  /** What was done to the file before reading it, for the report (French). */
  note?: string;
  /** The encoding of the file as given, for the report, when the copy read is in another (`UTF-16LE (BOM)`). */
  encoding?: string;
}

/** A text file in UTF-16: its byte order, and whether it opens with its byte order mark. */
export interface Utf16 {
  encoding: 'utf16le' | 'utf16be';
  bom: boolean;
}

/** The import service's path: imports the file of `input` (a copy) as coming from `from`. */
export type ImportPath = (ctx: AppContext, input: ImportFileInput, from?: Origin) => Promise<Result<ImportReport, AppError>>;

/** A text file in UTF-16 (Excel's « Texte Unicode »): its byte order, from its byte order mark or, without one, from its zero bytes. */
export const utf16Of = async (path: string): Promise<Utf16 | undefined> => {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(UTF16_SNIFF_BYTES), 0, UTF16_SNIFF_BYTES, 0);
    if (bytesRead < 2) return undefined;
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return { encoding: 'utf16le', bom: true };
    if (buffer[0] === 0xfe && buffer[1] === 0xff) return { encoding: 'utf16be', bom: true };
    const encoding = utf16WithoutBom(buffer.subarray(0, bytesRead));
    return encoding && { encoding, bom: false };
  } finally {
    await handle.close();
  }
};

/** Bytes looked at to tell a UTF-16 text without its byte order mark. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * A UTF-16 text saved without its byte order mark (some exports do): the letters, digits and separators of a data
 * file are Latin, so one byte of every two is zero — the second of each pair in little-endian, the first in
 * big-endian — and the other almost never is. A UTF-8 or Windows-1252 text has no zero byte.
 */
export const utf16WithoutBom = (b: Uint8Array): 'utf16le' | 'utf16be' | undefined => {
  const pairs = b.length >> 1;
  if (pairs < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= 0.7 * pairs && evenZeros <= 0.05 * pairs) return 'utf16le';
  if (evenZeros >= 0.7 * pairs && oddZeros <= 0.05 * pairs) return 'utf16be';
  return undefined;
};

/** A UTF-16 text file, converted to a UTF-8 copy (as a stream) and imported as that copy, under its own name. */
export const importUtf16 = async (
  importPath: ImportPath,
  ctx: AppContext,
  input: ImportFileInput,
  fileName: string,
  { encoding, bom }: Utf16,
  from?: Origin,
): Promise<Result<ImportReport, AppError>> => {
  const dir = await mkdtemp(join(tmpdir(), 'socle-utf16-'));
  try {
    const copy = join(dir, basename(fileName).replace(/[\\/:*?"<>|]/g, '_') || 'donnees.txt');
    try {
      await pipeline(createReadStream(input.filePath), iconv.decodeStream(encoding), iconv.encodeStream('utf8'), createWriteStream(copy));
    } catch (e) {
      return err(appError('FICHIER_ILLISIBLE', `${fileName} : texte UTF-16 illisible (détail : ${(e as Error).message})`));
    }
    const note = 'Fichier en UTF-16 (« Texte Unicode » d’Excel) converti en UTF-8 pour sa lecture.';
    // The report names the file's own encoding, not the copy's.
    const named = `${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'}${bom ? ' (BOM)' : ''}`;
    return await importPath(ctx, { ...input, filePath: copy }, { ...from, name: fileName, note: from?.note ? `${from.note} ${note}` : note, encoding: named });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** Room left in the temporary folder once an archive's entry is copied there. */
const SPARE_TEMPORARY_BYTES = 256 << 20;

/** Up to this many names are quoted when an archive's entries are listed in a message. */
const LISTED_ENTRIES = 12;
const listEntries = (entries: ArchiveEntry[]): string =>
  `${entries.slice(0, LISTED_ENTRIES).map((e) => e.path).join(', ')}${entries.length > LISTED_ENTRIES ? `, … (${entries.length})` : ''}`;

/**
 * A ZIP archive that is not a workbook: its one data file (or the one `entry` names) is imported as the file itself
 * would be, named « archive.zip › entry.csv » in messages and the catalogue, its variables labelled by the archive's
 * metadata file where Socle's dictionary does not know them. Several data files and no `entry`: refused, with the list.
 */
export const importArchive = async (importPath: ImportPath, ctx: AppContext, input: ImportFileInput, fileName: string, listing: ArchiveListing): Promise<Result<ImportReport, AppError>> => {
  const data = listing.entries.filter((e) => e.kind === 'data');
  let chosen: ArchiveEntry | undefined;
  if (input.entry !== undefined) {
    const wanted = input.entry.trim().replace(/\\/g, '/');
    const folded = wanted.toLowerCase();
    chosen =
      listing.entries.find((e) => e.path === wanted) ??
      listing.entries.find((e) => e.path.toLowerCase() === folded) ??
      (() => {
        const byName = listing.entries.filter((e) => basename(e.path).toLowerCase() === basename(folded));
        return byName.length === 1 ? byName[0] : undefined;
      })();
    if (!chosen) {
      // « * » (every entry) is the command line's: it runs one import per entry. Here one entry is read.
      const every = input.entry.trim() === '*' ? ' ; « * » (toutes les entrées) ne se donne qu’à la ligne de commande : nommez un fichier' : '';
      return err(appError('PARAMETRE_INVALIDE', `${optionName(ctx, 'entry')} « ${input.entry} » : ${fileName} ne contient pas ce fichier${every} ; ${data.length ? `fichiers de données : ${listEntries(data)}` : 'elle ne contient aucun fichier de données'}`));
    }
  } else if (data.length === 0) {
    const what = listing.entries.length ? `elle contient : ${listEntries(listing.entries)}` : 'elle est vide';
    return err(appError('AUCUNE_DONNEE', `${fileName} : archive ZIP sans fichier de données (CSV, XLSX, XLS ou GeoJSON) ; ${what}`));
  } else if (data.length > 1) {
    return err(
      appError(
        'ARCHIVE_A_CHOISIR',
        `${fileName} : archive de ${data.length} fichiers de données (${listEntries(data)}) ; choisissez celui à importer (${optionWith(ctx, 'entry', data[0].path)})`,
        { entries: data.map((e) => e.path) },
      ),
    );
  } else chosen = data[0];
  const entry = chosen;
  // The copy must fit in the temporary folder, with room to spare (an honest archive may still inflate a hundredfold).
  const free = await freeTemporaryBytes();
  if (entry.size > free - SPARE_TEMPORARY_BYTES) {
    const gb = (n: number) => `${formatNumber(n / 1e9, 1)} Go`;
    return err(appError('TROP_VOLUMINEUX', `${fileName} › ${entry.path} : se décompresse en ${gb(entry.size)}, plus que la place libre du dossier temporaire (${gb(Math.max(0, free))}) ; extrayez-le ailleurs et importez le fichier lui-même`));
  }
  let extracted: ExtractedEntry | undefined;
  try {
    let labels: Map<string, string> | undefined;
    try {
      const progress = input.onProgress;
      extracted = await extractEntry(input.filePath, entry.path, progress ? (done, total) => progress({ phase: 'extraction', done, total, rows: 0 }) : undefined);
      labels = await archiveLabels(input.filePath, listing, entry);
    } catch (e) {
      const detail = e instanceof EntryTooLarge ? 'il se décompresse en plus d’octets que l’archive ne l’annonce' : (e as Error).message;
      return err(appError('FICHIER_ILLISIBLE', `${fileName} › ${entry.path} : fichier de l’archive illisible (détail : ${detail})`));
    }
    // The copy is imported as the file itself would be (a failure there is the import's, not the archive's).
    return await importPath(ctx, { ...input, filePath: extracted.path, entry: undefined }, { name: `${fileName} › ${entry.path}`, archive: { file: fileName, entry: entry.path }, labels });
  } finally {
    await extracted?.remove();
  }
};

/**
 * The labels of the metadata file that goes with an entry: `meta_<its name>`, else the one named after the start of its
 * name (`meta_equipements` for `equipements_COM`, the longest), else the archive's only metadata file; none otherwise.
 * A label only names a column of the same code, so a metadata file shared by the archive's tables is right for each.
 */
const archiveLabels = async (archivePath: string, listing: ArchiveListing, entry: ArchiveEntry): Promise<Map<string, string> | undefined> => {
  const metas = listing.entries.filter((e) => e.kind === 'meta' && extname(e.path).toLowerCase() !== '.xlsx');
  const stem = basename(entry.path, extname(entry.path)).toLowerCase();
  const named = metas
    .map((m) => ({ m, of: basename(m.path, extname(m.path)).toLowerCase().replace(/^[a-z]+[_\- ]/, '') }))
    .filter(({ of }) => stem === of || stem.startsWith(`${of}_`) || stem.startsWith(`${of}-`))
    .sort((a, b) => b.of.length - a.of.length);
  const meta = named[0]?.m ?? (metas.length === 1 ? metas[0] : undefined);
  if (!meta) return undefined;
  const copy = await extractEntry(archivePath, meta.path).catch(() => undefined);
  if (!copy) return undefined;
  try {
    return await readMetaLabels(copy.path);
  } finally {
    await copy.remove();
  }
};
