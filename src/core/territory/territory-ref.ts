// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// A territory reference is the stable id of a territory everywhere (CLI, API, URLs, reports): `com:31555`,
// `epci:243100518`, `dep:31`, `reg:76`, `fr`, `per:sud-haute-garonne`.
import { appError, err, ok, type AppError, type Result } from '../result.js';

export type TerritoryKind = 'com' | 'epci' | 'dep' | 'reg' | 'fr' | 'per';

export interface TerritoryRef {
  kind: TerritoryKind;
  /** INSEE code, SIREN, département or région code, perimeter slug; '' for fr. */
  code: string;
}

export const KIND_LABELS: Record<TerritoryKind, string> = {
  com: 'commune',
  epci: 'intercommunalité',
  dep: 'département',
  reg: 'région',
  fr: 'France',
  per: 'périmètre',
};

const PATTERNS: Record<Exclude<TerritoryKind, 'fr'>, RegExp> = {
  com: /^(\d[\dAB]\d{3})$/i,
  epci: /^(\d{9})$/,
  dep: /^(\d{2}|2A|2B|97\d|98\d)$/i,
  reg: /^(\d{2})$/,
  per: /^([a-z0-9]+(?:-[a-z0-9]+)*)$/,
};

const EXPECTED: Record<Exclude<TerritoryKind, 'fr'>, string> = {
  com: 'un code INSEE de 5 caractères (31555, 2A004)',
  epci: 'un SIREN de 9 chiffres',
  dep: 'un code de département (31, 2A, 974)',
  reg: 'un code de région de 2 chiffres',
  per: 'un identifiant en minuscules, chiffres et tirets',
};

export const formatRef = (ref: TerritoryRef): string => (ref.kind === 'fr' ? 'fr' : `${ref.kind}:${ref.code}`);

/** True when the text has the shape of a reference (`xxx:…` or `fr`); otherwise it is free text to search. */
export const looksLikeRef = (text: string): boolean => /^(com|epci|dep|reg|per):/i.test(text.trim()) || text.trim().toLowerCase() === 'fr';

export const parseRef = (input: string): Result<TerritoryRef, AppError> => {
  const text = input.trim();
  if (text.toLowerCase() === 'fr') return ok({ kind: 'fr', code: '' });
  const m = /^([a-z]+):(.*)$/i.exec(text);
  if (!m) return err(appError('REFERENCE_INVALIDE', `« ${input} » n'est pas une référence de territoire (com:, epci:, dep:, reg:, fr, per:)`));
  const kind = m[1].toLowerCase();
  const code = m[2].trim();
  if (!(kind in PATTERNS)) {
    return err(appError('REFERENCE_INVALIDE', `« ${input} » : type de territoire « ${m[1]} » inconnu (com, epci, dep, reg, fr, per)`));
  }
  const k = kind as Exclude<TerritoryKind, 'fr'>;
  if (!PATTERNS[k].test(code)) {
    return err(appError('REFERENCE_INVALIDE', `« ${input} » : « ${code} » n'est pas ${EXPECTED[k]}`));
  }
  return ok({ kind: k, code: k === 'per' ? code : code.toUpperCase() });
};

export const parseRefList = (input: string): Result<TerritoryRef[], AppError> => {
  const refs: TerritoryRef[] = [];
  for (const part of input.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = parseRef(part);
    if (!r.ok) return r;
    refs.push(r.value);
  }
  return ok(refs);
};

/**
 * Whether a « département » code of the referential is a collectivité d'outre-mer (975, 977, 978, 984, 986…989): the
 * referential keeps each as its communes' département, outside France as INSEE counts it; 971–974 and 976 are DROM.
 */
export const isOverseasCollectivity = (code: string): boolean => /^9[78]\d$/.test(code) && !/^97[1-46]$/.test(code);
