// Accueil: find a territory by name, code or postal code; the demonstration perimeter and the recent territories
// are offered first.
import { Tile } from '@codegouvfr/react-dsfr/Tile.js';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { TerritorySearch } from '../components/TerritorySearch.js';
import { useApi, type PerimeterSummary } from '../lib/api.js';
import { readRecent } from '../lib/recent.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { indicatorPath, territoryPath } from '../lib/paths.js';
import { formatCount } from '../lib/format.js';

const DEMO = 'per:sud-haute-garonne';

const SHORTCUTS = [
  { ref: 'dep:31', name: 'Haute-Garonne', detail: 'département, 586 communes' },
  { ref: 'epci:243100518', name: 'Toulouse Métropole', detail: 'intercommunalité, 37 communes' },
  { ref: 'epci:200066819', name: 'CC du Volvestre', detail: 'intercommunalité, 32 communes' },
  { ref: 'com:31555', name: 'Toulouse', detail: 'commune' },
];

export const HomePage = () => {
  usePageTitle(null);
  const navigate = useNavigate();
  const perimeters = useApi<PerimeterSummary[]>('/api/v1/perimeters');
  // Read after the first render: this browser's own list, which a page rendered by the server cannot hold.
  const [recent, setRecent] = useState<ReturnType<typeof readRecent>>([]);
  useEffect(() => setRecent(readRecent()), []);
  const sorted = useMemo(
    () => [...(perimeters.data ?? [])].sort((a, b) => (a.ref === DEMO ? -1 : b.ref === DEMO ? 1 : a.name.localeCompare(b.name, 'fr'))),
    [perimeters.data],
  );

  return (
    <div className="fr-container fr-my-6w">
      <h1>Observer un territoire</h1>
      <p className="fr-text--lead">
        Les chiffres clés d’une commune, d’une intercommunalité, d’un département ou d’un périmètre à vous, comparés au département et à la
        France, pour préparer une analyse des besoins sociaux (ABS) ou une convention territoriale globale (CTG).
      </p>
      <div className="socle-home-search">
        <TerritorySearch
          id="recherche-territoire"
          label="Chercher un territoire"
          hint="Nom, code INSEE, code postal ou SIREN : « Volvestre », « 31555 », « 31000 »"
          onSelect={(hit) => navigate(territoryPath(hit.ref))}
          hrefOf={(hit) => territoryPath(hit.ref)}
        />
      </div>

      {sorted.length > 0 && (
        <section className="fr-mt-6w" aria-labelledby="titre-perimetres">
          <h2 id="titre-perimetres">{sorted[0].ref === DEMO ? 'Territoire de démonstration' : 'Vos périmètres'}</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {sorted.slice(0, 6).map((p) => (
              <div className="fr-col-12 fr-col-md-4" key={p.ref}>
                <Tile
                  title={p.name}
                  desc={`périmètre de ${formatCount(p.communes)} commune${p.communes > 1 ? 's' : ''}${p.ref === DEMO ? ' — les trois intercommunalités du sud du département' : ''}`}
                  linkProps={{ to: territoryPath(p.ref) }}
                  orientation="horizontal"
                  titleAs="h3"
                />
              </div>
            ))}
          </div>
        </section>
      )}

      {recent.length > 0 && (
        <section className="fr-mt-6w" aria-labelledby="titre-recents">
          <h2 id="titre-recents">Vus récemment</h2>
          <ul className="fr-tags-group">
            {recent.map((t) => (
              <li key={t.ref}>
                <Link className="fr-tag" to={territoryPath(t.ref)}>
                  {t.name} <span className="fr-sr-only">({t.kindLabel})</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="fr-mt-6w" aria-labelledby="titre-exemples">
        <h2 id="titre-exemples">Pour commencer</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {SHORTCUTS.map((s) => (
            <div className="fr-col-12 fr-col-sm-6 fr-col-lg-3" key={s.ref}>
              <Tile title={s.name} desc={s.detail} linkProps={{ to: territoryPath(s.ref) }} titleAs="h3" small />
            </div>
          ))}
        </div>
        <p className="fr-mt-4w">
          Ou explorer un indicateur sur la carte des communes :{' '}
          <Link className="fr-link" to={indicatorPath('taux_chomage_15_64', { within: 'dep:31', level: 'com' })}>
            le taux de chômage des 15-64 ans en Haute-Garonne
          </Link>
          .
        </p>
      </section>
    </div>
  );
};
