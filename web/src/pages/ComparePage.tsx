// Comparer: several territories side by side on every indicator, with the territories most similar to the first
// offered for addition. The list is in the URL (/comparer?territoires=epci:200066819,epci:200072643).
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { PortraitIndicator } from '../../../src/core/indicators/portrait.types.js';
import { LiveMessage, useLiveMessage } from '../components/LiveMessage.js';
import { useFocusAfterRemoval } from '../lib/use-focus-after-removal.js';
import { Loading } from '../components/Loading.js';
import { PlotFigure } from '../components/PlotFigure.js';
import { SimilarList, useSimilar } from '../components/SimilarList.js';
import { TerritorySearch } from '../components/TerritorySearch.js';
import { ApiError, getJson, type Portrait } from '../lib/api.js';
import { formatCoverage, formatNumber, formatValue, plural, statusText } from '../lib/format.js';
import { comparePath, territoryPath } from '../lib/paths.js';
import { territoryErrorText } from '../lib/messages.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { ofRef, toRef } from '../../../src/core/format/territory-names.js';
import { MIN_COMPARABLE_COVERAGE } from '../../../src/core/indicators/coverage.js';

const MAX = 6;

export default function ComparePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const refs = useMemo(() => (params.get('territoires') ?? '').split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX), [params]);
  const [portraits, setPortraits] = useState<Map<string, Portrait | ApiError>>(new Map());
  const [chartIndicator, setChartIndicator] = useState('');
  usePageTitle('Comparer des territoires');

  useEffect(() => {
    let live = true;
    for (const ref of refs) {
      if (portraits.has(ref)) continue;
      getJson<Portrait>(`/api/v1/territories/${ref}/portrait`).then(
        (p) => live && setPortraits((m) => new Map(m).set(ref, p)),
        (e: unknown) => live && setPortraits((m) => new Map(m).set(ref, e instanceof ApiError ? e : new ApiError(String(e), 'ERREUR', 0))),
      );
    }
    return () => {
      live = false;
    };
  }, [refs, portraits]);

  const setRefs = (list: string[]) => navigate(comparePath(list));
  // What an addition or a removal did is said in a polite live region: the table and the list change out of sight.
  const [liveMessage, announce] = useLiveMessage();
  const compared = (n: number) => (n === 0 ? 'aucun territoire comparé' : plural(n, 'territoire comparé', 'territoires comparés'));
  /** Adds a territory (its name for the message); false when it is there already or the comparison is full. */
  const add = (ref: string, name: string): boolean => {
    if (refs.includes(ref)) {
      announce(`${name} est déjà dans la comparaison.`);
      return false;
    }
    if (refs.length >= MAX) {
      announce(`${MAX} territoires au plus : retirez-en un pour en ajouter un autre.`);
      return false;
    }
    setRefs([...refs, ref]);
    announce(`Ajout ${ofRef(ref, name)} à la comparaison : ${compared(refs.length + 1)}.`);
    return true;
  };
  const chips = useRef<HTMLUListElement>(null);
  // The focus goes to the « Retirer » button now at the removed one's place; none left, to the search box, to add a
  // first territory again.
  const removed = useFocusAfterRemoval(chips, refs, () => document.getElementById('ajout-territoire')?.focus());
  const remove = (ref: string, name: string, index: number) => {
    removed(index);
    setRefs(refs.filter((r) => r !== ref));
    announce(`Retrait ${ofRef(ref, name)} de la comparaison : ${compared(refs.length - 1)}.`);
  };

  const loaded = refs.map((r) => portraits.get(r)).filter((p): p is Portrait => !!p && !(p instanceof ApiError));
  const failed = refs.map((r) => [r, portraits.get(r)] as const).filter((x): x is readonly [string, ApiError] => x[1] instanceof ApiError);
  const first = loaded[0];
  // The similar territories are those of the first territory of the address that exists (not com:99999), asked once
  // its portrait has come.
  const baseRef = refs.find((r) => !(portraits.get(r) instanceof ApiError));
  const baseAnswer = baseRef === undefined ? undefined : portraits.get(baseRef);
  const base = baseAnswer && !(baseAnswer instanceof ApiError) ? baseAnswer.territory : null;
  const similar = useSimilar(base ? base.ref : null);
  const rows = useMemo(() => (first ? first.domains.map((d) => ({ domain: d, ids: d.indicators.map((i) => i.id) })) : []), [first]);
  const byId = useMemo(() => loaded.map((p) => new Map(p.domains.flatMap((d) => d.indicators).map((i) => [i.id, i]))), [loaded]);
  const chartable = useMemo(() => (first ? first.domains.flatMap((d) => d.indicators).filter((i) => i.value.value !== null) : []), [first]);
  const chosen = chartable.find((i) => i.id === chartIndicator) ?? chartable.find((i) => i.id === 'taux_chomage_15_64') ?? chartable[0];

  return (
    <div className="fr-container fr-my-4w">
      <h1>Comparer des territoires</h1>
      <p>Jusqu’à {MAX} territoires côte à côte, sur tous les indicateurs. L’adresse de la page garde la liste : elle se partage.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-4">
      <div className="socle-home-search">
        <TerritorySearch label="Ajouter un territoire" id="ajout-territoire" onSelect={(h) => add(h.ref, h.name)} clearOnSelect />
      </div>
      {refs.length >= MAX && (
        // A seventh territory is not added silently: the page says why.
        <p className="fr-text--sm fr-mt-1w" role="status">
          {MAX} territoires au plus : retirez-en un pour en ajouter un autre.
        </p>
      )}
      {refs.length > 0 && (
        <ul className="socle-chips fr-mt-2w" aria-label="Territoires comparés" ref={chips}>
          {refs.map((r, k) => {
            const p = portraits.get(r);
            const name = p && !(p instanceof ApiError) ? p.territory.name : r;
            return (
              <li key={r}>
                <button type="button" className="fr-tag fr-tag--dismiss" aria-label={`Retirer ${name} de la comparaison`} onClick={() => remove(r, name, k)}>
                  {name}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {failed.map(([r, e]) => (
        <Alert key={r} severity="error" small description={territoryErrorText(r, e)} className="fr-mb-2w" />
      ))}
      {refs.length > 0 && loaded.length < refs.length - failed.length && <Loading what="Calcul des portraits" />}

      {base && (
        <section className="fr-mt-3w" aria-labelledby="titre-semblables">
          <h2 id="titre-semblables" className="fr-h5" tabIndex={-1}>
            Territoires semblables {toRef(base.ref, base.name)}
          </h2>
          <SimilarList state={similar} base={base.ref} onAdd={(s) => add(s.ref, s.name)} exclude={[...refs, base.ref]} compact focusWhenEmpty="titre-semblables" />
        </section>
      )}

        </div>
        <div className="fr-col-12 fr-col-lg-8">
      {chosen && loaded.length > 0 && (
        <section aria-labelledby="titre-graphique">
          <h2 id="titre-graphique" className="fr-h5">Un indicateur en barres</h2>
          <Select label="Indicateur du graphique" nativeSelectProps={{ id: 'indicateur-graphique', value: chosen.id, onChange: (e) => setChartIndicator(e.target.value) }}>
            {chartable.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </Select>
          <CompareChart indicator={chosen} portraits={loaded} byId={byId} />
        </section>
      )}

      {loaded.length > 0 && (
        <section className="fr-mt-4w" aria-labelledby="titre-tableau">
          <h2 id="titre-tableau" className="fr-h5">Tous les indicateurs</h2>
          <div className="socle-table-wrap" tabIndex={0} role="region" aria-label="Indicateurs des territoires comparés">
            <table className="socle-table socle-compare" id="tableau-comparaison">
              <caption>Indicateurs des territoires comparés</caption>
              <thead>
                <tr>
                  <th scope="col">Indicateur</th>
                  {loaded.map((p) => (
                    <th scope="col" className="num" key={p.territory.ref}>
                      <Link to={territoryPath(p.territory.ref)}>{p.territory.name}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              {rows.map(({ domain, ids }) => (
                <tbody key={domain.id}>
                  <tr>
                    {/* The heading of the rows of its domain, each domain a <tbody> of its own (RGAA 5.7). */}
                    <th scope="rowgroup" colSpan={loaded.length + 1} className="fr-text--lg">
                      {domain.label}
                    </th>
                  </tr>
                  {ids.map((id) => {
                    const ref = byId[0].get(id)!;
                    return (
                      <tr key={id}>
                        <th scope="row">{ref.label}</th>
                        {byId.map((m, k) => {
                          const ind = m.get(id);
                          return (
                            <td className="num" key={k}>
                              {!ind ? '—' : ind.value.value === null ? <span className="socle-status">{statusText(ind.value.status) || 'non disponible'}</span> : ind.value.status === 'partial' && ind.value.coverage !== undefined && ind.value.coverage < MIN_COMPARABLE_COVERAGE ? (
                                // Side by side, a figure of a few of the territory's communes would read as the
                                // territory's: not compared, as in a portrait's references.
                                <span className="socle-status">non comparable ({formatCoverage(ind.value.coverage)} des hab.)</span>
                              ) : (
                                <>
                                  {formatValue(ind.value.value, ind.unit, ind.decimals)}
                                  {ind.value.status === 'partial' && (
                                    <span className="socle-status"> {ind.value.coverage === undefined ? '(partiel)' : `(partiel : ${formatCoverage(ind.value.coverage)} des hab.)`}</span>
                                  )}
                                </>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      )}
        </div>
      </div>
      {refs.length === 0 && <p className="fr-mt-4w">Ajoutez un premier territoire pour commencer.</p>}
      <LiveMessage message={liveMessage} />
    </div>
  );
}

const CompareChart = ({ indicator, portraits, byId }: { indicator: PortraitIndicator; portraits: Portrait[]; byId: Map<string, PortraitIndicator>[] }) => {
  // A figure known for under 90 % of a territory's inhabitants is no bar beside the others (it stays in the table).
  const data = useMemo(
    () =>
      portraits
        .map((p, k) => {
          const v = byId[k].get(indicator.id)?.value;
          const comparable = v && (v.status !== 'partial' || v.coverage === undefined || v.coverage >= MIN_COMPARABLE_COVERAGE);
          return { name: p.territory.name, value: comparable ? v.value : null };
        })
        .filter((d): d is { name: string; value: number } => d.value !== null),
    [portraits, byId, indicator.id],
  );
  const options = useMemo<Plot.PlotOptions>(() => {
    const max = Math.max(0, ...data.map((d) => d.value));
    const min = Math.min(0, ...data.map((d) => d.value));
    const text = (d: { value: number }) => formatValue(d.value, indicator.unit, indicator.decimals);
    return {
      marginLeft: 220,
      marginRight: 70,
      width: 760,
      height: data.length * 34 + 40,
      // French ticks (« 1 000 », « 0,2 »), and room beyond a negative bar for its value, printed left of it.
      x: { label: indicator.unit, grid: true, tickFormat: (t: number) => formatNumber(t, Number.isInteger(t) ? 0 : Math.min(2, indicator.decimals || 1)), domain: [min < 0 ? min - (Math.max(max, 0) - min) * 0.2 : 0, max * 1.08 || 1] },
      y: { label: null, domain: data.map((d) => d.name) },
      marks: [
        Plot.barX(data, { x: 'value', y: 'name', fill: '#000091' }),
        Plot.text(data.filter((d) => d.value >= 0), { x: 'value', y: 'name', text, dx: 4, textAnchor: 'start' }),
        Plot.text(data.filter((d) => d.value < 0), { x: 'value', y: 'name', text, dx: -4, textAnchor: 'end' }),
        Plot.ruleX([0]),
      ],
    };
  }, [data, indicator]);
  if (data.length === 0) return <p>Aucune valeur à comparer.</p>;
  return (
    <PlotFigure
      options={options}
      caption={`${indicator.label}, par territoire`}
      tableId="tableau-comparaison"
      summary={data.map((d) => `${d.name} : ${formatValue(d.value, indicator.unit, indicator.decimals)}`).join(' ; ')}
    />
  );
};
