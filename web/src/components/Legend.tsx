// The legend of a choropleth, as a list: each class's colour, bounds in French and number of territories. It is
// also the text key of the map for people who do not see colours.
import { NO_DATA_COLOR, type Classes } from '../lib/classify.js';

interface Props {
  classes: Classes | null;
  missing: number;
  /** Why the grey ones have no value (« non agrégeable », « secret »); « non disponible » by default. */
  missingLabel?: string;
  title: string;
  id?: string;
}

export const Legend = ({ classes, missing, missingLabel = 'non disponible', title, id }: Props) => (
  <div id={id}>
    <p className="fr-text--sm fr-mb-0">
      <strong>{title}</strong>
    </p>
    <ul className="socle-legend" aria-label={`Légende : ${title}`}>
      {classes?.colors.map((c, i) => (
        <li key={c + i}>
          <span className="socle-legend__swatch" style={{ background: c }} aria-hidden="true" />
          {classes.labels[i]} <span className="socle-status">({classes.counts[i]})</span>
        </li>
      ))}
      {missing > 0 && (
        <li>
          <span className="socle-legend__swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
          {missingLabel} <span className="socle-status">({missing})</span>
        </li>
      )}
    </ul>
  </div>
);
