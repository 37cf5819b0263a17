// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// French text: lists and labels set inside a sentence.

/** French list: « a, b et c ». */
export const joinFrench = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;

/**
 * A label set inside a sentence: its first letter in lower case (« Part des 75 ans ou plus » → « part des 75 ans ou
 * plus »), unless its first word is an acronym (« RSA », « EPCI », « CAF ») or a name's capital would be lost.
 */
export const lowerFirst = (label: string): string => {
  const first = label.split(/[\s’'-]/, 1)[0];
  if (first.length > 1 && first === first.toUpperCase() && first !== first.toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
};
