// Reads one cell of a data column. Public files write numbers with a decimal point (RP counts: `280598.559263947`) or
// a decimal comma (Filosofi: `22,0`), mark cells without a figure with a word (MARKERS below), and leave cells empty —
// which means missing in INSEE files but secret in CNAF files. Numbers keep full double precision.

export const CELL_VALUE = 0;
export const CELL_SECRET = 1;
export const CELL_MISSING = 2;
export const CELL_INVALID = 3;
export type CellState = typeof CELL_VALUE | typeof CELL_SECRET | typeof CELL_MISSING | typeof CELL_INVALID;

/** Decimal point or comma, optional exponent; no thousands separator here (handled below). */
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
/** French thousands groups: `1 234,5` with a space, a no-break space or a narrow no-break space. */
const GROUPED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

/**
 * The words public files write in place of a figure, lower case, and how each reads. Withheld (secret): the figure
 * exists and the producer keeps it back — `s` (secret statistique); `ns`, « non significatif » (Filosofi by IRIS: too
 * few households for the figure to be published), and `nc`, « non communiqué », are withheld in the same way, so an
 * IRIS that says so makes its commune's sum partial, and a commune all of whose rows say so is secret, not missing.
 * Missing: there is no figure to keep back — `nd`, « non disponible »; `so`, « sans objet » (no such thing there); a
 * lone dash; INSEE's XLSX bases' `N/A - résultat non disponible` and `N/A - division par 0` (a rate over an empty
 * population), matched by their `N/A` (see markerOf), and Excel's `#N/A` and `#DIV/0!`.
 */
const MARKERS = new Map<string, typeof CELL_SECRET | typeof CELL_MISSING>([
  ['s', CELL_SECRET],
  ['secret', CELL_SECRET],
  ['ns', CELL_SECRET],
  ['n.s.', CELL_SECRET],
  ['nc', CELL_SECRET],
  ['n.c.', CELL_SECRET],
  ['nd', CELL_MISSING],
  ['n.d.', CELL_MISSING],
  ['n.d', CELL_MISSING],
  ['so', CELL_MISSING],
  ['s.o.', CELL_MISSING],
  ['-', CELL_MISSING],
  ['\u2013', CELL_MISSING],
  ['\u2014', CELL_MISSING],
  ['\u2212', CELL_MISSING],
  ['n/a', CELL_MISSING],
  // Excel's own errors where a formula found nothing or divided by zero, cached in a workbook's cell.
  ['#n/a', CELL_MISSING],
  ['#div/0!', CELL_MISSING],
]);

/** `N/A - résultat non disponible`, `N/A - division par 0`: INSEE's `N/A` followed by why. */
const NOT_AVAILABLE = /^#?n\/a\s*[-\u2013\u2014:]/;

/** Whether a trimmed cell is a word written in place of a figure (`s`, `nd`, `N/A - …`): a cell of data, not a label. */
export const isFigureMarker = (s: string): boolean => markerOf(s) !== undefined;

/** How a trimmed cell that is no number reads when it is a marker of a cell without a figure, or undefined. */
const markerOf = (s: string): typeof CELL_SECRET | typeof CELL_MISSING | undefined => {
  if (s.length > 60) return undefined;
  const lower = s.toLowerCase();
  return MARKERS.get(lower) ?? (NOT_AVAILABLE.test(lower) ? CELL_MISSING : undefined);
};

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
      const marker = markerOf(s);
      if (marker !== undefined) return marker;
      // U+2212, the minus sign of French typography, reads as the hyphen-minus.
      if (s.charCodeAt(0) === 0x2212) s = `-${s.slice(1)}`;
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
