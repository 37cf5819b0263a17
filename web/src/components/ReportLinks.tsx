// The ABS statistical report of a territory, in the four formats the report routes serve.
import { ofTerritory } from '../../../src/core/format/territory-names.js';
import { parseRef } from '../../../src/core/territory/territory-ref.js';

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

export const ReportLinks = ({ refText, name }: { refText: string; name: string }) => (
  <div className="socle-report-links fr-mt-1w">
    <span id="titre-rapport-abs" className="fr-text--bold">
      Rapport statistique ABS :
    </span>
    <ul aria-labelledby="titre-rapport-abs">
      {FORMATS.map((f) => (
        <li key={f.ext}>
          <a className="fr-link fr-link--download" href={`/api/v1/reports/abs/${refText}.${f.ext}`} download={`abs-${refText.replace(':', '-')}.${f.ext}`}>
            {f.label}
            <span className="fr-sr-only"> — rapport ABS {ofName(refText, name)}</span>
          </a>
        </li>
      ))}
    </ul>
  </div>
);
