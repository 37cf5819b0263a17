// The portrait's charts: values set against the references (grouped bars), and what changed between two
// millésimes (dots joined by a line). Each one points to the table that holds its values.
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type { PortraitIndicator } from '../../../src/core/indicators/portrait.types.js';
import { shortLabels } from '../../../src/core/format/short-labels.js';
import { formatValue } from '../lib/format.js';
import { representsTerritory } from '../../../src/core/indicators/coverage.js';
import { PlotFigure } from './PlotFigure.js';

/** The territory in blue France, then the references. */
const PALETTE = ['#000091', '#6a6af4', '#e1000f', '#666666', '#c3992a'];

/** Each indicator's label as the chart writes it, by id: cut to fit, and distinct (two cut alike keep their ends). */
const labelsById = (indicators: { id: string; label: string }[]): Map<string, string> => {
  const short = shortLabels(indicators.map((i) => i.label));
  return new Map(indicators.map((i, k) => [i.id, short[k]]));
};

interface CompareProps {
  indicators: PortraitIndicator[];
  territoryName: string;
  caption: string;
  tableId: string;
}

/** Bars of the shares (%) of a domain: the territory and each reference, side by side. */
export const ComparisonChart = ({ indicators, territoryName, caption, tableId }: CompareProps) => {
  // Bars are keyed by the indicator's id: two indicators whose labels read alike are still two groups of bars.
  const rows = useMemo(() => {
    const out: { indicator: string; label: string; territoire: string; value: number }[] = [];
    for (const ind of indicators) {
      // A figure of a few of the territory's inhabitants is not drawn as its own (ADR 0013).
      if (ind.value.value !== null && representsTerritory(ind.value)) out.push({ indicator: ind.id, label: ind.label, territoire: territoryName, value: ind.value.value });
      for (const r of ind.references) if (r.value !== null) out.push({ indicator: ind.id, label: ind.label, territoire: r.name, value: r.value });
    }
    return out;
  }, [indicators, territoryName]);
  // Only the territories that have a bar are in the legend.
  // Only the territories that have a bar are in the legend; each keeps its colour from one chart to the next.
  const [order, colours] = useMemo(() => {
    const drawn = new Set(rows.map((r) => r.territoire));
    const all = [territoryName, ...new Set(indicators.flatMap((i) => i.references.map((r) => r.name)))];
    const kept = all.flatMap((name, k) => (drawn.has(name) ? [[name, PALETTE[k % PALETTE.length]] as const] : []));
    return [kept.map(([name]) => name), kept.map(([, colour]) => colour)];
  }, [rows, indicators, territoryName]);
  const ids = useMemo(() => [...new Set(rows.map((r) => r.indicator))], [rows]);
  const names = useMemo(() => labelsById(indicators), [indicators]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginLeft: 250,
      marginRight: 40,
      width: 760,
      height: Math.max(120, ids.length * (order.length * 13 + 16) + 40),
      x: { label: '%', grid: true },
      y: { domain: order, axis: null },
      fy: { label: null, axis: 'left', domain: ids, tickFormat: (id: string) => names.get(id) ?? id },
      color: { domain: order, range: colours, legend: true },
      marks: [
        Plot.barX(rows, {
          x: 'value',
          y: 'territoire',
          fy: 'indicator',
          fill: 'territoire',
          title: (d: { label: string; territoire: string; value: number }) => `${d.label} — ${d.territoire} : ${formatValue(d.value, '%', 1)}`,
        }),
        Plot.text(rows, { x: 'value', y: 'territoire', fy: 'indicator', text: (d: { value: number }) => formatValue(d.value, '%', 1), dx: 4, textAnchor: 'start', fontSize: 10 }),
        Plot.ruleX([0]),
      ],
    }),
    [rows, order, colours, ids, names],
  );
  if (rows.length === 0) return null;
  const summary = indicators
    .filter((i) => i.value.value !== null && representsTerritory(i.value))
    .map((i) => `${i.label} : ${formatValue(i.value.value, i.unit, i.decimals)}`)
    .join(' ; ');
  return <PlotFigure options={options} caption={caption} tableId={tableId} summary={summary} />;
};

/** From the earlier millésime to the later one, for indicators that have both. */
export const EvolutionChart = ({ indicators, caption, tableId }: { indicators: PortraitIndicator[]; caption: string; tableId: string }) => {
  const shown = useMemo(
    () => indicators.filter((i) => i.evolution && i.evolution.valueFrom !== null && i.evolution.valueTo !== null && i.unit === '%'),
    [indicators],
  );
  const names = useMemo(() => labelsById(shown), [shown]);
  // Keyed by id, like the bars: two indicators whose labels read alike are two lines.
  const rows = useMemo(
    () => shown.map((i) => ({ indicator: i.id, from: i.evolution!.valueFrom!, to: i.evolution!.valueTo!, yFrom: i.evolution!.from, yTo: i.evolution!.to })),
    [shown],
  );
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginLeft: 260,
      width: 760,
      height: Math.max(100, rows.length * 28 + 40),
      x: { label: '%', grid: true },
      y: { label: null, domain: rows.map((r) => r.indicator), tickFormat: (id: string) => names.get(id) ?? id },
      marks: [
        Plot.link(rows, { x1: 'from', x2: 'to', y1: 'indicator', y2: 'indicator', stroke: '#929292', strokeWidth: 2, markerEnd: 'arrow' }),
        Plot.dot(rows, { x: 'from', y: 'indicator', fill: '#9a9aff', r: 4, title: (d: { yFrom: number; from: number }) => `${d.yFrom} : ${formatValue(d.from, '%', 1)}` }),
        Plot.dot(rows, { x: 'to', y: 'indicator', fill: '#000091', r: 4, title: (d: { yTo: number; to: number }) => `${d.yTo} : ${formatValue(d.to, '%', 1)}` }),
      ],
    }),
    [rows],
  );
  if (rows.length === 0) return null;
  const years = `${rows[0].yFrom} → ${rows[0].yTo}`;
  const summary = shown.map((i) => `${i.label} : de ${formatValue(i.evolution!.valueFrom, '%', 1)} à ${formatValue(i.evolution!.valueTo, '%', 1)}`).join(' ; ');
  return <PlotFigure options={options} caption={`${caption} (${years} ; point clair : début, point foncé : fin)`} tableId={tableId} summary={summary} />;
};
