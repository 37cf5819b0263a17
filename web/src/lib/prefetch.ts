// Starts the requests a page will make as soon as the router knows where it goes, in parallel with loading the
// page's code (the map library is a large chunk): the page then finds its answers in the API client's cache. On the
// first load, index.html's early script has already asked for them (same addresses, from early-start.ts).
import type { LoaderFunctionArgs } from 'react-router-dom';
import { earlyRequests } from '../early-start.js';
import { getJson } from './api.js';

const startAll = ({ request }: LoaderFunctionArgs): null => {
  // On the server (entry-server.tsx), the answers are given to the render.
  if (typeof window === 'undefined') return null;
  const url = new URL(request.url);
  for (const path of earlyRequests(url.pathname, url.search)) {
    getJson(path).catch(() => {
      // The page asks again and shows the error itself.
    });
  }
  return null;
};

export const prefetchIndicator = startAll;
export const prefetchTerritory = startAll;
