// The ABS statistical report of a territory, in the four formats the report routes serve.
const FORMATS = [
  { ext: 'pdf', label: 'PDF' },
  { ext: 'docx', label: 'Word' },
  { ext: 'xlsx', label: 'Excel' },
  { ext: 'html', label: 'HTML' },
];

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
            <span className="fr-sr-only"> — rapport ABS de {name}</span>
          </a>
        </li>
      ))}
    </ul>
  </div>
);
