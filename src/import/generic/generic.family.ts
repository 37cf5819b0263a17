// Any other table with a commune, IRIS or EPCI code column: columns are named as published (letters, digits, `_`),
// a year at the end of a name is its millésime, otherwise `--millesime` gives it. The dictionary does not know these
// variables, so they are imported as `other` (not aggregable) and listed in the report.
import { err, ok } from '../../core/result.js';
import { CELL_MISSING } from '../normalise/number-cell.js';
import { normaliseInseeName } from '../normalise/variable-name.js';
import { dominantMillesime, type TableFamily } from '../tabular/table-family.js';

export const genericFamily: TableFamily = {
  id: 'generic',
  source: 'autre',
  producer: 'non précisé',
  licence: 'non précisée',
  emptyMeans: CELL_MISSING,
  recognises: () => true,
  nameOf: (column, ctx) => normaliseInseeName(column, ctx.currentYear),
  unknownKind: () => 'other',
  defaultMillesime(ctx, found) {
    const m = ctx.millesime ?? dominantMillesime(found);
    if (m !== null) return ok(m);
    return err('aucune colonne ne porte de millésime ; donnez-le avec --millesime');
  },
  title: ({ fileName }) => `Données de ${fileName}`,
};
