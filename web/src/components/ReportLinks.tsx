// The ABS statistical report of a territory, in the four formats the report routes serve.
const FORMATS = [
  { ext: 'pdf', label: 'PDF' },
  { ext: 'docx', label: 'Word (DOCX)' },
  { ext: 'xlsx', label: 'Excel (XLSX)' },
  { ext: 'html', label: 'page web (HTML)' },
];

export const ReportLinks = ({ refText, name }: { refText: string; name: string }) => (
  <section aria-labelledby="titre-rapport-abs" className="fr-mt-2w">
    <h2 id="titre-rapport-abs" className="fr-h6 fr-mb-1w">
      Rapport statistique ABS
    </h2>
    <ul className="socle-actions" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {FORMATS.map((f) => (
        <li key={f.ext}>
          <a className="fr-link fr-link--download" href={`/api/v1/reports/abs/${refText}.${f.ext}`} download={`abs-${refText.replace(':', '-')}.${f.ext}`}>
            Télécharger le rapport de {name} <span className="fr-link__detail">{f.label}</span>
          </a>
        </li>
      ))}
    </ul>
  </section>
);
