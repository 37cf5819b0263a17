// The portrait's charts: values set against the references (grouped bars), and what changed between two
// millésimes (dots joined by a line). Each one points to the table that holds its values.
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type { PortraitIndicator } from '../../../src/core/indicators/portrait.types.js';
import { formatValue } from '../lib/format.js';
import { PlotFigure } from './PlotFigure.js';

/** The territory in blue France, then the references. */
const PALETTE = ['#000091', '#6a6af4', '#e1000f', '#666666', '#c3992a'];

const short = (label: string): string => (label.length > 42 ? `${label.slice(0, 40)}…` : label);

interface CompareProps {
  indicators: PortraitIndicator[];
  territoryName: string;
  caption: string;
  tableId: string;
}

/** Bars of the shares (%) of a domain: the territory and each reference, side by side. */
export const ComparisonChart = ({ indicators, territoryName, caption, tableId }: CompareProps) => {
  const rows = useMemo(() => {
    const out: { indicator: string; territoire: string; value: number }[] = [];
    for (const ind of indicators) {
      if (ind.value.value !== null) out.push({ indicator: short(ind.label), territoire: territoryName, value: ind.value.value });
      for (const r of ind.references) if (r.value !== null) out.push({ indicator: short(ind.label), territoire: r.name, value: r.value });
    }
    return out;
  }, [indicators, territoryName]);
  const order = useMemo(() => [territoryName, ...new Set(indicators.flatMap((i) => i.references.map((r) => r.name)))], [indicators, territoryName]);
  const labels = useMemo(() => [...new Set(rows.map((r) => r.indicator))], [rows]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginLeft: 250,
      marginRight: 40,
      width: 760,
      height: Math.max(120, labels.length * (order.length * 13 + 16) + 40),
      x: { label: '%', grid: true },
      y: { domain: order, axis: null },
      fy: { label: null, axis: 'left', domain: labels },
      color: { domain: order, range: PALETTE.slice(0, order.length), legend: true },
      marks: [
        Plot.barX(rows, { x: 'value', y: 'territoire', fy: 'indicator', fill: 'territoire' }),
        Plot.text(rows, { x: 'value', y: 'territoire', fy: 'indicator', text: (d: { value: number }) => formatValue(d.value, '%', 1), dx: 4, textAnchor: 'start', fontSize: 10 }),
        Plot.ruleX([0]),
      ],
    }),
    [rows, order, labels],
  );
  if (rows.length === 0) return null;
  const summary = indicators
    .filter((i) => i.value.value !== null)
    .map((i) => `${i.label} : ${formatValue(i.value.value, i.unit, i.decimals)}`)
    .join(' ; ');
  return <PlotFigure options={options} caption={caption} tableId={tableId} summary={summary} />;
};

/** From the earlier millésime to the later one, for indicators that have both. */
export const EvolutionChart = ({ indicators, caption, tableId }: { indicators: PortraitIndicator[]; caption: string; tableId: string }) => {
  const rows = useMemo(
    () =>
      indicators
        .filter((i) => i.evolution && i.evolution.valueFrom !== null && i.evolution.valueTo !== null && i.unit === '%')
        .map((i) => ({ indicator: short(i.label), from: i.evolution!.valueFrom!, to: i.evolution!.valueTo!, yFrom: i.evolution!.from, yTo: i.evolution!.to })),
    [indicators],
  );
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      marginLeft: 260,
      width: 760,
      height: Math.max(100, rows.length * 28 + 40),
      x: { label: '%', grid: true },
      y: { label: null },
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
  const summary = rows.map((r) => `${r.indicator} : de ${formatValue(r.from, '%', 1)} à ${formatValue(r.to, '%', 1)}`).join(' ; ');
  return <PlotFigure options={options} caption={`${caption} (${years} ; point clair : début, point foncé : fin)`} tableId={tableId} summary={summary} />;
};
