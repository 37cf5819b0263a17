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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
