// Entry point of the web app: DSFR start-up, then the router. Pages are loaded on demand so that the first screen
// does not wait for the map and chart libraries.
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa.js';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, Link, RouterProvider } from 'react-router-dom';
import { seedAnswers, seedErrors, type GivenError } from './lib/api.js';
import { setWrittenPicture } from './lib/server-picture.js';
import { routes } from './routes.js';
import './app.css';

// The display settings are not offered (Layout: the maps and charts are drawn for the light theme): a dark scheme kept
// from an earlier version, which offered them, would leave its users in a theme they can no longer leave.
try {
  if (localStorage.getItem('scheme') !== null && localStorage.getItem('scheme') !== 'light') localStorage.removeItem('scheme');
} catch {
  // Storage refused (private browsing): nothing was kept either.
}
startReactDsfr({ defaultColorScheme: 'light', Link });

declare module '@codegouvfr/react-dsfr/spa.js' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

// A page the server rendered (src/server/prerender.ts): React takes it over (hydration) with the API answers it was
// rendered from, read by index.html's early script, and the map's picture the server wrote, so that its first render
// is the server's.
const root = document.getElementById('root')!;
const given = (window as { __socleAnswers?: Record<string, unknown> }).__socleAnswers;
const rendered = given !== undefined && root.firstElementChild !== null;
if (rendered) {
  seedAnswers(given);
  seedErrors((window as { __socleErrors?: Record<string, GivenError> }).__socleErrors ?? {});
  const picture = root.querySelector('.socle-map__image');
  const key = picture?.getAttribute('data-cle');
  if (picture && key) setWrittenPicture({ key, markup: picture.innerHTML });
}

// Made once the answers are known: its first loaders take them.
const router = createBrowserRouter(routes);

// Rendered once the router has the page's code (lazy routes): its first render is the page, not a loading screen that
// would be laid out and painted first. Its updates are not transitions: a page whose data are there renders at once,
// not in slices between other tasks.
const render = () => {
  const app = (
    <StrictMode>
      <RouterProvider router={router} useTransitions={false} />
    </StrictMode>
  );
  if (rendered) hydrateRoot(root, app);
  else createRoot(root).render(app);
};
if (router.state.initialized) render();
else {
  const stop = router.subscribe((state) => {
    if (!state.initialized) return;
    stop();
    render();
  });
}
