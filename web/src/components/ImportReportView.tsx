// The import report as people read it: what would be (or was) imported, and every rejected cell with its line,
// column and value, in French.
import { formatCount, plural } from '../lib/format.js';
import type { ImportReport } from '../lib/upload.js';

export const ImportReportView = ({ report, committed }: { report: ImportReport; committed: boolean }) => {
  const rejected = report.rejected ?? [];
  const remapped = report.remapped ?? [];
  const unknown = report.unknown_codes ?? [];
  return (
    <section aria-labelledby="titre-rapport" className="fr-mt-4w">
      <h2 id="titre-rapport">{committed ? 'Rapport d’import' : 'Rapport de vérification'}</h2>
      <dl className="socle-report">
        <dt>Fichier</dt>
        <dd>
          {report.file} <span className="socle-status">(empreinte SHA-256 {report.sha256?.slice(0, 12)}…)</span>
        </dd>
        <dt>Jeu de données</dt>
        <dd>
          {report.title || '—'} {report.producer && <span className="socle-status">({report.producer})</span>}
        </dd>
        <dt>Millésime(s)</dt>
        <dd>{report.millesimes?.length ? report.millesimes.join(', ') : '—'}</dd>
        <dt>Lignes lues</dt>
        <dd>{formatCount(report.rows)}</dd>
        <dt>{committed && !report.dry_run ? 'Lignes importées' : 'Lignes importables'}</dt>
        <dd>{formatCount(report.imported)}</dd>
        <dt>Valeurs secrètes ou manquantes à la source</dt>
        <dd>{formatCount(report.secret_values)}</dd>
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
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {rejected.length > 0 && (
        <div className="socle-table-wrap">
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
