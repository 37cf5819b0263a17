import { describe, expect, it } from 'vitest';
import { classify } from '../../core/indicators/classification.js';
import { classColors, sequentialColors } from './palette.js';

describe('couleurs des classes', () => {
  it('sans valeur sous zéro : la palette séquentielle de la polarité', () => {
    expect(classColors([0, 1, 2, 5], 'higher_is_worse')).toEqual(sequentialColors(3, 'higher_is_worse'));
    expect(classColors([3, 4])).toEqual(sequentialColors(1));
  });

  it('de part et d’autre de zéro : rouge dessous, bleu dessus, plus foncé loin de zéro, pâle pour la classe qui le contient', () => {
    // Two classes each side, zero a bound.
    expect(classColors([-4, -2, 0, 2, 4])).toEqual(['#67001f', '#fddbc7', '#d1e5f0', '#053061']);
    // The middle class holds zero.
    expect(classColors([-3, -1, 1, 3])).toEqual(['#f4a582', '#f7f7f7', '#92c5de']);
    // A high value is a concern: blue below, red above.
    expect(classColors([-4, -2, 0, 2, 4], 'higher_is_worse')).toEqual(['#053061', '#d1e5f0', '#fddbc7', '#67001f']);
  });

  it('des pertes seulement : le côté « sous zéro », plus foncé pour les plus fortes', () => {
    expect(classColors([-5, -3, -1])).toEqual(['#67001f', '#fddbc7']);
    // The class that reaches zero from below is below it.
    expect(classColors([-5, -3, 0])).toEqual(['#67001f', '#fddbc7']);
    expect(classColors([])).toEqual([]);
  });

  it('des classes calculées sur des pertes et des gains : aucune n’est pâle, chacune est d’un côté de zéro', () => {
    const breaks = classify([-0.8, -0.6, -0.2, 0.4, 0.9, 1.2, 1.7, 2.5, 3.1], 'jenks', 3, 1).breaks;
    const colours = classColors(breaks, 'neutral');
    expect(colours).not.toContain('#f7f7f7');
    expect(colours).toHaveLength(breaks.length - 1);
  });
});
