// The pages and their URLs (French, shareable: everything a page shows is in its URL). Pages other than the home page
// are loaded on demand, by the router itself (`lazy`): it loads a page's code before rendering it, on the first load
// as on a navigation, so that no loading state is committed and then replaced (React holds a revealed Suspense
// boundary back for 300 ms, which a map page would wait for).
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Layout } from './components/Layout.js';
import { Loading } from './components/Loading.js';
import { HomePage } from './pages/HomePage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { PageErrorPage } from './pages/PageErrorPage.js';
import { prefetchIndicator, prefetchTerritory } from './lib/prefetch.js';

const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({ Component: (await load()).default });

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    hydrateFallbackElement: <Loading />,
    children: [
      {
        // A page that fails to render (a bug, a lost chunk after an update) says so inside the layout, in French.
        errorElement: <PageErrorPage />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/territoire/:ref', lazy: page(() => import('./pages/TerritoryPage.js')), loader: prefetchTerritory },
          { path: '/indicateur', lazy: page(() => import('./pages/IndicatorPage.js')), loader: prefetchIndicator },
          { path: '/indicateur/:id', lazy: page(() => import('./pages/IndicatorPage.js')), loader: prefetchIndicator },
          { path: '/comparer', lazy: page(() => import('./pages/ComparePage.js')) },
          { path: '/donnees', lazy: page(() => import('./pages/DataPage.js')) },
          { path: '/donnees/import', lazy: page(() => import('./pages/ImportPage.js')) },
          { path: '/perimetres', lazy: page(() => import('./pages/PerimeterPage.js')) },
          { path: '/accessibilite', lazy: page(() => import('./pages/AccessibilityPage.js')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
