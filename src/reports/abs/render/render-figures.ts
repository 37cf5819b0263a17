// Every figure of a document drawn once to SVG; the HTML, PDF and Word renderers all use these same strings.
import { renderChartSvg, type RenderedSvg } from '../../charts/render-chart-svg.js';
import type { AbsDocument, Figure } from '../abs-document.types.js';
import { renderMapSvg } from './abs-map-svg.js';

export type FigureSvgs = Map<string, RenderedSvg>;

export const figuresOf = (doc: AbsDocument): Figure[] =>
  doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'figure' ? [b.figure] : [])));

export const renderFigure = (figure: Figure): RenderedSvg => (figure.spec.kind === 'map' ? renderMapSvg(figure.spec) : renderChartSvg(figure.spec));

export const renderFigures = (doc: AbsDocument): FigureSvgs => new Map(figuresOf(doc).map((f) => [f.id, renderFigure(f)]));
