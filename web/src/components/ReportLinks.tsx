// The ABS statistical report of a territory, in the four formats the report routes serve.
import { ofTerritory } from '../../../src/core/format/territory-names.js';
import { parseRef } from '../../../src/core/territory/territory-ref.js';
import { useState } from 'react';
import { saveBlob } from '../lib/export-png.js';

const FORMATS = [
  { ext: 'pdf', label: 'PDF' },
  { ext: 'docx', label: 'Word' },
  { ext: 'xlsx', label: 'Excel' },
  { ext: 'html', label: 'HTML' },
];

/** « d’Occitanie », « de la Haute-Garonne », « d’Aigrefeuille »: the preposition and article the name takes. */
const ofName = (refText: string, name: string): string => {
  const parsed = parseRef(refText);
  return parsed.ok ? ofTerritory(parsed.value.kind, parsed.value.code, name) : `de ${name}`;
};

/** What the links say while a report is being made, and when it could not be. */
type Progress = { ext: string; state: 'pending' } | { ext: string; state: 'failed'; message: string } | null;

/**
 * Each link downloads its file; with JavaScript, the page says the report is being prepared (a département's PDF
 * takes seconds) and, should it fail, why, instead of a browser download that seems to do nothing.
 */
export const ReportLinks = ({ refText, name }: { refText: string; name: string }) => {
  const [progress, setProgress] = useState<Progress>(null);
  const download = async (e: React.MouseEvent<HTMLAnchorElement>, ext: string, label: string) => {
    e.preventDefault();
    if (progress?.state === 'pending') return;
    setProgress({ ext, state: 'pending' });
    try {
      const res = await fetch(e.currentTarget.href);
      if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? `erreur ${res.status}`);
      const disposition = res.headers.get('content-disposition') ?? '';
      const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `abs-${refText.replace(':', '-')}.${ext}`;
      saveBlob(await res.blob(), fileName);
      setProgress(null);
    } catch (err) {
      setProgress({ ext, state: 'failed', message: `Rapport ${label} impossible : ${err instanceof Error ? (err.message === 'Failed to fetch' ? 'serveur injoignable' : err.message) : String(err)}` });
    }
  };
  const label = FORMATS.find((f) => f.ext === progress?.ext)?.label;
  return (
    <div className="socle-report-links fr-mt-1w">
      <span id="titre-rapport-abs" className="fr-text--bold">
        Rapport statistique ABS :
      </span>
      <ul aria-labelledby="titre-rapport-abs">
        {FORMATS.map((f) => (
          <li key={f.ext}>
            <a
              className="fr-link fr-link--download"
              href={`/api/v1/reports/abs/${refText}.${f.ext}`}
              // The file's name is the server's (« abs-cc-du-volvestre-200066819-2026-03-15.pdf »), also without JavaScript.
              download
              aria-disabled={progress?.state === 'pending' || undefined}
              onClick={(e) => void download(e, f.ext, f.label)}
            >
              {f.label}
              <span className="fr-sr-only"> — rapport ABS {ofName(refText, name)}</span>
            </a>
          </li>
        ))}
      </ul>
      <p className="socle-status fr-mb-0" role="status" aria-live="polite">
        {progress?.state === 'pending' ? `Préparation du rapport ${label} ${ofName(refText, name)} : quelques secondes…` : progress?.state === 'failed' ? progress.message : ''}
      </p>
    </div>
  );
};
