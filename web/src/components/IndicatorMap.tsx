// A choropleth of one indicator over the communes (or EPCI) of a territory, with its legend: the map of the
// territory page and of the indicator page. The outlines come with each territory's value from
// GET /territories/{ref}/outlines?level=…&indicator=….
import type { FeatureCollection } from 'geojson';
import { useMemo } from 'react';
import { useApi } from '../lib/api.js';
import { classify, NO_DATA_COLOR, type Classes, type Method } from '../lib/classify.js';
import { formatValue, statusText } from '../lib/format.js';
import { ChoroplethMap, stepFill, type OutlineProperties } from './ChoroplethMap.js';
import { Legend } from './Legend.js';

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
}

export interface OutlineFeatureProps extends OutlineProperties {
  status?: string;
}

export const useOutlines = (within: string, level: string, indicator?: string) =>
  useApi<FeatureCollection>(`/api/v1/territories/${within}/outlines?level=${level}${indicator ? `&indicator=${encodeURIComponent(indicator)}` : ''}`);

export const IndicatorMap = ({ within, level, indicator, method, classes: wanted, highlighted, tall, onFeatureClick }: IndicatorMapProps) => {
  const outlines = useOutlines(within, level, indicator.id);
  const values = useMemo(
    () => (outlines.data?.features ?? []).map((f) => (f.properties as OutlineFeatureProps).value ?? null),
    [outlines.data],
  );
  const classes = useMemo(() => classify(values, method, wanted, indicator.unit, indicator.decimals, indicator.polarity), [values, method, wanted, indicator]);
  const missing = values.filter((v) => v === null).length;
  const fill = useMemo(() => (classes ? stepFill(classes.breaks, classes.colors, NO_DATA_COLOR) : NO_DATA_COLOR), [classes]);
  const describe = (p: OutlineProperties) => {
    const fp = p as OutlineFeatureProps;
    return `${p.name} : ${p.value == null ? statusText(fp.status) || 'non disponible' : formatValue(p.value, indicator.unit, indicator.decimals, { unit: 'full' })}`;
  };
  const levelLabel = level === 'com' ? 'communes' : level === 'epci' ? 'intercommunalités' : 'départements';
  return (
    <div>
      {outlines.error && (
        <div className="fr-alert fr-alert--error fr-alert--sm">
          <p>{outlines.error.message}</p>
        </div>
      )}
      <ChoroplethMap
        data={outlines.data ?? null}
        fill={fill}
        label={`Carte : ${indicator.label}, par ${levelLabel}`}
        describe={describe}
        highlighted={highlighted}
        onFeatureClick={onFeatureClick}
        tall={tall}
        status={outlines.loading ? 'Chargement des contours…' : outlines.data && outlines.data.features.length === 0 ? 'Aucun contour chargé pour ce territoire.' : null}
      />
      <Legend classes={classes} missing={missing} title={`${indicator.label}${indicator.unit && indicator.unit !== 'indice' ? ` (${indicator.unit})` : ''}`} />
    </div>
  );
};
