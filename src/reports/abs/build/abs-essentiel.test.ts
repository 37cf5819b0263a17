import { describe, expect, it } from 'vitest';
import type { PortraitIndicator } from '../../../core/indicators/portrait.types.js';
import { buildFinding, robustSpread, selectFindings } from './abs-essentiel.js';

const indicator = (value: number, sentence: string): PortraitIndicator => ({
  id: 'taux_activite_15_64',
  label: 'Taux d’activité des 15-64 ans',
  domain: 'emploi_chomage',
  unit: '%',
  polarity: 'higher_is_better',
  decimals: 1,
  value: { name: 'taux_activite_15_64', territory: 'com:31471', millesime: 2022, value, unit: '%', status: 'ok', sources: [] },
  references: [{ territory: 'epci:200072643', name: 'CC Pyrénées Haut Garonnaises', value: 76, status: 'ok', millesime: 2022 }],
  ranks: [],
  evolution: null,
  sentence,
});

// The reference's communes spread by 1,349 point between quartiles: a spread d of 1 point.
const referenceValues = [74, 74.3255, 75, 76, 77, 77.6745, 78];
const finding = (value: number, sentence: string) =>
  buildFinding({ indicator: indicator(value, sentence), chapterId: 'emploi', chapterTitle: 'Emploi et insertion', referenceValues });

describe('constats de « L’essentiel »', () => {
  it('un écart de moins d’une demi-dispersion, ou que la phrase dit proche, est neutre ; au-delà, il suit la polarité', () => {
    expect(finding(76.2, 'Le taux d’activité des 15-64 ans (76,2 %) est supérieur à celui de la CC (76,0 %).')!.tone).toBe('neutre');
    expect(finding(77.5, 'Le taux d’activité des 15-64 ans (77,5 %) est proche de celui de la CC (76,0 %).')!.tone).toBe('neutre');
    expect(finding(78, 'Le taux d’activité des 15-64 ans (78,0 %) est supérieur à celui de la CC (76,0 %).')!.tone).toBe('favourable');
    expect(finding(74, 'Le taux d’activité des 15-64 ans (74,0 %) est inférieur à celui de la CC (76,0 %).')!.tone).toBe('defavorable');
  });

  it('une dispersion plus fine que les chiffres imprimés ne mesure rien : pas de constat, jamais des millions d’écarts-types', () => {
    const flat = [76, 76, 76.00000001, 76.00000002, 76.00000003, 76.00000004, 76.00000005];
    expect(buildFinding({ indicator: indicator(75.4, 'Le taux…'), chapterId: 'emploi', chapterTitle: 'Emploi et insertion', referenceValues: flat })).toBeNull();
  });

  it('un constat neutre ne dit pas son écart favorable ; un écart que les chiffres imprimés ne montrent pas n’est pas un constat', () => {
    const neutral = finding(76.3, 'Le taux d’activité des 15-64 ans (76,3 %) est supérieur à celui de la CC (76,0 %), un écart favorable.')!;
    expect(neutral.tone).toBe('neutre');
    expect(neutral.sentence).toBe('Le taux d’activité des 15-64 ans (76,3 %) est supérieur à celui de la CC (76,0 %).');
    expect(finding(76.04, 'Le taux d’activité des 15-64 ans (76,0 %) est égal à celui de la CC (76,0 %).')).toBeNull();
    // « -0,5 écart-type » as printed is half a spread: toned, as « +0,5 » is.
    const d = robustSpread(referenceValues);
    expect(finding(76 - 0.48 * d, 'Le taux d’activité des 15-64 ans est inférieur à celui de la CC (76,0 %).')!.tone).toBe('defavorable');
    expect(finding(76 - 0.44 * d, 'Le taux d’activité des 15-64 ans est inférieur à celui de la CC (76,0 %).')!.tone).toBe('neutre');
  });

  it('ne retient que les écarts d’une demi-dispersion ou plus, que la phrase ne dit pas proches : moins de huit, ou aucun', () => {
    const d = robustSpread(referenceValues);
    const candidate = (id: string, z: number, word = z > 0 ? 'supérieur à' : 'inférieur à') => ({
      indicator: { ...indicator(76 + z * d, `Le taux (${id}) est ${word} celui de la CC (76,0 %).`), id },
      chapterId: id,
      chapterTitle: id,
      referenceValues,
    });
    const gaps = [candidate('a', 2.1), candidate('b', -1.2), candidate('c', 0.6), candidate('d', 0.4), candidate('e', -0.3), candidate('f', 0.2), candidate('g', 0.1), candidate('h', -0.1), candidate('i', 0.7, 'proche de')];
    expect(selectFindings(gaps).map((f) => f.indicatorId)).toEqual(['a', 'b', 'c']);
    expect(selectFindings(gaps.filter((c) => ['d', 'e', 'f'].includes(c.chapterId)))).toEqual([]);
  });
});
