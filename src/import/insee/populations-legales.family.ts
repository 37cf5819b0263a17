// INSEE populations légales: the CSV (`REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT`), and the
// workbook (`ensemble.xlsx`: « Code département », « Code commune » of three digits, « Population municipale »…). The
// CSV does not say its millésime (the 2023 populations are those in force on 1 January 2026): `--millesime` is then
// required; the workbook says it in its title (« Populations légales 2021 »), which is read when --millesime is not given.
import { foldText } from '../../core/referential/text.js';
import { err, ok } from '../../core/result.js';
import { LICENCE_OUVERTE } from '../import.types.js';
import { CELL_MISSING } from '../normalise/number-cell.js';
import { normaliseInseeName } from '../normalise/variable-name.js';
import type { TableFamily } from '../tabular/table-family.js';

const POP_COLUMNS = new Set(['PMUN', 'PCAP', 'PTOT']);
/** The workbook's headers, folded (lower case, single spaces, no accent). */
const LONG_HEADERS: Record<string, string> = {
  'population municipale': 'PMUN',
  'population comptee a part': 'PCAP',
  'population totale': 'PTOT',
};
const popColumn = (h: string): string | undefined => {
  const upper = h.trim().toUpperCase();
  return POP_COLUMNS.has(upper) ? upper : LONG_HEADERS[foldText(h)];
};

/**
 * The millésime a title gives: its statistical reference date, « Date de référence statistique : 1er janvier 2023 »
 * → 2023 (not the date of entry into force, three years later), else « Populations légales 2021 » → 2021.
 */
export const titleMillesime = (lines: readonly string[] = []): number | null => {
  for (const line of lines) {
    const m = /date\s+de\s+r[ée]f[ée]rence\s+statistique.{0,30}?(?<!\d)((?:19|20)\d{2})(?!\d)/i.exec(line);
    if (m) return Number(m[1]);
  }
  for (const line of lines) {
    const m = /populations?\s+l[ée]gales?\D{0,40}?((?:19|20)\d{2})/i.exec(line);
    if (m) return Number(m[1]);
  }
  return null;
};

export const populationsLegalesFamily: TableFamily = {
  id: 'populations-legales',
  source: 'insee',
  producer: 'INSEE',
  licence: LICENCE_OUVERTE,
  emptyMeans: CELL_MISSING,
  recognises: (header) => header.some((h) => popColumn(h) !== undefined),
  nameOf: (column, ctx) => {
    const name = popColumn(column);
    // PMUN2023-style names still carry their year.
    return name ? { name, millesime: null } : normaliseInseeName(column, ctx.currentYear);
  },
  unknownKind: () => 'count',
  defaultMillesime: (ctx) => {
    if (ctx.millesime !== undefined) return ok(ctx.millesime);
    const titled = titleMillesime(ctx.titleLines);
    if (titled !== null) return ok(titled);
    return err('fichier de populations légales sans millésime dans ses colonnes (PMUN, PCAP, PTOT) ; donnez-le avec --millesime (par exemple --millesime 2023 pour les populations en vigueur au 1er janvier 2026)');
  },
  millesimeNote: (ctx, millesime) => `Millésime ${millesime} lu dans le titre du fichier (« ${ctx.titleLines?.find((l) => titleMillesime([l]) === millesime) ?? millesime} »).`,
  title: ({ millesimes }) => `Populations légales ${millesimes.join(', ')}`,
};
