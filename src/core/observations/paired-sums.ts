// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// A share over sub-units summed into communes, where some sub-units withhold the numerator. A CNAF file by IRIS gives,
// for L'Union, the allocataires `a` of every IRIS but the single parents `am` of some only: summed into the commune, `am`
// is short of two IRIS while `a` is whole, and `am / a` would read 13,5 % where the IRIS that publish both give 17,8 %.
// The engine leaves a withheld commune out of both sums of a ratio (principle 4); within a commune the import does the
// same for its sub-units: for each pair (numerator, denominator) of the library's ratios found in a file by IRIS, it
// also stores each of the two summed over the rows that publish both — `CAF_AM~CAF_A` and `CAF_A~CAF_AM` — and the
// engine reads these where a commune's sum is partial.

/** `x` summed over the rows where `over` is published too. */
export const pairedName = (x: string, over: string): string => `${x}~${over}`;

/** The two names of a paired column (`CAF_A~CAF_AM` → `['CAF_A', 'CAF_AM']`), or undefined for a plain variable. */
export const pairedParts = (name: string): [string, string] | undefined => {
  const k = name.indexOf('~');
  return k < 0 ? undefined : [name.slice(0, k), name.slice(k + 1)];
};
