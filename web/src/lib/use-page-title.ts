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
