import { Link } from 'react-router-dom';
import { usePageNotFound, usePageTitle } from '../lib/use-page-title.js';

export const NotFoundPage = () => {
  usePageTitle('Page introuvable');
  usePageNotFound(true);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Page introuvable</h1>
      <p>Cette adresse ne correspond à aucune page de Socle.</p>
      <Link className="fr-link" to="/">
        Revenir à l’accueil
      </Link>
    </div>
  );
};
