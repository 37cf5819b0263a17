// Indicateur: one indicator over the communes (or EPCI) of a territory — a map with the choice of classification and
// number of classes, its legend, a sortable table, and exports (CSV, XLSX, SVG, PNG). Everything is in the URL:
// /indicateur/taux_chomage_15_64?within=dep:31&level=com&methode=quantiles&classes=5.
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { IndicatorDefinition } from '../../../src/core/indicators/indicator.types.js';
import { IndicatorMap, useMapClasses } from '../components/IndicatorMap.js';
import { KEEP_FOCUS } from '../components/Layout.js';
import { LiveMessage, useLiveMessage } from '../components/LiveMessage.js';
import { Loading } from '../components/Loading.js';
import { SortableTable, type Column } from '../components/SortableTable.js';
import { TerritorySearch } from '../components/TerritorySearch.js';
import { useApi, type TerritoryInfo } from '../lib/api.js';
import { isMethod, METHOD_LABELS, METHODS, type Method } from '../lib/classify.js';
import { formatValue, plural, statusText } from '../lib/format.js';
import { saveBlob, svgToPng } from '../lib/export-png.js';
import { indicatorPath, territoryPath, valuesPath } from '../lib/paths.js';
import { usePageNotFound, usePageTitle } from '../lib/use-page-title.js';
import { isUnknownTerritory, territoryErrorText } from '../lib/messages.js';

