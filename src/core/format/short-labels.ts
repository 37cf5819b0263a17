// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Labels cut to fit a chart's margin, each still telling its indicator apart: two labels that differ only at their end
// (« … dont le référent a 60-74 ans », « … 75 ans ou plus ») keep that end, not the same cut beginning twice.

/** The start of the word where `labels` (two or more) begin to differ. */
const divergence = (labels: string[]): number => {
  let p = 0;
  while (p < labels[0].length && labels.every((l) => l[p] === labels[0][p])) p++;
  return labels[0].lastIndexOf(' ', p - 1) + 1;
};

/** `text` cut to at most `length` characters, at a space when one is not too far back. */
const head = (text: string, length: number): string => {
  const cut = text.slice(0, Math.max(0, length));
  const space = cut.lastIndexOf(' ');
  return (space > length / 2 ? cut.slice(0, space) : cut).trimEnd();
};

/**
 * Each label at most `max` characters (« Taux de pauvreté des ménages dont le référent… »), and distinct when the
 * labels are: those that would be cut to the same text keep their differing ends (« Taux de pauvreté des… 60-74 ans »).
 */
export const shortLabels = (labels: readonly string[], max = 42): string[] => {
  const out = labels.map((l) => (l.length > max ? `${head(l, max - 1)}…` : l));
  const same = new Map<string, number[]>();
  out.forEach((s, i) => same.set(s, [...(same.get(s) ?? []), i]));
  for (const indices of same.values()) {
    const full = [...new Set(indices.map((i) => labels[i]))];
    if (full.length < 2) continue;
    const from = divergence(full);
    for (const i of indices) {
      const tail = labels[i].slice(from);
      out[i] = tail.length + 2 >= max ? `…${tail.slice(tail.length - (max - 1))}` : `${head(labels[i], max - tail.length - 2)}… ${tail}`;
    }
  }
  return out;
};
