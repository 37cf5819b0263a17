// From a header row to an import plan: the code column, the family, and for each data column its normalised
// variable (name, millésime, label, unit, kind). Everything that can be decided from the header is decided here,
// before a single row is read — so a no-op or a missing millésime is answered at once.
import { createHash } from 'node:crypto';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import { cafFamily } from '../caf/caf.family.js';
import { describeVariable } from '../dictionary/variable-dictionary.js';
import { genericFamily } from '../generic/generic.family.js';
import type { FamilyId, ImportedVariable } from '../import.types.js';
import { inseeFamily } from '../insee/insee.family.js';
import { populationsLegalesFamily } from '../insee/populations-legales.family.js';
import { referenceYear } from '../normalise/reference-year.js';
import { sanitiseName } from '../normalise/variable-name.js';
import type { FamilyContext, TableFamily } from './table-family.js';
import { isLabelColumn, type CodeColumn } from './territory-code.js';

/** Families tried in this order when `--source` does not force one. */
export const TABLE_FAMILIES: TableFamily[] = [populationsLegalesFamily, cafFamily, inseeFamily, genericFamily];

/** What a file of a family is, in a refusal. */
const FAMILY_WORDS: Record<string, string> = { caf: 'un fichier de la CNAF (allocataires)', 'populations-legales': 'un fichier de populations légales (PMUN, PCAP, PTOT)' };

/** `--source` values (with their aliases). */
export const SOURCE_ALIASES: Record<string, FamilyId> = {
  insee: 'insee',
  'populations-legales': 'populations-legales',
  populations_legales: 'populations-legales',
  pop: 'populations-legales',
  caf: 'caf',
  cnaf: 'caf',
  geo: 'geo',
  geojson: 'geo',
  contours: 'geo',
  ign: 'geo',
  generic: 'generic',
  autre: 'generic',
};

export const parseSource = (source: string): Result<FamilyId, AppError> => {
  const f = SOURCE_ALIASES[source.trim().toLowerCase()];
  if (f) return ok(f);
  return err(appError('PARAMETRE_INVALIDE', `--source « ${source} » : source inconnue ; valeurs possibles : insee, populations-legales, caf, geo, generic`));
};

export interface DataColumn {
  index: number;
  variable: ImportedVariable;
}

export interface TablePlan {
  family: TableFamily;
  header: string[];
  headerLine: number;
  code: CodeColumn;
  data: DataColumn[];
  millesimes: number[];
  /** family + millésimes + variables: the same for a corrected file of the same dataset. */
  headerKey: string;
  unknownVariables: string[];
  notes: string[];
  /**
   * The column that gives each row's millésime (CNAF's `Date_Ref`) and the one year its first rows give: every row
   * must give it too (a file of several millésimes is refused while reading).
   */
  rowMillesime?: { index: number; name: string; millesime: number; line: number };
}

