// What the first visitor of a server would otherwise wait for: the library's variables loaded from the store, the
// ranking tables of communes, EPCI and départements, and the similarity matrices — made once, in the background, as
// soon as `socle serve` listens (a commune's first portrait page: about 450 ms cold, 40 ms once made). The cache is
// the context's: the next import clears it, and the next request makes again what it needs.
import type { AppContext } from '../context.js';
import { buildPortrait } from './build-portrait.service.js';
import { findSimilar } from './find-similar.service.js';

/** Communes tried, most populated first, for one whose portrait has values (ranks are only made for those). */
const CANDIDATES = 50;

/**
 * Builds the portraits and the similar territories of a commune with data, of its EPCI and of its département; gives
 * that commune's reference (its page can be asked for next, to make the server's render ready), or null.
 */
export const warmIndicators = async (ctx: AppContext): Promise<string | null> => {
  const r = ctx.referential;
  const byPopulation = Array.from(r.france)
    .filter((i) => Number.isFinite(r.population[i]))
    .sort((a, b) => r.population[b] - r.population[a])
    .slice(0, CANDIDATES);
  for (const i of byPopulation) {
    const portrait = await buildPortrait(ctx, `com:${r.codes[i]}`);
    if (!portrait.ok) return null;
    // The referential gives every commune a population: a commune with data of its own ranks on many more.
    const ranked = portrait.value.domains.reduce((n, d) => n + d.indicators.filter((x) => x.ranks.length > 0).length, 0);
    const all = portrait.value.domains.reduce((n, d) => n + d.indicators.length, 0);
    if (ranked < all / 4) continue;
    const epci = r.epciOf[i];
    for (const ref of [`com:${r.codes[i]}`, ...(epci ? [`epci:${epci}`] : []), `dep:${r.departementOf[i]}`]) {
      if (!ref.startsWith('com:')) await buildPortrait(ctx, ref);
      await findSimilar(ctx, ref);
    }
    return `com:${r.codes[i]}`;
  }
  return null;
};
