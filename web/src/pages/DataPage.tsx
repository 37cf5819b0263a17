// Données: the catalogue of the datasets loaded, with their provenance (producer, millésime, licence, file and its
// fingerprint, import date), and the way to import a file.
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Loading } from '../components/Loading.js';
import { useApi } from '../lib/api.js';
import { formatCount, formatDateTime } from '../lib/format.js';
import { usePageTitle } from '../lib/use-page-title.js';
import type { DatasetEntry } from '../../../src/services/import/list-datasets.service.js';

type DatasetRow = DatasetEntry;

export default function DataPage() {
  usePageTitle('Données');
  const datasets = useApi<DatasetRow[]>('/api/v1/datasets');
  const list = datasets.data ?? [];
  const active = list.filter((d) => d.status === 'active');
  const replaced = list.filter((d) => d.status !== 'active');

  return (
    <div className="fr-container fr-my-4w">
      <h1>Données</h1>
      <p>
        Chaque chiffre de Socle vient d’un de ces jeux de données publics, importé tel qu’il a été publié, avec son millésime. Les codes de
        communes sont ramenés au code officiel géographique (COG) en vigueur ; une valeur couverte par le secret statistique reste secrète,
        elle n’est jamais comptée comme un zéro.
      </p>
      <div className="socle-actions fr-mb-4w">
        <Button linkProps={{ to: '/donnees/import' }} iconId="fr-icon-upload-2-line">
          Importer un fichier
        </Button>
        <a className="fr-link" href="/api/v1/datasets">
          Le catalogue en JSON
        </a>
      </div>
      {datasets.loading && <Loading what="Chargement du catalogue" />}
      {datasets.error && <Alert severity="error" title="Le catalogue n’a pas pu être chargé" description={datasets.error.message} />}
      {datasets.data && active.length === 0 && <p>Aucun jeu de données n’est encore chargé.</p>}
      {active.length > 0 && <DatasetTable rows={active} caption={`${active.length} jeux de données en service`} />}
      {replaced.length > 0 && <DatasetTable rows={replaced} caption="Versions remplacées par un fichier corrigé (historique)" />}
      <section className="fr-mt-6w" aria-labelledby="titre-licence">
        <h2 id="titre-licence">Licence et attribution</h2>
        <p>
          Les données de l’INSEE, de la CNAF, de l’IGN et de la DGCL sont diffusées sous la Licence Ouverte / Open Licence 2.0 (Etalab), qui
          demande de citer la source et la date des données : c’est ce que font les tableaux, les cartes et les rapports de Socle.
        </p>
      </section>
    </div>
  );
}

const DatasetTable = ({ rows, caption }: { rows: DatasetRow[]; caption: string }) => (
  <div className="socle-table-wrap" tabIndex={0} role="region" aria-label={caption}>
    <table className="socle-table" id="catalogue">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Jeu de données</th>
          <th scope="col">Producteur</th>
          <th scope="col">Millésime</th>
          <th scope="col" className="num">
            Lignes
          </th>
          <th scope="col" className="num">
            Valeurs secrètes
          </th>
          <th scope="col">Licence</th>
          <th scope="col">Fichier</th>
          <th scope="col">Importé le</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.title}</th>
            <td>{d.producer || d.source}</td>
            <td>{(d.millesimes ?? []).join(', ')}</td>
            <td className="num">{d.outlines > 0 ? `${formatCount(d.outlines)} contours` : formatCount(d.imported)}</td>
            <td className="num">{formatCount(d.secret_values)}</td>
            <td>{d.licence}</td>
            <td>
              {d.file_name}
              <br />
              <span className="socle-status" title={`SHA-256 ${d.sha256}`}>
                SHA-256 {d.sha256?.slice(0, 12)}…
              </span>
            </td>
            <td>{formatDateTime(d.imported_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
