import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './render-chart-svg.js';

/** The printed values of a comparison chart: their text, anchor and x position. */
/** The printed values of a comparison chart, each with the attributes of the group Plot puts it in. */
const labels = (svg: string) =>
  [...svg.matchAll(/<g([^>]*)>(?:<text[^>]*>[^<]*<\/text>)*<text transform="translate\(([\d.]+),[^>]*>([^<]*)<\/text>/g)]
    .map(([, attrs, x, text]) => ({ text, attrs, x: Number(x) }))
    .filter((l) => /^[-\u2212]?\d/.test(l.text));

describe('renderChartSvg (comparison bars)', () => {
  const svg = renderChartSvg({
    kind: 'comparison-bars',
    unit: '%/an',
    decimals: 1,
    series: ['Volvestre', 'Haute-Garonne'],
    rows: [{ label: 'Évolution annuelle de la population', values: [-0.8, 1.2] }],
  }).svg;

  it('prints a negative value left of its bar, a positive one right of it', () => {
    const printed = labels(svg);
    const negative = printed.find((l) => l.text === '−0,8')!;
    const positive = printed.find((l) => l.text === '1,2')!;
    expect(negative.attrs).toMatch(/text-anchor="end"/);
    expect(positive.attrs).not.toMatch(/text-anchor="end"/);
  });

  it('keeps the negative value inside the plot, clear of the row labels', () => {
    const negative = labels(svg).find((l) => l.text === '−0,8')!;
    // The row labels end at the left margin (210 px); the value, right-aligned, needs about 25 px before its end.
    expect(negative.x - 4 - 4 * 6).toBeGreaterThan(210);
  });
});
