// Entry point of the web app: DSFR start-up, then the router. Pages are loaded on demand so that the first screen
// does not wait for the map and chart libraries.
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Link, RouterProvider } from 'react-router-dom';
import { routes } from './routes.js';
import './app.css';

startReactDsfr({ defaultColorScheme: 'light', Link });

declare module '@codegouvfr/react-dsfr/spa.js' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

const router = createBrowserRouter(routes);

// Rendered once the router has the page's code (lazy routes): its first render is the page, not a loading screen that
// would be laid out and painted first. Its updates are not transitions: a page whose data are there renders at once,
// not in slices between other tasks.
const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RouterProvider router={router} useTransitions={false} />
    </StrictMode>,
  );
if (router.state.initialized) render();
else {
  const stop = router.subscribe((state) => {
    if (!state.initialized) return;
    stop();
    render();
  });
}
