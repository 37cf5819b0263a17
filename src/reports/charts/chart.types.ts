// Ces types sont purs. Chart specifications: plain data that the server renders to SVG for the reports
// (render-chart-svg.ts) and that the web app can hand to the same Plot options (plot-specs.ts) in the browser.

/** One row per indicator, one bar per territory (the subject first, then its references). */
export interface ComparisonBarsSpec {
  kind: 'comparison-bars';
  unit: string;
  decimals: number;
  /** Territory names; index 0 is the territory of the report. */
  series: string[];
  rows: { label: string; values: (number | null)[] }[];
}

/** Grouped columns over ordered categories (age groups): shares for the territory and its references. */
export interface GroupedColumnsSpec {
  kind: 'grouped-columns';
  unit: string;
  decimals: number;
  series: string[];
  categories: { label: string; values: (number | null)[] }[];
}

export type ChartSpec = ComparisonBarsSpec | GroupedColumnsSpec;
