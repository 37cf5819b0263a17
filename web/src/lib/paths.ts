// URLs of the pages, in one place so that links and tests agree.
export const territoryPath = (ref: string, indicator?: string): string =>
  `/territoire/${ref}${indicator ? `?indicateur=${encodeURIComponent(indicator)}` : ''}`;

export const indicatorPath = (id: string, params: { within?: string; level?: string; methode?: string; classes?: number } = {}): string => {
  const q = new URLSearchParams();
  if (params.within) q.set('within', params.within);
  if (params.level) q.set('level', params.level);
  if (params.methode) q.set('methode', params.methode);
  if (params.classes) q.set('classes', String(params.classes));
  const s = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',');
  return `/indicateur/${encodeURIComponent(id)}${s ? `?${s}` : ''}`;
};

export const comparePath = (refs: string[]): string => (refs.length ? `/comparer?territoires=${refs.join(',')}` : '/comparer');
