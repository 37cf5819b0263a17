// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// Whether a level of a map or a table divides a territory: the communes of an EPCI, the EPCI of a département; never
// the département of a commune. A perimeter is divided at any level, into the EPCI or départements it reaches. The
// same answer for the values, the maps, the outlines and the tiles.
import { LEVEL_NOUNS } from '../format/french-text.js';
import { appError, err, ok, type AppError, type Result } from '../result.js';

type Level = 'com' | 'epci' | 'dep';
const LEVELS: readonly Level[] = ['com', 'epci', 'dep'];

/** How coarse each kind of territory is: a level no coarser than the territory divides it. */
const LEVEL_DEPTH: Partial<Record<string, number>> = { com: 0, epci: 1, dep: 2, reg: 3, fr: 4 };

export const levelDivides = (territory: { kind: string; name: string; ref: string }, level: Level): Result<void, AppError> => {
  const depth = LEVEL_DEPTH[territory.kind];
  if (depth === undefined || LEVEL_DEPTH[level]! <= depth) return ok(undefined);
  const finer = LEVELS.filter((l) => LEVEL_DEPTH[l]! <= depth);
  return err(
    appError('PARAMETRE_INVALIDE', `niveau « ${level} » : ${territory.name} (${territory.ref}) ne se divise pas en ${LEVEL_NOUNS[level][1]} ; niveau attendu : ${finer.join(' ou ')}`),
  );
};
