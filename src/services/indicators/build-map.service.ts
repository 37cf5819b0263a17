// `socle map NAME --within REF --level com|epci|dep` and GET /api/v1/maps/{id}.svg: a static choropleth of an
// indicator over the communes, EPCI or départements of a territory, from the stored outlines (an EPCI or a
// département is its own stored outline, or the union of its communes').
import { millesimePhrase } from '../../core/format/french-text.js';
import { formatValue } from '../../core/format/number-format.js';
import { ofTerritory } from '../../core/format/territory-names.js';
import { CLASS_METHOD_LABELS } from '../../core/indicators/classification.js';
import { appError, err, ok, type AppError, type Result } from '../../core/result.js';
import type { TerritoryKind } from '../../core/territory/territory-ref.js';
import { renderChoropleth, type ChoroplethFeature } from '../../reports/maps/choropleth.js';
import { classColors } from '../../reports/maps/palette.js';
import type { AppContext } from '../context.js';
import { getCommuneOutlines, getTerritoryOutline } from '../outlines/outline.service.js';
import { listIndicatorValues, type IndicatorValues, type ListValuesInput } from './list-indicator-values.service.js';
import { hintFor } from '../edge.js';

export interface BuildMapInput extends ListValuesInput {
  width?: number;
  height?: number;
}

export interface MapAnswer {
  svg: string;
  /** Territories drawn (with an outline) and without an outline. */
  drawn: number;
  withoutOutline: string[];
  data: IndicatorValues;
}

const STATUS_TEXT: Record<string, string> = {
  secret: 'secret statistique',
  missing: 'données manquantes',
  not_aggregable: 'non agrégeable à ce niveau',
};

/** « Communes de la Haute-Garonne », « Intercommunalités de France ». */
const subtitleOf = (data: IndicatorValues): string => {
  const w = data.within;
  const kind = w.kind as TerritoryKind;
  const code = w.ref.includes(':') ? w.ref.slice(w.ref.indexOf(':') + 1) : '';
  const level = data.levelLabel.charAt(0).toUpperCase() + data.levelLabel.slice(1);
  if (kind === data.level && data.values.length === 1) return data.within.name;
  return `${level} ${ofTerritory(kind, code, w.name)}`;
};

export const buildMap = async (ctx: AppContext, input: BuildMapInput): Promise<Result<MapAnswer, AppError>> => {
  const listed = await listIndicatorValues(ctx, input);
  if (!listed.ok) return listed;
  const data = listed.value;
  const r = ctx.referential;

  const outlines = new Map<string, import('geojson').Geometry>();
  if (data.level === 'com') {
    const indices = Int32Array.from(data.values.map((v) => r.indexOf(v.ref.slice(4))!));
    for (const [ref, g] of await getCommuneOutlines(ctx, indices)) outlines.set(ref, g);
  } else {
    for (const v of data.values) {
      const g = await getTerritoryOutline(ctx, v.ref);
      if (g) outlines.set(v.ref, g);
    }
  }
  if (outlines.size === 0) {
    return err(
      appError(
        'AUCUNE_DONNEE',
        `${data.within.ref} : aucun contour n’est chargé pour ses ${data.levelLabel} ; importer d’abord un fichier GeoJSON de contours (${hintFor(ctx, 'socle import communes.geojson', 'POST /api/v1/imports')})`,
      ),
    );
  }

  const { indicator } = data;
  const colors = classColors(data.classes.breaks, indicator.polarity as 'neutral');
  const features: ChoroplethFeature[] = data.values.map((v) => ({
    ref: v.ref,
    name: v.name,
    geometry: outlines.get(v.ref) ?? null,
    value: v.value,
    status: v.status,
    classIndex: v.class,
    valueText: v.note ? 'non défini (dénominateur nul)' : v.value === null ? STATUS_TEXT[v.status] ?? v.status : `${formatValue(v.value, indicator.unit, indicator.decimals, { unit: 'full' })}${v.status === 'partial' ? ' (partiel)' : ''}`,
    ...(v.note ? { undefinedRatio: true } : {}),
    inset: v.departement.startsWith('97') && r.departements.get(v.departement) ? v.departement : undefined,
  }));
  const year = millesimePhrase(data);
  // The datasets the values come from, when known; otherwise the sources the declaration names.
  const producers = [...new Set(indicator.sources.map((s) => s.producer).filter(Boolean))].join(', ');
  const titles = [...new Set(data.datasets.map((d) => d.dataset))];
  const sourceLabels = titles.length ? `${producers ? `${producers}, ` : ''}${titles.join(' ; ')}` : [...new Set(indicator.sources.map((s) => s.label))].join(' ; ');
  const partial = data.values.filter((v) => v.status === 'partial').length;
  const notes = [`Classes : ${CLASS_METHOD_LABELS[data.classes.method]}`];
  if (partial) notes.push(`${partial} valeur${partial > 1 ? 's' : ''} partielle${partial > 1 ? 's' : ''} (communes masquées ou absentes)`);
  notes.push('Socle');
  const svg = renderChoropleth({
    title: `${indicator.label}${indicator.unit && !['indice', 'rapport'].includes(indicator.unit) ? ` (${indicator.unit})` : ''}`,
    subtitle: subtitleOf(data),
    features,
    classes: { labels: data.classes.labels, colors, counts: data.classes.counts },
    source: `Source : ${sourceLabels} — ${year}`,
    note: notes.join(' · '),
    width: input.width,
    height: input.height,
  });
  return ok({ svg, drawn: features.filter((f) => f.geometry).length, withoutOutline: features.filter((f) => !f.geometry).map((f) => f.ref), data });
};
