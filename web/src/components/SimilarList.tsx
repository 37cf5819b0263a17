// The territories of the same kind closest on the key indicators (GET /territories/{ref}/similar), each with the
// reason, and a link to compare.
import { Link } from 'react-router-dom';
import { useApi, type AsyncState } from '../lib/api.js';
import { comparePath, territoryPath } from '../lib/paths.js';
import { Loading } from './Loading.js';

export interface SimilarTerritory {
  ref: string;
  name: string;
  distance: number;
  reason: string;
}

export interface SimilarAnswer {
  territory?: string;
  similar: SimilarTerritory[];
}

/** Perimeters and France have no peers of their kind: nothing is asked for them. */
export const hasPeers = (ref: string | null): ref is string => !!ref && /^(com|epci|dep|reg):/.test(ref);

export const useSimilar = (ref: string | null): AsyncState<SimilarAnswer> => useApi<SimilarAnswer>(hasPeers(ref) ? `/api/v1/territories/${ref}/similar` : null);

interface ListProps {
  state: AsyncState<SimilarAnswer>;
  base: string;
  onAdd?: (s: SimilarTerritory) => void;
  /** Territories already compared, left out. */
  exclude?: string[];
  /** The reason under the name, in small type (the compare page's side column). */
  compact?: boolean;
}

export const SimilarList = ({ state, base, onAdd, exclude = [], compact }: ListProps) => {
  if (!hasPeers(base))
    return <p>{base === 'fr' ? 'La France n’a pas de territoire semblable de son type : comparez-la à ses régions ou départements.' : 'Un périmètre n’a pas de semblables calculés : comparez-le aux territoires de votre choix.'}</p>;
  if (state.loading) return <Loading what="Recherche des territoires semblables" />;
  if (state.error) return <p className="fr-error-text">{state.error.message}</p>;
  const list = (state.data?.similar ?? []).filter((s) => !exclude.includes(s.ref));
  if (list.length === 0) return <p>Aucun territoire semblable n’a pu être calculé (données insuffisantes).</p>;
  return (
    <>
      <ul className="fr-mb-2w">
        {list.map((s) => (
          <li key={s.ref} className={compact ? 'fr-mb-1w' : undefined}>
            <Link to={territoryPath(s.ref)}>{s.name}</Link>
            {compact ? <br /> : ' — '}
            <span className="socle-status">{s.reason}</span>{' '}
            {onAdd && (
              <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" onClick={() => onAdd(s)}>
                Ajouter à la comparaison<span className="fr-sr-only"> : {s.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {!onAdd && (
        <Link className="fr-btn fr-btn--secondary" to={comparePath([base, ...list.slice(0, 3).map((s) => s.ref)])}>
          Comparer avec les trois plus proches
        </Link>
      )}
    </>
  );
};
