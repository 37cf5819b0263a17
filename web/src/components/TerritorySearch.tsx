// A search box over communes, EPCI, départements, régions and perimeters (name, INSEE code, postal code, SIREN),
// with suggestions as a listbox: the ARIA 1.2 combobox pattern (arrows move, Enter picks, Escape closes), so that it
// works with the keyboard and a screen reader.
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { API, getJson, type SearchHit } from '../lib/api.js';
import { isOverseasCollectivity } from '../../../src/core/territory/territory-ref.js';

const KIND_SHORT: Record<string, string> = { com: 'commune', epci: 'intercommunalité', dep: 'département', reg: 'région', fr: 'pays', per: 'périmètre' };

export const describeHit = (h: SearchHit): string => {
  const bits = [h.kind === 'dep' && isOverseasCollectivity(h.ref.slice(4)) ? 'collectivité d’outre-mer' : (KIND_SHORT[h.kind] ?? h.kind)];
  if (h.kind === 'com' && h.departement) bits.push(h.departement);
  if (h.matched && h.matched !== 'nom') bits.push(h.matched);
  return bits.join(' · ');
};

interface Props {
  label: string;
  hint?: string;
  onSelect: (hit: SearchHit) => void;
  /** Only these kinds are offered (the perimeter builder takes communes and EPCI). */
  kinds?: string[];
  placeholder?: string;
  /** Clear the box after a pick (when picking several). */
  clearOnSelect?: boolean;
  /** Hits to offer first, their order kept (the communes of the département the page shows, before namesakes elsewhere). */
  prefer?: (hit: SearchHit) => boolean;
  id?: string;
  /** The address of a territory's page: a suggested name (« Vouliez-vous dire Toulouse ? ») is then a link to it. */
  hrefOf?: (hit: SearchHit) => string;
  /** What is wrong with what this box adds (« ajoutez au moins un membre »), said under it as a DSFR field error. */
  error?: string | null;
}

export const TerritorySearch = ({ label, hint, onSelect, kinds, placeholder, clearOnSelect, id, hrefOf, prefer, error }: Props) => {
  const autoId = useId();
  const inputId = id ?? `recherche-${autoId.replace(/:/g, '')}`;
  const listId = `${inputId}-suggestions`;
  const errorId = `${inputId}-erreur`;
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  /** A search that found nothing: its text, and the closest name the server suggests. */
  const [none, setNone] = useState<{ text: string; suggestion: SearchHit | null } | null>(null);
  const seq = useRef(0);
  /** The name a pick wrote in the box: it is not searched again (the list would open anew over the choice made). */
  const picked = useRef<string | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (picked.current !== null && text === picked.current) {
      seq.current++;
      setOpen(false);
      return;
    }
    picked.current = null;
    if (q.length < 2 && !/^\d/.test(q)) {
      setHits([]);
      setStatus('');
      setNone(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const res = await getJson<{ results: SearchHit[]; suggestion?: SearchHit }>(`${API}/territories?q=${encodeURIComponent(q)}&limit=12`);
        if (mine !== seq.current) return;
        const offered = kinds ? res.results.filter((h) => kinds.includes(h.kind)) : res.results;
        const found = prefer ? [...offered.filter(prefer), ...offered.filter((h) => !prefer(h))] : offered;
        const suggestion = res.suggestion && (!kinds || kinds.includes(res.suggestion.kind)) ? res.suggestion : null;
        // A closer, larger place than every hit (« Toulouze » → Toulouse, before Toulouzette) comes first, said « nom proche ».
        const list = found.length && suggestion ? [suggestion, ...found] : found;
        setHits(list);
        setActive(list.length ? 0 : -1);
        setOpen(true);
        setNone(list.length === 0 ? { text: q, suggestion } : null);
        setStatus(
          list.length === 0
            ? `Aucun territoire ne correspond à « ${q} ».${suggestion ? ` Vouliez-vous dire ${suggestion.name} ?` : ''}`
            : `${list.length} suggestion${list.length > 1 ? 's' : ''} : flèches haut et bas pour choisir, Entrée pour ${clearOnSelect ? 'ajouter' : 'ouvrir'}.`,
        );
      } catch {
        if (mine === seq.current) setStatus('La recherche a échoué : le serveur ne répond pas.');
      }
    }, 120);
    return () => clearTimeout(timer);
  }, [text, kinds]);

  const pick = (hit: SearchHit) => {
    setOpen(false);
    setNone(null);
    picked.current = clearOnSelect ? null : hit.name;
    setText(clearOnSelect ? '' : hit.name);
    setHits(clearOnSelect ? [] : hits);
    onSelect(hit);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open && hits.length) setOpen(true);
      setActive((a) => (hits.length ? (a + 1) % hits.length : -1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (hits.length ? (a - 1 + hits.length) % hits.length : -1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && hits[active]) {
        e.preventDefault();
        pick(hits[active]);
      }
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      // Tab leaves the field for the next control, the list closed.
      setOpen(false);
    }
  };

  const expanded = open && hits.length > 0;
  return (
    <div className={`fr-input-group socle-search${error ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={inputId}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <div className="socle-search__box">
        <input
          id={inputId}
          className={`fr-input${error ? ' fr-input--error' : ''}`}
          type="text"
          role="combobox"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => hits.length && setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {/* Out of the tab order: Chromium makes a scrolling list focusable, and Tab would land on it as it closes. */}
        <ul id={listId} role="listbox" aria-label={`Suggestions pour ${label}`} className="socle-search__list" hidden={!expanded} tabIndex={-1}>
          {hits.map((h, i) => (
            <li
              key={h.ref}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(h)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="socle-search__name">{h.name}</span>
              <span className="socle-search__meta">{describeHit(h)}</span>
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <p id={errorId} className="fr-error-text">
          {error}
        </p>
      )}
      {none && (
        <p className="socle-search__none fr-text--sm fr-mt-1w fr-mb-0">
          Aucun territoire ne correspond à « {none.text} ».
          {none.suggestion && (
            <>
              {' '}
              Vouliez-vous dire <SuggestedName hit={none.suggestion} href={hrefOf?.(none.suggestion)} onPick={() => pick(none.suggestion!)} /> ?
            </>
          )}
        </p>
      )}
      <p className="fr-sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
};

/** The name the server suggests for a search that found nothing: a link to its page, or a button that picks it. */
const SuggestedName = ({ hit, href, onPick }: { hit: SearchHit; href?: string; onPick: () => void }) =>
  href ? (
    <Link className="fr-link" to={href}>
      {hit.name}
    </Link>
  ) : (
    <button type="button" className="fr-link socle-link-button" onClick={onPick}>
      {hit.name}
    </button>
  );
