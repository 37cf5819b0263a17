import { describe, expect, it } from 'vitest';
import { shortLabels } from './short-labels.js';

describe('libellés courts des graphiques', () => {
  it('coupe un libellé long à un espace, avec des points de suspension', () => {
    const [cut] = shortLabels(['Part des personnes de 75 ans ou plus vivant seules à leur domicile']);
    expect(cut).toBe('Part des personnes de 75 ans ou plus…');
    expect(cut.length).toBeLessThanOrEqual(42);
    expect(shortLabels(['Part des 60-74 ans'])).toEqual(['Part des 60-74 ans']);
  });

  it('deux libellés coupés au même texte gardent chacun leur fin, et restent distincts', () => {
    const labels = shortLabels([
      'Taux de pauvreté des ménages dont le référent a 60-74 ans',
      'Taux de pauvreté des ménages dont le référent a 75 ans ou plus',
      'Part des 75 ans ou plus',
    ]);
    expect(labels).toEqual(['Taux de pauvreté des ménages… 60-74 ans', 'Taux de pauvreté des… 75 ans ou plus', 'Part des 75 ans ou plus']);
    expect(new Set(labels).size).toBe(3);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(42);
  });
});
