import { useEffect } from 'react';

const full = (title: string | null | undefined): string => (title ? `${title} — Socle` : 'Socle — observatoire des territoires');

/** On the server (entry-server.tsx), the title the page's render asked for last: the page is sent with it. */
let rendered: string | null = null;
export const takeRenderedTitle = (): string | null => {
  const t = rendered;
  rendered = null;
  return t;
};

/** « Territoire — Socle »: the browser tab and the screen reader say which page this is. */
export const usePageTitle = (title: string | null | undefined): void => {
  if (typeof document === 'undefined') rendered = full(title);
  useEffect(() => {
    document.title = full(title);
  }, [title]);
};

/** On the server, whether the page's render said that what its address names does not exist. */
let notFound = false;
export const takeRenderedNotFound = (): boolean => {
  const n = notFound;
  notFound = false;
  return n;
};

/**
 * Said by a page that names something that does not exist (an unknown territory, indicator or address): the server
 * sends it with the status 404, so that a link checker or a search engine knows it too.
 */
export const usePageNotFound = (missing: boolean): void => {
  if (typeof document === 'undefined' && missing) notFound = true;
};
