// Territoire: the portrait of a territory by domain — each indicator with its value, its references, its evolution,
// its rank and the sentence that says it — with charts, a map of its communes for a chosen indicator (in the URL,
// ?indicateur=…), the similar territories and the ABS report.
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Badge } from '@codegouvfr/react-dsfr/Badge.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { Tag } from '@codegouvfr/react-dsfr/Tag.js';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { PUBLIC_LABELS, type Public } from '../../../src/core/indicators/indicator.types.js';
import type { PortraitDomain, PortraitIndicator } from '../../../src/core/indicators/portrait.types.js';
import { IndicatorMap } from '../components/IndicatorMap.js';
import { LiveMessage, useLiveMessage } from '../components/LiveMessage.js';
import { Loading } from '../components/Loading.js';
import { ComparisonChart, EvolutionChart } from '../components/PortraitCharts.js';
import { ReportLinks } from '../components/ReportLinks.js';
import { SimilarList, useSimilar } from '../components/SimilarList.js';
import { useApi, type Portrait, type TerritoryInfo } from '../lib/api.js';
import { formatCount, formatCoverage, formatSigned, formatValue, plural, STATUS_HINTS, statusText, yearsOf } from '../lib/format.js';
import { representsTerritory } from '../../../src/core/indicators/coverage.js';
import { lowerFirst } from '../../../src/core/format/french-text.js';
import { ordinal } from '../lib/ordinal.js';
import { comparePath, indicatorPath, territoryPath } from '../lib/paths.js';
import { rememberTerritory } from '../lib/recent.js';
import { isUnknownTerritory, territoryErrorText } from '../lib/messages.js';
import { usePageNotFound, usePageTitle } from '../lib/use-page-title.js';

/** Indicators offered first on the map, in this order, when the URL does not choose. */
const MAP_DEFAULTS = ['taux_chomage_15_64', 'part_75_plus', 'part_60_plus', 'part_familles_monoparentales', 'densite'];

