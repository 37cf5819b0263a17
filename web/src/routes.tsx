// The pages and their URLs (French, shareable: everything a page shows is in its URL).
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Layout } from './components/Layout.js';
import { Loading } from './components/Loading.js';
import { HomePage } from './pages/HomePage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { prefetchIndicator, prefetchTerritory } from './lib/prefetch.js';

const TerritoryPage = lazy(() => import('./pages/TerritoryPage.js'));
const IndicatorPage = lazy(() => import('./pages/IndicatorPage.js'));
const ComparePage = lazy(() => import('./pages/ComparePage.js'));
const DataPage = lazy(() => import('./pages/DataPage.js'));
const ImportPage = lazy(() => import('./pages/ImportPage.js'));
const PerimeterPage = lazy(() => import('./pages/PerimeterPage.js'));

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/territoire/:ref', element: page(<TerritoryPage />), loader: prefetchTerritory },
      { path: '/indicateur', element: page(<IndicatorPage />), loader: prefetchIndicator },
      { path: '/indicateur/:id', element: page(<IndicatorPage />), loader: prefetchIndicator },
      { path: '/comparer', element: page(<ComparePage />) },
      { path: '/donnees', element: page(<DataPage />) },
      { path: '/donnees/import', element: page(<ImportPage />) },
      { path: '/perimetres', element: page(<PerimeterPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