export const planTable = (
  header: string[],
  headerLine: number,
  code: CodeColumn,
  ctx: FamilyContext & {
    /** Forced by `--source`, or the family of a table built from another layout (INSEE's long files). */
    family?: FamilyId | TableFamily;
    /** Columns whose first cells are all words or dates (`Communes`, `Date_Ref`): names and dates, not figures. */
    textColumns?: ReadonlySet<number>;
    /** The first rows after the header, as text, and their lines (a column of reference dates is read from them). */
    sample?: { rows: readonly string[][]; lines: readonly number[] };
  },
): Result<TablePlan, AppError> => {
  const cleanHeader = header.map((h) => h.replace(/\uFEFF/g, '').trim());
  const family =
    typeof ctx.family === 'object' ? ctx.family : ctx.family ? TABLE_FAMILIES.find((f) => f.id === ctx.family) : TABLE_FAMILIES.find((f) => f.recognises(cleanHeader, code));
  if (!family) return err(appError('FORMAT_INCONNU', `${ctx.fileName} : la source « ${ctx.family} » ne lit pas de tableau`));
  // A source forced on a file another one plainly reads (the CNAF's columns, the populations légales' PMUN) would
  // file its figures under the wrong producer: refused, naming what the file is.
  if (typeof ctx.family === 'string') {
    const detected = TABLE_FAMILIES.find((f) => f.recognises(cleanHeader, code));
    if (detected && detected.id !== family.id && (detected.id === 'caf' || detected.id === 'populations-legales')) {
      return err(appError('FORMAT_INCONNU', `${ctx.fileName} : ce fichier est ${FAMILY_WORDS[detected.id]}, pas « ${ctx.family} » ; importez-le sans forcer sa source`));
    }
  }
  const notes: string[] = [];
  const dated = rowMillesimeOf(cleanHeader, code, family, ctx);
  if (!dated.ok) return dated;
  const rowMillesime = dated.value;
  // The column's year is the file's: it stands for --millesime for the columns whose name carries none.
  if (rowMillesime) ctx = { ...ctx, millesime: rowMillesime.millesime };
  const textNotes: string[] = [];
  const candidates: { index: number; published: string; name: string; millesime: number | null; period?: [number, number] }[] = [];
  const seenHeaders = new Set<string>();
  cleanHeader.forEach((h, index) => {
    if (index === code.index || index === code.depIndex || index === rowMillesime?.index) return;
    if (h === '') {
      notes.push(`La colonne n° ${index + 1} n’a pas de nom : elle est ignorée.`);
      return;
    }
    // A column of reference dates is never a figure, even when its first rows are blank.
    if (isLabelColumn(h) || family.ignores?.(h) || family.millesimeColumn?.(h)) return;
    if (seenHeaders.has(h)) {
      notes.push(`La colonne ${h} apparaît deux fois : seule la première est importée.`);
      return;
    }
    seenHeaders.add(h);
    const n = family.nameOf(h, ctx);
    if (ctx.textColumns?.has(index) && !describeVariable(n.name)) {
      textNotes.push(h);
      return;
    }
    candidates.push({ index, published: h, ...n });
  });
  if (textNotes.length > 0) {
    const s = textNotes.length > 1 ? 's' : '';
    notes.push(`Colonne${s} de texte (noms, dates), pas de chiffres : ${textNotes.join(', ')} — laissée${s} de côté.`);
  }
  if (candidates.length === 0) {
    return err(appError('AUCUNE_DONNEE', `${ctx.fileName}, ligne ${headerLine} : aucune colonne de chiffres à côté de la colonne de code ${code.name}`));
  }
  const found = candidates.flatMap((c) => (c.millesime === null ? [] : [c.millesime]));
  let fallback: number | null = null;
  const undated = candidates.filter((c) => c.millesime === null);
  if (undated.length > 0) {
    const d = family.defaultMillesime(ctx, found);
    const where = `${ctx.fileName}, ligne ${headerLine}, colonne ${undated[0].published}`;
    if (!d.ok) return err(appError('MILLESIME_INVALIDE', `${where} : ${d.error}`));
    fallback = d.value;
    if (fallback === null) return err(appError('MILLESIME_INVALIDE', `${where} : pas de millésime dans le nom de la colonne ; donnez-le avec --millesime`));
    if (rowMillesime) {
      notes.push(
        rowMillesime.line > 0
          ? `Millésime ${fallback} lu dans la colonne ${rowMillesime.name} (« ${rowMillesime.text} », ligne ${rowMillesime.line}).`
          : `Millésime ${fallback} lu dans la colonne ${rowMillesime.name}.`,
      );
    } else if (ctx.millesime === undefined) {
      notes.push(
        family.millesimeNote?.(ctx, fallback) ??
          `${undated.map((c) => c.published).join(', ')} : pas de millésime dans le nom de colonne, rattaché${undated.length > 1 ? 's' : ''} au millésime ${fallback}, le plus fréquent du fichier.`,
      );
    }
  }
  const data: DataColumn[] = [];
  const used = new Set<string>();
  const unknownVariables: string[] = [];
  for (const c of candidates) {
    const millesime = c.millesime ?? (fallback as number);
    let name = c.name;
    if (used.has(`${name}@${millesime}`)) {
      // Two columns normalise alike (NAIS1621 and NAIS1521): the second keeps its published name.
      name = sanitiseName(c.published);
      notes.push(`${c.published} : même nom normalisé qu’une autre colonne (${c.name}, ${millesime}) ; importée sous le nom ${name}.`);
      if (used.has(`${name}@${millesime}`)) continue;
    }
    used.add(`${name}@${millesime}`);
    const known = describeVariable(name);
    const variable: ImportedVariable = {
      name,
      millesime,
      published_name: c.published,
      label: known?.label ?? ctx.labels?.get(c.published) ?? c.published,
      unit: known?.unit ?? '',
      kind: known?.kind ?? family.unknownKind(name),
      known: known !== undefined,
    };
    if (c.period) {
      variable.period = c.period;
      variable.label = `${variable.label} (${c.period[0]}–${c.period[1]})`;
    }
    if (!known) unknownVariables.push(c.published);
    data.push({ index: c.index, variable });
  }
  const millesimes = [...new Set(data.map((d) => d.variable.millesime))].sort((a, b) => a - b);
  const signature = data.map((d) => `${d.variable.name}@${d.variable.millesime}`).sort().join(',');
  const headerKey = `${family.id}:${millesimes.join('-')}:${code.kind}:${createHash('sha256').update(signature).digest('hex').slice(0, 16)}`;
  const plan: TablePlan = { family, header: cleanHeader, headerLine, code, data, millesimes, headerKey, unknownVariables, notes };
  if (rowMillesime) plan.rowMillesime = { index: rowMillesime.index, name: rowMillesime.name, millesime: rowMillesime.millesime, line: rowMillesime.line };
  return ok(plan);
};

