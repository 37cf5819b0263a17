// The frame of every page: skip links, the DSFR header with the main navigation, the footer. The page title follows
// the route (see usePageTitle) so that a screen reader announces where the person is.
import { Footer } from '@codegouvfr/react-dsfr/Footer.js';
import { Header } from '@codegouvfr/react-dsfr/Header/index.js';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks.js';
import { Outlet, useLocation, useNavigationType } from 'react-router-dom';
import { useEffect, useRef } from 'react';

const NAV = [
  { text: 'Accueil', to: '/', match: (p: string) => p === '/' },
  { text: 'Indicateurs', to: '/indicateur/population?within=dep:31&level=com', match: (p: string) => p.startsWith('/indicateur') },
  { text: 'Comparer', to: '/comparer', match: (p: string) => p.startsWith('/comparer') },
  { text: 'Données', to: '/donnees', match: (p: string) => p.startsWith('/donnees') },
  { text: 'Périmètres', to: '/perimetres', match: (p: string) => p.startsWith('/perimetres') },
];

/**
 * Navigation state of a change made from a control that stays on the page (the indicator of the indicator page): the
 * focus stays on that control, as for the page's other settings (RGAA 7.4, WCAG 3.2.2).
 */
export const KEEP_FOCUS = { keepFocus: true } as const;

const keepsFocus = (state: unknown): boolean => typeof state === 'object' && state !== null && (state as { keepFocus?: unknown }).keepFocus === true;

export const Layout = () => {
  const { pathname, state } = useLocation();
  const navigationType = useNavigationType();
  const loaded = useRef(false);
  useEffect(() => {
    // A full page load leaves the focus at the top of the document, before the skip links (RGAA 12.7). A page
    // reached by a link within the app moves it to the main content, which the screen reader then reads.
    if (!loaded.current) {
      loaded.current = true;
      return;
    }
    // A setting changed on the page keeps the focus where it is; the back and forward buttons, which restore that
    // entry's state too, are page changes all the same.
    if (navigationType !== 'POP' && keepsFocus(state)) return;
    document.getElementById('contenu')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    // Only a new address moves the focus: its state is read with it.
  }, [pathname]);
  return (
    <>
      <SkipLinks
        links={[
          { anchor: '#contenu', label: 'Contenu' },
          // The DSFR header names its navigation after the header's id.
          { anchor: '#en-tete-main-navigation', label: 'Menu' },
          { anchor: '#pied-de-page', label: 'Pied de page' },
        ]}
      />
      <Header
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        serviceTitle="Socle"
        serviceTagline="Observatoire des territoires — diagnostics ABS et CTG"
        homeLinkProps={{ to: '/', title: 'Accueil — Socle' }}
        id="en-tete"
        navigation={NAV.map((item) => ({ text: item.text, linkProps: { to: item.to }, isActive: item.match(pathname) }))}
        // The display settings (light, dark, system) are left out: the maps' and charts' colours are drawn for the light
        // theme only, so a dark theme would not be rendered as offered.
        disableDisplay
        quickAccessItems={[{ iconId: 'fr-icon-code-s-slash-line', text: 'API', linkProps: { to: '/api/v1/docs', reloadDocument: true } }]}
      />
      <main id="contenu" tabIndex={-1} className="socle-main">
        <Outlet />
      </main>
      <Footer
        id="pied-de-page"
        accessibility="partially compliant"
        accessibilityLinkProps={{ to: '/accessibilite' }}
        contentDescription="Socle rassemble les données publiques de l’INSEE, de la CNAF et de l’IGN pour décrire un territoire, le comparer et préparer une analyse des besoins sociaux ou une convention territoriale globale. Données sous Licence Ouverte / Etalab 2.0."
        bottomItems={[
          { text: 'Données et provenance', linkProps: { to: '/donnees' } },
          { text: 'API', linkProps: { to: '/api/v1/docs', reloadDocument: true } },
        ]}
        license={<>Code sous licence MIT. Données : INSEE, CNAF, IGN, DGCL — Licence Ouverte / Etalab 2.0.</>}
      />
    </>
  );
};
