// Ces fonctions sont pures : elles ne font aucune entrée-sortie.
// The terms of a formula: `P_POP7589`, `-DECESD` (subtracted), `P_POP@2016` (millésime pinned).
import type { Formula, Terms } from './indicator.types.js';

export interface Term {
  name: string;
  sign: 1 | -1;
  /** Pinned millésime, or undefined to follow the indicator's. */
  millesime?: number;
}

const TERM = /^([+-])?\s*([A-Za-z][A-Za-z0-9_]*)(?:@(\d{4}))?$/;

export const parseTerm = (text: string): Term => {
  const m = TERM.exec(text.trim());
  // Terms come from declarations written by developers: a malformed one is a bug, not an input error.
  if (!m) throw new Error(`terme de formule invalide : « ${text} »`);
  return { name: m[2], sign: m[1] === '-' ? -1 : 1, millesime: m[3] ? Number(m[3]) : undefined };
};

export const parseTerms = (terms: Terms): Term[] => terms.map(parseTerm);

export const formatTerm = (t: Term): string => `${t.sign < 0 ? '-' : ''}${t.name}${t.millesime ? `@${t.millesime}` : ''}`;

/** Every variable a formula reads at the indicator's millésime (the area of a density is read apart). */
export const mainTermsOf = (f: Formula): Term[] => {
  switch (f.kind) {
    case 'stock':
    case 'density':
    case 'evolution':
    case 'difference':
    case 'evolution_component':
      return parseTerms(f.terms);
    case 'share':
    case 'ratio':
      return parseTerms([...f.numerator, ...f.denominator]);
    case 'published':
      return [parseTerm(f.variable)];
  }
};

/** Names of every variable a formula reads, for listings and the method annex. */
export const variablesOf = (f: Formula): string[] => {
  const names = mainTermsOf(f).map((t) => t.name);
  if (f.kind === 'density') names.push(f.area);
  if ((f.kind === 'share' || f.kind === 'ratio') && f.otherwise) names.push(...parseTerms(f.otherwise).map((t) => t.name));
  if (f.kind === 'evolution_component') names.push(...parseTerms(f.component).map((t) => t.name));
  return [...new Set(names)];
};

/** The denominator of a share, a ratio or a density as the formulas write it (« P_ACT1564 », « SUPERF »). */
export const denominatorText = (f: Formula): string | undefined =>
  f.kind === 'share' || f.kind === 'ratio' ? sum(f.denominator) : f.kind === 'density' ? f.area : undefined;

const sum = (terms: Terms): string => {
  const parts = parseTerms(terms).map((t, i) => `${i === 0 ? (t.sign < 0 ? '−' : '') : t.sign < 0 ? ' − ' : ' + '}${t.name}${t.millesime ? `(${t.millesime})` : ''}`);
  return parts.join('');
};
const group = (terms: Terms): string => (terms.length > 1 ? `(${sum(terms)})` : sum(terms));

const otherwiseText = (f: { denominator: Terms; otherwise?: Terms }): string =>
  f.otherwise ? ` (à défaut de ${sum(f.denominator)} : Σ ${group(f.otherwise)} au dénominateur)` : '';

/**
 * The formula with the denominator it reads: `denominator`, or `otherwise` when `useOtherwise` says the first has no
 * data; either way without `otherwise`.
 */
export const concreteFormula = (f: Formula, useOtherwise: boolean): Formula => {
  if ((f.kind !== 'share' && f.kind !== 'ratio') || !f.otherwise) return f;
  const { otherwise, ...rest } = f;
  return useOtherwise ? { ...rest, denominator: otherwise } : rest;
};

/** The formula as people read it: « (P_POP7589 + P_POP90P) / P_POP × 100 ». */
export const formatFormula = (f: Formula): string => {
  switch (f.kind) {
    case 'stock':
      return `Σ ${group(f.terms)}`;
    case 'share':
      return `Σ ${group(f.numerator)} / Σ ${group(f.denominator)} × 100${otherwiseText(f)}`;
    case 'ratio':
      return `Σ ${group(f.numerator)} / Σ ${group(f.denominator)}${f.factor === 1 ? '' : ` × ${f.factor === 1000 ? '1 000' : f.factor}`}${otherwiseText(f)}`;
    case 'density':
      return `Σ ${group(f.terms)} / Σ ${f.area} (km²)`;
    case 'evolution': {
      const y = f.years ? `${f.years[0]} → ${f.years[1]}` : `n−${f.span ?? 6} → n`;
      return `((Σ ${group(f.terms)}(n) / Σ ${group(f.terms)}(n−k))^(1/k) − 1) × 100, ${y}`;
    }
    case 'difference': {
      const y = f.years ? `${f.years[0]} → ${f.years[1]}` : `n−${f.span ?? 6} → n`;
      return `Σ ${group(f.terms)}(n) − Σ ${group(f.terms)}(n−k), ${y}`;
    }
    case 'evolution_component': {
      const rate = `t = (Σ ${group(f.terms)}(n) / Σ ${group(f.terms)}(n−k))^(1/k) − 1`;
      const part = `t × Σ ${group(f.component)}(n−k → n−1) / (Σ ${group(f.terms)}(n) − Σ ${group(f.terms)}(n−k))`;
      return `${f.rest ? `(t − ${part})` : part} × 100, où ${rate}, n−${f.span ?? 6} → n`;
    }
    case 'published':
      return `${f.variable} tel que publié (non agrégeable : répondu là où la source le publie)`;
  }
};

/**
 * The (numerator, denominator) of a share or a ratio of one variable over one other, both at the indicator's
 * millésime (`CAF_AM` over `CAF_A`): the ratios whose sub-units an import pairs (core/observations/paired-sums.ts).
 */
export const singleRatioOf = (f: Formula): [string, string] | undefined => {
  if (f.kind !== 'share' && f.kind !== 'ratio') return undefined;
  if (f.numerator.length !== 1 || f.denominator.length !== 1) return undefined;
  const [n, d] = [parseTerm(f.numerator[0]), parseTerm(f.denominator[0])];
  if (n.sign < 0 || d.sign < 0 || n.millesime !== undefined || d.millesime !== undefined || n.name === d.name) return undefined;
  return [n.name, d.name];
};

/** The pairs of `singleRatioOf` among these formulas whose two variables are both in `names`, each once. */
export const ratioPairsWithin = (formulas: readonly Formula[], names: ReadonlySet<string>): [string, string][] => {
  const out = new Map<string, [string, string]>();
  for (const f of formulas) {
    const pair = singleRatioOf(f);
    if (pair && names.has(pair[0]) && names.has(pair[1])) out.set(pair.join('|'), pair);
  }
  return [...out.values()];
};