export default function TerritoryPage() {
  const { ref = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const territory = useApi<TerritoryInfo>(`/api/v1/territories/${ref}`);
  const portrait = useApi<Portrait>(territory.data ? `/api/v1/territories/${territory.data.ref}/portrait` : null);
  const listing = useApi<Listing[]>('/api/v1/indicators');
  const t = territory.data;
  // ?public=personnes_agees: the portrait of one public (the indicators the library declares for it).
  const publicId = FILTER_PUBLICS.find((p) => p === params.get('public')) ?? null;
  const shown = useMemo(() => (portrait.data ? portraitOfPublic(portrait.data, publicId, listing.data) : null), [portrait.data, publicId, listing.data]);
  /** Changes the address's parameters (the map's indicator, the public) on the territory's own path, keeping the others. */
  const updateParams = (ref: string, change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    const search = next.toString();
    navigate(`${territoryPath(ref)}${search ? `?${search}` : ''}`, { replace: true });
  };
  // A server that does not answer is not an unknown territory.
  const unreachable = territory.error?.code === 'RESEAU';
  usePageTitle(t ? `${t.name} — portrait` : unreachable ? 'Serveur injoignable' : territory.error ? 'Territoire introuvable' : 'Territoire');
  usePageNotFound(isUnknownTerritory(territory.error));

  useEffect(() => {
    if (t) rememberTerritory({ ref: t.ref, name: t.name, kindLabel: t.kindLabel });
  }, [t]);

  // A public chosen (or all of them again) changes the sections below the buttons, which keep the focus: what is now
  // shown is said in a polite live region.
  const publicChanged = useRef(false);
  const [liveMessage, announce] = useLiveMessage();
  useEffect(() => {
    if (!publicChanged.current || !shown) return;
    publicChanged.current = false;
    const domains = shown.domains.filter((d) => d.indicators.length > 0);
    const indicators = domains.reduce((n, d) => n + d.indicators.length, 0);
    const counted = `${plural(domains.length, 'domaine', 'domaines')} et ${plural(indicators, 'indicateur affiché', 'indicateurs affichés')}`;
    announce(publicId ? `Public « ${PUBLIC_LABELS[publicId].replace(/^./, (c) => c.toUpperCase())} » : ${counted}.` : `Tous les publics : ${counted}.`);
  }, [shown, publicId, announce]);

  if (territory.loading) return <div className="fr-container fr-my-4w"><Loading what="Chargement du territoire" /></div>;
  if (territory.error || !t) {
    return (
      <div className="fr-container fr-my-4w">
        <h1>{unreachable ? 'Serveur injoignable' : 'Territoire introuvable'}</h1>
        <Alert severity="error" small description={territory.error ? territoryErrorText(ref, territory.error) : `${ref} : territoire inconnu`} />
        <p className="fr-mt-2w">
          <Link className="fr-link" to="/">
            Chercher un territoire
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="fr-container fr-my-4w">
      <Breadcrumb currentPageLabel={t.name} segments={breadcrumbOf(t)} />
      <div className="socle-actions">
        <h1 className="fr-mb-0">{t.name}</h1>
        <Badge severity="info" noIcon>
          {t.kindLabel}
        </Badge>
      </div>
      {t.resolvedFrom && <Alert severity="info" small description={t.resolvedFrom.message} className="fr-mb-2w" />}
      {/* Key figures and the map come from the territory and the indicator list: they do not wait for the portrait. */}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-5">
          <KeyFigures t={t} />
          <div className="socle-actions fr-mb-2w">
            <Link className="fr-btn fr-btn--secondary fr-icon-scales-3-line fr-btn--icon-left" to={comparePath([t.ref])}>
              Comparer
            </Link>
            <Link
              className="fr-btn fr-btn--tertiary fr-icon-map-pin-2-line fr-btn--icon-left"
              to={indicatorPath(params.get('indicateur') ?? 'population', { within: mapWithin(t), level: 'com' })}
            >
              Explorer un indicateur
            </Link>
          </div>
          <ReportLinks refText={t.ref} name={t.name} />
          {shown && <Summary portrait={shown} />}
        </div>
        <TerritoryMap t={t} chosenId={params.get('indicateur')} onChoose={(id) => updateParams(t.ref, (p) => p.set('indicateur', id))} />
      </div>

      {portrait.loading && <Loading what="Calcul du portrait" />}
      {portrait.error && <Alert severity="error" title="Le portrait n’a pas pu être calculé" description={portrait.error.message} />}
      {shown && (
        <>
          <PublicFilter
            chosen={publicId}
            onChoose={(id) => {
              publicChanged.current = true;
              updateParams(t.ref, (p) => (id ? p.set('public', id) : p.delete('public')));
            }}
          />
          <LiveMessage message={liveMessage} />
          <PortraitView t={t} portrait={shown} />
        </>
      )}
    </div>
  );
}

/** The publics a portrait can be narrowed to (the whole population is the portrait itself). */
const FILTER_PUBLICS: Public[] = ['familles', 'jeunes', 'personnes_agees', 'personnes_handicapees', 'personnes_en_difficulte'];

/** The portrait's indicators of one public (by the library's declarations), domains left empty dropped. */
const portraitOfPublic = (portrait: Portrait, publicId: Public | null, listing: Listing[] | null | undefined): Portrait => {
  if (!publicId || !listing) return portrait;
  const label = PUBLIC_LABELS[publicId];
  const ids = new Set(listing.filter((i) => i.publics.includes(label)).map((i) => i.id));
  const domains = portrait.domains.map((d) => ({ ...d, indicators: d.indicators.filter((i) => ids.has(i.id)) })).filter((d) => d.indicators.length > 0);
  return { ...portrait, domains };
};

/** « Public : Tous · Familles · Jeunes · … »: toggle buttons that narrow the portrait (kept in the address). */
const PublicFilter = ({ chosen, onChoose }: { chosen: Public | null; onChoose: (id: Public | null) => void }) => (
  <div className="socle-public-filter fr-mt-4w" role="group" aria-labelledby="titre-publics">
    <p id="titre-publics" className="fr-text--bold fr-mb-1w">
      Indicateurs pour le public
    </p>
    <ul className="fr-tags-group">
      <li>
        <Tag pressed={chosen === null} nativeButtonProps={{ onClick: () => onChoose(null) }}>
          Tous les publics
        </Tag>
      </li>
      {FILTER_PUBLICS.map((p) => (
        <li key={p}>
          <Tag pressed={chosen === p} nativeButtonProps={{ onClick: () => onChoose(chosen === p ? null : p) }}>
            {PUBLIC_LABELS[p].replace(/^./, (c) => c.toUpperCase())}
          </Tag>
        </li>
      ))}
    </ul>
  </div>
);

const breadcrumbOf = (t: TerritoryInfo) => {
  const segments = [{ label: 'Accueil', linkProps: { to: '/' } }];
  if (t.parents.region) segments.push({ label: t.parents.region.name, linkProps: { to: territoryPath(t.parents.region.ref) } });
  if (t.parents.departement) segments.push({ label: t.parents.departement.name, linkProps: { to: territoryPath(t.parents.departement.ref) } });
  if (t.parents.epci) segments.push({ label: t.parents.epci.name, linkProps: { to: territoryPath(t.parents.epci.ref) } });
  return segments;
};

/** The map of a commune shows its intercommunalité (or département), the commune outlined. */
const mapWithin = (t: TerritoryInfo): string => (t.kind !== 'com' ? t.ref : (t.parents.epci?.ref ?? t.parents.departement?.ref ?? t.ref));

/** The name of a territory given by its reference, as a link (the perimeter's members). */
const RefName = ({ refText }: { refText: string }) => {
  const info = useApi<TerritoryInfo>(`/api/v1/territories/${refText}`);
  return <Link to={territoryPath(refText)}>{info.data?.name ?? refText}</Link>;
};

const KeyFigures = ({ t }: { t: TerritoryInfo }) => (
  <ul className="socle-keyfigures">
    <li>
      <span>Population municipale {t.millesime}</span>
      <strong>{formatCount(t.population)}</strong>
    </li>
    {t.kind !== 'com' && (
      <li>
        <span>Communes</span>
        <strong>{formatCount(t.communes)}</strong>
      </li>
    )}
    {t.parents.epci && (
      <li>
        <span>Intercommunalité</span>
        <Link to={territoryPath(t.parents.epci.ref)}>{t.parents.epci.name}</Link>
      </li>
    )}
    {t.parents.departement && (
      <li>
        <span>Département</span>
        <Link to={territoryPath(t.parents.departement.ref)}>{t.parents.departement.name}</Link>
      </li>
    )}
    {t.postalCodes && t.postalCodes.length > 0 && (
      <li>
        <span>Code INSEE · codes postaux</span>
        <span>
          {t.codeInsee} · {t.postalCodes.join(', ')}
        </span>
      </li>
    )}
    {t.membersSpec && (
      <li>
        <span>Composé de</span>
        <span>
          {t.membersSpec.map((m, i) => (
            <span key={m}>
              {i > 0 && ', '}
              <RefName refText={m} />
            </span>
          ))}{' '}
          · <Link to={`/perimetres?modifier=${encodeURIComponent(t.ref.slice('per:'.length))}`}>Modifier ce périmètre</Link>
        </span>
      </li>
    )}
  </ul>
);

const Summary = ({ portrait }: { portrait: Portrait }) => (
  <nav className="fr-summary fr-mt-3w socle-summary" aria-labelledby="sommaire-titre">
    <p className="fr-summary__title" id="sommaire-titre">
      Sommaire
    </p>
    <ol>
      {portrait.domains
        .filter((d) => d.indicators.length > 0)
        .map((d) => (
          <li key={d.id}>
            <a className="fr-summary__link" href={`#domaine-${d.id}`}>
              {d.label}
            </a>
          </li>
        ))}
      <li>
        <a className="fr-summary__link" href="#semblables">
          Territoires semblables
        </a>
      </li>
      <li>
        <a className="fr-summary__link" href="#sources">
          Sources
        </a>
      </li>
    </ol>
  </nav>
);

interface Listing {
  id: string;
  label: string;
  domain: string;
  domainLabel: string;
  /** French labels of the publics (« personnes âgées »). */
  publics: string[];
  unit: string;
  decimals: number;
  polarity: string;
  millesime: number | null;
}

/** The map of the member communes, for an indicator of the library that has data (chosen in the URL). */
const TerritoryMap = ({ t, chosenId, onChoose }: { t: TerritoryInfo; chosenId: string | null; onChoose: (id: string) => void }) => {
  // A click on a commune opens its portrait (the table below the map does the same from the keyboard).
  const navigate = useNavigate();
  const listing = useApi<Listing[]>('/api/v1/indicators');
  const mappable = useMemo(() => (listing.data ?? []).filter((i) => i.millesime !== null), [listing.data]);
  const chosen = useMemo(() => {
    const byId = (id: string | null) => (id ? mappable.find((i) => i.id === id) : undefined);
    return byId(chosenId) ?? MAP_DEFAULTS.map(byId).find(Boolean) ?? mappable[0];
  }, [mappable, chosenId]);
  const mapDef = useMemo(
    () => (chosen ? { id: chosen.id, label: chosen.label, unit: chosen.unit, decimals: chosen.decimals, polarity: chosen.polarity } : null),
    [chosen],
  );
  const groups = useMemo(() => {
    const m = new Map<string, Listing[]>();
    for (const i of mappable) m.set(i.domainLabel, [...(m.get(i.domainLabel) ?? []), i]);
    return [...m];
  }, [mappable]);
  const within = mapWithin(t);
  return (
    <section id="carte" className="fr-col-12 fr-col-lg-7" aria-labelledby="titre-carte">
      <h2 id="titre-carte" className="fr-h4">
        Carte des communes
      </h2>
      {listing.loading && <Loading what="Chargement des indicateurs" />}
      {listing.data && !mapDef && <p>Aucun indicateur n’a de données : importer des fichiers (page Données).</p>}
      {mapDef && (
        <>
          <div className="socle-map-controls">
            <Select label="Indicateur cartographié" nativeSelectProps={{ id: 'indicateur-carte', value: mapDef.id, onChange: (e) => onChoose(e.target.value) }}>
              {groups.map(([label, list]) => (
                <optgroup key={label} label={label}>
                  {list.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          </div>
          <IndicatorMap
            within={within}
            level="com"
            indicator={mapDef}
            method="quantiles"
            classes={5}
            highlighted={t.kind === 'com' ? [t.ref] : undefined}
            onFeatureClick={(f) => f.ref !== t.ref && navigate(territoryPath(f.ref))}
            alternative="le lien « Tableau des communes » sous la carte mène au tableau des mêmes valeurs"
          />
          <p className="fr-text--sm">
            <Link className="fr-link" to={indicatorPath(mapDef.id, { within, level: 'com' })}>
              Tableau des communes, autres classes et exports de cette carte
            </Link>
          </p>
        </>
      )}
    </section>
  );
};

const PortraitView = ({ t, portrait }: { t: TerritoryInfo; portrait: Portrait }) => {
  const domains = portrait.domains.filter((d) => d.indicators.length > 0);
  const similar = useSimilar(t.ref);
  const within = mapWithin(t);
  return (
    <>
      {domains.map((d) => (
        <DomainSection key={d.id} domain={d} territoryName={t.name} references={portrait.references} within={within} kind={t.kind} />
      ))}

      <section id="semblables" className="socle-domain" aria-labelledby="titre-semblables">
        <h2 id="titre-semblables">Territoires semblables</h2>
        <SimilarList state={similar} base={t.ref} />
      </section>

      <section id="sources" className="socle-domain" aria-labelledby="titre-sources">
        <h2 id="titre-sources">Sources</h2>
        {portrait.sources.length === 0 ? (
          <p>Aucune source.</p>
        ) : (
          <ul>
            {portrait.sources.map((s) => (
              <li key={s.datasetId}>
                {s.title} — {s.producer}, {s.millesimes.length > 1 ? 'millésimes' : 'millésime'} {s.millesimes.join(', ')}, COG {s.cogYear}, {s.licence} ; fichier {s.fileName}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
};

/** The kinds of notes a portrait table may need, each explained once under it. */
type NoteKind = 'non_defini' | 'non_comparable' | 'non_representatif' | 'partiel' | 'secret' | 'missing' | 'not_aggregable';

/** What each note means, written under the tables that show it: a title or a tooltip is out of reach of a keyboard. */
const NOTE_TEXTS: Record<NoteKind, [term: string, explanation: string]> = {
  non_defini: ['non défini', 'le dénominateur du taux est nul sur ce territoire (personne n’est concerné) ; ce n’est pas une donnée manquante'],
  non_comparable: [
    'non comparable',
    'la valeur de cette référence n’est connue que pour les communes où vit la part de ses habitants indiquée entre parenthèses, trop faible pour la comparer',
  ],
  non_representatif: [
    'non représentatif',
    'le chiffre du territoire ne porte que sur les communes renseignées, où vit la part des habitants indiquée ; ce n’est pas le chiffre du territoire',
  ],
  partiel: ['partiel', 'calculé sans les valeurs masquées par le producteur, ou sur les seules communes renseignées (la part des habitants est alors indiquée)'],
  secret: ['secret statistique', STATUS_HINTS.secret],
  missing: ['non disponible', STATUS_HINTS.missing],
  not_aggregable: ['non agrégeable', STATUS_HINTS.not_aggregable],
};

/** A short status shown in a cell, with its explanation for this cell read with it by a screen reader. */
const Explained = ({ children, explanation, className = 'socle-status' }: { children: ReactNode; explanation: string; className?: string }) => (
  <span className={className}>
    {children}
    <span className="fr-sr-only"> : {explanation}</span>
  </span>
);

/** The notes used by a table's cells, collected as its rows are built, to be explained under it. */
type NotesSeen = Set<NoteKind>;

const valueCell = (
  notes: NotesSeen,
  ind: { unit: string; decimals: number },
  value: number | null,
  status: string,
  coverage?: number,
  kind?: string,
  note?: string,
) => {
  if (value === null && note) {
    // Data loaded, a denominator of zero (no active person in a hamlet): not defined, which is not « not available ».
    notes.add('non_defini');
    return <Explained explanation={note.replace(/^non défini : /, '')}>non défini</Explained>;
  }
  if (value === null && coverage !== undefined) {
    // A reference known for few of its inhabitants is not compared: say how few.
    notes.add('non_comparable');
    return (
      <Explained explanation={`les communes renseignées comptent ${formatCoverage(coverage)} de ses habitants, trop peu pour comparer`}>
        non comparable ({formatCoverage(coverage)} des hab.)
      </Explained>
    );
  }
  if (value === null) {
    const known = (status in STATUS_HINTS ? status : 'missing') as NoteKind;
    notes.add(known);
    return <Explained explanation={STATUS_HINTS[known]}>{statusText(status) || 'non disponible'}</Explained>;
  }
  if (!representsTerritory({ value, status, coverage })) {
    // The territory's own figure of a few of its inhabitants is not its figure (ADR 0013): said, the number aside.
    notes.add('non_representatif');
    return (
      <span className="socle-status">
        non représentatif
        <span className="socle-status-detail">
          {formatValue(value, ind.unit, ind.decimals)} sur {formatCoverage(coverage!)} des hab.
        </span>
        <span className="fr-sr-only"> : chiffre des seules communes renseignées, où vivent {formatCoverage(coverage!)} des habitants</span>
      </span>
    );
  }
  if (status === 'partial') notes.add('partiel');
  return (
    <>
      {formatValue(value, ind.unit, ind.decimals)}
      {status === 'partial' && (
        // How many inhabitants the figure describes; all of them, when it lacks only masked IRIS of its communes.
        <Explained
          className="socle-status socle-status-detail"
          explanation={
            coverage === undefined || coverage >= 0.9995
              ? `calculé sans les valeurs masquées par le producteur (${kind === 'com' ? 'IRIS de la commune' : 'IRIS ou petites communes'})`
              : `calculé sur les seules communes renseignées, où vivent ${formatCoverage(coverage)} des habitants`
          }
        >
          {coverage === undefined || coverage >= 0.9995 ? 'partiel' : `partiel : ${formatCoverage(coverage)} des hab.`}
        </Explained>
      )}
    </>
  );
};

/** Under a table, what its notes mean (« non comparable : … »), in the order of NOTE_TEXTS. */
const TableNotes = ({ notes, tableId }: { notes: NotesSeen; tableId: string }) =>
  notes.size === 0 ? null : (
    <div className="socle-table-notes" id={`${tableId}-notes`}>
      <p className="fr-mb-0">Notes du tableau :</p>
      <ul>
        {(Object.keys(NOTE_TEXTS) as NoteKind[])
          .filter((k) => notes.has(k))
          .map((k) => (
            <li key={k}>
              <strong>{NOTE_TEXTS[k][0]}</strong> : {NOTE_TEXTS[k][1]}.
            </li>
          ))}
      </ul>
    </div>
  );

const evolutionText = (ind: PortraitIndicator): string => {
  const e = ind.evolution;
  if (!e || e.valueFrom === null || e.valueTo === null) return '—';
  const change = e.change === null ? '' : ` (${formatSigned(e.change, ind.decimals)}${ind.unit === '%' ? ' pt' : ''})`;
  return `${formatValue(e.valueFrom, ind.unit, ind.decimals)} en ${e.from} → ${formatValue(e.valueTo, ind.unit, ind.decimals)} en ${e.to}${change}`;
};

const rankText = (ind: PortraitIndicator, references: Portrait['references']): string =>
  ind.ranks.length === 0
    ? '—'
    : ind.ranks
        .map((r) => `${ordinal(r.rank)} sur ${formatCount(r.count)} (${r.within === 'fr' ? 'France' : references.find((x) => x.territory === r.within)?.name ?? r.within})`)
        .join(' ; ');

const DomainSection = ({ domain, territoryName, references, within, kind }: { domain: PortraitDomain; territoryName: string; references: Portrait['references']; within: string; kind: string }) => {
  const tableId = `tableau-${domain.id}`;
  const shares = domain.indicators.filter((i) => i.unit === '%' && (i.value.value !== null || i.references.some((r) => r.value !== null))).slice(0, 8);
  const sentences = domain.indicators.map((i) => i.sentence).filter((s): s is string => !!s);
  const shown = domain.indicators.filter((i) => !hasNothing(i));
  const empty = domain.indicators.filter(hasNothing);
  // Filled as the rows are built, before the notes under the table are.
  const notes: NotesSeen = new Set();
  const rows = shown.map((ind) => (
    <tr key={ind.id}>
      <th scope="row">
        <Link to={indicatorPath(ind.id, { within, level: 'com' })}>{ind.label}</Link>
        {ind.value.millesime && <span className="socle-status"> · {yearsOf(ind.value)}</span>}
      </th>
      <td className="num">{valueCell(notes, ind, ind.value.value, ind.value.status, ind.value.value === null ? undefined : ind.value.coverage, kind, ind.value.note)}</td>
      {references.map((r) => {
        const v = ind.references.find((x) => x.territory === r.territory);
        return (
          <td className="num" key={r.territory}>
            {v ? valueCell(notes, ind, v.value, v.status, v.coverage) : '—'}
          </td>
        );
      })}
      <td>{evolutionText(ind)}</td>
      <td>{rankText(ind, references)}</td>
    </tr>
  ));
  return (
    <section id={`domaine-${domain.id}`} className="socle-domain" aria-labelledby={`titre-${domain.id}`}>
      <h2 id={`titre-${domain.id}`}>{domain.label}</h2>
      {sentences.length > 0 && (
        <ul className="socle-sentences">
          {sentences.slice(0, 6).map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      )}
      {shares.length > 0 && (
        <ComparisonChart
          indicators={shares}
          territoryName={territoryName}
          caption={domain.id === 'ages' ? `Structure par âge : ${territoryName} et ses références` : `${domain.label} : ${territoryName} et ses références`}
          tableId={tableId}
        />
      )}
      <EvolutionChart indicators={domain.indicators} caption={`Évolution : ${domain.label.toLowerCase()}`} tableId={tableId} />
      {shown.length > 0 && (
        <div className="socle-table-wrap" tabIndex={0} role="region" aria-label={`${domain.label} : tableau`}>
          <table className="socle-table" id={tableId}>
            <caption>{domain.label} : valeurs, références, évolution et rang</caption>
            <thead>
              <tr>
                <th scope="col">Indicateur</th>
                <th scope="col" className="num">
                  {territoryName}
                </th>
                {references.map((r) => (
                  <th scope="col" className="num" key={r.territory}>
                    {r.name}
                  </th>
                ))}
                <th scope="col">Évolution</th>
                <th scope="col">Rang</th>
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      )}
      {shown.length > 0 && <TableNotes notes={notes} tableId={tableId} />}
      {empty.length > 0 && (
        // Indicators no loaded file gives, here or for any reference: named once, not a row of « non disponible » each.
        <p className="socle-status fr-mt-1w">
          Sans données chargées : {empty.map((i, k) => (
            <span key={i.id}>
              {k > 0 && ', '}
              <Link to={indicatorPath(i.id, { within, level: 'com' })}>{lowerFirst(i.label)}</Link>
            </span>
          ))}
          . <Link to="/donnees/import">Importer un fichier</Link> qui les donne.
        </p>
      )}
    </section>
  );
};

/** An indicator with nothing to show: no value here nor for any reference, not even a partial one set aside. */
const hasNothing = (ind: PortraitIndicator): boolean =>
  ind.value.value === null && ind.value.status === 'missing' && ind.references.every((r) => r.value === null && r.status === 'missing' && r.coverage === undefined);
