// The accessibility statement the footer links to (RGAA): what this application is known to meet and not to meet,
// said as it is delivered; an organisation publishing a Socle server adds its own contact to its site.
import { Link } from 'react-router-dom';
import { usePageTitle } from '../lib/use-page-title.js';

export default function AccessibilityPage() {
  usePageTitle('Accessibilité');
  return (
    <div className="fr-container fr-my-4w">
      <h1>Déclaration d’accessibilité</h1>
      <p>
        Cette déclaration décrit l’application Socle telle qu’elle est livrée. L’organisme qui publie ce serveur (un CCAS, une CAF, une collectivité, un bureau d’études) en est responsable envers ses
        utilisateurs.
      </p>

      <h2>État de conformité</h2>
      <p>
        Socle est <strong>partiellement conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA 4.1). Cet état résulte d’une auto-évaluation, non d’un audit : chaque page est
        vérifiée à chaque version par des tests automatiques (axe-core, dans Chromium), et la navigation au clavier, la structure des titres, les alternatives des cartes et des graphiques et
        l’affichage sur petit écran ont été vérifiés à la main.
      </p>

      <h2>Contenus non accessibles</h2>
      <ul>
        <li>
          Les rapports PDF sont balisés (titres, listes, tableaux avec leurs cellules d’en-tête, figures avec leur texte de remplacement, en-têtes et pieds de page écartés de la lecture), mais
          leur conformité PDF/UA n’a pas été vérifiée avec un outil dédié. Le même rapport existe en HTML, en Word (titres et tableaux natifs) et en Excel (tous les chiffres) : préférez-les si la
          lecture du PDF vous gêne.
        </li>
        <li>Les cartes se lisent à la souris et au clavier (flèches, + et −), mais leurs valeurs ne sont restituées que par le tableau qui les accompagne, trié comme on le souhaite.</li>
        <li>Les paramètres d’affichage du Système de design de l’État (thème sombre) ne sont pas proposés.</li>
      </ul>

      <h2>Obtenir un contenu sous une autre forme</h2>
      <p>
        Chaque chiffre affiché dans une carte ou un graphique figure aussi dans un tableau de la même page, et s’exporte en CSV ou en Excel. Si un contenu vous reste inaccessible, l’organisme qui vous a
        donné l’adresse de ce serveur peut vous le fournir sous une autre forme.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous signalez un défaut d’accessibilité à l’organisme qui publie ce serveur et n’obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits (formulaire en ligne sur
        defenseurdesdroits.fr, ou courrier gratuit, sans affranchissement : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).
      </p>
      <p>
        <Link className="fr-link" to="/">
          Revenir à l’accueil
        </Link>
      </p>
    </div>
  );
}
