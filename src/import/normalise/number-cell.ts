// Reads one cell of a data column. Public files write numbers with a decimal point (RP counts: `280598.559263947`) or
// a decimal comma (Filosofi: `22,0`), mark withheld values with `s` (secret) or `nd` (not available), and leave cells
// empty — which means missing in INSEE files but secret in CNAF files. Numbers keep full double precision.

export const CELL_VALUE = 0;
export const CELL_SECRET = 1;
export const CELL_MISSING = 2;
export const CELL_INVALID = 3;
export type CellState = typeof CELL_VALUE | typeof CELL_SECRET | typeof CELL_MISSING | typeof CELL_INVALID;

/** Decimal point or comma, optional exponent; no thousands separator here (handled below). */
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
/** French thousands groups: `1 234,5` with a space, a no-break space or a narrow no-break space. */
const GROUPED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

export interface CellReader {
  /** The value of the last cell read as CELL_VALUE. */
  value: number;
  /** French reason of the last CELL_INVALID. */
  reason: string;
  read(raw: string): CellState;
}

/**
 * A reader for one file: `emptyMeans` says how an empty cell is read (missing for INSEE, secret for CNAF).
 * It keeps its last value in a field instead of returning objects: millions of cells go through it.
 */
export const createCellReader = (emptyMeans: typeof CELL_SECRET | typeof CELL_MISSING): CellReader => {
  const reader: CellReader = {
    value: 0,
    reason: '',
    read(raw: string): CellState {
      let s = raw;
      const n = s.length;
      if (n === 0) return emptyMeans;
      const first = s.charCodeAt(0);
      // Fast path: a plain decimal number with a point, as RP files write them.
      if ((first >= 48 && first <= 57) || first === 45) {
        if (NUMBER.test(s)) {
          const v = Number(s.indexOf(',') >= 0 ? s.replace(',', '.') : s);
          if (Number.isFinite(v)) {
            reader.value = v;
            return CELL_VALUE;
          }
          reader.reason = 'nombre hors des limites d’un nombre à virgule flottante';
          return CELL_INVALID;
        }
      }
      s = s.trim();
      if (s.length === 0) return emptyMeans;
      if (s === 's' || s === 'S' || s === 'secret') return CELL_SECRET;
      const lower = s.toLowerCase();
      if (lower === 'nd' || lower === 'n.d.' || lower === 'n.d') return CELL_MISSING;
      if (GROUPED.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
      if (!NUMBER.test(s)) {
        reader.reason = 'n’est pas un nombre';
        return CELL_INVALID;
      }
      const v = Number(s.indexOf(',') >= 0 ? s.replace(',', '.') : s);
      if (!Number.isFinite(v)) {
        reader.reason = 'nombre hors des limites d’un nombre à virgule flottante';
        return CELL_INVALID;
      }
      reader.value = v;
      return CELL_VALUE;
    },
  };
  return reader;
};
