// Indicateur: one indicator over the communes (or EPCI) of a territory — a map with the choice of classification and
// number of classes, its legend, a sortable table, and exports (CSV, XLSX, SVG, PNG). Everything is in the URL:
// /indicateur/taux_chomage_15_64?within=dep:31&level=com&methode=quantiles&classes=5.
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { IndicatorDefinition } from '../../../src/core/indicators/indicator.types.js';
import { IndicatorMap } from '../components/IndicatorMap.js';
import { Loading } from '../components/Loading.js';
import { SortableTable, type Column } from '../components/SortableTable.js';
import { TerritorySearch } from '../components/TerritorySearch.js';
import { useApi, type TerritoryInfo } from '../lib/api.js';
import { isMethod, METHOD_LABELS, METHODS, type Method } from '../lib/classify.js';
import { formatValue, statusText } from '../lib/format.js';
import { saveBlob, svgToPng } from '../lib/export-png.js';
import { indicatorPath, territoryPath } from '../lib/paths.js';
import { usePageTitle } from '../lib/use-page-title.js';

export interface ValueRow {
  ref: string;
  name: string;
  value: number | null;
  status: string;
  millesime: number | null;
}

export interface IndicatorValues {
  indicator: Pick<IndicatorDefinition, 'id' | 'label' | 'unit' | 'decimals' | 'polarity' | 'domain' | 'definition'> & { sources?: { label: string }[] };
  within: { ref: string; name: string };
  level: 'com' | 'epci' | 'dep';
  millesime: number | null;
  values: ValueRow[];
}

type Level = 'com' | 'epci' | 'dep';
const LEVEL_LABELS: Record<Level, string> = { com: 'communes', epci: 'intercommunalités', dep: 'départements' };

