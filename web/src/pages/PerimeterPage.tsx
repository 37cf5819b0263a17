// Périmètres: build a custom territory (a CTG territory, a SCoT, a canton) from communes and EPCI, picked in a list
// or by clicking on the map, and save it (POST /api/v1/perimeters). Existing perimeters are listed, changed (PUT; from
// a perimeter's portrait too, through ?modifier=SLUG) and deleted.
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ChoroplethMap, type OutlineProperties } from '../components/ChoroplethMap.js';
import { useExtent } from '../components/IndicatorMap.js';
import { LiveMessage, useLiveMessage } from '../components/LiveMessage.js';
import { Loading } from '../components/Loading.js';
import { TerritorySearch, describeHit } from '../components/TerritorySearch.js';
import { WriteAccess } from '../components/WriteAccess.js';
import { ApiError, clearApiCache, getJson, sendJson, useApi, type PerimeterSummary, type TerritoryInfo } from '../lib/api.js';
import { formatCount, plural } from '../lib/format.js';
import { PERIMETER_TAKEN } from '../lib/messages.js';
import { territoryPath } from '../lib/paths.js';
import { useFocusAfterRemoval } from '../lib/use-focus-after-removal.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { ofRef } from '../../../src/core/format/territory-names.js';

const KIND_WORDS: Record<string, string> = { com: 'commune', epci: 'intercommunalité', dep: 'département', reg: 'région' };

interface Member {
  ref: string;
  name: string;
  detail: string;
}

const slugify = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Ligatures are two letters: « Cœur » → « coeur », not « c-ur ».
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'Oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

