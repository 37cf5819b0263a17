// Charts drawn on the server: Observable Plot renders into a linkedom document (no browser), then the SVG is made
// standalone — its legend drawn in SVG rather than in HTML, no <style> element, explicit colours and font — so that
// the HTML report inlines it, the PDF draws it as vectors and the Word file rasterises it, all from the same string.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { CHART_FONT, CHART_FONT_SIZE, SERIES_COLOURS, TEXT_COLOUR } from './chart-theme.js';
import type { ChartSpec } from './chart.types.js';
import { CHART_WIDTH, comparisonBarsOptions, groupedColumnsOptions } from './plot-specs.js';

export interface RenderedSvg {
  svg: string;
  width: number;
  height: number;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rough width of a text in the chart font (DejaVu Sans averages 0.6 em per character). */
export const textWidth = (text: string, size = CHART_FONT_SIZE): number => text.length * size * 0.6;

/** A legend row (wrapping) of coloured squares and names, as SVG markup, and its height. */
export const svgLegend = (names: string[], colours: string[], width: number): { markup: string; height: number } => {
  const parts: string[] = [];
  let x = 0;
  let y = 0;
  const lineHeight = 18;
  names.forEach((name, k) => {
    const w = 16 + textWidth(name) + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      y += lineHeight;
    }
    parts.push(`<rect x="${x}" y="${y + 2}" width="11" height="11" fill="${colours[k]}"/>`);
    parts.push(`<text x="${x + 16}" y="${y + 12}" font-size="${CHART_FONT_SIZE}" fill="${TEXT_COLOUR}" text-anchor="start">${escapeXml(name)}</text>`);
    x += w;
  });
  return { markup: `<g aria-label="légende">${parts.join('')}</g>`, height: y + lineHeight + 6 };
};

/** What this file reads of the elements Plot returns (the server build has no DOM types). */
interface ServerElement {
  tagName: string;
  innerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): ServerElement | null;
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>;
}

type PlotDocument = NonNullable<Parameters<typeof Plot.plot>[0]>['document'];

let cachedDocument: PlotDocument | null = null;
const serverDocument = (): PlotDocument => {
  // One parsed document for every chart: Plot only creates detached elements in it.
  if (!cachedDocument) cachedDocument = parseHTML('<!doctype html><html><body></body></html>').document as unknown as PlotDocument;
  return cachedDocument;
};

/** Plot's SVG element → its inner markup, with the root's presentation attributes moved onto a group. */
const innerOf = (svg: ServerElement): { inner: string; width: number; height: number } => {
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove();
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const attrs = ['text-anchor', 'font-size']
    .map((a) => (svg.getAttribute(a) ? `${a}="${svg.getAttribute(a)}"` : ''))
    .filter(Boolean)
    .join(' ');
  const inner = svg.innerHTML.replace(/currentColor/g, TEXT_COLOUR);
  return { inner: `<g ${attrs} fill="${TEXT_COLOUR}">${inner}</g>`, width, height };
};

/** A chart spec → a standalone SVG string (legend included), same output for the same spec. */
export const renderChartSvg = (spec: ChartSpec): RenderedSvg => {
  const document = serverDocument();
  const options = spec.kind === 'comparison-bars' ? comparisonBarsOptions(spec, document) : groupedColumnsOptions(spec, document);
  const plot = Plot.plot(options) as unknown as ServerElement;
  const svgEl = plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg')!;
  const { inner, width, height } = innerOf(svgEl);
  const legend = svgLegend(spec.series, SERIES_COLOURS, CHART_WIDTH);
  const total = height + legend.height;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="${CHART_FONT}" font-size="${CHART_FONT_SIZE}">` +
    `<rect width="${width}" height="${total}" fill="#ffffff"/>` +
    legend.markup +
    `<g transform="translate(0,${legend.height})">${inner}</g></svg>`;
  return { svg, width, height: total };
};
