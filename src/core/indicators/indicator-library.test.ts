import { describe, expect, it } from 'vitest';
import { DOMAIN_LABELS } from './indicator.types.js';
import { CONTRACT_INDICATOR_IDS, DOMAIN_ORDER, INDICATORS, getIndicator } from './indicator-library.js';
import { formatFormula, variablesOf } from './terms.js';

describe('bibliothèque d’indicateurs', () => {
  it('compte au moins 60 indicateurs, tous les identifiants du contrat, sans doublon', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(60);
    for (const id of CONTRACT_INDICATOR_IDS) expect(getIndicator(id), id).toBeDefined();
    expect(new Set(INDICATORS.map((d) => d.id)).size).toBe(INDICATORS.length);
  });

  it('couvre chaque domaine, chacun avec sa définition, ses sources et son sujet de phrase', () => {
    for (const d of DOMAIN_ORDER) expect(INDICATORS.some((i) => i.domain === d), DOMAIN_LABELS[d]).toBe(true);
    for (const i of INDICATORS) {
      expect(i.id, i.id).toMatch(/^[a-z0-9_]+$/);
      expect(i.definition.length, i.id).toBeGreaterThan(20);
      expect(i.sources.length, i.id).toBeGreaterThan(0);
      expect(i.subject?.text, i.id).toMatch(/^(le |la |l’)/);
      expect(formatFormula(i.formula), i.id).not.toBe('');
      expect(variablesOf(i.formula).every((v) => /^[A-Z][A-Z0-9_]*$/.test(v)), i.id).toBe(true);
    }
  });

  it('ne fixe aucun millésime dans les déclarations : le moteur choisit le plus récent commun', () => {
    expect(INDICATORS.filter((i) => JSON.stringify(i.formula).includes('@'))).toEqual([]);
  });

  it('écrit les formules lisiblement', () => {
    expect(formatFormula(getIndicator('part_75_plus')!.formula)).toBe('Σ P_POP75P / Σ P_POP × 100');
    expect(formatFormula(getIndicator('part_familles_monoparentales')!.formula)).toBe('Σ C_FAMMONO / Σ (C_COUPAENF + C_FAMMONO + C_COUPSENF) × 100');
    expect(formatFormula(getIndicator('indice_vieillissement')!.formula)).toBe('Σ P_POP65P / Σ P_POP0019 × 100');
    expect(formatFormula(getIndicator('solde_naturel')!.formula)).toBe('Σ (NAISD − DECESD)');
  });
});
