// Import a file from the browser: the same import as `socle import`. First a dry run (nothing written) shows the
// validation report; then the person commits. Upload progress is shown for long files; errors are the server's
// French messages, with the line and column at fault. A ZIP archive of several data files (INSEE publishes Filosofi's
// levels together) is answered with their list: the person picks one, and the same archive is sent again with it.
import { Alert } from '@codegouvfr/react-dsfr/Alert.js';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { Button } from '@codegouvfr/react-dsfr/Button.js';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox.js';
import { Input } from '@codegouvfr/react-dsfr/Input.js';
import { Select } from '@codegouvfr/react-dsfr/Select.js';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ImportReportView } from '../components/ImportReportView.js';
import { WriteAccess } from '../components/WriteAccess.js';
import { ApiError } from '../lib/api.js';
import { formatBytes, plural } from '../lib/format.js';
import { importErrorText } from '../lib/messages.js';
import { uploadImport, type ImportReport } from '../lib/upload.js';
import { usePageTitle } from '../lib/use-page-title.js';

type Phase = 'choisir' | 'envoi' | 'analyse' | 'verifie' | 'importe';

const SOURCES = [
  { value: '', label: 'Reconnaître le fichier à son en-tête' },
  { value: 'insee', label: 'INSEE (CODGEO, COM…)' },
  { value: 'populations-legales', label: 'INSEE, populations légales' },
  { value: 'caf', label: 'CAF / CNAF' },
  { value: 'geo', label: 'Contours GeoJSON' },
  { value: 'generic', label: 'Autre tableau par commune' },
];

