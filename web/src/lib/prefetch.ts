// Starts the requests a page will make as soon as the router knows where it goes, in parallel with loading the
// page's code (the map library is a large chunk): the page then finds its answers in the API client's cache.
import type { LoaderFunctionArgs } from 'react-router-dom';
import { getJson } from './api.js';
import { extentPath, valuesPath } from './paths.js';

const start = (path: string): void => {
  getJson(path).catch(() => {
    // The page asks again and shows the error itself.
  });
};

const LEVELS = ['com', 'epci', 'dep'];

export const prefetchIndicator = ({ params, request }: LoaderFunctionArgs): null => {
  const q = new URL(request.url).searchParams;
  const id = params.id ?? 'population';
  const within = q.get('within') ?? 'dep:31';
  const level = LEVELS.includes(q.get('level') ?? '') ? q.get('level')! : 'com';
  start(extentPath(within, level));
  start(valuesPath(id, within, level));
  start(`/api/v1/territories/${within}`);
  start('/api/v1/indicators');
  return null;
};

export const prefetchTerritory = ({ params }: LoaderFunctionArgs): null => {
  if (!params.ref) return null;
  start(`/api/v1/territories/${params.ref}`);
  // The portrait takes the longest to compute the first time: it starts with the navigation.
  start(`/api/v1/territories/${params.ref}/portrait`);
  start('/api/v1/indicators');
  return null;
};
