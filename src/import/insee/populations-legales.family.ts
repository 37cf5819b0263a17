// INSEE populations légales (`REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT`). The millésime is not
// in the file (the 2023 populations are those in force on 1 January 2026): `--millesime` is required.
import { err, ok } from '../../core/result.js';
import { LICENCE_OUVERTE } from '../import.types.js';
import { CELL_MISSING } from '../normalise/number-cell.js';
import { normaliseInseeName } from '../normalise/variable-name.js';
import type { TableFamily } from '../tabular/table-family.js';

const POP_COLUMNS = new Set(['PMUN', 'PCAP', 'PTOT']);

export const populationsLegalesFamily: TableFamily = {
  id: 'populations-legales',
  source: 'insee',
  producer: 'INSEE',
  licence: LICENCE_OUVERTE,
  emptyMeans: CELL_MISSING,
  recognises: (header) => header.some((h) => POP_COLUMNS.has(h.trim().toUpperCase())),
  nameOf: (column, ctx) => {
    const upper = column.trim().toUpperCase();
    // PMUN2023-style names still carry their year.
    return POP_COLUMNS.has(upper) ? { name: upper, millesime: null } : normaliseInseeName(column, ctx.currentYear);
  },
  unknownKind: () => 'count',
  defaultMillesime: (ctx) =>
    ctx.millesime !== undefined
      ? ok(ctx.millesime)
      : err('fichier de populations légales sans millésime dans ses colonnes (PMUN, PCAP, PTOT) ; donnez-le avec --millesime (par exemple --millesime 2023 pour les populations en vigueur au 1er janvier 2026)'),
  title: ({ millesimes }) => `Populations légales ${millesimes.join(', ')}`,
};