export default function IndicatorPage() {
  const { id = 'population' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const within = params.get('within') ?? 'dep:31';
  const level = (['com', 'epci', 'dep'].includes(params.get('level') ?? '') ? params.get('level') : 'com') as Level;
  const methodParam = params.get('methode');
  const method: Method = isMethod(methodParam) ? methodParam : 'quantiles';
  const classes = Math.min(7, Math.max(3, Number(params.get('classes')) || 5));

  const definitions = useApi<IndicatorDefinition[]>('/api/v1/indicators');
  const territory = useApi<TerritoryInfo>(`/api/v1/territories/${within}`);
  const values = useApi<IndicatorValues>(`/api/v1/indicators/${encodeURIComponent(id)}/values?within=${within}&level=${level}`);
  const def = values.data?.indicator ?? definitions.data?.find((d) => d.id === id);
  usePageTitle(def ? `${def.label} — ${territory.data?.name ?? within}` : 'Indicateur');

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const mapDef = useMemo(() => (def ? { id: def.id, label: def.label, unit: def.unit, decimals: def.decimals, polarity: def.polarity } : null), [def]);
  const query = `within=${within}&level=${level}`;
  const fileBase = `${id}-${within.replace(':', '-')}-${level}`;
  const [exportError, setExportError] = useState<string | null>(null);

  const exportPng = async () => {
    setExportError(null);
    try {
      const res = await fetch(`/api/v1/maps/${encodeURIComponent(id)}.svg?${query}&method=${method}&classes=${classes}`);
      if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? `erreur ${res.status}`);
      saveBlob(await svgToPng(await res.text()), `${fileBase}.png`);
    } catch (e) {
      setExportError(`Export PNG impossible : ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const columns = useMemo<Column<ValueRow>[]>(
    () => [
      { key: 'name', label: LEVEL_LABELS[level].replace(/^./, (c) => c.toUpperCase()), sortValue: (r) => r.name, render: (r) => <Link to={territoryPath(r.ref, id)}>{r.name}</Link>, rowHeader: true },
      { key: 'code', label: 'Code', sortValue: (r) => r.ref, render: (r) => r.ref.replace(/^[a-z]+:/, '') },
      {
        key: 'value',
        label: def ? `Valeur${def.unit && !['indice', 'rapport'].includes(def.unit) ? ` (${def.unit})` : ''}` : 'Valeur',
        numeric: true,
        sortValue: (r) => r.value,
        render: (r) => (r.value === null ? <span className="socle-status">{statusText(r.status) || 'non disponible'}</span> : formatValue(r.value, def?.unit ?? '', def?.decimals ?? 1, { unit: 'none' })),
      },
      { key: 'status', label: 'Statut', sortValue: (r) => statusText(r.status) || 'disponible', render: (r) => (r.status === 'ok' ? 'disponible' : statusText(r.status)) },
    ],
    [level, def, id],
  );

  return (
    <div className="fr-container fr-my-4w">
      <h1>{def ? def.label : 'Indicateur'}</h1>
      <p className="fr-text--lead fr-mb-2w">
        Par {LEVEL_LABELS[level]} : {territory.data ? <Link to={territoryPath(territory.data.ref)}>{territory.data.name}</Link> : within}
        {values.data?.millesime ? `, ${values.data.millesime}` : ''}
      </p>
      {def?.definition && <p className="fr-text--sm">{def.definition}</p>}

      <form className="socle-map-controls fr-mb-2w" onSubmit={(e) => e.preventDefault()} aria-label="Choix de la carte">
        <Select label="Indicateur" nativeSelectProps={{ id: 'choix-indicateur', value: id, onChange: (e) => navigate(indicatorPath(e.target.value, { within, level, methode: method, classes }), { replace: true }) }}>
          {(definitions.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </Select>
        <Select label="Découpage" nativeSelectProps={{ id: 'choix-niveau', value: level, onChange: (e) => set({ level: e.target.value }) }}>
          <option value="com">Communes</option>
          <option value="epci">Intercommunalités</option>
          <option value="dep">Départements</option>
        </Select>
        <Select label="Classes" nativeSelectProps={{ id: 'choix-methode', value: method, onChange: (e) => set({ methode: e.target.value }) }}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </Select>
        <Select label="Nombre de classes" nativeSelectProps={{ id: 'choix-classes', value: String(classes), onChange: (e) => set({ classes: e.target.value }) }}>
          {[3, 4, 5, 6, 7].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </Select>
        <div style={{ minWidth: '18rem' }}>
          <TerritorySearch label="Territoire" hint="département, EPCI, périmètre…" onSelect={(h) => set({ within: h.ref })} kinds={['epci', 'dep', 'reg', 'per', 'fr']} />
        </div>
      </form>

      {values.error && <Alert severity="error" title="Pas de valeurs" description={values.error.message} />}
      {mapDef && !values.error && (
        <IndicatorMap within={within} level={level} indicator={mapDef} method={method} classes={classes} tall />
      )}

      <div className="socle-actions fr-my-3w" role="group" aria-label="Exports">
        <a className="fr-btn fr-btn--secondary fr-btn--sm" href={`/api/v1/indicators/${encodeURIComponent(id)}/values?${query}&format=csv`} download={`${fileBase}.csv`}>
          Tableau CSV
        </a>
        <a className="fr-btn fr-btn--secondary fr-btn--sm" href={`/api/v1/indicators/${encodeURIComponent(id)}/values?${query}&format=xlsx`} download={`${fileBase}.xlsx`}>
          Tableau XLSX
        </a>
        <a className="fr-btn fr-btn--secondary fr-btn--sm" href={`/api/v1/maps/${encodeURIComponent(id)}.svg?${query}&method=${method}&classes=${classes}`} download={`${fileBase}.svg`}>
          Carte SVG
        </a>
        <Button priority="secondary" size="small" onClick={() => void exportPng()}>
          Carte PNG
        </Button>
      </div>
      {exportError && <Alert severity="error" small description={exportError} />}

      {values.loading && <Loading what="Calcul des valeurs" />}
      {values.data && (
        <SortableTable
          id="tableau-valeurs"
          caption={`${values.data.indicator.label} par ${LEVEL_LABELS[level]} — ${values.data.within.name} (${values.data.values.length})`}
          columns={columns}
          rows={values.data.values}
          rowKey={(r) => r.ref}
          initialSort={{ key: 'value', dir: 'desc' }}
          maxRows={1000}
        />
      )}
      {values.data?.indicator.sources && (
        <p className="fr-text--sm fr-mt-2w">Source : {values.data.indicator.sources.map((s) => s.label).join(' ; ')}.</p>
      )}
    </div>
  );
}