export default function ImportPage() {
  usePageTitle('Importer un fichier');
  const [file, setFile] = useState<File | null>(null);
  const [millesime, setMillesime] = useState('');
  const [source, setSource] = useState('');
  const [acceptPartial, setAcceptPartial] = useState(false);
  const [phase, setPhase] = useState<Phase>('choisir');
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  /** The data files of the chosen archive, once the server asked which one to import. */
  const [entries, setEntries] = useState<string[] | null>(null);
  const [entry, setEntry] = useState('');
  /** The worksheets of a workbook with data, once a check has named them (the one read first). */
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [sheet, setSheet] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);

  // Said by the page, in French and tied to the field, rather than by the browser's own bubble.
  const millesimeError = millesime.trim() !== '' && !/^\d{4}$/.test(millesime.trim()) ? `Millésime : « ${millesime.trim()} » n’est pas une année ; quatre chiffres attendus, par exemple 2023` : null;
  const run = async (dryRun: boolean) => {
    if (!file || millesimeError) return;
    setError(null);
    setPhase('envoi');
    setProgress({ sent: 0, total: file.size });
    // Where the focus goes once the server has answered: the result, or the choice of a file in the archive.
    let focusId: string | null = null;
    try {
      const r = await uploadImport({
        file,
        dryRun,
        acceptPartial,
        millesime: millesime.trim() || undefined,
        source: source || undefined,
        entry: entries ? entry : undefined,
        sheet: sheets ? sheet : undefined,
        onProgress: (sent, total) => setProgress({ sent, total }),
        onUploaded: () => setPhase('analyse'),
      });
      setReport(r);
      // A workbook of several data sheets (one per level): the person may check another one.
      if (r.sheet && r.other_sheets?.length && !sheets) {
        setSheets([r.sheet, ...r.other_sheets]);
        setSheet(r.sheet);
      }
      setPhase(dryRun ? 'verifie' : 'importe');
    } catch (e) {
      const apiError = e instanceof ApiError ? e : new ApiError(String(e), 'ERREUR', 0);
      const listed = (apiError.details as { entries?: unknown } | undefined)?.entries;
      if (apiError.code === 'ARCHIVE_A_CHOISIR' && Array.isArray(listed) && listed.length > 0) {
        // Not a fault of the file: the archive holds several tables; the person chooses one.
        setEntries(listed.map(String));
        setEntry(String(listed[0]));
        setReport(null);
        setPhase('choisir');
        focusId = 'fichier-archive';
        return;
      }
      setError(apiError);
      // A rejected file comes with its report: show the rejected cells, and offer to import the valid rows.
      const details = apiError.details as ImportReport | undefined;
      const withReport = details && Array.isArray(details.rejected) ? details : null;
      setReport(withReport);
      setPhase(withReport && dryRun ? 'verifie' : 'choisir');
    } finally {
      setProgress(null);
      setTimeout(() => (focusId ? document.getElementById(focusId) : resultRef.current)?.focus(), 0);
    }
  };

  const busy = phase === 'envoi' || phase === 'analyse';
  const rejectedCount = report?.rejected_rows ?? report?.rejected?.length ?? 0;
  /** Of a refused file, the rows an import of the valid rows alone would write (its report says 0 imported). */
  const validRows = report?.valid_rows ?? report?.imported ?? 0;

  return (
    <div className="fr-container fr-my-4w">
      <Breadcrumb currentPageLabel="Importer un fichier" segments={[{ label: 'Accueil', linkProps: { to: '/' } }, { label: 'Données', linkProps: { to: '/donnees' } }]} />
      <h1>Importer un fichier</h1>
      <p>
        Un tableau de l’INSEE (comparateur, dossier complet, Filosofi, populations légales, jeu du catalogue de données Melodi), un fichier de la CAF ou des contours GeoJSON, en CSV,
        XLSX, XLS ou GeoJSON, ou l’archive ZIP téléchargée telle quelle. Le fichier est d’abord vérifié sans rien enregistrer ; vous importez
        ensuite, après avoir lu le rapport.
      </p>
      <WriteAccess />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <div className="fr-upload-group fr-mb-3w">
          <label className="fr-label" htmlFor="fichier">
            Fichier à importer
            <span className="fr-hint-text">CSV, XLSX, XLS ou GeoJSON, ou l’archive ZIP telle que l’INSEE la publie ; 50 Mo au plus.</span>
          </label>
          <input
            className="fr-upload"
            type="file"
            id="fichier"
            name="fichier"
            accept=".csv,.txt,.tsv,.xlsx,.xls,.geojson,.json,.zip"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
              setError(null);
              setEntries(null);
              setEntry('');
              setSheets(null);
              setSheet('');
              setPhase('choisir');
            }}
          />
        </div>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Millésime (facultatif)"
              hintText="Pour les fichiers qui ne le disent pas : populations légales, CAF (2023)"
              state={millesimeError ? 'error' : 'default'}
              stateRelatedMessage={millesimeError ?? undefined}
              nativeInputProps={{ value: millesime, onChange: (e) => setMillesime(e.target.value), inputMode: 'numeric', disabled: busy, 'aria-invalid': millesimeError ? true : undefined }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Select label="Type de fichier" nativeSelectProps={{ value: source, onChange: (e) => setSource(e.target.value), disabled: busy }}>
              {SOURCES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {entries && (
          <PartChoice
            id="fichier-archive"
            label="Fichier de l’archive à importer"
            hint={`${file?.name ?? 'L’archive'} contient ${entries.length} fichiers de données ; choisissez celui à importer (un à la fois).`}
            names={entries}
            value={entry}
            disabled={busy}
            onChange={setEntry}
          />
        )}
        {sheets && (
          <PartChoice
            id="feuille-classeur"
            label="Feuille du classeur à importer"
            hint={`${file?.name ?? 'Le classeur'} a ${sheets.length} feuilles de données ; la vérification a lu « ${sheets[0]} ».`}
            names={sheets}
            value={sheet}
            disabled={busy}
            onChange={(name) => {
              setSheet(name);
              setReport(null);
              setPhase('choisir');
            }}
          />
        )}
        <Button type="submit" className="fr-mt-2w" disabled={!file || busy} iconId="fr-icon-search-line">
          Vérifier le fichier
        </Button>
      </form>

      {progress && (
        <div className="fr-mt-3w" role="status" aria-live="polite">
          <label htmlFor="progression">
            Envoi de {file?.name} : {formatBytes(progress.sent)} sur {formatBytes(progress.total)}
          </label>
          <br />
          <progress id="progression" className="socle-progress" max={progress.total || 1} value={progress.sent} />
        </div>
      )}
      {phase === 'analyse' && (
        <p className="fr-mt-2w" role="status" aria-live="polite">
          Fichier reçu ; lecture et vérification en cours…
        </p>
      )}

      {/* The result takes the focus, and is read from there: one way of saying it, not a live region nor an alert's
          role besides, which would have it read two or three times (its alerts have no role). */}
      <div ref={resultRef} tabIndex={-1} className="fr-mt-3w socle-result">
        {error && <Alert role={undefined} severity="error" title={report && rejectedCount > 0 ? `Fichier rejeté : ${plural(rejectedCount, 'ligne refusée', 'lignes refusées')}` : 'Le fichier n’a pas été importé'} description={importErrorText(error)} />}
        {phase === 'verifie' && report && (
          <>
            {rejectedCount > 0 ? (
              <p className="fr-mt-2w">
                {validRows > 0
                  ? 'Les valeurs refusées sont listées ci-dessous avec leur ligne et leur colonne. Corrigez le fichier, ou importez les seules lignes valides.'
                  : 'Les valeurs refusées sont listées ci-dessous avec leur ligne et leur colonne. Aucune ligne n’est valide : corrigez le fichier puis choisissez-le à nouveau.'}
              </p>
            ) : report.noop ? (
              <Alert role={undefined} severity="info" title="Fichier déjà importé" description="Ce fichier est déjà au catalogue : l’importer à nouveau ne changera rien." />
            ) : (
              <Alert
                role={undefined}
                severity="success"
                title="Le fichier est valide"
                description={`${plural(report.imported, 'ligne prête à être importée', 'lignes prêtes à être importées')}. Rien n’est encore enregistré.`}
              />
            )}
            <ImportReportView report={report} committed={false} />
            {rejectedCount > 0 && validRows > 0 && (
              <Checkbox
                options={[
                  {
                    label: 'Importer les lignes valides et laisser de côté les lignes rejetées',
                    nativeInputProps: { checked: acceptPartial, onChange: (e) => setAcceptPartial(e.target.checked) },
                  },
                ]}
              />
            )}
            {(rejectedCount === 0 || validRows > 0) && !report.noop && (
              <Button onClick={() => void run(false)} disabled={busy || (rejectedCount > 0 && !acceptPartial)} iconId="fr-icon-upload-2-line">
                {rejectedCount > 0 ? 'Importer les lignes valides' : 'Importer'}
              </Button>
            )}
          </>
        )}
        {phase === 'choisir' && report && error && <ImportReportView report={report} committed={false} />}
        {phase === 'importe' && report && (
          <>
            <Alert
              role={undefined}
              severity="success"
              title="Import terminé"
              description={`${plural(report.imported, 'ligne importée', 'lignes importées')} depuis ${report.file}.`}
            />
            <ImportReportView report={report} committed />
            <p>
              <Link className="fr-link" to="/donnees">
                Voir le catalogue des données
              </Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

/** The part of the file to import: a file of a ZIP archive, or a worksheet of a workbook. */
const PartChoice = (p: { id: string; label: string; hint: string; names: string[]; value: string; disabled: boolean; onChange: (name: string) => void }) => (
  <div className="fr-mt-2w">
    <Select label={p.label} hint={p.hint} nativeSelectProps={{ id: p.id, value: p.value, onChange: (e) => p.onChange(e.target.value), disabled: p.disabled }}>
      {p.names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </Select>
  </div>
);
