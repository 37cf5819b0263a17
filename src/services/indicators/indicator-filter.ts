// Which indicators a portrait or a listing keeps: those of some publics (familles, personnes âgées…) and of some
// domains (logement, emploi et chômage…), each given by its id or its French label, case, accents and spaces aside.
import { DOMAIN_LABELS, PUBLIC_LABELS, type IndicatorDefinition } from '../../core/indicators/indicator.types.js';
import { foldText } from '../../core/referential/text.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';

export interface IndicatorFilterInput {
  /** Publics by id or label: `personnes_agees`, « personnes âgées »; several in one text separated by commas. */
  publics?: string[];
  /** Domains by id or label: `logement`, « Emploi et chômage ». */
  domains?: string[];
  /** How the messages name the two choices: the CLI's options (by default) or the API's query parameters. */
  edge?: 'cli' | 'api';
}

const foldChoice = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** The ids chosen among `labels`, or undefined when none is given; an unknown one is refused with the list. */
const chosen = <K extends string>(option: string, given: string[] | undefined, labels: Record<K, string>): Result<Set<K> | undefined, AppError> => {
  const texts = (given ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
  if (texts.length === 0) return ok(undefined);
  const ids = Object.keys(labels) as K[];
  const out = new Set<K>();
  for (const text of texts) {
    const f = foldChoice(text);
    const id = ids.find((k) => k === f || foldChoice(labels[k]) === f);
    if (!id) return err(appError('PARAMETRE_INVALIDE', `${option} « ${text} » : valeurs possibles ${ids.map((k) => `${k} (${labels[k]})`).join(', ')}`));
    out.add(id);
  }
  return ok(out);
};

/** The test an indicator passes to be kept, or undefined when every indicator is. */
export const indicatorFilter = (input: IndicatorFilterInput): Result<((def: IndicatorDefinition) => boolean) | undefined, AppError> => {
  const api = input.edge === 'api';
  const publics = chosen(api ? 'public=' : '--public', input.publics, PUBLIC_LABELS);
  if (!publics.ok) return publics;
  const domains = chosen(api ? 'domaine=' : '--domaine', input.domains, DOMAIN_LABELS);
  if (!domains.ok) return domains;
  const p = publics.value;
  const d = domains.value;
  if (!p && !d) return ok(undefined);
  return ok((def) => (!p || def.publics.some((x) => p.has(x))) && (!d || d.has(def.domain)));
};
