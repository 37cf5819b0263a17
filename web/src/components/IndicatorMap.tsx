// A choropleth of one indicator over the communes (or EPCI) of a territory, with its legend: the map of the
// territory page and of the indicator page. The outlines come with each territory's value from
// GET /territories/{ref}/outlines?level=…&indicator=….
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

export const outlinesPath = (within: string, level: string, indicator?: string): string =>
  `/api/v1/territories/${within}/outlines?level=${level}${indicator ? `&indicator=${encodeURIComponent(indicator)}` : ''}`;

export interface Extent {
  bbox: number[];
  count: number;
}

export const useExtent = (within: string, level: string) => useApi<Extent>(`/api/v1/territories/${within}/extent?level=${level}`);

export const valuesPath = (id: string, within: string, level: string): string => `/api/v1/indicators/${encodeURIComponent(id)}/values?within=${within}&level=${level}`;

export const IndicatorMap = ({ within, level, indicator, method, classes: wanted, highlighted, tall, onFeatureClick }: IndicatorMapProps) => {
  // The map draws the outlines (with each territory's value) from their address, in MapLibre's worker; the classes
  // come from the same values, as the indicator's values answer gives them.
  const extent = useExtent(within, level);
  const answer = useApi<{ values: { value: number | null }[] }>(valuesPath(indicator.id, within, level));
  const values = useMemo(() => (answer.data?.values ?? []).map((v) => v.value), [answer.data]);
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
      {(extent.error ?? answer.error) && (
        <div className="fr-alert fr-alert--error fr-alert--sm">
          <p>{(extent.error ?? answer.error)!.message}</p>
        </div>
      )}
      <ChoroplethMap
        data={extent.data && extent.data.count > 0 ? outlinesPath(within, level, indicator.id) : null}
        bbox={extent.data?.bbox}
        count={extent.data?.count}
        fill={fill}
        label={`Carte : ${indicator.label}, par ${levelLabel}`}
        describe={describe}
        highlighted={highlighted}
        onFeatureClick={onFeatureClick}
        tall={tall}
        status={extent.loading ? 'Chargement des contours…' : extent.data && extent.data.count === 0 ? 'Aucun contour chargé pour ce territoire.' : null}
      />
      <Legend classes={classes} missing={missing} title={`${indicator.label}${indicator.unit && indicator.unit !== 'indice' ? ` (${indicator.unit})` : ''}`} />
    </div>
  );
};
