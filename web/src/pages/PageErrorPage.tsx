// What a page that failed to render shows, in the layout (header and footer kept): a French message and a way on,
// never the router's developer page nor a stack trace. The error itself goes to the console for whoever looks.
import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router-dom';
import { usePageTitle } from '../lib/use-page-title.js';

export const PageErrorPage = () => {
  const error = useRouteError();
  usePageTitle('Erreur d’affichage');
  useEffect(() => {
    console.error('Socle : la page n’a pas pu s’afficher', error);
  }, [error]);
  return (
    <div className="fr-container fr-my-6w">
      <h1>Cette page n’a pas pu s’afficher</h1>
      <p>Une erreur est survenue en préparant la page. Les données ne sont pas en cause : rien n’a été modifié.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a className="fr-btn" href={typeof window === 'undefined' ? '' : window.location.href}>
            Recharger la page
          </a>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" to="/">
            Revenir à l’accueil
          </Link>
        </li>
      </ul>
    </div>
  );
};
