// The territories of the same kind closest on the key indicators (GET /territories/{ref}/similar), each with the
// reason, and a link to compare.
import { useEffect, useRef } from 'react';
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
  /** Adds a territory to a comparison; false when it was not added (the comparison is full). */
  onAdd?: (s: SimilarTerritory) => boolean;
  /** The element that takes the focus when the last « Ajouter » button is gone (the list's heading). */
  focusWhenEmpty?: string;
  /** Territories already compared, left out. */
  exclude?: string[];
  /** The reason under the name, in small type (the compare page's side column). */
  compact?: boolean;
}

export const SimilarList = ({ state, base, onAdd, exclude = [], compact, focusWhenEmpty }: ListProps) => {
  const listRef = useRef<HTMLUListElement>(null);
  /** The territory just added and its place: its button goes, and the focus to the one now in its place. */
  const added = useRef<{ ref: string; index: number } | null>(null);
  const list = (state.data?.similar ?? []).filter((s) => !exclude.includes(s.ref));
  useEffect(() => {
    const a = added.current;
    if (!a || list.some((s) => s.ref === a.ref)) return;
    added.current = null;
    const buttons = listRef.current?.querySelectorAll('button');
    if (buttons && buttons.length > 0) buttons[Math.min(a.index, buttons.length - 1)].focus();
    else if (focusWhenEmpty) document.getElementById(focusWhenEmpty)?.focus();
  });
  if (!hasPeers(base))
    return <p>{base === 'fr' ? 'La France n’a pas de territoire semblable de son type : comparez-la à ses régions ou départements.' : 'Un périmètre n’a pas de semblables calculés : comparez-le aux territoires de votre choix.'}</p>;
  if (state.loading) return <Loading what="Recherche des territoires semblables" />;
  if (state.error) return <p className="fr-error-text">{state.error.message}</p>;
  if (list.length === 0) return <p>Aucun territoire semblable n’a pu être calculé (données insuffisantes).</p>;
  return (
    <>
      <ul className="fr-mb-2w" ref={listRef}>
        {list.map((s, k) => (
          <li key={s.ref} className={compact ? 'fr-mb-1w' : undefined}>
            <Link to={territoryPath(s.ref)}>{s.name}</Link>
            {compact ? <br /> : ' — '}
            <span className="socle-status">{s.reason}</span>{' '}
            {onAdd && (
              <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" onClick={() => {
                  added.current = onAdd(s) ? { ref: s.ref, index: k } : null;
                }}>
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
