// A choropleth of one indicator over the communes (or EPCI) of a territory, with its legend: the map of the
// territory page and of the indicator page. The outlines come as vector tiles whose features carry the indicator's
// value (their address, box and count from GET /territories/{ref}/extent?level=…); the classes come from the
// indicator's values answer, the same numbers, which also gives the page's table.
import { useEffect, useMemo } from 'react';
import { useApi } from '../lib/api.js';
import { classify, NO_DATA_COLOR, type Classes, type Method } from '../lib/classify.js';
import { formatValue, statusText } from '../lib/format.js';
import { extentPath, valuesPath } from '../lib/paths.js';
import { ChoroplethMap, stepFill, type Extent, type OutlineProperties } from './ChoroplethMap.js';
import { Legend } from './Legend.js';
import { representsTerritory } from '../../../src/core/indicators/coverage.js';

export interface IndicatorMapProps {
  within: string;
  level: 'com' | 'epci' | 'dep';
  indicator: { id: string; label: string; unit: string; decimals: number; polarity?: string };
  method: Method;
  classes: number;
  highlighted?: string[];
  tall?: boolean;
  onClasses?: (c: Classes | null) => void;
  onFeatureClick?: (p: OutlineProperties) => void;
  /** Called once the map is drawn, or has nothing to draw (no outline loaded, an error): the page may go on. */
  onSettled?: () => void;
  /** Where the page gives the map's values as text, said with the map's name (« le tableau sous la carte… »). */
  alternative?: string;
}

export type { Extent };

export const useExtent = (within: string, level: string) => useApi<Extent>(extentPath(within, level));

interface ValueRow {
  ref: string;
  value: number | null;
  status: string;
  coverage?: number;
  /** A ratio of loaded data whose denominator is zero (« non défini : … »). */
  note?: string;
}

/**
 * The classes of the map of these values: only the values that stand for their territory are coloured (as the
 * server's tiles and classes do). Also used by the page that says how many classes the map has.
 */
export const useMapClasses = (
  rows: ValueRow[] | undefined,
  method: Method,
  wanted: number,
  indicator: { unit: string; decimals: number; polarity?: string } | null | undefined,
): { classes: Classes | null; values: (number | null)[] } => {
  const values = useMemo(() => (rows ?? []).map((v) => (representsTerritory(v) ? v.value : null)), [rows]);
  const unit = indicator?.unit ?? '';
  const decimals = indicator?.decimals ?? 1;
  const polarity = indicator?.polarity;
  const classes = useMemo(() => (indicator ? classify(values, method, wanted, unit, decimals, polarity) : null), [values, method, wanted, unit, decimals, polarity, indicator]);
  return { classes, values };
};

export const IndicatorMap = ({ within, level, indicator, method, classes: wanted, highlighted, tall, onFeatureClick, onSettled, alternative }: IndicatorMapProps) => {
  const extent = useExtent(within, level);
  const answer = useApi<{ values: ValueRow[] }>(valuesPath(indicator.id, within, level));
  const rows = answer.data?.values;
  const byRef = useMemo(() => new Map((rows ?? []).map((r) => [r.ref, r])), [rows]);
  const { classes, values } = useMapClasses(rows, method, wanted, indicator);
  const missing = values.filter((v) => v === null).length;
  // The grey swatch says why, as the table does: « non agrégeable », « secret », or « non disponible » when mixed.
  const missingLabel = useMemo(() => {
    // A 0 ÷ 0 is « non défini », apart from the statuses.
    const kinds = new Set((rows ?? []).filter((r) => !representsTerritory(r)).map((r) => (r.note ? 'non défini' : r.status)));
    if (kinds.size === 1 && kinds.has('non défini')) return 'non défini';
    if (kinds.size === 1 && kinds.has('partial')) return 'non représentatif';
    return kinds.size === 1 ? statusText([...kinds][0]) || 'non disponible' : kinds.has('partial') ? 'non disponible, secret ou partiel' : 'non disponible ou secret';
  }, [rows]);
  // No fill before the values: the map then waits for the classes instead of drawing every territory grey first.
  const fill = useMemo(() => (!rows ? null : classes ? stepFill(classes.breaks, classes.colors, NO_DATA_COLOR) : NO_DATA_COLOR), [rows, classes]);
  // The tiles of this indicator: each outline carries its value.
  const outlines = useMemo(
    () => (extent.data && extent.data.count > 0 ? { ...extent.data, tiles: { ...extent.data.tiles, url: `${extent.data.tiles.url}&indicator=${encodeURIComponent(indicator.id)}` } } : null),
    [extent.data, indicator.id],
  );
  const describe = (p: OutlineProperties) => {
    const row = byRef.get(p.ref);
    return `${p.name} : ${row?.note ? 'non défini (dénominateur nul)' : row?.value == null ? statusText(row?.status ?? 'missing') || 'non disponible' : `${formatValue(row.value, indicator.unit, indicator.decimals, { unit: 'full' })}${row.status === 'partial' ? ' (partiel)' : ''}`}`;
  };
  const levelLabel = level === 'com' ? 'communes' : level === 'epci' ? 'intercommunalités' : 'départements';
  const empty = extent.data && extent.data.count === 0;
  const failed = !!(extent.error ?? answer.error);
  useEffect(() => {
    if (empty || failed) onSettled?.();
  }, [empty, failed, onSettled]);
  return (
    <div>
      {(extent.error ?? answer.error) && (
        <div className="fr-alert fr-alert--error fr-alert--sm">
          <p>{(extent.error ?? answer.error)!.message}</p>
        </div>
      )}
      <ChoroplethMap
        extent={outlines}
        fill={fill}
        label={`Carte : ${indicator.label}, par ${levelLabel.replace(/s$/, '')}`}
        alternative={alternative}
        describe={describe}
        highlighted={highlighted}
        onFeatureClick={onFeatureClick}
        tall={tall}
        onDrawn={onSettled}
        onFailed={onSettled}
        status={extent.loading || answer.loading ? 'Chargement de la carte…' : empty ? 'Aucun contour chargé pour ce territoire.' : null}
        loading={extent.loading || answer.loading}
      />
      <Legend classes={classes} missing={missing} missingLabel={missingLabel} title={`${indicator.label}${indicator.unit && indicator.unit !== 'indice' ? ` (${indicator.unit})` : ''}`} />
    </div>
  );
};
