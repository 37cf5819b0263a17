// Observable Plot options for each chart spec. The server (render-chart-svg.ts) and the web app give the same options
// to Plot.plot, with their own `document`, so a chart looks the same in the browser and in the reports.
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../../core/format/number-format.js';
import { CHART_FONT_SIZE, SERIES_COLOURS, TEXT_COLOUR } from './chart-theme.js';
import type { ComparisonBarsSpec, GroupedColumnsSpec } from './chart.types.js';

export const CHART_WIDTH = 640;

interface Datum {
  row: string;
  series: string;
  value: number | null;
}

const frenchTick = (decimals: number) => (d: number) => formatNumber(d, decimals);

/** Height a comparison chart needs: one band per territory per row, plus room for axis and labels. */
export const comparisonBarsHeight = (spec: ComparisonBarsSpec): number => 30 + spec.rows.length * (spec.series.length * 14 + 14);

/** Horizontal grouped bars: one facet per indicator, one bar per territory, the value printed at the end of the bar. */
export const comparisonBarsOptions = (spec: ComparisonBarsSpec, document?: Plot.PlotOptions['document']): Plot.PlotOptions => {
  const data: Datum[] = spec.rows.flatMap((r) => spec.series.map((s, k) => ({ row: r.label, series: s, value: r.values[k] ?? null })));
  const max = Math.max(0, ...data.map((d) => d.value ?? 0));
  const min = Math.min(0, ...data.map((d) => d.value ?? 0));
  const present = data.filter((d) => d.value != null);
  const missing = data.filter((d) => d.value == null);
  const positive = present.filter((d) => d.value! >= 0);
  const negative = present.filter((d) => d.value! < 0);
  return {
    document,
    width: CHART_WIDTH,
    height: comparisonBarsHeight(spec),
    marginLeft: 210,
    marginRight: 70,
    marginTop: 6,
    marginBottom: 26,
    style: { fontSize: `${CHART_FONT_SIZE}px`, color: TEXT_COLOUR },
    // A negative value is printed left of its bar, inside the plot: room for it beyond the longest negative bar.
    x: { domain: [min < 0 ? min - (Math.max(max * 1.08, 0) - min) * 0.15 : 0, max * 1.08 || 1], grid: true, label: null, tickFormat: frenchTick(spec.unit === '%' ? 0 : Math.min(spec.decimals, 1)), ticks: 5 },
    y: { domain: spec.series, axis: null, padding: 0.15 },
    fy: { domain: spec.rows.map((r) => r.label), label: null, padding: 0.25 },
    color: { domain: spec.series, range: SERIES_COLOURS.slice(0, spec.series.length) },
    marks: [
      Plot.axisFy({ anchor: 'left', label: null, lineWidth: 16, fontSize: CHART_FONT_SIZE, tickSize: 0 }),
      Plot.barX(present, { x: 'value', y: 'series', fy: 'row', fill: 'series' }),
      // A value is printed beyond the end of its bar: right of a positive bar, left of a negative one, never on the bar.
      Plot.text(positive, { x: 'value', y: 'series', fy: 'row', text: (d: Datum) => formatNumber(d.value!, spec.decimals), dx: 4, textAnchor: 'start', fontSize: CHART_FONT_SIZE - 1, fill: TEXT_COLOUR }),
      Plot.text(negative, { x: 'value', y: 'series', fy: 'row', text: (d: Datum) => formatNumber(d.value!, spec.decimals), dx: -4, textAnchor: 'end', fontSize: CHART_FONT_SIZE - 1, fill: TEXT_COLOUR }),
      Plot.text(missing, { x: 0, y: 'series', fy: 'row', text: () => 'n.d.', dx: 4, textAnchor: 'start', fontSize: CHART_FONT_SIZE - 1, fill: '#666666' }),
      Plot.ruleX([0], { stroke: TEXT_COLOUR }),
    ],
  };
};

export const groupedColumnsHeight = (): number => 300;

/** Vertical grouped columns over ordered categories (the age structure). */
export const groupedColumnsOptions = (spec: GroupedColumnsSpec, document?: Plot.PlotOptions['document']): Plot.PlotOptions => {
  const data: Datum[] = spec.categories.flatMap((c) => spec.series.map((s, k) => ({ row: c.label, series: s, value: c.values[k] ?? null })));
  const present = data.filter((d) => d.value != null);
  return {
    document,
    width: CHART_WIDTH,
    height: groupedColumnsHeight(),
    marginLeft: 44,
    marginBottom: 34,
    marginTop: 18,
    style: { fontSize: `${CHART_FONT_SIZE}px`, color: TEXT_COLOUR },
    x: { domain: spec.series, axis: null, paddingInner: 0.08 },
    fx: { domain: spec.categories.map((c) => c.label), label: null, padding: 0.2 },
    y: { grid: true, label: spec.unit === '%' ? '% de la population' : spec.unit, tickFormat: frenchTick(0), labelArrow: 'none' },
    color: { domain: spec.series, range: SERIES_COLOURS.slice(0, spec.series.length) },
    marks: [
      Plot.axisFx({ anchor: 'bottom', label: null, fontSize: CHART_FONT_SIZE, tickSize: 0 }),
      Plot.barY(present, { fx: 'row', x: 'series', y: 'value', fill: 'series' }),
      Plot.ruleY([0], { stroke: TEXT_COLOUR }),
    ],
  };
};
