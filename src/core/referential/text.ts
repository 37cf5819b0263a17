// Ces fonctions sont pures. Text folding for search: no accents, no case, hyphens and apostrophes as spaces,
// « Saint » and « St » made equal.

export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[-'’`_.,/()]/g, ' ')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\s+/g, ' ')
    .trim();

/** French collation for names, the same on every store (PostgreSQL uses a French ICU collation for the same order). */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
export const compareNames = (a: string, b: string): number => collator.compare(a, b);