/**
 * The column of reference dates of a family that has one (CNAF's `Date_Ref`), with the year its first rows give. A
 * cell that is no year nor date is a rejected row when read (read-table.ts), not a refusal of the file. The reading
 * finds every year of the file: with several, the importer reads it once per year; with --millesime, the rows of that
 * year are read and the others left out. With no year in the first rows, the year is 0, unknown until read.
 */
const rowMillesimeOf = (
  header: string[],
  code: CodeColumn,
  family: TableFamily,
  ctx: FamilyContext & { sample?: { rows: readonly string[][]; lines: readonly number[] } },
): Result<{ index: number; name: string; millesime: number; line: number; text: string } | undefined, AppError> => {
  const index = family.millesimeColumn ? header.findIndex((h, i) => i !== code.index && i !== code.depIndex && family.millesimeColumn!(h)) : -1;
  if (index < 0) return ok(undefined);
  const name = header[index];
  const years = new Map<number, { line: number; text: string }>();
  const { rows = [], lines = [] } = ctx.sample ?? {};
  for (let k = 0; k < rows.length; k++) {
    const text = (rows[k][index] ?? '').trim();
    const year = text === '' ? null : referenceYear(text);
    if (year === null || year > ctx.currentYear + 1) continue;
    if (!years.has(year)) years.set(year, { line: lines[k], text });
  }
  if (ctx.millesime !== undefined) {
    // The year asked for: its first row in the first rows, if any (the reading decides whether the file has one).
    const at = years.get(ctx.millesime) ?? { line: 0, text: '' };
    return ok({ index, name, millesime: ctx.millesime, ...at });
  }
  const first = [...years][0];
  if (!first) return ok({ index, name, millesime: UNKNOWN_YEAR, line: 0, text: '' });
  const [millesime, at] = first;
  return ok({ index, name, millesime, ...at });
};

/** The year of a column of reference dates whose first rows give none: every row's year is found when read. */
export const UNKNOWN_YEAR = 0;

/** What a cell of reference dates must hold (French). */
export const REFERENCE_EXPECTED = 'une année (2022) ou une date (31/12/2022, 2022-12-31) est attendue';

/** What the error of a file of several millésimes carries: the column of reference dates and its years, in order. */
export interface SeveralMillesimes {
  severalMillesimes: { column: string; years: number[] };
}

/**
 * A file of several millésimes in its column of reference dates, each year with the first line that gives it. The
 * importer reads such a file once per year (import-file.service.ts); the error stands when that cannot be done.
 */
export const severalMillesimes = (fileName: string, column: string, years: ReadonlyMap<number, { line: number }>): AppError => {
  const list = [...years].sort((a, b) => a[0] - b[0]);
  const details: SeveralMillesimes = { severalMillesimes: { column, years: list.map(([y]) => y) } };
  return appError(
    'MILLESIME_INVALIDE',
    `${fileName}, colonne ${column} : le fichier mêle ${list.length} millésimes (${list.map(([y, { line }]) => `${y} dès la ligne ${line}`).join(', ')}) ; rien n’a été écrit`,
    details,
  );
};

export const isSeveralMillesimes = (details: unknown): details is SeveralMillesimes =>
  typeof details === 'object' && details !== null && 'severalMillesimes' in details;
