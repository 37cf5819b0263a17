import { useEffect } from 'react';

/** « Territoire — Socle »: the browser tab and the screen reader say which page this is. */
export const usePageTitle = (title: string | null | undefined): void => {
  useEffect(() => {
    document.title = title ? `${title} — Socle` : 'Socle — observatoire des territoires';
  }, [title]);
};
