// The import report as people read it: what would be (or was) imported, and every rejected cell with its line,
// column and value, in French.
import { describeTerritoryCounts, formatCount, plural } from '../lib/format.js';
import { importHintText } from '../lib/messages.js';
import type { ImportReport } from '../lib/upload.js';
import { Link } from 'react-router-dom';
import { indicatorPath } from '../lib/paths.js';

export const ImportReportView = ({ report, committed }: { report: ImportReport; committed: boolean }) => {
  const rejected = report.rejected ?? [];
  const remapped = report.remapped ?? [];
  const unknown = report.unknown_codes ?? [];
  const variables = report.variables ?? [];
  const unlisted = new Set(report.unknown_variables ?? []);
  return (
    <section aria-labelledby="titre-rapport" className="fr-mt-4w">
      <h2 id="titre-rapport">{committed ? 'Rapport d’import' : 'Rapport de vérification'}</h2>
      <dl className="socle-report">
        <dt>Fichier</dt>
        <dd>
          {report.file} <span className="socle-status">(empreinte SHA-256 {report.sha256?.slice(0, 12)}…)</span>
        </dd>
        {report.sheet && (
          <>
            <dt>Feuille du classeur</dt>
            <dd>{report.sheet}</dd>
          </>
        )}
        <dt>Jeu de données</dt>
        <dd>
          {report.title || '—'} {report.producer && <span className="socle-status">({report.producer})</span>}
        </dd>
        <dt>Millésime(s)</dt>
        <dd>{report.millesimes?.length ? report.millesimes.join(', ') : '—'}</dd>
        <dt>Lignes lues</dt>
        <dd>{formatCount(report.rows)}</dd>
        <dt>{committed && !report.dry_run ? 'Lignes importées' : report.valid_rows !== undefined ? 'Lignes valides' : 'Lignes importables'}</dt>
        <dd>{formatCount(report.valid_rows ?? report.imported)}</dd>
        {report.territories && (
          <>
            <dt>Territoires renseignés</dt>
            <dd>{describeTerritoryCounts(report.territories)}</dd>
          </>
        )}
        <dt>Valeurs secrètes ou manquantes à la source</dt>
        <dd>{formatCount(report.secret_values)}</dd>
        {variables.length > 0 && (
          <>
            <dt>Variables</dt>
            <dd>
              {formatCount(variables.length)}
              {unlisted.size > 0 && ` (dont ${plural(unlisted.size, 'absente du dictionnaire de Socle', 'absentes du dictionnaire de Socle')})`}
            </dd>
          </>
        )}
        {remapped.length > 0 && (
          <>
            <dt>Codes de communes recodés au COG en vigueur</dt>
            <dd>{remapped.map((r) => `${r.from} → ${r.to}`).join(', ')}</dd>
          </>
        )}
        {unknown.length > 0 && (
          <>
            <dt>Codes inconnus</dt>
            <dd>{unknown.map((u) => `${u.code} (ligne ${u.line})`).join(', ')}</dd>
          </>
        )}
      </dl>
      {report.notes?.length > 0 && (
        <ul className="fr-mb-2w">
          {report.notes.map((n, i) => (
            <li key={i}>{importHintText(n)}</li>
          ))}
        </ul>
      )}
      {variables.length > 0 && (
        <details className="fr-mb-2w" id="variables-importees">
          <summary>{committed && !report.dry_run ? 'Voir les variables importées, chacune vers sa carte et son tableau' : 'Voir les variables : nom publié, nom dans Socle, libellé et millésime'}</summary>
          <div className="socle-table-wrap" tabIndex={0} role="region" aria-label="Variables du fichier">
            <table className="socle-table">
              <caption>{plural(variables.length, 'variable', 'variables')} du fichier</caption>
              <thead>
                <tr>
                  <th scope="col">Colonne du fichier</th>
                  <th scope="col">Variable</th>
                  <th scope="col">Libellé</th>
                  <th scope="col" className="num">
                    Millésime
                  </th>
                </tr>
              </thead>
              <tbody>
                {variables.slice(0, 300).map((v) => (
                  <tr key={`${v.published_name}`}>
                    <td>
                      {/* Once imported, each variable opens on its map and table, as a library indicator does. */}
                      {committed && !report.dry_run ? (
                        <Link to={indicatorPath(v.published_name, {})}>
                          <code>{v.published_name}</code>
                        </Link>
                      ) : (
                        <code>{v.published_name}</code>
                      )}
                    </td>
                    <td>
                      <code>{v.name}</code>
                    </td>
                    <td>
                      {v.label}
                      {unlisted.has(v.published_name) && <span className="socle-status"> (absente du dictionnaire)</span>}
                    </td>
                    <td className="num">{v.millesime}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {variables.length > 300 && <p className="socle-status">Les 300 premières sont affichées.</p>}
          </div>
        </details>
      )}
      {rejected.length > 0 && (
        <div className="socle-table-wrap" tabIndex={0} role="region" aria-label="Lignes rejetées">
          <table className="socle-table" id="lignes-rejetees">
            <caption>{plural(report.rejected_rows || rejected.length, 'ligne rejetée', 'lignes rejetées')} : ligne, colonne, valeur et raison</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Ligne
                </th>
                <th scope="col">Colonne</th>
                <th scope="col">Valeur</th>
                <th scope="col">Raison</th>
              </tr>
            </thead>
            <tbody>
              {rejected.slice(0, 500).map((r, i) => (
                <tr key={i}>
                  <td className="num">{r.line}</td>
                  <td>{r.column}</td>
                  <td>
                    <code>{r.value === '' ? '(vide)' : r.value}</code>
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rejected.length > 500 && <p className="socle-status">Les 500 premières sont affichées.</p>}
        </div>
      )}
    </section>
  );
};