export default function PerimeterPage() {
  usePageTitle('Périmètres');
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const list = useApi<PerimeterSummary[]>(`/api/v1/perimeters?v=${version}`);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [members, setMembers] = useState<Member[]>([]);
  const [mapWithin, setMapWithin] = useState({ ref: 'dep:31', name: 'Haute-Garonne' });
  /** Why the server did not save the perimeter (taken identifier, conflict); what the form lacks is said apart. */
  const [error, setError] = useState<string | null>(null);
  /** « Enregistrer » was pressed on a form that lacked something: each field in error says so, until it is filled. */
  const [attempted, setAttempted] = useState(false);
  const [liveMessage, announce] = useLiveMessage();
  const membersTitle = useRef<HTMLHeadingElement>(null);
  const membersList = useRef<HTMLUListElement>(null);
  /** What became of a deletion, said above the list it concerns (the form's errors are below, with the form). */
  const [removal, setRemoval] = useState<{ ok: boolean; text: string } | null>(null);
  const removalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (removal) removalRef.current?.focus();
  }, [removal]);
  const [saving, setSaving] = useState(false);
  // The perimeter being changed (« Modifier »), or null for a new one.
  const [editing, setEditing] = useState<PerimeterSummary | null>(null);
  // A perimeter asked for by ?modifier= that is not (or no longer) there.
  const [unknown, setUnknown] = useState<string | null>(null);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const extent = useExtent(mapWithin.ref, 'com');
  const selected = useMemo(() => members.map((m) => m.ref), [members]);
  // An EPCI, a département or a région among the members is drawn as its communes (the map's shapes).
  const [communesOf, setCommunesOf] = useState<Record<string, string[]>>({});
  useEffect(() => {
    for (const ref of selected) {
      if (ref.startsWith('com:') || communesOf[ref]) continue;
      getJson<{ values: { ref: string }[] }>(`/api/v1/indicators/population/values?within=${encodeURIComponent(ref)}&level=com`)
        .then((r) => setCommunesOf((known) => ({ ...known, [ref]: r.values.map((v) => v.ref) })))
        .catch(() => setCommunesOf((known) => ({ ...known, [ref]: [] })));
    }
  }, [selected, communesOf]);
  const drawn = useMemo(() => [...new Set(selected.flatMap((ref) => (ref.startsWith('com:') ? [ref] : (communesOf[ref] ?? []))))], [selected, communesOf]);
  const fill = useMemo(() => ['case', ['in', ['get', 'ref'], ['literal', drawn]], '#6a6af4', '#c9cdd4'] as never, [drawn]);

  // Adding or removing a member (from the search, the list or the map) is said in a polite live region: the count
  // in the heading changes out of sight.
  const toggle = (m: Member) => {
    const present = members.some((x) => x.ref === m.ref);
    const count = members.length + (present ? -1 : 1);
    setMembers((list) => (list.some((x) => x.ref === m.ref) ? list.filter((x) => x.ref !== m.ref) : [...list, m]));
    announce(`${present ? 'Retrait' : 'Ajout'} ${ofRef(m.ref, m.name)} ${present ? 'du' : 'au'} périmètre : ${count === 0 ? 'aucun membre' : plural(count, 'membre', 'membres')}.`);
  };
  // The focus goes to the member now at the removed one's place; none left, to the list's heading.
  const removed = useFocusAfterRemoval(membersList, members, () => membersTitle.current?.focus());
  const removeMember = (m: Member, index: number) => {
    removed(index);
    toggle(m);
  };
  const effectiveSlug = slugTouched ? slug : slugify(name);
  // The identifier filled from the name may be an existing perimeter's: said at once, under the field.
  const taken = !editing && !!list.data?.some((p) => p.slug === effectiveSlug);
  const slugError = taken
    ? PERIMETER_TAKEN
    : effectiveSlug !== '' && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(effectiveSlug)
      ? `« ${effectiveSlug} » : l’identifiant s’écrit en minuscules, chiffres et tirets, par exemple sud-haute-garonne`
      : null;
  // What still stops the perimeter from being saved, said when « Enregistrer » is pressed rather than by a dead button.
  const missing = [!name.trim() && 'un nom', !effectiveSlug && 'un identifiant', slugError && 'un identifiant valide', members.length === 0 && 'au moins un membre'].filter(Boolean) as string[];
  // Said under each field once « Enregistrer » was pressed, and gone as soon as the field is filled.
  const nameError = attempted && !name.trim() ? 'Saisissez le nom du périmètre.' : null;
  const slugShown = slugError ?? (attempted && !effectiveSlug ? 'Saisissez un identifiant, par exemple sud-haute-garonne.' : null);
  const membersError = attempted && members.length === 0 ? 'Ajoutez au moins un membre : cherchez-le ici ou cliquez sur sa commune sur la carte.' : null;
  // The summary above the button follows the form: shorter as fields are filled, gone when nothing is missing.
  const missingText = attempted && missing.length ? `Il manque ${missing.join(', ').replace(/, ([^,]*)$/, ' et $1')}.` : null;

  const save = async () => {
    setError(null);
    if (missing.length) {
      setAttempted(true);
      // The first field to fill takes the focus, its error read with its label.
      const first = !name.trim() ? 'perimetre-nom' : !effectiveSlug || slugError ? 'perimetre-identifiant' : 'perimetre-membres';
      setTimeout(() => document.getElementById(first)?.focus(), 0);
      return;
    }
    setSaving(true);
    try {
      if (editing) {
        // The version it was read at: a perimeter changed by someone else since is not overwritten (409).
        const changed = await sendJson<TerritoryInfo>('PUT', `perimeters/${editing.slug}`, { name, members: selected, version: editing.version });
        setVersion((v) => v + 1);
        navigate(territoryPath(changed.ref));
        return;
      }
      // Checked again just before saving: another person may have taken the identifier since the list was read.
      const current = await getJson<PerimeterSummary[]>('/api/v1/perimeters', { fresh: true });
      if (current.some((p) => p.slug === effectiveSlug)) {
        setError(PERIMETER_TAKEN);
        setVersion((v) => v + 1);
        return;
      }
      const created = await sendJson<TerritoryInfo>('POST', 'perimeters', { slug: effectiveSlug, name, members: selected });
      setVersion((v) => v + 1);
      navigate(territoryPath(created.ref));
    } catch (e) {
      setError(e instanceof ApiError ? (e.code === 'PERIMETRE_EXISTANT' ? PERIMETER_TAKEN : e.code === 'CONFLIT' ? `${e.message}.` : e.message) : String(e));
    } finally {
      setSaving(false);
    }
  };

  const startEditing = (p: PerimeterSummary, remember = true) => {
    if (remember) setSearchParams({ modifier: p.slug }, { replace: true });
    setEditing(p);
    setName(p.name);
    setSlug(p.slug);
    setSlugTouched(true);
    setMembers(p.members.map((ref, k) => ({ ref, name: p.memberNames[k] ?? ref, detail: KIND_WORDS[ref.split(':')[0]] ?? '' })));
    setError(null);
    setAttempted(false);
    setTimeout(() => formTitle.current?.focus(), 0);
  };
  // The perimeter being changed is in the address (?modifier=SLUG): « Modifier ce périmètre » on its portrait opens
  // this page on its form, and a reload keeps the form open on it.
  const asked = searchParams.get('modifier');
  useEffect(() => {
    if (!asked || !list.data || editing?.slug === asked) return;
    const p = list.data.find((x) => x.slug === asked);
    if (p) startEditing(p, false);
    else {
      setUnknown(asked);
      setSearchParams({}, { replace: true });
    }
  }, [asked, list.data, editing, setSearchParams]);
  const stopEditing = () => {
    setSearchParams({}, { replace: true });
    setEditing(null);
    setName('');
    setSlug('');
    setSlugTouched(false);
    setMembers([]);
    setError(null);
    setAttempted(false);
  };

  const remove = async (p: PerimeterSummary) => {
    if (!window.confirm(`Supprimer le périmètre « ${p.name} » ?`)) return;
    setRemoval(null);
    try {
      // The version read with the list: a perimeter changed since by someone else is not deleted unseen (409).
      await sendJson('DELETE', `perimeters/${p.slug}?version=${p.version}`);
      clearApiCache();
      setVersion((v) => v + 1);
      setRemoval({ ok: true, text: `Le périmètre « ${p.name} » a été supprimé.` });
    } catch (e) {
      setRemoval({
        ok: false,
        text:
          e instanceof ApiError
            ? e.code === 'CONFLIT'
              ? `« ${p.name} » a été modifié ailleurs depuis l’affichage de cette page : la liste est à jour ; vérifiez-le avant de le supprimer.`
              : e.message
            : String(e),
      });
      // Changed or deleted by someone else: the list is read again, so that what is shown is what is there.
      if (e instanceof ApiError && (e.code === 'CONFLIT' || e.code === 'PERIMETRE_INCONNU')) {
        clearApiCache();
        setVersion((v) => v + 1);
      }
    }
  };

  return (
    <div className="fr-container fr-my-4w">
      <h1>Périmètres</h1>
      <p>
        Un périmètre est un territoire à vous : le territoire d’une convention territoriale globale, d’un SCoT, d’un bassin de vie. Socle le
        calcule comme les autres, à partir de ses communes.
      </p>

      {unknown && <Alert severity="warning" small className="fr-mb-3w" description={`Le périmètre « ${unknown} » n’existe pas ou plus : il n’y a rien à modifier.`} />}
      <section aria-labelledby="titre-liste">
        <h2 id="titre-liste">Périmètres enregistrés</h2>
        <div ref={removalRef} tabIndex={-1} role="status">
          {removal?.ok && <Alert severity="success" small description={removal.text} className="fr-mb-2w" />}
          {removal && !removal.ok && <Alert severity="error" title="Le périmètre n’a pas été supprimé" description={removal.text} className="fr-mb-2w" />}
        </div>
        {list.loading && <Loading />}
        {list.data && list.data.length === 0 && <p>Aucun périmètre pour l’instant.</p>}
        {list.data && list.data.length > 0 && (
          <ul>
            {list.data.map((p) => (
              <li key={p.ref} className="fr-mb-1w">
                <Link to={territoryPath(p.ref)}>{p.name}</Link> — {formatCount(p.communes)} commune{p.communes > 1 ? 's' : ''} ({p.memberNames.join(', ')}){' '}
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-edit-line fr-btn--icon-left" onClick={() => startEditing(p)}>
                  Modifier<span className="fr-sr-only"> {p.name}</span>
                </button>{' '}
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-delete-line fr-btn--icon-left" onClick={() => void remove(p)}>
                  Supprimer<span className="fr-sr-only"> {p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="fr-mt-6w" aria-labelledby="titre-nouveau">
        <h2 id="titre-nouveau" ref={formTitle} tabIndex={-1}>
          {editing ? `Modifier le périmètre « ${editing.name} »` : 'Nouveau périmètre'}
        </h2>
        {editing && (
          <p>
            Son identifiant reste {editing.ref}.{' '}
            <button type="button" className="fr-link socle-link-button" onClick={stopEditing}>
              Annuler la modification
            </button>
          </p>
        )}
        <WriteAccess />
        <p className="fr-text--sm">
          Les champs marqués d’un astérisque (<span aria-hidden="true">*</span>) sont obligatoires ; un périmètre compte au moins un membre.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label={<>Nom <Required /></>}
                hintText="tel que les portraits et les rapports l’écriront"
                state={nameError ? 'error' : 'default'}
                stateRelatedMessage={nameError ?? undefined}
                nativeInputProps={{ id: 'perimetre-nom', value: name, onChange: (e) => setName(e.target.value), maxLength: 200, 'aria-required': true, 'aria-invalid': nameError ? true : undefined }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label={<>Identifiant <Required /></>}
                hintText="minuscules, chiffres et tirets ; il forme la référence per:…"
                state={slugShown ? 'error' : 'default'}
                stateRelatedMessage={slugShown ?? undefined}
                nativeInputProps={{
                  id: 'perimetre-identifiant',
                  value: effectiveSlug,
                  onChange: (e) => {
                    setSlugTouched(true);
                    setSlug(e.target.value);
                  },
                  'aria-invalid': slugShown ? true : undefined,
                  readOnly: !!editing,
                  'aria-required': true,
                }}
              />
            </div>
          </div>

          <h3 className="fr-h6 fr-mt-2w" id="titre-membres" ref={membersTitle} tabIndex={-1}>
            Membres ({members.length})
          </h3>
          <div className="socle-home-search">
            <TerritorySearch
              label="Ajouter une commune ou une intercommunalité"
              id="perimetre-membres"
              error={membersError}
              kinds={['com', 'epci', 'dep']}
              clearOnSelect
              // A commune of the département on the map before its namesakes elsewhere (Caubous, 31, before Caubous, 65).
              prefer={(h) => h.kind !== 'com' || !mapWithin.ref.startsWith('dep:') || h.departement === mapWithin.ref.slice(4)}
              onSelect={(h) => (selected.includes(h.ref) ? announce(`${h.name} est déjà membre du périmètre.`) : toggle({ ref: h.ref, name: h.name, detail: describeHit(h) }))}
            />
          </div>
          {members.length > 0 ? (
            <ul className="socle-chips" aria-label="Membres du périmètre" ref={membersList}>
              {members.map((m, k) => (
                <li key={m.ref}>
                  <button type="button" className="fr-tag fr-tag--dismiss" aria-label={`Retirer ${m.name}`} onClick={() => removeMember(m, k)}>
                    {m.name}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="socle-status">Aucun membre : cherchez-les ci-dessus ou cliquez sur les communes de la carte.</p>
          )}

          <h3 className="fr-h6 fr-mt-3w">Sur la carte {ofRef(mapWithin.ref, mapWithin.name)}</h3>
          <p className="fr-text--sm">Un clic sur une commune l’ajoute ou la retire. Au clavier, utilisez la recherche ci-dessus.</p>
          <div className="socle-home-search">
            <TerritorySearch label="Changer de carte" kinds={['dep', 'epci']} onSelect={(h) => setMapWithin({ ref: h.ref, name: h.name })} />
          </div>
          {extent.error && <Alert severity="error" small description={extent.error.message} />}
          <ChoroplethMap
            extent={extent.data && extent.data.count > 0 ? extent.data : null}
            fill={fill}
            label={`Carte des communes ${ofRef(mapWithin.ref, mapWithin.name)} ; les communes choisies sont en bleu`}
            alternative="la liste « Membres du périmètre », au-dessus de la carte, donne les territoires choisis"
            highlighted={drawn}
            onFeatureClick={(p: OutlineProperties) => toggle({ ref: p.ref, name: p.name, detail: 'commune' })}
          />

          {(missingText ?? error) && <Alert severity="error" title="Le périmètre n’a pas été enregistré" description={missingText ?? error ?? ''} className="fr-mt-2w" />}
          <Button type="submit" className="fr-mt-3w" disabled={saving} iconId="fr-icon-save-line">
            {editing ? 'Enregistrer les modifications' : 'Enregistrer le périmètre'}
          </Button>
        </form>
        <LiveMessage message={liveMessage} />
      </section>
    </div>
  );
}

/** The mark of a required field, explained above the form (its field has aria-required for screen readers). */
const Required = () => (
  <span className="socle-required" aria-hidden="true">
    *
  </span>
);