export interface ValueRow {
  ref: string;
  name: string;
  value: number | null;
  status: string;
  millesime: number | null;
  /** A ratio whose data is loaded but whose denominator is zero (« non défini : … »). */
  note?: string;
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
/** « par commune », as a map or a table is drawn. */
const BY_LEVEL: Record<Level, string> = { com: 'par commune', epci: 'par intercommunalité', dep: 'par département' };
const ONE_OF_LEVEL: Record<Level, string> = { com: 'commune', epci: 'intercommunalité', dep: 'département' };

export default function IndicatorPage() {
  const { id = 'population' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const within = params.get('within') ?? 'dep:31';
  const level = (['com', 'epci', 'dep'].includes(params.get('level') ?? '') ? params.get('level') : 'com') as Level;
  const methodParam = params.get('methode');
  const method: Method = isMethod(methodParam) ? methodParam : 'quantiles';
  const classes = Math.min(7, Math.max(3, Number(params.get('classes')) || 5));

  const definitions = useApi<IndicatorDefinition[]>('/api/v1/indicators');
  const territory = useApi<TerritoryInfo>(`/api/v1/territories/${within}`);
  const values = useApi<IndicatorValues>(valuesPath(id, within, level));
  const def = values.data?.indicator ?? definitions.data?.find((d) => d.id === id);
  // Neither an indicator of the library nor an imported variable: the page says so, and offers the list instead.
  const unknown = values.error?.code === 'INDICATEUR_INCONNU' || values.error?.code === 'VARIABLE_INCONNUE';
  usePageTitle(unknown ? 'Indicateur introuvable' : def ? `${def.label} — ${territory.data?.name ?? within}` : 'Indicateur');
  usePageNotFound(unknown);

  // Read from the address at the time of the change: two quick changes in a row must both be kept. A settings change
  // replaces the entry (arrow keys on a select change it at every step); another territory is a new page, which the
  // browser's back button returns from.
  const set = (changes: Record<string, string>, push = false) => {
    changed.current = true;
    const current = new URLSearchParams(window.location.search);
    const next = { within: current.get('within') ?? within, level: current.get('level') ?? level, methode: current.get('methode') ?? method, classes: current.get('classes') ?? String(classes), ...changes };
    navigate(indicatorPath(id, { within: next.within, level: next.level, methode: next.methode, classes: Number(next.classes) }), { replace: !push });
  };
  // A change of indicator, territory or classes redraws the map and the table without moving the focus: what they now
  // show is said in a polite live region once the values have come (RGAA 7.5).
  const changed = useRef(false);
  const [liveMessage, announce] = useLiveMessage();
  const shownClasses = useMapClasses(values.data?.values, method, classes, def).classes;
  useEffect(() => {
    const data = values.data;
    // Only the values of the address now shown: right after a change, those of the previous one are still there.
    if (!changed.current || values.loading || !data || values.dataPath !== valuesPath(id, within, level)) return;
    changed.current = false;
    const n = data.values.length;
    const counted = plural(n, ONE_OF_LEVEL[level], LEVEL_LABELS[level]);
    announce(`Carte et tableau mis à jour : ${counted}, ${shownClasses ? plural(shownClasses.colors.length, 'classe', 'classes') : 'aucune valeur à classer'}.`);
    // The method and the number of classes are in the list: a change of either is said, even to the same count.
  }, [values.data, values.dataPath, values.loading, id, within, level, method, classes, shownClasses, announce]);
  useEffect(() => {
    if (values.error) changed.current = false;
  }, [values.error]);
  const mapDef = useMemo(() => (def ? { id: def.id, label: def.label, unit: def.unit, decimals: def.decimals, polarity: def.polarity } : null), [def]);
  const query = `within=${within}&level=${level}`;
  const fileBase = `${id}-${within.replace(':', '-')}-${level}`;
  const [exportError, setExportError] = useState<string | null>(null);
  // The table of every commune renders once the map is drawn (or has nothing to draw): the map is what the page opens
  // on, and rendering and laying out hundreds of rows would hold the main thread while MapLibre starts. Later changes
  // of indicator or territory update it at a lower priority than the controls.
  const [mapSettled, setMapSettled] = useState(false);
  const settle = useCallback(() => setMapSettled(true), []);
  const deferredRows = useDeferredValue(values.data?.values);
  const tableRows = mapSettled || values.error ? deferredRows : undefined;

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
        render: (r) =>
          r.value === null ? (
            r.note ? (
              <abbr className="socle-status" title={r.note}>
                non défini
              </abbr>
            ) : (
              <span className="socle-status">{statusText(r.status) || 'non disponible'}</span>
            )
          ) : (
            formatValue(r.value, def?.unit ?? '', def?.decimals ?? 1, { unit: 'none' })
          ),
      },
      { key: 'status', label: 'Statut', sortValue: (r) => (r.note ? 'non défini' : statusText(r.status) || 'disponible'), render: (r) => (r.note ? 'non défini' : r.status === 'ok' ? 'disponible' : statusText(r.status)) },
    ],
    [level, def, id],
  );

  if (unknown) return <UnknownIndicator id={id} definitions={definitions.data} within={within} level={level} />;

  return (
    <div className="fr-container fr-my-4w">
      <h1>{def ? def.label : 'Indicateur'}</h1>
      <p className="fr-text--lead fr-mb-2w">
        {BY_LEVEL[level].replace(/^p/, 'P')} : {territory.data ? <Link to={territoryPath(territory.data.ref)}>{territory.data.name}</Link> : within}
        {values.data?.millesime ? `, ${values.data.millesime}` : ''}
      </p>
      {def?.definition && <p className="fr-text--sm">{def.definition}</p>}

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-3">
          <form className="socle-side-controls" onSubmit={(e) => e.preventDefault()} aria-label="Choix de la carte">
            <Select label="Indicateur" nativeSelectProps={{ id: 'choix-indicateur', value: id, onChange: (e) => {
                  changed.current = true;
                  // Another indicator is another address, but the focus stays on this list, as it does on the other
                  // settings: a keyboard's arrows go through the indicators without leaving it (WCAG 3.2.2).
                  navigate(indicatorPath(e.target.value, { within, level, methode: method, classes }), { replace: true, state: KEEP_FOCUS });
                } }}>
              {/* An imported variable (not an indicator of the library) is the choice shown, not the first of the list. */}
              {definitions.data && !definitions.data.some((d) => d.id === id) && <option value={id}>{def?.label && def.label !== id ? `${def.label} (${id})` : id}</option>}
              {(definitions.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </Select>
            <TerritorySearch
              // Emptied when the territory changes (a pick, the back button): the hint says which one is shown.
              key={within}
              label="Territoire"
              // The territory shown is said as text: a grey hint in the box reads as empty and goes at the first key.
              hint={`actuellement ${territory.data?.name ?? within}`}
              placeholder="un autre territoire…"
              onSelect={(h) => set({ within: h.ref }, true)}
              kinds={['epci', 'dep', 'reg', 'per', 'fr']}
            />
            <Select label="Découpage" nativeSelectProps={{ id: 'choix-niveau', value: level, onChange: (e) => set({ level: e.target.value }) }}>
              <option value="com">Communes</option>
              <option value="epci">Intercommunalités</option>
              <option value="dep">Départements</option>
            </Select>
            <Select label="Classes" nativeSelectProps={{ id: 'choix-methode', value: method, onChange: (e) => set({ methode: e.target.value }) }}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABELS[m].replace(/^./, (c) => c.toUpperCase())}
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
          </form>
          {!values.error && (
          <div className="socle-exports" role="group" aria-labelledby="titre-exports">
            <p id="titre-exports" className="fr-text--bold fr-mb-1w">
              Exporter
            </p>
            <ul>
              <li>
                <a className="fr-link fr-link--download" href={`/api/v1/indicators/${encodeURIComponent(id)}/values?${query}&format=csv`} download={`${fileBase}.csv`}>
                  Tableau CSV
                </a>
              </li>
              <li>
                <a className="fr-link fr-link--download" href={`/api/v1/indicators/${encodeURIComponent(id)}/values?${query}&format=xlsx`} download={`${fileBase}.xlsx`}>
                  Tableau XLSX
                </a>
              </li>
              <li>
                <a className="fr-link fr-link--download" href={`/api/v1/maps/${encodeURIComponent(id)}.svg?${query}&method=${method}&classes=${classes}`} download={`${fileBase}.svg`}>
                  Carte SVG
                </a>
              </li>
              <li>
                <button type="button" className="fr-link fr-link--download socle-link-button" onClick={() => void exportPng()}>
                  Carte PNG
                </button>
              </li>
            </ul>
            {exportError && <Alert severity="error" small description={exportError} />}
          </div>
          )}
        </div>
        <div className="fr-col-12 fr-col-lg-9">
          {values.error && (
            // A territory of the address that names none is said in the page's words, not the API's.
            <Alert severity="error" title="Pas de valeurs" description={isUnknownTerritory(values.error) ? territoryErrorText(within, values.error) : values.error.message} />
          )}
          {mapDef && !values.error && (
            <IndicatorMap
              within={within}
              level={level}
              indicator={mapDef}
              method={method}
              classes={classes}
              tall
              onSettled={settle}
              onFeatureClick={(f) => navigate(territoryPath(f.ref))}
              alternative="le tableau sous la carte donne les mêmes valeurs"
            />
          )}
          <LiveMessage message={liveMessage} />
        </div>
      </div>

      {values.loading && <Loading what="Calcul des valeurs" />}
      {tableRows && values.data && (
        <SortableTable
          id="tableau-valeurs"
          caption={`${values.data.indicator.label} ${BY_LEVEL[level]} — ${values.data.within.name} (${values.data.values.length})`}
          columns={columns}
          rows={tableRows}
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


/** « Indicateur introuvable »: no map, no exports; the indicators of the library, by domain, for the same territory. */
const UnknownIndicator = ({ id, definitions, within, level }: { id: string; definitions: IndicatorDefinition[] | undefined; within: string; level: Level }) => {
  const domains = useMemo(() => {
    const m = new Map<string, { id: string; label: string }[]>();
    for (const d of (definitions ?? []) as (IndicatorDefinition & { domainLabel?: string })[]) {
      const key = d.domainLabel ?? d.domain;
      m.set(key, [...(m.get(key) ?? []), { id: d.id, label: d.label }]);
    }
    return [...m];
  }, [definitions]);
  return (
    <div className="fr-container fr-my-4w">
      <h1>Indicateur introuvable</h1>
      <p>« {id} » n’est ni un indicateur de Socle ni une variable d’un fichier importé.</p>
      <p>
        <a className="fr-link" href="#liste-indicateurs">
          Voir la liste des indicateurs
        </a>
      </p>
      {definitions === undefined ? (
        <Loading what="Chargement des indicateurs" />
      ) : (
        <section aria-labelledby="liste-indicateurs" className="fr-mt-4w">
          <h2 id="liste-indicateurs">Les indicateurs</h2>
          {domains.map(([domain, list]) => (
            <div key={domain}>
              <h3 className="fr-h6 fr-mb-1w">{domain}</h3>
              <ul className="fr-mb-3w">
                {list.map((d) => (
                  <li key={d.id}>
                    <Link to={indicatorPath(d.id, { within, level })}>{d.label}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </div>
  );
};
